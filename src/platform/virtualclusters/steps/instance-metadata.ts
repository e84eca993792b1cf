// Step 5, the instance object itself, in one write and before anything is created for it:
//   - the loft.sh/cleanup finalizer, so deletion waits for the logical cluster and namespace;
//   - annotation loft.sh/logical-cluster: vc-<uid> (the proxy reads it);
//   - annotation loft.sh/applied-template: what this pass rendered (TemplateSynced needs it);
//   - the rendered instanceTemplate.metadata labels and annotations, merged (§2.3);
//   - spec.templateRef.syncOnce cleared once the template resolved (§4.1).
// Nothing is written when all of that is already in place.

import type { KubeObject } from '../../../apimachinery/index.ts';
import { jsonEqual } from '../../../registry/index.ts';
import { managementCluster, managementGroup, appliedTemplateAnnotation, cleanupFinalizer, logicalClusterAnnotation, logicalClusterName } from '../names.ts';
import type { ReconcileContext, Step } from '../context.ts';
import { asObject } from '../types.ts';

/** Returns the instance with the metadata (and syncOnce) this pass wants; the input is not modified. */
export function desiredInstance(ctx: ReconcileContext): KubeObject {
  const vci = ctx.vci;
  const meta = vci.metadata ?? {};
  const labels = { ...(meta.labels ?? {}) };
  const annotations = { ...(meta.annotations ?? {}) };
  const fromTemplate = ctx.rendered?.instanceTemplate?.metadata;
  Object.assign(labels, fromTemplate?.labels ?? {});
  Object.assign(annotations, fromTemplate?.annotations ?? {});
  annotations[logicalClusterAnnotation] = logicalClusterName(vci);
  if (ctx.applied) annotations[appliedTemplateAnnotation] = JSON.stringify(ctx.applied);
  const finalizers = meta.finalizers ?? [];
  const next: KubeObject = {
    ...vci,
    metadata: {
      ...meta,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      annotations,
      finalizers: finalizers.includes(cleanupFinalizer) ? finalizers : [...finalizers, cleanupFinalizer],
    },
  };
  if (ctx.clearSyncOnce) {
    const spec = asObject(vci.spec) ?? {};
    const { syncOnce: _cleared, ...templateRef } = asObject(spec.templateRef) ?? {};
    next.spec = { ...spec, templateRef };
  }
  return next;
}

/** The instance's finalizer, annotations, template metadata and syncOnce. */
export const instanceMetadataStep: Step = {
  name: 'instance-metadata',
  async run(ctx: ReconcileContext): Promise<void> {
    const next = desiredInstance(ctx);
    if (jsonEqual(next.metadata, ctx.vci.metadata) && jsonEqual(next.spec, ctx.vci.spec)) return;
    ctx.vci = await ctx.client.must(managementCluster, managementGroup, 'virtualclusterinstances').update(next);
  },
};
