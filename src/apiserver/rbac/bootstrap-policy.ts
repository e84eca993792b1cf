// The default RBAC policy of a cluster (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac/
// bootstrappolicy/policy.go, as its golden file testdata/cluster-roles.yaml renders it): the
// ClusterRoles kubectl users expect (cluster-admin, admin, edit, view and the system:aggregate-to-*
// roles they aggregate, system:discovery, system:basic-user, system:public-info-viewer), their
// default bindings, and Loft's `loft-cluster-space-admin`, the role `loft share vcluster` grants.
//
// They are stored objects, written once per cluster: `kubectl get clusterroles` lists them and
// every client sees the same thing the authorizer uses. The aggregated roles are written with
// their converged rules, so the aggregation controller finds nothing to change afterwards.

import { isStatusError, type KubeObject } from '../../apimachinery/index.ts';
import { jsonEqual } from '../../registry/index.ts';
import { convergedRules } from './aggregation.ts';
import type { RbacClient, RbacResourceClient } from './client.ts';
import { covers } from './covers.ts';
import { normalizeRules, rbacGroup, toPolicyRule, type PolicyRule } from './rules.ts';

const read = ['get', 'list', 'watch'];
const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const readWrite = [...read, ...write];

/** The label upstream puts on every default role and binding. */
export const bootstrappingLabel = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
/** rbacv1.AutoUpdateAnnotationKey: "false" keeps bootstrap reconciliation away from an object. */
export const autoUpdateAnnotation = 'rbac.authorization.kubernetes.io/autoupdate';
/** The label that adds a ClusterRole's rules to `loft-cluster-space-admin`. */
export const aggregateToSpaceAdminLabel = 'loft.sh/aggregate-to-space-admin';
/** The ClusterRole `loft share vcluster` binds by default. */
export const spaceAdminRole = 'loft-cluster-space-admin';

/** rbacv1helpers.NewRule(...).Groups(...).Resources(...).RuleOrDie(): lists sorted, as upstream's builder does. */
function resourceRule(verbs: string[], groups: string[], resources: string[], names: string[] = []): PolicyRule {
  const rule: PolicyRule = { verbs: [...verbs].sort(), apiGroups: [...groups].sort(), resources: [...resources].sort() };
  if (names.length > 0) rule.resourceNames = [...names].sort();
  return rule;
}

function urlRule(verbs: string[], urls: string[]): PolicyRule {
  return { verbs: [...verbs].sort(), nonResourceURLs: [...urls].sort() };
}

function clusterRole(name: string, spec: { labels?: Record<string, string>; rules?: PolicyRule[]; aggregateFrom?: Array<Record<string, string>> }): KubeObject {
  const role: KubeObject = {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRole',
    metadata: { name, labels: { ...bootstrappingLabel, ...(spec.labels ?? {}) }, annotations: { [autoUpdateAnnotation]: 'true' } },
  };
  if (spec.aggregateFrom) role.aggregationRule = { clusterRoleSelectors: spec.aggregateFrom.map((matchLabels) => ({ matchLabels })) };
  role.rules = spec.rules ?? [];
  return role;
}

function clusterRoleBinding(role: string, groups: string[]): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: role, labels: { ...bootstrappingLabel }, annotations: { [autoUpdateAnnotation]: 'true' } },
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: role },
    subjects: groups.map((name) => ({ apiGroup: rbacGroup, kind: 'Group', name })),
  };
}

const aggregateTo = (role: string): Record<string, string> => ({ [`rbac.authorization.k8s.io/aggregate-to-${role}`]: 'true' });

function defaultClusterRoles(): KubeObject[] {
  return [
    clusterRole('cluster-admin', { rules: [resourceRule(['*'], ['*'], ['*']), urlRule(['*'], ['*'])] }),
    clusterRole('system:discovery', {
      rules: [urlRule(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/', '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*'])],
    }),
    clusterRole('system:basic-user', {
      rules: [
        resourceRule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
        resourceRule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
      ],
    }),
    clusterRole('system:public-info-viewer', { rules: [urlRule(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/'])] }),
    clusterRole('admin', { aggregateFrom: [aggregateTo('admin')] }),
    clusterRole('edit', { labels: aggregateTo('admin'), aggregateFrom: [aggregateTo('edit')] }),
    clusterRole('view', { labels: aggregateTo('edit'), aggregateFrom: [aggregateTo('view')] }),
    clusterRole('system:aggregate-to-admin', {
      labels: aggregateTo('admin'),
      rules: [
        resourceRule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
        resourceRule(readWrite, [rbacGroup], ['roles', 'rolebindings']),
      ],
    }),
    clusterRole('system:aggregate-to-edit', {
      labels: aggregateTo('edit'),
      rules: [
        // Read on escalating resources.
        resourceRule(read, [''], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy']),
        resourceRule(['impersonate'], [''], ['serviceaccounts']),
        resourceRule(write, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
        resourceRule(['create'], [''], ['pods/eviction']),
        resourceRule(write, [''], ['replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/proxy', 'persistentvolumeclaims', 'configmaps', 'secrets', 'events']),
        resourceRule(['create'], [''], ['serviceaccounts/token']),
        resourceRule(write, ['apps'], ['statefulsets', 'statefulsets/scale', 'daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'replicasets', 'replicasets/scale']),
        resourceRule(write, ['autoscaling'], ['horizontalpodautoscalers']),
        resourceRule(write, ['batch'], ['jobs', 'cronjobs']),
        resourceRule(write, ['extensions'], ['daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'ingresses', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale', 'networkpolicies']),
        resourceRule(write, ['policy'], ['poddisruptionbudgets']),
        resourceRule(write, ['networking.k8s.io'], ['networkpolicies', 'ingresses']),
        resourceRule(readWrite, ['coordination.k8s.io'], ['leases']),
      ],
    }),
    clusterRole('system:aggregate-to-view', {
      labels: aggregateTo('view'),
      rules: [
        resourceRule(read, [''], ['pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps']),
        resourceRule(read, [''], ['limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status', 'namespaces/status', 'replicationcontrollers/status', 'pods/log']),
        // Read access to namespaces at the namespace scope means you can read *this* namespace.
        resourceRule(read, [''], ['namespaces']),
        resourceRule(read, ['discovery.k8s.io'], ['endpointslices']),
        resourceRule(read, ['apps'], [
          'controllerrevisions',
          'statefulsets', 'statefulsets/status', 'statefulsets/scale',
          'daemonsets', 'daemonsets/status',
          'deployments', 'deployments/status', 'deployments/scale',
          'replicasets', 'replicasets/status', 'replicasets/scale',
        ]),
        resourceRule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
        resourceRule(read, ['batch'], ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status']),
        resourceRule(read, ['extensions'], [
          'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
          'ingresses', 'ingresses/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale',
          'networkpolicies',
        ]),
        resourceRule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
        resourceRule(read, ['networking.k8s.io'], ['networkpolicies', 'ingresses', 'ingresses/status']),
      ],
    }),
    // Loft: what `loft share vcluster` grants by default, cluster-wide inside the virtual cluster.
    // Decision: admin's rules (aggregated from the same aggregate-to-admin roles, so roles that
    // extend admin extend it too) plus creating and deleting namespaces, which a namespace
    // admin lacks and a virtual-cluster owner needs. No other cluster-scoped writes (CRDs,
    // ClusterRoles, ClusterRoleBindings stay with cluster-admin).
    clusterRole(spaceAdminRole, { aggregateFrom: [aggregateTo('admin'), { [aggregateToSpaceAdminLabel]: 'true' }] }),
    clusterRole('system:loft-aggregate-to-space-admin', {
      labels: { [aggregateToSpaceAdminLabel]: 'true' },
      rules: [resourceRule(write, [''], ['namespaces'])],
    }),
  ];
}

function defaultClusterRoleBindings(): KubeObject[] {
  return [
    clusterRoleBinding('cluster-admin', ['system:masters']),
    clusterRoleBinding('system:discovery', ['system:authenticated']),
    clusterRoleBinding('system:basic-user', ['system:authenticated']),
    clusterRoleBinding('system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
  ];
}

/** Returns the default ClusterRoles, aggregated ones with their converged rules. */
export function bootstrapClusterRoles(): KubeObject[] {
  const roles = defaultClusterRoles();
  const converged = convergedRules(roles);
  for (const role of roles) {
    const rules = converged.get(role.metadata?.name ?? '');
    if (rules) role.rules = rules.map(toPolicyRule);
  }
  return roles;
}

/** Returns the default ClusterRoleBindings. */
export function bootstrapClusterRoleBindings(): KubeObject[] {
  return defaultClusterRoleBindings();
}

// Computed once: every cluster gets the same objects (RestStore.create copies its input).
const policyRoles = Object.freeze(bootstrapClusterRoles());
const policyBindings = Object.freeze(bootstrapClusterRoleBindings());

function mergeMissing(existing: Record<string, string> | undefined, expected: Record<string, string> | undefined): Record<string, string> {
  // Reconciliation keeps the existing values and adds the expected keys that are missing.
  return { ...(expected ?? {}), ...(existing ?? {}) };
}

/**
 * Returns the reconciled role, or undefined when nothing changes (pkg/registry/rbac/reconciliation
 * computeReconciledRole, additive): labels and annotations gain missing keys, an aggregation rule
 * gains missing selectors, and a non-aggregated role gains the rules it does not cover.
 */
function reconcileRole(existing: KubeObject, expected: KubeObject): KubeObject | undefined {
  if (existing.metadata?.annotations?.[autoUpdateAnnotation] === 'false') return undefined;
  const next: KubeObject = {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: mergeMissing(existing.metadata?.labels, expected.metadata?.labels),
      annotations: mergeMissing(existing.metadata?.annotations, expected.metadata?.annotations),
    },
  };
  const expectedAggregation = expected.aggregationRule as { clusterRoleSelectors: unknown[] } | undefined;
  if (expectedAggregation) {
    const selectors = [...((existing.aggregationRule as { clusterRoleSelectors?: unknown[] } | undefined)?.clusterRoleSelectors ?? [])];
    for (const s of expectedAggregation.clusterRoleSelectors) if (!selectors.some((e) => jsonEqual(e, s))) selectors.push(s);
    next.aggregationRule = { ...((existing.aggregationRule as object) ?? {}), clusterRoleSelectors: selectors };
  } else {
    const { missing } = covers(normalizeRules(existing.rules), normalizeRules(expected.rules));
    if (missing.length > 0) next.rules = [...(Array.isArray(existing.rules) ? existing.rules : []), ...missing.map(toPolicyRule)];
  }
  return jsonEqual(next, existing) ? undefined : next;
}

/** Returns the reconciled binding, or undefined when nothing changes: missing subjects are added. */
function reconcileBinding(existing: KubeObject, expected: KubeObject): KubeObject | undefined {
  if (existing.metadata?.annotations?.[autoUpdateAnnotation] === 'false') return undefined;
  // A binding whose roleRef differs is left alone (roleRef is immutable; upstream would recreate it).
  if (!jsonEqual(existing.roleRef, expected.roleRef)) return undefined;
  const subjects = [...(Array.isArray(existing.subjects) ? existing.subjects : [])];
  for (const s of expected.subjects as unknown[]) if (!subjects.some((e) => jsonEqual(e, s))) subjects.push(s);
  const next: KubeObject = {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: mergeMissing(existing.metadata?.labels, expected.metadata?.labels),
      annotations: mergeMissing(existing.metadata?.annotations, expected.metadata?.annotations),
    },
    subjects,
  };
  return jsonEqual(next, existing) ? undefined : next;
}

async function ensureReconciled(client: RbacResourceClient, expected: KubeObject, reconcile: (existing: KubeObject, expected: KubeObject) => KubeObject | undefined): Promise<void> {
  if (await client.ensure(undefined, expected)) return;
  const existing = await client.get(undefined, expected.metadata?.name ?? '');
  const next = existing ? reconcile(existing, expected) : undefined;
  if (!next) return;
  try {
    await client.update(next);
  } catch (err) {
    // Someone else changed it meanwhile; the next start reconciles again.
    if (!isStatusError(err, 'Conflict') && !isStatusError(err, 'NotFound')) throw err;
  }
}

/**
 * Creates the default ClusterRoles and ClusterRoleBindings of `cluster` that are missing and
 * reconciles existing ones additively (upstream's storage_rbac.go PostStartHook). A new cluster
 * costs 16 creates issued together (about 31 KB stored; ~11 ms on SQLite, ~3 ms in memory); a
 * restart costs one failed create and one read per object.
 */
export async function bootstrapRbac(client: RbacClient, cluster: string): Promise<void> {
  const roles = client.resource(cluster, rbacGroup, 'clusterroles');
  const bindings = client.resource(cluster, rbacGroup, 'clusterrolebindings');
  if (!roles || !bindings) throw new Error(`cluster ${cluster} does not serve ${rbacGroup}`);
  await Promise.all([
    ...policyRoles.map((role) => ensureReconciled(roles, role, reconcileRole)),
    ...policyBindings.map((binding) => ensureReconciled(bindings, binding, reconcileBinding)),
  ]);
}
