// The garbage collector (pkg/controller/garbagecollector; docs "Garbage Collection"): honours
// metadata.ownerReferences within each logical cluster. It watches every resource; each event
// updates the owner → dependents graph (graph.ts) in revision order and yields work:
//   - a dependent that gained owner references → check those owners exist (attempt-to-delete.ts;
//     upstream's "virtual node" check: a reference to a missing owner makes garbage);
//   - an object deleted → check each of its dependents (background cascading deletion);
//   - an object with deletionTimestamp and an orphan/foregroundDeletion finalizer → process it
//     as a deleting owner (deleting-owner.ts), and again whenever one of its dependents goes or
//     drops its reference.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { SystemClient } from '../runtime/client.ts';
import type { Controller, ObjectEvent } from '../runtime/manager.ts';
import type { ReconcileResult } from '../runtime/work-queue.ts';
import { attemptToDelete } from './attempt-to-delete.ts';
import { processDeletingOwner } from './deleting-owner.ts';
import { OwnerGraph, uidKey, type ObjectRef } from './graph.ts';
import { finalizerForeground, finalizerOrphan, hasFinalizer } from './metadata-updates.ts';

type WorkKind = 'dependent' | 'owner';

/** Returns the reconcile key of a piece of work on one object. */
function workKey(kind: WorkKind, ref: ObjectRef): string {
  return JSON.stringify([kind, ref.cluster, ref.group, ref.resource, ref.namespace ?? '', ref.name, ref.uid]);
}

/** Returns the work a key names. */
function parseWorkKey(key: string): { kind: WorkKind; ref: ObjectRef } {
  const [kind, cluster, group, resource, namespace, name, uid] = JSON.parse(key) as [WorkKind, string, string, string, string, string, string];
  return { kind, ref: { cluster, group, resource, namespace: namespace || undefined, name, uid } };
}

/** Returns whether an object waits for the garbage collector to orphan or delete its dependents. */
function isDeletingOwner(obj: KubeObject): boolean {
  return obj.metadata?.deletionTimestamp !== undefined && (hasFinalizer(obj, finalizerOrphan) || hasFinalizer(obj, finalizerForeground));
}

/** GarbageCollector deletes dependents whose owners are gone and serves the orphan and foreground policies. */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  readonly watches = ['*'];
  readonly concurrency = 8;
  readonly graph = new OwnerGraph();
  private readonly client: SystemClient;
  /** Owners being deleted with a propagation finalizer, by uidKey. */
  private readonly deletingOwners = new Map<string, ObjectRef>();

  constructor(client: SystemClient) {
    this.client = client;
  }

  /** Updates the graph from one event and returns the work it causes. */
  keys(event: ObjectEvent): string[] {
    const meta = event.object.metadata ?? {};
    if (!meta.uid || !meta.name) return [];
    const ref: ObjectRef = { cluster: event.cluster, group: event.group, resource: event.resource, namespace: meta.namespace || undefined, name: meta.name, uid: meta.uid };
    const id = uidKey(ref.cluster, ref.uid);
    const work: string[] = [];
    const wakeOwners = (uids: string[]): void => {
      for (const uid of uids) {
        const owner = this.deletingOwners.get(uidKey(ref.cluster, uid));
        if (owner) work.push(workKey('owner', owner));
      }
    };

    if (event.type === 'DELETED') {
      wakeOwners(this.graph.remove(ref));
      this.deletingOwners.delete(id);
      for (const dep of this.graph.dependentsOf(ref.cluster, ref.uid)) work.push(workKey('dependent', dep.ref));
      return work;
    }

    const { added, removed } = this.graph.set(ref, meta.ownerReferences);
    if (added.length > 0) work.push(workKey('dependent', ref));
    // Any change of a dependent (a dropped reference, an unblocked one) may let a waiting owner finish.
    if (this.deletingOwners.size > 0) wakeOwners([...removed, ...(meta.ownerReferences ?? []).map((r) => r.uid)]);
    if (isDeletingOwner(event.object)) {
      this.deletingOwners.set(id, ref);
      work.push(workKey('owner', ref));
    } else {
      this.deletingOwners.delete(id);
    }
    return work;
  }

  /** Runs one piece of work: a dependent to check or a deleting owner to process. */
  reconcile(key: string): Promise<ReconcileResult> {
    const { kind, ref } = parseWorkKey(key);
    return kind === 'owner' ? processDeletingOwner(this.client, this.graph, ref) : attemptToDelete(this.client, this.graph, ref);
  }
}
