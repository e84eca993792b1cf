// The dependency graph of the garbage collector (graph_builder.go), reduced to what a deletion
// needs: for each owner uid, the objects whose metadata.ownerReferences name it. Only objects
// with owner references take memory, so an idle cluster without them costs nothing here. The
// graph is fed by the controller manager's events in revision order.

import type { OwnerReference } from '../../apimachinery/index.ts';

/** ObjectRef locates one object of one logical cluster. */
export interface ObjectRef {
  cluster: string;
  group: string;
  resource: string;
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  name: string;
  uid: string;
}

/** A dependent as the graph last saw it. */
export interface DependentEntry {
  ref: ObjectRef;
  owners: OwnerReference[];
}

/** Returns the graph's identity of an object: uids are unique within a logical cluster. */
export function uidKey(cluster: string, uid: string): string {
  return `${cluster}\u0000${uid}`;
}

/** OwnerGraph indexes dependents by owner uid, per logical cluster. */
export class OwnerGraph {
  private readonly dependents = new Map<string, Map<string, DependentEntry>>();
  private readonly entries = new Map<string, DependentEntry>();

  /**
   * Records the owner references `ref` has now; returns the owner uids it gained and lost
   * since the last call (an object seen for the first time gains all of them).
   */
  set(ref: ObjectRef, owners: OwnerReference[] | undefined): { added: string[]; removed: string[] } {
    const id = uidKey(ref.cluster, ref.uid);
    const previous = this.entries.get(id);
    // Most objects have no owners and never had: nothing to record (every event passes here).
    if (!previous && (owners === undefined || owners.length === 0)) return { added: [], removed: [] };
    const before = new Set((previous?.owners ?? []).map((o) => o.uid));
    const list = (owners ?? []).filter((o) => typeof o?.uid === 'string' && o.uid !== '');
    const after = new Set(list.map((o) => o.uid));
    const added = [...after].filter((u) => !before.has(u));
    const removed = [...before].filter((u) => !after.has(u));
    for (const uid of removed) {
      const deps = this.dependents.get(uidKey(ref.cluster, uid));
      deps?.delete(id);
      if (deps?.size === 0) this.dependents.delete(uidKey(ref.cluster, uid));
    }
    if (list.length === 0) {
      this.entries.delete(id);
      return { added, removed };
    }
    const entry: DependentEntry = { ref, owners: list };
    this.entries.set(id, entry);
    for (const uid of after) {
      const ownerId = uidKey(ref.cluster, uid);
      let deps = this.dependents.get(ownerId);
      if (!deps) {
        deps = new Map();
        this.dependents.set(ownerId, deps);
      }
      deps.set(id, entry);
    }
    return { added, removed };
  }

  /** Forgets a deleted object as a dependent; returns the owner uids it had. */
  remove(ref: ObjectRef): string[] {
    return this.set(ref, []).removed;
  }

  /** Returns the dependents of owner `uid` in `cluster` (whatever their namespace). */
  dependentsOf(cluster: string, uid: string): DependentEntry[] {
    return [...(this.dependents.get(uidKey(cluster, uid))?.values() ?? [])];
  }

  /** Returns how many dependents the graph holds (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * Returns whether `dependent` belongs to an owner: a namespaced owner owns only dependents of
 * its own namespace, a cluster-scoped owner owns any (garbage-collection docs: cross-namespace
 * owner references are disallowed by design).
 */
export function ownedBy(owner: ObjectRef, dependent: ObjectRef): boolean {
  return owner.namespace === undefined || owner.namespace === dependent.namespace;
}
