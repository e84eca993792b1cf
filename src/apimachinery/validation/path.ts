// Field paths as field.Path.String() renders them: "metadata.labels", "spec.containers[0]",
// "values[0][app]". A path is a plain string; these helpers add one step.

/** Returns `path.name`, or `name` at the root (field.Path.Child). */
export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** Returns `path[i]` (field.Path.Index); a map key is written the same way (field.Path.Key). */
export function index(path: string, i: number | string): string {
  return `${path}[${i}]`;
}
