// Step 6a, SpaceSynced / SpaceReady: the host namespace (spec.clusterRef.namespace) in
// loft-cluster, labelled as Loft labels it (loft-platform-api.md §5: loft.sh/vcluster-instance-
// name, -namespace, -project, and loft.sh/user or loft.sh/team) plus the rendered
// spaceTemplate.metadata, with the rendered spaceTemplate.objects applied inside it and the ones a
// later render drops pruned (status.spaceObjects.lastAppliedObjects).
//
// A namespace that exists without this instance's labels is not adopted: deleting the instance
// deletes its host namespace, which must never take someone else's namespace with it.
// Space objects must be namespaced and stay in the space; space charts and apps are recorded in
// status.virtualCluster only (installing charts is not supported yet), and the message says so.

import type { KubeObject } from '../../../apimachinery/index.ts';
import { jsonEqual } from '../../../registry/index.ts';
import { projectOfNamespace } from '../../names.ts';
import { conditionTypes } from '../conditions.ts';
import { clusterRefOf, permanentErrorMessage, requeue, specOf, type ReconcileContext, type Step } from '../context.ts';
import {
  instanceNameLabel,
  instanceNamespaceLabel,
  instanceProjectLabel,
  managementCluster,
  teamLabel,
  userLabel,
} from '../names.ts';
import { applyManifests, chartsAndAppsNote, identities, manifestsYaml, parseApplied, parseManifests, pruneManifests, type ApplyTarget } from '../objects.ts';
import { asObject, nonEmpty } from '../types.ts';

/** Returns the labels that mark a namespace as the host namespace of `vci`. */
export function ownershipLabels(vci: KubeObject): Record<string, string> {
  const owner = asObject(specOf(vci).owner) ?? {};
  const labels: Record<string, string> = {
    [instanceNameLabel]: vci.metadata?.name ?? '',
    [instanceNamespaceLabel]: vci.metadata?.namespace ?? '',
    [instanceProjectLabel]: projectOfNamespace(vci.metadata?.namespace) ?? '',
  };
  const user = nonEmpty(owner.user);
  const team = nonEmpty(owner.team);
  if (user) labels[userLabel] = user;
  else if (team) labels[teamLabel] = team;
  return labels;
}

/** Returns whether `namespace` is the host namespace of `vci` (carries its instance labels). */
export function ownsNamespace(vci: KubeObject, namespace: KubeObject): boolean {
  const labels = namespace.metadata?.labels ?? {};
  return labels[instanceNameLabel] === vci.metadata?.name && labels[instanceNamespaceLabel] === vci.metadata?.namespace;
}

/** Creates or updates the host namespace; returns it, or undefined after recording why it cannot be used. */
async function syncNamespace(ctx: ReconcileContext, name: string, labels: Record<string, string>, annotations: Record<string, string>): Promise<KubeObject | undefined> {
  const namespaces = ctx.client.must(managementCluster, '', 'namespaces');
  const namespace = await namespaces.get(undefined, name);
  if (!namespace) {
    return namespaces.create(undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    });
  }
  if (!ownsNamespace(ctx.vci, namespace)) {
    ctx.conditions.markFalse(
      conditionTypes.SpaceSynced,
      'NamespaceInUse',
      `namespace ${name} already exists and is not the host namespace of this instance (labels ${instanceNameLabel} and ${instanceNamespaceLabel} differ)`,
    );
    return undefined;
  }
  if (namespace.metadata?.deletionTimestamp) {
    ctx.conditions.markFalse(conditionTypes.SpaceReady, 'NamespaceTerminating', `namespace ${name} is being deleted; it is recreated once it is gone`, 'Warning');
    // The namespace watch requeues the instance when the namespace is gone; this is the fallback.
    requeue(ctx, 5_000);
    return undefined;
  }
  const meta = namespace.metadata ?? {};
  const nextLabels = { ...(meta.labels ?? {}), ...labels };
  const nextAnnotations = { ...(meta.annotations ?? {}), ...annotations };
  if (jsonEqual(nextLabels, meta.labels ?? {}) && jsonEqual(nextAnnotations, meta.annotations ?? {})) return namespace;
  return namespaces.update({ ...namespace, metadata: { ...meta, labels: nextLabels, annotations: nextAnnotations } });
}

/** SpaceSynced and SpaceReady: the host namespace and the space objects. */
export const spaceStep: Step = {
  name: 'space',
  async run(ctx: ReconcileContext): Promise<void> {
    const rendered = ctx.rendered;
    if (!rendered || !ctx.project) return;
    const { conditions } = ctx;
    const name = clusterRefOf(ctx.vci).namespace;
    if (!name) {
      conditions.markFalse(conditionTypes.SpaceSynced, 'NamespaceNotSet', 'spec.clusterRef.namespace is empty');
      return;
    }
    const spaceMeta = rendered.spaceTemplate?.metadata ?? {};
    const labels = { ...(spaceMeta.labels ?? {}), ...ownershipLabels(ctx.vci) };
    const annotations = { ...(spaceMeta.annotations ?? {}) };

    let namespace: KubeObject | undefined;
    try {
      namespace = await syncNamespace(ctx, name, labels, annotations);
    } catch (err) {
      // An invalid rendered label, say, is the template's problem: report it, do not retry.
      const message = permanentErrorMessage(err);
      if (message === undefined) throw err;
      conditions.markFalse(conditionTypes.SpaceSynced, 'ErrorSyncingNamespace', `namespace ${name}: ${message}`);
      return;
    }
    if (!namespace) return;

    // Space objects.
    const target: ApplyTarget = { client: ctx.client, cluster: managementCluster, defaultNamespace: name, onlyNamespace: name };
    const desired = rendered.spaceTemplate?.objects ? parseManifests(rendered.spaceTemplate.objects) : [];
    const previous = parseApplied(ctx.status.spaceObjects?.lastAppliedObjects);
    const result = await applyManifests(target, desired, previous);
    const remaining = await pruneManifests(target, previous, identities(target, desired), result.failed);
    const complete = result.failed.length === 0 && result.waiting.length === 0 && remaining.length === 0;
    const lastApplied = complete ? (rendered.spaceTemplate?.objects ?? '') : manifestsYaml([...result.applied, ...remaining]);
    const spaceObjects = { ...(ctx.status.spaceObjects ?? {}) };
    if (lastApplied) spaceObjects.lastAppliedObjects = lastApplied;
    else delete spaceObjects.lastAppliedObjects;
    ctx.status.spaceObjects = spaceObjects;

    const note = chartsAndAppsNote(rendered.spaceTemplate?.charts, rendered.spaceTemplate?.apps);
    if (result.failed.length > 0 || result.waiting.length > 0) {
      const why = [...result.failed, ...result.waiting.map((k) => `kind ${k} is not served`)].join('; ');
      conditions.markFalse(conditionTypes.SpaceSynced, 'ErrorApplyingObjects', `namespace ${name}: ${why}`);
    } else {
      const objects = desired.length > 0 ? `, ${desired.length} object${desired.length === 1 ? '' : 's'} applied` : '';
      conditions.markTrue(conditionTypes.SpaceSynced, `namespace ${name} synced${objects}${note ? `; ${note}` : ''}`);
    }
    const phase = asObject(namespace.status)?.phase;
    if (phase === undefined || phase === 'Active') conditions.markTrue(conditionTypes.SpaceReady, `namespace ${name} is active`);
    else conditions.markFalse(conditionTypes.SpaceReady, 'NamespaceNotActive', `namespace ${name} is ${String(phase)}`, 'Warning');
  },
};
