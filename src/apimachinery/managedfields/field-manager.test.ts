import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError, type StatusError } from '../errors.ts';
import type { KubeObject, ManagedFieldsEntry } from '../object.ts';
import type { Schema } from '../schema.ts';
import { applyConfiguration, updateManagedFields, type ApplyConfigurationOptions, type UpdateManagedFieldsOptions } from './field-manager.ts';
import { lastAppliedAnnotation } from './last-applied.ts';
import { zeroObject } from './zero-object.ts';
import { components, resolve, widget, widgetSchema } from './test-fixtures.ts';

const t0 = '2024-05-01T10:00:00Z';
const t1 = '2024-05-01T11:00:00Z';
const t2 = '2024-05-01T12:00:00Z';

/** Returns a stored Deployment d in namespace default. */
function deployment(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default', ...metadata },
    spec,
  };
}

/** Returns `obj` as stored: with a uid, resourceVersion and the given managedFields. */
function stored(obj: KubeObject, managedFields: ManagedFieldsEntry[] | undefined): KubeObject {
  const metadata: Record<string, unknown> = { uid: 'uid-1', resourceVersion: '7', creationTimestamp: t0, ...obj.metadata };
  if (managedFields?.length) metadata['managedFields'] = managedFields;
  else delete metadata['managedFields'];
  return { ...obj, metadata };
}

// As the registry calls it for a built-in kind: creates start from the Go zero value.
const deploymentDefaults = { apiVersion: 'apps/v1', schema: components['Deployment'], resolve, emptyObject: zeroObject(components['Deployment'], resolve) };

function update(opts: Partial<UpdateManagedFieldsOptions> & Pick<UpdateManagedFieldsOptions, 'updated' | 'manager'>): ManagedFieldsEntry[] {
  return updateManagedFields({ ...deploymentDefaults, now: t0, ...opts });
}

function apply(opts: Partial<ApplyConfigurationOptions> & Pick<ApplyConfigurationOptions, 'applied' | 'manager'>): KubeObject {
  return applyConfiguration({ ...deploymentDefaults, now: t0, force: false, ...opts }).object;
}

/** Returns the status error `fn` throws. */
function statusError(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    assert.ok(isStatusError(err), `expected a StatusError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

/** Returns manager → FieldsV1 JSON for each entry, keyed "manager/operation". */
function owners(entries: ManagedFieldsEntry[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries ?? []) out[`${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`] = JSON.stringify(e.fieldsV1);
  return out;
}

test('apply creates the object and records the applier: FieldsV1 exactly as upstream', () => {
  const r = applyConfiguration({
    applied: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', labels: { app: 'x' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
    },
    manager: 'kubectl',
    force: false,
    apiVersion: 'v1',
    now: new Date('2024-05-01T10:00:00.123Z'),
    schema: components['Pod'],
    resolve,
  });
  assert.equal(r.changed, true);
  assert.deepEqual(r.object.metadata?.managedFields, [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'v1',
      time: '2024-05-01T10:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
    },
  ]);
  assert.equal(
    JSON.stringify(r.object.metadata?.managedFields?.[0]?.fieldsV1),
    '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}}}}',
  );
});

test('update on create: the creator owns what it set, never the server-maintained metadata', () => {
  const entries = updateManagedFields({
    updated: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default', uid: 'u', resourceVersion: '1', generation: 1, creationTimestamp: t0, labels: { app: 'x' } },
      data: { a: '1' },
    },
    manager: 'kubectl-create',
    apiVersion: 'v1',
    now: t0,
    schema: components['ConfigMap'],
    resolve,
  });
  assert.deepEqual(entries, [
    {
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'v1',
      time: t0,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
    },
  ]);
});

test('update: changed fields move to the updater, emptied managers are dropped, untouched entries keep their time', () => {
  const created = deployment({ replicas: 1, paused: false });
  const mf1 = update({ updated: created, manager: 'a' });
  const mf2 = update({ live: stored(created, mf1), updated: stored(deployment({ replicas: 2, paused: false }), mf1), manager: 'b', now: t1 });
  assert.deepEqual(owners(mf2), { 'a/Update': '{"f:spec":{"f:paused":{}}}', 'b/Update': '{"f:spec":{"f:replicas":{}}}' });
  assert.equal(mf2.find((e) => e.manager === 'a')?.time, t0);
  assert.equal(mf2.find((e) => e.manager === 'b')?.time, t1);
  // b takes paused too: a has nothing left and goes.
  const mf3 = update({ live: stored(deployment({ replicas: 2, paused: false }), mf2), updated: stored(deployment({ replicas: 2, paused: true }), mf2), manager: 'b', now: t2 });
  assert.deepEqual(owners(mf3), { 'b/Update': '{"f:spec":{"f:paused":{},"f:replicas":{}}}' });
  assert.equal(mf3[0]?.time, t2);
});

test('update: one entry per manager, operation, apiVersion and subresource; removed fields are disowned', () => {
  const v1 = deployment({ replicas: 1 });
  const mf1 = update({ updated: v1, manager: 'a' });
  const v2 = deployment({ replicas: 1, paused: true });
  const mf2 = update({ live: stored(v1, mf1), updated: stored(v2, mf1), manager: 'a', now: t1 });
  assert.deepEqual(owners(mf2), { 'a/Update': '{"f:spec":{"f:paused":{},"f:replicas":{}}}' });
  assert.equal(mf2[0]?.time, t1);
  const status = update({ live: stored(v2, mf2), updated: stored(v2, mf2), manager: 'a', subresource: 'status', now: t2 });
  assert.deepEqual(status, mf2, 'an update that changes nothing leaves the entries alone');
  const v3 = deployment({ paused: true });
  const mf3 = update({ live: stored(v2, mf2), updated: stored(v3, mf2), manager: 'c', now: t2 });
  assert.deepEqual(owners(mf3), { 'a/Update': '{"f:spec":{"f:paused":{}}}' });
  const mf4 = update({ live: stored(v3, mf3), updated: stored(deployment({ paused: false }), mf3), manager: 'a', subresource: 'status', now: t2 });
  assert.deepEqual(owners(mf4), { 'a/Update/status': '{"f:spec":{"f:paused":{}}}' });
});

test('update: an existing object without managedFields stays untracked; a request can reset them', () => {
  const live = stored(deployment({ replicas: 1 }), undefined);
  assert.deepEqual(update({ live, updated: deployment({ replicas: 2 }), manager: 'a' }), []);
  const mf = update({ updated: deployment({ replicas: 1 }), manager: 'a' });
  assert.equal(mf.length, 1);
  for (const reset of [[], [{}]]) {
    const updated = { ...stored(deployment({ replicas: 1 }), mf), metadata: { ...stored(deployment({ replicas: 1 }), mf).metadata, managedFields: reset as ManagedFieldsEntry[] } };
    assert.deepEqual(update({ live: stored(deployment({ replicas: 1 }), mf), updated, manager: 'b' }), []);
  }
});

test('update: managedFields the request sets replace the stored ones, except on a subresource', () => {
  const live = stored(deployment({ replicas: 1 }), update({ updated: deployment({ replicas: 1 }), manager: 'a' }));
  const given: ManagedFieldsEntry[] = [{ manager: 'z', operation: 'Update', apiVersion: 'apps/v1', time: t0, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
  const updated = { ...live, metadata: { ...live.metadata, managedFields: given } };
  assert.deepEqual(owners(update({ live, updated, manager: 'b' })), { 'z/Update': '{"f:spec":{"f:replicas":{}}}' });
  assert.deepEqual(owners(update({ live, updated, manager: 'b', subresource: 'status' })), { 'a/Update': '{"f:spec":{"f:replicas":{}}}' });
});

test('update: at most ten Update entries; the oldest merge into "ancient-changes"', () => {
  let obj = deployment({});
  let mf = update({ updated: obj, manager: 'creator', schema: undefined, emptyObject: undefined });
  for (let i = 0; i < 11; i++) {
    const next = deployment({ ...obj.spec as object, [`f${i}`]: i });
    mf = update({ live: stored(obj, mf), updated: stored(next, mf), manager: `m${i}`, now: `2024-05-01T10:${String(i).padStart(2, '0')}:00Z`, schema: undefined, emptyObject: undefined });
    obj = next;
  }
  assert.equal(mf.length, 10);
  const ancient = mf.find((e) => e.manager === 'ancient-changes');
  // Without a schema the create started from {}, so the creator owned .spec itself.
  assert.deepEqual(ancient?.fieldsV1, { 'f:spec': { '.': {}, 'f:f0': {}, 'f:f1': {} } });
  assert.equal(ancient?.time, '2024-05-01T10:01:00Z');
  assert.ok(!mf.some((e) => e.manager === 'creator' || e.manager === 'm0' || e.manager === 'm1'));
});

test('apply: a field another manager set, with a new value, is a conflict naming it and its version', () => {
  const live = stored(deployment({ replicas: 1, paused: false }), update({ updated: deployment({ replicas: 1, paused: false }), manager: 'kubectl-client-side-apply' }));
  const err = statusError(() => apply({ live, applied: deployment({ replicas: 2 }), manager: 'ci' }));
  assert.equal(err.code, 409);
  assert.equal(err.reason, 'Conflict');
  assert.deepEqual(err.status, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    code: 409,
    reason: 'Conflict',
    details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }] },
  });
});

test('apply: several conflicts are grouped by manager (sorted), one field per line', () => {
  const v1 = deployment({ replicas: 1, paused: false });
  const mfB = update({ updated: v1, manager: 'b' });
  const v2 = deployment({ replicas: 1, paused: false, template: { spec: { containers: [{ name: 'app', image: 'v1' }] } } });
  const mf = update({ live: stored(v1, mfB), updated: stored(v2, mfB), manager: 'a', now: t1 });
  const applied = deployment({ replicas: 3, paused: true, template: { spec: { containers: [{ name: 'app', image: 'v2' }] } } });
  const err = statusError(() => apply({ live: stored(v2, mf), applied, manager: 'ci' }));
  assert.equal(
    err.message,
    [
      'Apply failed with 3 conflicts: conflicts with "a" using apps/v1:',
      '- .spec.template.spec.containers[name="app"].image',
      'conflicts with "b" using apps/v1:',
      '- .spec.paused',
      '- .spec.replicas',
    ].join('\n'),
  );
  assert.deepEqual(
    err.status.details?.causes?.map((c) => `${c.field} ${c.message}`),
    [
      '.spec.template.spec.containers[name="app"].image conflict with "a" using apps/v1',
      '.spec.paused conflict with "b" using apps/v1',
      '.spec.replicas conflict with "b" using apps/v1',
    ],
  );
});

test('apply with force takes the fields; the same value is shared without a conflict', () => {
  const v1 = deployment({ replicas: 1, paused: false });
  const live = stored(v1, update({ updated: v1, manager: 'a' }));
  const shared = apply({ live, applied: deployment({ paused: false }), manager: 'ci', now: t1 });
  assert.deepEqual(owners(shared.metadata?.managedFields), { 'ci/Apply': '{"f:spec":{"f:paused":{}}}', 'a/Update': '{"f:spec":{"f:paused":{},"f:replicas":{}}}' });
  const forced = apply({ live: shared, applied: deployment({ paused: false, replicas: 5 }), manager: 'ci', force: true, now: t2 });
  assert.equal((forced.spec as Record<string, unknown>)['replicas'], 5);
  assert.deepEqual(owners(forced.metadata?.managedFields), { 'ci/Apply': '{"f:spec":{"f:paused":{},"f:replicas":{}}}', 'a/Update': '{"f:spec":{"f:paused":{}}}' });
  // Apply entries sort first; the object keeps its server-maintained metadata.
  assert.equal(forced.metadata?.managedFields?.[0]?.manager, 'ci');
  assert.equal(forced.metadata?.uid, 'uid-1');
  assert.equal(forced.metadata?.resourceVersion, '7');
});

test('apply: identity fields in the configuration are never conflicts', () => {
  const created = deployment({ replicas: 1 }, { labels: { app: 'x' } });
  const live = stored(created, update({ updated: stored(created, undefined), manager: 'a' }));
  const r = apply({ live, applied: deployment({}, { labels: { app: 'x' } }), manager: 'ci' });
  assert.deepEqual(owners(r.metadata?.managedFields), { 'ci/Apply': '{"f:metadata":{"f:labels":{"f:app":{}}}}', 'a/Update': '{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{}}}' });
});

test('apply: what the applier drops is removed unless someone else owns it', () => {
  const first = apply({ applied: deployment({ replicas: 2, paused: true }, { labels: { a: '1', b: '2' } }), manager: 'ci' });
  // Another manager shares paused and adds its own label.
  const withOther = stored(first, first.metadata?.managedFields);
  const edited = deployment({ replicas: 2, paused: true }, { labels: { a: '1', b: '2', c: '3' } });
  const mf = update({ live: withOther, updated: stored(edited, first.metadata?.managedFields), manager: 'editor', now: t1 });
  const shared = apply({ live: stored(edited, mf), applied: deployment({ replicas: 2, paused: true }, { labels: { a: '1', b: '2' } }), manager: 'other', now: t1 });
  const second = apply({ live: shared, applied: deployment({}, { labels: { a: '1' } }), manager: 'ci', now: t2 });
  assert.deepEqual(second.spec, { replicas: 2, paused: true }, 'still applied by "other"');
  assert.deepEqual(second.metadata?.labels, { a: '1', b: '2', c: '3' });
  const third = apply({ live: second, applied: deployment({}), manager: 'other', now: t2 });
  // Nobody owns anything in spec any more; a struct field emptied by pruning goes too.
  assert.equal(third.spec, undefined);
  assert.deepEqual(third.metadata?.labels, { a: '1', c: '3' });
});

test('apply: dropping the last label removes the labels map; re-applying is a no-op', () => {
  const first = apply({ applied: deployment({ replicas: 1 }, { labels: { a: '1' } }), manager: 'ci' });
  const second = applyConfiguration({ ...deploymentDefaults, live: stored(first, first.metadata?.managedFields), applied: deployment({ replicas: 1 }), manager: 'ci', force: false, now: t1 });
  assert.equal(second.object.metadata?.labels, undefined);
  assert.equal(second.changed, true);
  const again = applyConfiguration({ ...deploymentDefaults, live: second.object, applied: deployment({ replicas: 1 }), manager: 'ci', force: false, now: t2 });
  assert.equal(again.changed, false);
  assert.deepEqual(again.object, second.object, 'same object, same managed fields, same time');
});

test('apply: fields set before any tracking belong to "before-first-apply"', () => {
  const live = stored(deployment({ replicas: 1, paused: false }), undefined);
  const err = statusError(() => apply({ live, applied: deployment({ replicas: 2 }), manager: 'helm' }));
  assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  const r = apply({ live, applied: deployment({ replicas: 1 }), manager: 'helm', now: t1 });
  assert.deepEqual(owners(r.metadata?.managedFields), { 'helm/Apply': '{"f:spec":{"f:replicas":{}}}', 'before-first-apply/Update': '{"f:spec":{"f:paused":{},"f:replicas":{}}}' });
});

test('kubectl --server-side after client-side apply: its own last-applied fields are not conflicts, and the annotation follows', () => {
  const config = deployment({ replicas: 1, paused: false });
  const annotated = deployment({ replicas: 1, paused: false }, { annotations: { [lastAppliedAnnotation]: `${JSON.stringify(config)}\n` } });
  const live = stored(annotated, update({ updated: annotated, manager: 'kubectl-client-side-apply' }));
  const applied = deployment({ replicas: 2, paused: false });
  const r = apply({ live, applied, manager: 'kubectl', now: t1 });
  assert.equal((r.spec as Record<string, unknown>)['replicas'], 2);
  assert.equal(
    r.metadata?.annotations?.[lastAppliedAnnotation],
    '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default"},"spec":{"paused":false,"replicas":2}}\n',
  );
  assert.deepEqual(owners(r.metadata?.managedFields)['kubectl/Apply'], '{"f:spec":{"f:paused":{},"f:replicas":{}}}');
  // Any other manager, or a field whose live value no longer matches the annotation, still conflicts.
  assert.equal(statusError(() => apply({ live, applied, manager: 'ci' })).code, 409);
  const drifted = stored(
    deployment({ replicas: 3, paused: false }, annotated.metadata),
    update({ live, updated: stored(deployment({ replicas: 3, paused: false }, annotated.metadata), live.metadata?.managedFields), manager: 'kubectl-client-side-apply', now: t1 }),
  );
  assert.equal(
    statusError(() => apply({ live: drifted, applied, manager: 'kubectl', now: t2 })).message,
    'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
  );
});

test('apply: reset fields (status on the main resource) are never owned', () => {
  const r = apply({ applied: { ...deployment({ replicas: 1 }), status: { replicas: 1 } }, manager: 'ci', ignoredFields: [['status']] });
  assert.deepEqual(owners(r.metadata?.managedFields), { 'ci/Apply': '{"f:spec":{"f:replicas":{}}}' });
  const mf = update({ updated: { ...deployment({ replicas: 1 }), status: { replicas: 1 } }, manager: 'a', ignoredFields: [['status']] });
  assert.deepEqual(owners(mf), { 'a/Update': '{"f:spec":{"f:replicas":{}}}' });
});

test('apply: bad configurations get the statuses upstream gives them', () => {
  assert.equal(
    statusError(() => apply({ applied: { ...deployment({}), apiVersion: 'apps/v1beta1' }, manager: 'ci' })).message,
    'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1',
  );
  const withManaged = deployment({}, { managedFields: [] });
  const e400 = statusError(() => apply({ applied: withManaged, manager: 'ci' }));
  assert.equal(e400.code, 400);
  assert.equal(e400.message, 'metadata.managedFields must be nil');
  const dup = deployment({ template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } });
  const e500 = statusError(() => apply({ applied: dup, manager: 'ci' }));
  assert.equal(e500.code, 500);
  assert.equal(e500.reason, '');
  assert.equal(e500.message, 'failed to create typed patch object (default/d; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="a"]');
  assert.equal(
    statusError(() => apply({ applied: deployment({ replicas: 'three', paused: 1 }), manager: 'ci' })).message,
    [
      'failed to create typed patch object (default/d; apps/v1, Kind=Deployment): errors:',
      '  .spec.replicas: expected numeric (int or float), got string',
      '  .spec.paused: expected boolean, got &{1}',
    ].join('\n'),
  );
});

test('apply to a custom resource: keyed, set and atomic lists from its structural schema', () => {
  const r = applyConfiguration({
    applied: widget({ items: [{ name: 'a', value: 'x' }], tags: ['t'], args: ['--v'], extra: { anything: { deep: 1 } } }, { metadata: { name: 'w', namespace: 'ns', finalizers: ['f'] } }),
    manager: 'ci',
    force: false,
    apiVersion: 'example.com/v1',
    now: t0,
    schema: widgetSchema,
    resolve,
  });
  assert.equal(
    JSON.stringify(r.object.metadata?.managedFields?.[0]?.fieldsV1),
    '{"f:metadata":{"f:finalizers":{"v:\\"f\\"":{}}},"f:spec":{"f:args":{},"f:extra":{"f:anything":{".":{},"f:deep":{}}},"f:items":{"k:{\\"name\\":\\"a\\"}":{".":{},"f:name":{},"f:value":{}}},"f:tags":{"v:\\"t\\"":{}}}}',
  );
});

test('create of a built-in kind from its zero value: no "." on struct fields, "." on maps and pointers it adds', () => {
  const created = deployment({
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
  }, { labels: { app: 'web' } });
  const [entry] = update({ updated: created, manager: 'kubectl-create' });
  assert.deepEqual(entry?.fieldsV1, {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:replicas': {},
      'f:selector': {},
      'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {} }, 'f:type': {} },
      'f:template': {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
      },
    },
  });
  // A custom resource starts from {}: its creator owns .spec itself.
  const [crd] = updateManagedFields({ updated: widget({ mode: 'a' }), manager: 'kubectl-create', apiVersion: 'example.com/v1', now: t0, schema: widgetSchema, resolve });
  assert.deepEqual(crd?.fieldsV1, { 'f:spec': { '.': {}, 'f:mode': {} } });
});

test('an empty list in a configuration over items the applier owned: pruned first, added back on the next apply (as upstream)', () => {
  const opts = { apiVersion: 'example.com/v1', schema: widgetSchema, resolve, manager: 'ci', force: false };
  const first = applyConfiguration({ ...opts, applied: widget({ tags: ['t1'] }), now: t0 }).object;
  const second = applyConfiguration({ ...opts, live: stored(first, first.metadata?.managedFields), applied: widget({ tags: [], mode: 'm' }), now: t1 });
  assert.deepEqual(second.object.spec, { mode: 'm' });
  const third = applyConfiguration({ ...opts, live: second.object, applied: widget({ tags: [], mode: 'm' }), now: t2 });
  assert.deepEqual(third.object.spec, { mode: 'm', tags: [] });
  assert.equal(third.changed, true);
});

test('zeroObject: value structs from `default: {}`, required fields and metadata/spec/status; Go zero values for required fields', () => {
  assert.deepEqual(zeroObject(components['Deployment'], resolve), {
    metadata: {},
    spec: { selector: {}, strategy: {}, template: { metadata: {}, spec: { containers: null } } },
    status: {},
  });
  // Without the OpenAPI v3 markers (schemas converted from v2), required and well-known structs still count.
  const bare = JSON.parse(JSON.stringify(components['DeploymentSpec'], (k, v) => (k === 'default' ? undefined : v))) as Schema;
  assert.deepEqual(zeroObject({ type: 'object', properties: { spec: bare, status: { $ref: '#/components/schemas/DeploymentStatus' } } }, resolve), {
    spec: { selector: {}, template: { metadata: {}, spec: { containers: null } } },
    status: {},
  });
  assert.deepEqual(zeroObject(undefined, resolve), {});
});
