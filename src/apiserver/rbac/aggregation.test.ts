import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import { aggregateRules } from './aggregation.ts';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles, bootstrapRbac, spaceAdminRole } from './bootstrap-policy.ts';
import { covers } from './covers.ts';
import { normalizeRules, type Rule } from './rules.ts';
import { clusterRoleObject, eventually, startRbacEnv } from './testing.ts';
import { labels } from '../../apimachinery/index.ts';

const cluster = 'vc-agg';
const group = 'rbac.authorization.k8s.io';

function rulesOf(obj: KubeObject | undefined): Rule[] {
  return normalizeRules(obj?.rules);
}

test('bootstrapRbac writes the default policy once; aggregated roles are already converged', async () => {
  const env = await startRbacEnv();
  try {
    await bootstrapRbac(env.system, cluster);
    const roles = env.system.must(cluster, group, 'clusterroles');
    const bindings = env.system.must(cluster, group, 'clusterrolebindings');
    const names = (await roles.list()).map((r) => r.metadata?.name).sort();
    assert.deepEqual(names, [
      'admin',
      'cluster-admin',
      'edit',
      spaceAdminRole,
      'system:aggregate-to-admin',
      'system:aggregate-to-edit',
      'system:aggregate-to-view',
      'system:basic-user',
      'system:discovery',
      'system:loft-aggregate-to-space-admin',
      'system:public-info-viewer',
      'view',
    ].sort());
    assert.deepEqual((await bindings.list()).map((b) => b.metadata?.name).sort(), ['cluster-admin', 'system:basic-user', 'system:discovery', 'system:public-info-viewer']);
    const before = new Map((await roles.list()).map((r) => [r.metadata?.name, r.metadata?.resourceVersion]));
    // Past the controller's settle time (50 ms), every aggregated role has been reconciled.
    await new Promise((r) => setTimeout(r, 200));
    await env.manager.idle();
    const after = new Map((await roles.list()).map((r) => [r.metadata?.name, r.metadata?.resourceVersion]));
    assert.deepEqual(after, before, 'the aggregation controller finds nothing to change');

    // view ⊂ edit ⊂ admin ⊂ loft-cluster-space-admin, and space-admin may create namespaces.
    const view = rulesOf(await roles.get(undefined, 'view'));
    const edit = rulesOf(await roles.get(undefined, 'edit'));
    const admin = rulesOf(await roles.get(undefined, 'admin'));
    const space = rulesOf(await roles.get(undefined, spaceAdminRole));
    assert.ok(covers(edit, view).covered && covers(admin, edit).covered && covers(space, admin).covered);
    assert.equal(covers(admin, space).covered, false);
    assert.ok(covers(space, normalizeRules([{ apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'delete'] }])).covered);
    assert.equal(covers(edit, normalizeRules([{ apiGroups: [group], resources: ['roles'], verbs: ['create'] }])).covered, false, 'edit cannot write roles');
    assert.ok(covers(admin, normalizeRules([{ apiGroups: [group], resources: ['rolebindings'], verbs: ['create'] }])).covered);

    // Idempotent: a second run creates and changes nothing.
    await bootstrapRbac(env.system, cluster);
    const again = new Map((await roles.list()).map((r) => [r.metadata?.name, r.metadata?.resourceVersion]));
    assert.deepEqual(again, before);
  } finally {
    await env.stop();
  }
});

test('bootstrapRbac restores removed default permissions additively and respects autoupdate=false', async () => {
  const env = await startRbacEnv((system) => bootstrapRbac(system, cluster));
  try {
    const roles = env.system.must(cluster, group, 'clusterroles');
    const basic = (await roles.get(undefined, 'system:basic-user')) as KubeObject;
    await roles.update({ ...basic, rules: [{ apiGroups: ['example.com'], resources: ['things'], verbs: ['get'] }] });
    const discovery = (await roles.get(undefined, 'system:discovery')) as KubeObject;
    await roles.update({ ...discovery, metadata: { ...discovery.metadata, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } }, rules: [] });
    await bootstrapRbac(env.system, cluster);
    const restored = rulesOf(await roles.get(undefined, 'system:basic-user'));
    assert.deepEqual(restored[0], normalizeRules([{ apiGroups: ['example.com'], resources: ['things'], verbs: ['get'] }])[0], 'own rules stay');
    assert.ok(covers(restored, normalizeRules(bootstrapClusterRoles().find((r) => r.metadata?.name === 'system:basic-user')?.rules)).covered);
    assert.deepEqual((await roles.get(undefined, 'system:discovery'))?.rules, [], 'autoupdate=false is left alone');
  } finally {
    await env.stop();
  }
});

test('aggregation follows labels, transitively and in a deterministic order, per cluster', async () => {
  const env = await startRbacEnv(async (system) => {
    await bootstrapRbac(system, cluster);
    await bootstrapRbac(system, 'vc-untouched');
  });
  try {
    const roles = env.system.must(cluster, group, 'clusterroles');
    const widgetsView = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list', 'watch'] };
    const widgetsEdit = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['create', 'delete'] };
    await roles.create(undefined, clusterRoleObject('z-widgets-view', [widgetsView], { metadata: { name: 'z-widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } } }));
    await roles.create(undefined, clusterRoleObject('a-widgets-edit', [widgetsEdit, widgetsView], { metadata: { name: 'a-widgets-edit', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } } }));
    const has = (rules: Rule[], rule: object): boolean => rules.some((r) => JSON.stringify(r) === JSON.stringify(normalizeRules([rule])[0]));
    for (const name of ['view', 'edit', 'admin', spaceAdminRole]) {
      await eventually(async () => has(rulesOf(await roles.get(undefined, name)), widgetsView), `${name} to aggregate widgets`);
    }
    const view = rulesOf(await roles.get(undefined, 'view'));
    assert.ok(has(view, widgetsView) && !has(view, widgetsEdit));
    await eventually(async () => has(rulesOf(await roles.get(undefined, 'edit')), widgetsEdit), 'edit to aggregate widget writes');
    // Deterministic: per selector, roles in name order, each rule once (first wins). edit selects
    // a-widgets-edit, system:aggregate-to-edit, view; widgetsView comes from a-widgets-edit first.
    const edit = rulesOf(await roles.get(undefined, 'edit'));
    assert.deepEqual(edit.slice(0, 2), normalizeRules([widgetsEdit, widgetsView]));
    assert.equal(edit.filter((r) => has([r], widgetsView)).length, 1);

    // The other cluster is not touched.
    const untouched = rulesOf(await env.system.must('vc-untouched', group, 'clusterroles').get(undefined, 'view'));
    assert.equal(has(untouched, widgetsView), false);

    // Removing the label removes the rules.
    const source = (await roles.get(undefined, 'z-widgets-view')) as KubeObject;
    await roles.update({ ...source, metadata: { ...source.metadata, labels: {} } });
    const editSource = (await roles.get(undefined, 'a-widgets-edit')) as KubeObject;
    await roles.delete(undefined, editSource.metadata?.name ?? '');
    for (const name of ['view', 'edit', 'admin', spaceAdminRole]) {
      await eventually(async () => !has(rulesOf(await roles.get(undefined, name)), widgetsView), `${name} to drop widgets`);
    }
  } finally {
    await env.stop();
  }
});

test('aggregateRules matches upstream: selectors in order, roles by name, the role itself skipped', () => {
  const sel = (l: Record<string, string>) => labels.selectorFromLabelSelector({ matchLabels: l });
  const r = (verb: string): Rule => normalizeRules([{ apiGroups: [''], resources: ['pods'], verbs: [verb] }])[0] as Rule;
  const result = aggregateRules({ name: 'self', aggregation: [sel({ a: '1' }), sel({ b: '1' })] }, [
    { name: 'self', labels: { a: '1' }, rules: [r('self')] },
    { name: 'y', labels: { a: '1' }, rules: [r('y'), r('shared')] },
    { name: 'x', labels: { a: '1', b: '1' }, rules: [r('x'), r('shared')] },
    { name: 'w', labels: { b: '1' }, rules: [r('w')] },
  ]);
  assert.deepEqual(result.map((rule) => rule.verbs[0]), ['x', 'shared', 'y', 'w']);
  assert.equal(bootstrapClusterRoleBindings().length, 4);
});
