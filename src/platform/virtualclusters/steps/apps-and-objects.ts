// Step 7, VirtualClusterAppsAndObjectsSynced (loft-platform-api.md §9.2): the rendered `objects`
// (multi-document YAML) are applied inside the logical cluster — any kind it serves, custom
// resources included once their CRD is established (the CRD watch requeues the instance) — and
// recorded in status.virtualClusterObjects.lastAppliedObjects; objects a later render drops are
// deleted. Charts and apps are recorded in status.virtualCluster but not installed: the
// condition says so and stays False (Warning), which does not gate readiness.

import { conditionTypes } from '../conditions.ts';
import type { ReconcileContext, Step } from '../context.ts';
import { logicalClusterName } from '../names.ts';
import { applyManifests, chartsAndAppsNote, identities, manifestsYaml, parseApplied, parseManifests, pruneManifests, type ApplyTarget } from '../objects.ts';

/** VirtualClusterAppsAndObjectsSynced: objects applied and pruned inside the virtual cluster. */
export const appsAndObjectsStep: Step = {
  name: 'apps-and-objects',
  async run(ctx: ReconcileContext): Promise<void> {
    const rendered = ctx.rendered;
    if (!rendered || !ctx.conditions.isTrue(conditionTypes.VirtualClusterReady)) return;
    const type = conditionTypes.VirtualClusterAppsAndObjectsSynced;
    const cluster = logicalClusterName(ctx.vci);
    const target: ApplyTarget = { client: ctx.client, cluster, defaultNamespace: 'default' };
    const desired = rendered.objects ? parseManifests(rendered.objects) : [];
    const previous = parseApplied(ctx.status.virtualClusterObjects?.lastAppliedObjects);
    const result = await applyManifests(target, desired, previous);
    const remaining = await pruneManifests(target, previous, identities(target, desired), result.failed);
    const complete = result.failed.length === 0 && result.waiting.length === 0 && remaining.length === 0;
    const lastApplied = complete ? (rendered.objects ?? '') : manifestsYaml([...result.applied, ...remaining]);
    const objectsStatus = { ...(ctx.status.virtualClusterObjects ?? {}) };
    if (lastApplied) objectsStatus.lastAppliedObjects = lastApplied;
    else delete objectsStatus.lastAppliedObjects;
    ctx.status.virtualClusterObjects = objectsStatus;

    const applied = `${result.applied.length} of ${desired.length} object${desired.length === 1 ? '' : 's'} applied`;
    if (result.failed.length > 0) {
      ctx.conditions.markFalse(type, 'ErrorApplyingObjects', `${applied}: ${result.failed.join('; ')}`);
      return;
    }
    if (result.waiting.length > 0) {
      // A CRD among the objects becomes established moments later; the CRD watch requeues.
      ctx.conditions.markFalse(type, 'WaitingForKinds', `${applied}; waiting for the cluster to serve ${[...new Set(result.waiting)].join(', ')}`, 'Warning');
      return;
    }
    const note = chartsAndAppsNote(rendered.charts, rendered.apps);
    if (note) ctx.conditions.markFalse(type, 'ChartsAndAppsNotInstalled', `${applied}; ${note}`, 'Warning');
    else ctx.conditions.markTrue(type, applied);
  },
};
