// Per-kind strategies of the built-in kinds: the behaviour kube-apiserver's
// pkg/registry/<group>/<resource>/strategy.go gives each one (name rules, status handling,
// generation, defaults, field selectors, printing columns). Kinds not listed get the default.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { KindStrategy, SubresourceInfo } from '../resource.ts';
import { crdStrategyOverrides } from '../custom/index.ts';
import { columnsFor } from './columns.ts';
import { defaultsFor } from './defaults.ts';
import { fieldSelectorsFor } from './field-selectors.ts';
import { withBuiltinValidation } from './validation/index.ts';

/** Kinds with a status subresource whose generation upstream does not track. */
const noGeneration = new Set(['/pods', '/services', '/nodes', '/namespaces', '/persistentvolumes', '/persistentvolumeclaims', '/replicationcontrollers-no']);

/** Kinds whose names are DNS-1123 labels, DNS-1035 labels or path segments rather than subdomains. */
const nameRules: Record<string, KindStrategy['nameValidation']> = {
  '/namespaces': 'DNS1123Label',
  '/services': 'DNS1035Label',
  'rbac.authorization.k8s.io/roles': 'PathSegment',
  'rbac.authorization.k8s.io/rolebindings': 'PathSegment',
  'rbac.authorization.k8s.io/clusterroles': 'PathSegment',
  'rbac.authorization.k8s.io/clusterrolebindings': 'PathSegment',
};

/** Scale subresource locations (autoscaling/v1 Scale) for the kinds that have one. */
const scaleOf: Record<string, KindStrategy['scale']> = {
  'apps/deployments': { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'], labelSelectorPath: ['spec', 'selector'] },
  'apps/replicasets': { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'], labelSelectorPath: ['spec', 'selector'] },
  'apps/statefulsets': { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'], labelSelectorPath: ['spec', 'selector'] },
  '/replicationcontrollers': { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'], labelSelectorPath: ['spec', 'selector'] },
};

/** Namespace: spec.finalizers hold deletion until the namespace controller empties it. */
const namespaceBehaviour: Partial<KindStrategy> = {
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    labelNamespaceName(obj);
  },
  prepareForUpdate(obj, old) {
    // spec.finalizers change only through the finalize subresource; status only through status.
    obj.spec = { ...((obj.spec as object) ?? {}), finalizers: (old.spec as { finalizers?: string[] } | undefined)?.finalizers };
    if (!(obj.spec as { finalizers?: string[] }).finalizers) delete (obj.spec as Record<string, unknown>).finalizers;
    obj.status = old.status;
    labelNamespaceName(obj);
  },
  pendingFinalizers: (obj) => ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) > 0,
  prepareForDelete(obj) {
    obj.status = { ...((obj.status as object) ?? {}), phase: 'Terminating' };
  },
};

/** The immutable kubernetes.io/metadata.name label upstream puts on every namespace. */
function labelNamespaceName(obj: KubeObject): void {
  const meta = (obj.metadata ??= {});
  meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name ?? '' };
}

/** Secret: stringData is a write-only convenience merged into data (base64) on every write. */
function mergeStringData(obj: KubeObject): void {
  const stringData = obj.stringData as Record<string, unknown> | undefined;
  if (!stringData || typeof stringData !== 'object') return;
  const data = { ...((obj.data as Record<string, string>) ?? {}) };
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  obj.data = data;
  delete obj.stringData;
}

const secretBehaviour: Partial<KindStrategy> = {
  prepareForCreate: mergeStringData,
  prepareForUpdate: mergeStringData,
};

/** Returns the strategy of a built-in resource, with its decode check and validation rules. */
export function strategyFor(group: string, resource: string, subresources: SubresourceInfo[]): KindStrategy {
  return withBuiltinValidation(`${group}/${resource}`, kindStrategy(group, resource, subresources));
}

/** Returns the behaviour of a built-in resource before validation is added. */
function kindStrategy(group: string, resource: string, subresources: SubresourceInfo[]): KindStrategy {
  const key = `${group}/${resource}`;
  const hasStatus = subresources.some((s) => s.subresource === 'status');
  const base: KindStrategy = {
    nameValidation: nameRules[key] ?? 'DNS1123Subdomain',
    hasStatusSubresource: hasStatus,
    tracksGeneration: hasStatus && !noGeneration.has(key),
    defaults: defaultsFor(key),
    fieldSelectors: fieldSelectorsFor(key),
    columns: columnsFor(key),
    scale: scaleOf[key],
  };
  if (key === '/namespaces') return { ...base, ...namespaceBehaviour };
  if (key === '/secrets') return { ...base, ...secretBehaviour };
  if (key === 'apiextensions.k8s.io/customresourcedefinitions') return { ...base, tracksGeneration: true, ...crdStrategyOverrides };
  return base;
}
