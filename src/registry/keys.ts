// Storage keys: /registry/<logical cluster>/<group or "core">/<resource>/[<namespace>/]<name>.
// A whole logical cluster is one key range, so a virtual cluster is deleted or counted by prefix.

/** Returns the key prefix that holds every object of `cluster`. */
export function clusterPrefix(cluster: string): string {
  return `/registry/${cluster}/`;
}

/** Returns the key prefix of a resource in a cluster, optionally narrowed to one namespace. */
export function resourcePrefix(cluster: string, group: string, resource: string, namespace?: string): string {
  const base = `/registry/${cluster}/${group || 'core'}/${resource}/`;
  return namespace ? `${base}${namespace}/` : base;
}

/** Returns the key of one object. */
export function objectKey(cluster: string, group: string, resource: string, namespace: string | undefined, name: string): string {
  return `${resourcePrefix(cluster, group, resource, namespace)}${name}`;
}
