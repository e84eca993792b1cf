// The namespace lifecycle controller (pkg/controller/namespace): a namespace being deleted
// keeps `kubernetes` in spec.finalizers until this controller has removed its content. The
// steps of one reconcile, each moving the namespace one step:
//   1. the namespace is gone, not terminating, or no longer ours to finalize → done;
//   2. delete all content (delete-content.ts) and report it in status.conditions (conditions.ts);
//   3. content remains → look again when an object of the namespace is deleted (or after a pause);
//   4. nothing remains → remove `kubernetes` through the finalize subresource (finalize.ts); the
//      registry removes the namespace once no finalizer of any kind is left.

import { isStatusError } from '../../apimachinery/index.ts';
import type { SystemClient } from '../runtime/client.ts';
import type { Controller, ObjectEvent } from '../runtime/manager.ts';
import type { ReconcileResult } from '../runtime/work-queue.ts';
import { withDeletionConditions } from './conditions.ts';
import { deleteAllContent } from './delete-content.ts';
import { finalizerKubernetes, removeKubernetesFinalizer } from './finalize.ts';

/** How long to wait before looking again when content remains and no event arrives. */
const remainingContentRetryMs = 5_000;
/** Upstream's estimate for finalizers to complete (finalizerEstimateSeconds). */
const finalizerRetryMs = 15_000;

/** Returns the reconcile key of a namespace. */
function keyOf(cluster: string, name: string): string {
  return `${cluster}/${name}`;
}

/** NamespaceController empties and finalizes terminating namespaces in every logical cluster. */
export class NamespaceController implements Controller {
  readonly name = 'namespace';
  // Every resource: a deletion inside a terminating namespace is what lets it finish.
  readonly watches = ['*'];
  readonly concurrency = 4;
  private readonly client: SystemClient;
  /** Keys of namespaces seen terminating, so their content's deletions requeue them. */
  private readonly terminating = new Set<string>();

  constructor(client: SystemClient) {
    this.client = client;
  }

  /** Returns the namespace to reconcile for an event: a terminating namespace, or the one a deleted object lived in. */
  keys(event: ObjectEvent): string[] {
    const meta = event.object.metadata ?? {};
    if (event.group === '' && event.resource === 'namespaces') {
      const key = keyOf(event.cluster, meta.name ?? '');
      if (event.type !== 'DELETED' && meta.deletionTimestamp) {
        this.terminating.add(key);
        return [key];
      }
      this.terminating.delete(key);
      return [];
    }
    if (event.type === 'DELETED' && meta.namespace) {
      const key = keyOf(event.cluster, meta.namespace);
      if (this.terminating.has(key)) return [key];
    }
    return [];
  }

  /** Moves a terminating namespace one step toward removal. */
  async reconcile(key: string): Promise<ReconcileResult> {
    const slash = key.indexOf('/');
    const cluster = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const namespaces = this.client.resource(cluster, '', 'namespaces');
    if (!namespaces) return {};
    // 1.
    const ns = await namespaces.get(undefined, name);
    if (!ns?.metadata?.deletionTimestamp) return {};
    const finalizers = (ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
    if (!finalizers.includes(finalizerKubernetes)) return {};
    // 2.
    const outcome = await deleteAllContent(this.client, cluster, name);
    const status = withDeletionConditions(ns.status as Record<string, unknown> | undefined, outcome);
    let latest = ns;
    if (status) {
      try {
        latest = await namespaces.update({ ...ns, status }, 'status');
      } catch (err) {
        if (isStatusError(err, 'NotFound')) return {};
        throw err;
      }
    }
    if (outcome.errors.length > 0) throw new Error(`namespace ${name}: ${outcome.errors.join('; ')}`);
    // 3.
    if (outcome.remaining.size > 0) return { requeueAfterMs: outcome.finalizers.size > 0 ? finalizerRetryMs : remainingContentRetryMs };
    // 4.
    try {
      await removeKubernetesFinalizer(this.client, cluster, latest);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return {};
      throw err;
    }
    return {};
  }
}
