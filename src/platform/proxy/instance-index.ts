// An in-memory index of virtual cluster instances, fed by the shared controller watch, so the
// proxy finds the instance of every request without a storage read. Events arrive in revision
// order, so the index is never older than what the caller could have observed before its
// request, except for the sub-millisecond window between a commit and its dispatch.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { Controller, ObjectEvent, ReconcileResult } from '../../controllers/index.ts';

/** InstanceIndex maps "<namespace>/<name>" to the instance object, in loft-cluster. */
export class InstanceIndex implements Controller {
  readonly name = 'virtualcluster-instance-index';
  readonly watches = ['management.loft.sh/virtualclusterinstances'];
  private readonly instances = new Map<string, KubeObject>();

  keys(event: ObjectEvent): string[] {
    if (event.cluster !== 'loft-cluster') return [];
    const key = `${event.object.metadata?.namespace ?? ''}/${event.object.metadata?.name ?? ''}`;
    if (event.type === 'DELETED') this.instances.delete(key);
    else this.instances.set(key, event.object);
    return [];
  }

  async reconcile(): Promise<ReconcileResult> {
    return {};
  }

  /** Returns the instance `name` of `namespace`, if it exists. */
  get(namespace: string, name: string): KubeObject | undefined {
    return this.instances.get(`${namespace}/${name}`);
  }
}
