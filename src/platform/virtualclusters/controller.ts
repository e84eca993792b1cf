// The VirtualClusterInstance controller (issue #6): each instance in loft-cluster becomes a host
// namespace plus a logical cluster vc-<uid>, reconciled in ordered, idempotent steps (README.md
// lists them). A pass reads the instance, runs the steps, and writes status once, only if it
// changed. It is level-triggered: a template, project or cluster change requeues the instances
// that use it, a host namespace event or a CRD event inside a logical cluster requeues its
// instance, and nothing polls.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { Controller, ObjectEvent, ReconcileResult } from '../../controllers/index.ts';
import { jsonEqual, rfc3339 } from '../../registry/index.ts';
import { projectOfNamespace } from '../names.ts';
import { ConditionSet } from './conditions.ts';
import { clusterRefOf, settleAll, templateRefOf, type ReconcileContext, type Step, type VirtualClusterControllerOptions } from './context.ts';
import { instanceNameLabel, instanceNamespaceLabel, logicalClusterName, managementCluster, managementGroup } from './names.ts';
import { appsAndObjectsStep } from './steps/apps-and-objects.ts';
import { finalizeInstance } from './steps/deletion.ts';
import { instanceMetadataStep } from './steps/instance-metadata.ts';
import { phaseStep } from './steps/phase.ts';
import { renderTemplateStep } from './steps/render-template.ts';
import { scheduledStep } from './steps/scheduled.ts';
import { spaceStep } from './steps/space.ts';
import { syncParametersStep } from './steps/sync-parameters.ts';
import { templateResolvedStep } from './steps/template-resolved.ts';
import { virtualClusterStep } from './steps/virtual-cluster.ts';
import type { InstanceStatus } from './types.ts';

/**
 * The steps in order; steps in one stage run concurrently (the host namespace and the logical
 * cluster touch disjoint clusters, and their writes then share one storage transaction).
 */
export const reconcileStages: readonly (readonly Step[])[] = [
  [scheduledStep],
  [templateResolvedStep],
  [syncParametersStep],
  [renderTemplateStep],
  [instanceMetadataStep],
  [spaceStep, virtualClusterStep],
  [appsAndObjectsStep],
  [phaseStep],
];

/** Returns the reconcile key of an instance: "<namespace>/<name>". */
function keyOf(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/** What an instance references, for mapping template/project/cluster events back to instances. */
interface Refs {
  template: string;
  project: string;
  cluster: string;
  logicalCluster: string;
}

/** Index from a referenced object's name to the instances referencing it. */
class RefIndex {
  private readonly byName = new Map<string, Set<string>>();

  add(name: string, key: string): void {
    if (!name) return;
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(key);
  }

  remove(name: string, key: string): void {
    const set = this.byName.get(name);
    if (!set) return;
    set.delete(key);
    if (set.size === 0) this.byName.delete(name);
  }

  get(name: string): string[] {
    return [...(this.byName.get(name) ?? [])];
  }
}

/** VirtualClusterInstanceController reconciles virtual cluster instances into host namespaces and logical clusters. */
export class VirtualClusterInstanceController implements Controller {
  readonly name = 'virtualclusterinstance';
  readonly watches = [
    `${managementGroup}/virtualclusterinstances`,
    `${managementGroup}/virtualclustertemplates`,
    `${managementGroup}/projects`,
    `${managementGroup}/clusters`,
    '/namespaces',
    'apiextensions.k8s.io/customresourcedefinitions',
  ] as const;
  readonly concurrency: number;
  private readonly options: VirtualClusterControllerOptions;
  private readonly refs = new Map<string, Refs>();
  private readonly byTemplate = new RefIndex();
  private readonly byProject = new RefIndex();
  private readonly byCluster = new RefIndex();
  private readonly byLogicalCluster = new Map<string, string>();

  constructor(options: VirtualClusterControllerOptions) {
    this.options = options;
    this.concurrency = options.concurrency ?? 8;
  }

  keys(event: ObjectEvent): string[] {
    const obj = event.object;
    if (event.cluster !== managementCluster) {
      // A CRD of a logical cluster: its instance may be waiting for the kind to be served.
      if (event.resource !== 'customresourcedefinitions') return [];
      const key = this.byLogicalCluster.get(event.cluster);
      return key ? [key] : [];
    }
    const name = obj.metadata?.name ?? '';
    switch (event.resource) {
      case 'virtualclusterinstances':
        if (event.group !== managementGroup) return [];
        this.index(obj, event.type === 'DELETED');
        return [keyOf(obj)];
      case 'virtualclustertemplates':
        return event.group === managementGroup ? this.byTemplate.get(name) : [];
      case 'projects':
        return event.group === managementGroup ? this.byProject.get(name) : [];
      case 'clusters':
        return event.group === managementGroup ? this.byCluster.get(name) : [];
      case 'namespaces': {
        if (event.group !== '') return [];
        const labels = obj.metadata?.labels ?? {};
        const instance = labels[instanceNameLabel];
        const namespace = labels[instanceNamespaceLabel];
        return instance && namespace ? [`${namespace}/${instance}`] : [];
      }
      default:
        return [];
    }
  }

  /** Keeps the reference indexes in step with an instance event. */
  private index(vci: KubeObject, deleted: boolean): void {
    const key = keyOf(vci);
    const before = this.refs.get(key);
    if (before) {
      this.byTemplate.remove(before.template, key);
      this.byProject.remove(before.project, key);
      this.byCluster.remove(before.cluster, key);
      if (this.byLogicalCluster.get(before.logicalCluster) === key) this.byLogicalCluster.delete(before.logicalCluster);
      this.refs.delete(key);
    }
    if (deleted) return;
    const refs: Refs = {
      template: templateRefOf(vci).name ?? '',
      project: projectOfNamespace(vci.metadata?.namespace) ?? '',
      cluster: clusterRefOf(vci).cluster,
      logicalCluster: vci.metadata?.uid ? logicalClusterName(vci) : '',
    };
    this.refs.set(key, refs);
    this.byTemplate.add(refs.template, key);
    this.byProject.add(refs.project, key);
    this.byCluster.add(refs.cluster, key);
    if (refs.logicalCluster) this.byLogicalCluster.set(refs.logicalCluster, key);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const { client } = this.options;
    const vci = await client.must(managementCluster, managementGroup, 'virtualclusterinstances').get(namespace, name);
    if (!vci) return {};
    if (vci.metadata?.deletionTimestamp) {
      const again = await finalizeInstance(client, this.options, vci);
      return again === undefined ? {} : { requeueAfterMs: again };
    }
    const original = (vci.status ?? {}) as InstanceStatus;
    if ((original as { ignoreReconciliation?: boolean }).ignoreReconciliation === true) return {};
    const status = structuredClone(original);
    const now = this.options.now ?? (() => new Date());
    const conditions = new ConditionSet(original.conditions, () => rfc3339(now()));
    const ctx: ReconcileContext = { client, options: this.options, vci, status, conditions, sync: false, clearSyncOnce: false };
    status.serviceUID = vci.metadata?.uid;
    for (const stage of reconcileStages) {
      // Every step of a stage finishes before the pass fails, so none still writes while the retry runs.
      await settleAll(stage.map((step) => step.run(ctx)));
    }
    status.conditions = conditions.list();
    if (!jsonEqual(status, original)) {
      await client.must(managementCluster, managementGroup, 'virtualclusterinstances').update({ ...ctx.vci, status }, 'status');
    }
    return ctx.requeueAfterMs === undefined ? {} : { requeueAfterMs: ctx.requeueAfterMs };
  }
}
