// attemptToDelete (garbagecollector.go attemptToDeleteItem): decide whether one dependent is
// garbage. Its owner references are sorted into
//   solid    — the owner exists and is not deleting its dependents in the foreground,
//   dangling — the owner is verified absent (gone, or a namesake with another uid),
//   waiting  — the owner exists and waits in foreground deletion for its dependents;
// then:
//   1. some solid owner → keep the object, but drop the dangling and waiting references
//      (otherwise a waiting owner would never finish);
//   2. no solid owner, a waiting one, and dependents of its own → delete it in the foreground
//      too, so the wait propagates down the tree;
//   3. otherwise → delete it, honouring an orphan or foreground finalizer it already carries,
//      background by default.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { RestDeleteOptions } from '../../registry/index.ts';
import type { SystemClient } from '../runtime/client.ts';
import type { ReconcileResult } from '../runtime/work-queue.ts';
import { ownedBy, type ObjectRef, type OwnerGraph } from './graph.ts';
import { finalizerForeground, finalizerOrphan, hasFinalizer, removeOwnerReferences, unblockOwnerReferences } from './metadata-updates.ts';
import { lookupOwner } from './owners.ts';

/** How long to wait before looking again at a dependent whose owner's kind is not served. */
const unresolvableRetryMs = 60_000;

/** Returns whether an object is waiting in foreground deletion for its dependents. */
export function isDeletingDependents(obj: KubeObject): boolean {
  return obj.metadata?.deletionTimestamp !== undefined && hasFinalizer(obj, finalizerForeground);
}

/** Returns the graph's dependents that `owner` really owns (same namespace, or a cluster-scoped owner). */
export function ownedDependents(graph: OwnerGraph, owner: ObjectRef): ObjectRef[] {
  return graph
    .dependentsOf(owner.cluster, owner.uid)
    .map((d) => d.ref)
    .filter((d) => ownedBy(owner, d));
}

/** Looks at dependent `ref` and deletes it, or drops references, when its owners say so. */
export async function attemptToDelete(client: SystemClient, graph: OwnerGraph, ref: ObjectRef): Promise<ReconcileResult> {
  const resource = client.resource(ref.cluster, ref.group, ref.resource);
  if (!resource) return {};
  const latest = await resource.get(ref.namespace, ref.name);
  // Gone, or replaced by a namesake: the DELETED event takes it out of the graph.
  if (!latest || latest.metadata?.uid !== ref.uid) return {};
  // "Being deleted" is a one-way trip; a foreground deletion is the owner side's business.
  if (latest.metadata?.deletionTimestamp) return {};
  const references = latest.metadata?.ownerReferences ?? [];
  if (references.length === 0) return {};

  const solid: string[] = [];
  const dangling: string[] = [];
  const waiting: string[] = [];
  for (const reference of references) {
    const found = await lookupOwner(client, ref.cluster, ref.namespace, reference);
    if (found.state === 'invalid') return {};
    if (found.state === 'unresolvable') return { requeueAfterMs: unresolvableRetryMs };
    if (found.state === 'absent') dangling.push(reference.uid);
    else if (isDeletingDependents(found.owner)) waiting.push(reference.uid);
    else solid.push(reference.uid);
  }

  // 1.
  if (solid.length > 0) {
    if (dangling.length > 0 || waiting.length > 0) await removeOwnerReferences(resource, latest, new Set([...dangling, ...waiting]));
    return {};
  }
  const preconditions = { uid: ref.uid };
  // 2.
  if (waiting.length > 0) {
    const dependents = ownedDependents(graph, ref);
    if (dependents.length > 0) {
      // A dependent of ours that itself waits on its dependents may close a cycle of blocking
      // references; unblock ours first so the owners above can finish regardless.
      for (const dep of dependents) {
        const obj = await client.resource(dep.cluster, dep.group, dep.resource)?.get(dep.namespace, dep.name);
        if (obj && obj.metadata?.uid === dep.uid && isDeletingDependents(obj)) {
          await unblockOwnerReferences(resource, latest);
          break;
        }
      }
      await resource.delete(ref.namespace, ref.name, { propagationPolicy: 'Foreground', preconditions });
      return {};
    }
  }
  // 3.
  let propagationPolicy: RestDeleteOptions['propagationPolicy'] = 'Background';
  if (hasFinalizer(latest, finalizerOrphan)) propagationPolicy = 'Orphan';
  else if (hasFinalizer(latest, finalizerForeground)) propagationPolicy = 'Foreground';
  await resource.delete(ref.namespace, ref.name, { propagationPolicy, preconditions });
  return {};
}
