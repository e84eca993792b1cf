// Loft's naming rules (loft-platform-api.md §5): project namespaces, the host namespaces of
// virtual clusters, and SafeConcatName for names that would pass 63 characters.

import { createHash } from 'node:crypto';

/** The prefix of project namespaces (v3 loft: hard-coded "loft-p-"). */
export const projectNamespacePrefix = 'loft-p-';

/** Returns the namespace of project `project`: loft-p-<project>. */
export function projectNamespace(project: string): string {
  return `${projectNamespacePrefix}${project}`;
}

/** Returns the project a namespace belongs to, or undefined if it is not a project namespace. */
export function projectOfNamespace(namespace: string | undefined): string | undefined {
  if (!namespace?.startsWith(projectNamespacePrefix)) return undefined;
  const project = namespace.slice(projectNamespacePrefix.length);
  return project === '' ? undefined : project;
}

/** Joins `parts` with "-"; past 63 characters cuts to 55 plus "-" and 7 hex of its sha256 (loftctl SafeConcatName). */
export function safeConcatName(...parts: string[]): string {
  const name = parts.join('-');
  if (name.length <= 63) return name;
  const digest = createHash('sha256').update(name).digest('hex');
  return `${name.slice(0, 55)}-${digest.slice(0, 7)}`;
}

/** Returns the default host namespace of a virtual cluster instance: loft-<project>-v-<name>. */
export function virtualClusterNamespace(project: string, name: string): string {
  return safeConcatName('loft', project, 'v', name);
}
