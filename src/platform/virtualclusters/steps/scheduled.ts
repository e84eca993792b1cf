// Step 1, Scheduled: the instance names a Cluster (admission defaults clusterRef.cluster) that
// exists and that its project allows (project spec.allowedClusters, "*" = any).

import type { KubeObject } from '../../../apimachinery/index.ts';
import { projectOfNamespace } from '../../names.ts';
import { conditionTypes } from '../conditions.ts';
import { clusterRefOf, type ReconcileContext, type Step } from '../context.ts';
import { managementCluster, managementGroup } from '../names.ts';
import { asObject } from '../types.ts';

/** Returns whether `project` lets instances run in cluster `cluster`. */
export function clusterAllowed(project: KubeObject, cluster: string): boolean {
  const allowed = asObject(project.spec)?.allowedClusters;
  return Array.isArray(allowed) && allowed.some((c) => asObject(c)?.name === '*' || asObject(c)?.name === cluster);
}

/** Scheduled: the instance's project and cluster exist and the project allows the cluster. */
export const scheduledStep: Step = {
  name: 'scheduled',
  async run(ctx: ReconcileContext): Promise<void> {
    const { conditions } = ctx;
    const type = conditionTypes.Scheduled;
    const projectName = projectOfNamespace(ctx.vci.metadata?.namespace);
    const project = projectName ? await ctx.client.must(managementCluster, managementGroup, 'projects').get(undefined, projectName) : undefined;
    if (!project || !projectName) {
      conditions.markFalse(type, 'ProjectNotFound', `project ${JSON.stringify(projectName ?? '')} of namespace ${ctx.vci.metadata?.namespace ?? ''} not found`);
      return;
    }
    const { cluster: clusterName } = clusterRefOf(ctx.vci);
    if (!clusterName) {
      conditions.markFalse(type, 'ClusterNotSet', 'spec.clusterRef.cluster is empty');
      return;
    }
    const cluster = await ctx.client.must(managementCluster, managementGroup, 'clusters').get(undefined, clusterName);
    if (!cluster) {
      conditions.markFalse(type, 'ClusterNotFound', `cluster ${JSON.stringify(clusterName)} not found`);
      return;
    }
    if (!clusterAllowed(project, clusterName)) {
      conditions.markFalse(type, 'ClusterNotAllowed', `cluster ${JSON.stringify(clusterName)} is not allowed in project ${JSON.stringify(projectName)}`);
      return;
    }
    ctx.project = project;
    ctx.cluster = cluster;
    conditions.markTrue(type, `scheduled to cluster ${clusterName}`);
  },
};
