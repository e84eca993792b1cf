// Step 8, status.phase (loft-platform-api.md §3, §10 step 6): Ready once every gating condition
// (loft's VirtualClusterConditions: Scheduled, TemplateResolved, SpaceSynced, SpaceReady,
// VirtualClusterSynced, VirtualClusterReady) is True; Failed, with reason and message copied
// from the first gating condition that is False with severity Error; otherwise a new or failed
// instance is Pending (with the first unmet condition's reason) and a Ready or Sleeping one keeps
// its phase, reason and message. TemplateResolved gates only until the first deployment: after
// that a missing or broken template leaves the instance running its last configuration.

import { readinessConditions, conditionTypes } from '../conditions.ts';
import { wasDeployed, type ReconcileContext, type Step } from '../context.ts';

/** The phases of an instance (InstancePhase). */
export const phases = { Pending: 'Pending', Ready: 'Ready', Sleeping: 'Sleeping', Failed: 'Failed' } as const;

/** Phase: Pending, Ready or Failed from the gating conditions. */
export const phaseStep: Step = {
  name: 'phase',
  async run(ctx: ReconcileContext): Promise<void> {
    const { status, conditions } = ctx;
    const gating = readinessConditions.filter((t) => t !== conditionTypes.TemplateResolved || !wasDeployed(ctx));
    const failed = gating.map((t) => conditions.get(t)).find((c) => c?.status === 'False' && c.severity === 'Error');
    if (failed) {
      status.phase = phases.Failed;
      status.reason = failed.reason ?? failed.type;
      status.message = failed.message ?? '';
      return;
    }
    const unmet = gating.find((t) => !conditions.isTrue(t));
    if (unmet === undefined) {
      status.phase = phases.Ready;
      delete status.reason;
      delete status.message;
      return;
    }
    if (status.phase === phases.Ready || status.phase === phases.Sleeping) return;
    const c = conditions.get(unmet);
    status.phase = phases.Pending;
    status.reason = c?.reason ?? `Waiting${unmet}`;
    status.message = c?.message ?? `waiting for condition ${unmet}`;
  },
};
