// An owner being deleted with a propagation finalizer (garbagecollector.go
// attemptToOrphanWorker and processDeletingDependentsItem):
//   orphan             — 1. drop the owner's references from each dependent it owns,
//                        2. remove the `orphan` finalizer;
//   foregroundDeletion — 1. ask each dependent not yet being deleted whether it is garbage
//                        (attemptToDelete: with its owner waiting it is, unless another owner
//                        keeps it, in which case the reference is dropped),
//                        2. while a dependent whose reference has blockOwnerDeletion remains,
//                        wait (its DELETED event brings us back),
//                        3. remove the `foregroundDeletion` finalizer.
// Removing the last finalizer lets the registry delete the owner.

import type { OwnerReference } from '../../apimachinery/index.ts';
import type { SystemClient } from '../runtime/client.ts';
import type { ReconcileResult } from '../runtime/work-queue.ts';
import { attemptToDelete, ownedDependents } from './attempt-to-delete.ts';
import type { ObjectRef, OwnerGraph } from './graph.ts';
import { finalizerForeground, finalizerOrphan, hasFinalizer, removeFinalizer, removeOwnerReferences } from './metadata-updates.ts';

/** How long to wait for blocking dependents when no event arrives. */
const blockingRetryMs = 10_000;

/** Moves an owner with an orphan or foregroundDeletion finalizer one step toward removal. */
export async function processDeletingOwner(client: SystemClient, graph: OwnerGraph, owner: ObjectRef): Promise<ReconcileResult> {
  const resource = client.resource(owner.cluster, owner.group, owner.resource);
  if (!resource) return {};
  const latest = await resource.get(owner.namespace, owner.name);
  if (!latest || latest.metadata?.uid !== owner.uid || !latest.metadata?.deletionTimestamp) return {};

  if (hasFinalizer(latest, finalizerOrphan)) {
    // orphan 1.
    const uids = new Set([owner.uid]);
    for (const dep of ownedDependents(graph, owner)) {
      const deps = client.resource(dep.cluster, dep.group, dep.resource);
      const obj = await deps?.get(dep.namespace, dep.name);
      if (deps && obj && obj.metadata?.uid === dep.uid) await removeOwnerReferences(deps, obj, uids);
    }
    // orphan 2.
    await removeFinalizer(resource, latest, finalizerOrphan);
    return {};
  }

  if (!hasFinalizer(latest, finalizerForeground)) return {};
  let blocking = 0;
  for (const dep of ownedDependents(graph, owner)) {
    const deps = client.resource(dep.cluster, dep.group, dep.resource);
    let obj = await deps?.get(dep.namespace, dep.name);
    if (!deps || !obj || obj.metadata?.uid !== dep.uid) continue;
    // foreground 1.
    if (!obj.metadata?.deletionTimestamp) {
      await attemptToDelete(client, graph, dep);
      obj = await deps.get(dep.namespace, dep.name);
      if (!obj || obj.metadata?.uid !== dep.uid) continue;
    }
    const reference = (obj.metadata?.ownerReferences ?? []).find((r: OwnerReference) => r.uid === owner.uid);
    if (reference?.blockOwnerDeletion) blocking++;
  }
  // foreground 2.
  if (blocking > 0) return { requeueAfterMs: blockingRetryMs };
  // foreground 3.
  await removeFinalizer(resource, latest, finalizerForeground);
  return {};
}
