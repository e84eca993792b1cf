// What the service-account controllers share: which namespaces they serve and their keys.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { SystemClient } from '../runtime/client.ts';

/** Returns whether a namespace accepts new content (exists, not being deleted). */
export function isActive(ns: KubeObject | undefined): ns is KubeObject {
  if (!ns) return false;
  return !ns.metadata?.deletionTimestamp && (ns.status as { phase?: string } | undefined)?.phase !== 'Terminating';
}

/** Returns the reconcile key of a namespace in a cluster. */
export function namespaceKey(cluster: string, namespace: string): string {
  return `${cluster}/${namespace}`;
}

/** Returns the cluster and namespace of a key made by namespaceKey. */
export function parseNamespaceKey(key: string): { cluster: string; namespace: string } {
  const slash = key.indexOf('/');
  return { cluster: key.slice(0, slash), namespace: key.slice(slash + 1) };
}

/** Returns the namespace if it is active in `cluster`, else undefined. */
export async function activeNamespace(client: SystemClient, cluster: string, namespace: string): Promise<KubeObject | undefined> {
  const ns = await client.resource(cluster, '', 'namespaces')?.get(undefined, namespace);
  return isActive(ns) ? ns : undefined;
}
