// The two metadata writes the garbage collector makes: dropping owner references from a
// dependent and dropping its own finalizer from an owner. Each is a conditional update of the
// latest object (its resourceVersion), retried on a conflict with a fresh read.

import { isStatusError, type KubeObject, type ObjectMeta, type OwnerReference } from '../../apimachinery/index.ts';
import type { ResourceClient } from '../runtime/client.ts';

/** The finalizer the registry adds for propagationPolicy=Orphan. */
export const finalizerOrphan = 'orphan';
/** The finalizer the registry adds for propagationPolicy=Foreground. */
export const finalizerForeground = 'foregroundDeletion';

const conflictRetries = 5;

/** Returns whether the object carries finalizer `name`. */
export function hasFinalizer(obj: KubeObject, name: string): boolean {
  return obj.metadata?.finalizers?.includes(name) ?? false;
}

/**
 * Applies `change` to the latest version of an object until the write is not a conflict;
 * `change` returns undefined when there is nothing (left) to do. Returns false when the object
 * (with this uid) is gone.
 */
async function updateLatest(client: ResourceClient, first: KubeObject, change: (obj: KubeObject) => KubeObject | undefined): Promise<boolean> {
  const meta = first.metadata ?? {};
  let current: KubeObject | undefined = first;
  for (let attempt = 0; ; attempt++) {
    if (!current || current.metadata?.uid !== meta.uid) return false;
    const next = change(current);
    if (!next) return true;
    try {
      await client.update(next);
      return true;
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return false;
      if (!isStatusError(err, 'Conflict') || attempt >= conflictRetries) throw err;
    }
    current = await client.get(meta.namespace, meta.name as string);
  }
}

/** Removes the owner references with uids in `ownerUids` from a dependent; returns false if it is gone. */
export function removeOwnerReferences(client: ResourceClient, dependent: KubeObject, ownerUids: Set<string>): Promise<boolean> {
  return updateLatest(client, dependent, (obj) => {
    const refs: OwnerReference[] = obj.metadata?.ownerReferences ?? [];
    const kept = refs.filter((r) => !ownerUids.has(r.uid));
    if (kept.length === refs.length) return undefined;
    const metadata: ObjectMeta = { ...obj.metadata, ownerReferences: kept };
    if (kept.length === 0) delete metadata.ownerReferences;
    return { ...obj, metadata };
  });
}

/** Sets blockOwnerDeletion to false on every owner reference of a dependent (cycle breaking). */
export function unblockOwnerReferences(client: ResourceClient, dependent: KubeObject): Promise<boolean> {
  return updateLatest(client, dependent, (obj) => {
    const refs: OwnerReference[] = obj.metadata?.ownerReferences ?? [];
    if (!refs.some((r) => r.blockOwnerDeletion)) return undefined;
    return { ...obj, metadata: { ...obj.metadata, ownerReferences: refs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)) } };
  });
}

/** Removes finalizer `name` from an object; the registry deletes it if it was the last. Returns false if it is gone. */
export function removeFinalizer(client: ResourceClient, obj: KubeObject, name: string): Promise<boolean> {
  return updateLatest(client, obj, (latest) => {
    const finalizers = latest.metadata?.finalizers ?? [];
    if (!finalizers.includes(name)) return undefined;
    const kept = finalizers.filter((f) => f !== name);
    const metadata: ObjectMeta = { ...latest.metadata, finalizers: kept };
    if (kept.length === 0) delete metadata.finalizers;
    return { ...latest, metadata };
  });
}
