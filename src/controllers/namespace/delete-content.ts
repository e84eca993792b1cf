// Step 2 of namespace deletion: delete every namespaced object of every resource the cluster
// serves (built-in and custom), and count what is still there (namespaced_resources_deleter.go
// deleteAllContent). Deletes use background propagation: the namespace controller removes
// everything itself, so the garbage collector must not add the orphan finalizer.

import { groupResourceString, type KubeObject } from '../../apimachinery/index.ts';
import type { ResourceInfo } from '../../registry/index.ts';
import type { SystemClient } from '../runtime/client.ts';
import type { DeletionOutcome } from './conditions.ts';

/** Returns the resources whose objects live in namespaces and can be listed and deleted, one version each. */
export function deletableNamespacedResources(client: SystemClient, cluster: string): ResourceInfo[] {
  const seen = new Set<string>();
  const out: ResourceInfo[] = [];
  for (const info of client.catalog.forCluster(cluster).all) {
    if (!info.namespaced || info.virtualCreate || !info.verbs.includes('list') || !info.verbs.includes('delete')) continue;
    // Several versions of one resource share its objects (storage keys carry no version).
    const key = `${info.group}/${info.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(info);
  }
  return out;
}

/** Deletes the objects of one resource in `namespace`; records what remains into `outcome`. */
async function deleteResourceContent(client: SystemClient, cluster: string, namespace: string, info: ResourceInfo, outcome: DeletionOutcome): Promise<void> {
  const resource = client.forInfo(cluster, info);
  const gr = groupResourceString(info);
  let items: KubeObject[];
  try {
    items = await resource.list(namespace);
  } catch (err) {
    outcome.errors.push(`${gr}: ${(err as Error).message}`);
    return;
  }
  let remaining = 0;
  for (const item of items) {
    const meta = item.metadata ?? {};
    let gone = false;
    if (!meta.deletionTimestamp) {
      try {
        gone = await resource.delete(namespace, meta.name as string, { propagationPolicy: 'Background', preconditions: { uid: meta.uid } });
      } catch (err) {
        outcome.errors.push(`${gr} "${meta.name}": ${(err as Error).message}`);
      }
    }
    if (gone) continue;
    remaining++;
    for (const f of meta.finalizers ?? []) outcome.finalizers.set(f, (outcome.finalizers.get(f) ?? 0) + 1);
  }
  if (remaining > 0) outcome.remaining.set(info.group ? `${info.resource}.${info.group}` : `${info.resource}.`, remaining);
}

/** Deletes all content of `namespace` in `cluster`; returns what is left and what failed. */
export async function deleteAllContent(client: SystemClient, cluster: string, namespace: string): Promise<DeletionOutcome> {
  const outcome: DeletionOutcome = { remaining: new Map(), finalizers: new Map(), errors: [] };
  await Promise.all(deletableNamespacedResources(client, cluster).map((info) => deleteResourceContent(client, cluster, namespace, info, outcome)));
  return outcome;
}
