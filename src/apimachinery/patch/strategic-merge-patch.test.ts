import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StatusError } from '../errors.ts';
import type { Schema } from '../schema.ts';
import { applyMergePatch, applyStrategicMergePatch } from './index.ts';

// ---- Schemas, built by hand in the shape of the generated built-ins: keyed by upstream names,
// referenced as #/components/schemas/<name>, extensions on the property that holds the list.

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const mergeList = (items: Schema, mergeKey?: string, strategy = 'merge'): Schema => ({
  type: 'array',
  items,
  'x-kubernetes-patch-strategy': strategy,
  ...(mergeKey ? { 'x-kubernetes-patch-merge-key': mergeKey } : {}),
});
const str: Schema = { type: 'string' };

const schemas: Record<string, Schema> = {
  'io.k8s.api.apps.v1.Deployment': {
    type: 'object',
    properties: { metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), spec: ref('io.k8s.api.apps.v1.DeploymentSpec') },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    type: 'object',
    properties: {
      name: str,
      labels: { type: 'object', additionalProperties: str },
      finalizers: { ...mergeList(str), 'x-kubernetes-list-type': 'set' },
    },
  },
  'io.k8s.api.apps.v1.DeploymentSpec': {
    type: 'object',
    properties: {
      replicas: { type: 'integer' },
      // Upstream wraps a described $ref in allOf; the strategy sits beside it.
      template: { allOf: [ref('io.k8s.api.core.v1.PodTemplateSpec')], description: 'pod template' },
      strategy: { allOf: [ref('io.k8s.api.apps.v1.DeploymentStrategy')], 'x-kubernetes-patch-strategy': 'retainKeys' },
    },
  },
  'io.k8s.api.apps.v1.DeploymentStrategy': {
    type: 'object',
    properties: { type: str, rollingUpdate: { type: 'object', properties: { maxSurge: str, maxUnavailable: str } } },
  },
  'io.k8s.api.core.v1.PodTemplateSpec': {
    type: 'object',
    properties: { metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), spec: ref('io.k8s.api.core.v1.PodSpec') },
  },
  'io.k8s.api.core.v1.PodSpec': {
    type: 'object',
    properties: {
      containers: mergeList(ref('io.k8s.api.core.v1.Container'), 'name'),
      volumes: mergeList(ref('io.k8s.api.core.v1.Volume'), 'name', 'merge,retainKeys'),
      tolerations: { type: 'array', items: { type: 'object' } },
    },
  },
  'io.k8s.api.core.v1.Container': {
    type: 'object',
    properties: {
      name: str,
      image: str,
      args: { type: 'array', items: str },
      env: mergeList(ref('io.k8s.api.core.v1.EnvVar'), 'name'),
      ports: mergeList({ type: 'object', properties: { containerPort: { type: 'integer' } } }, 'containerPort'),
    },
  },
  'io.k8s.api.core.v1.EnvVar': { type: 'object', properties: { name: str, value: str } },
  'io.k8s.api.core.v1.Volume': {
    type: 'object',
    properties: { name: str, emptyDir: { type: 'object' }, configMap: { type: 'object' }, secret: { type: 'object' } },
  },

  // The MergeItem type of upstream's patch_test.go.
  MergeItem: {
    type: 'object',
    properties: {
      name: str,
      value: str,
      other: str,
      mergingList: mergeList(ref('MergeItem'), 'name'),
      nonMergingList: { type: 'array', items: ref('MergeItem') },
      mergingIntList: mergeList({ type: 'integer' }),
      nonMergingIntList: { type: 'array', items: { type: 'integer' } },
      mergeItemPtr: mergeList(ref('MergeItem'), 'name'),
      simpleMap: { type: 'object', additionalProperties: str },
      replacingItem: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-patch-strategy': 'replace' },
      retainKeysMap: { allOf: [ref('RetainKeysMergeItem')], 'x-kubernetes-patch-strategy': 'retainKeys' },
      retainKeysMergingList: mergeList(ref('MergeItem'), 'name', 'merge,retainKeys'),
    },
  },
  RetainKeysMergeItem: {
    type: 'object',
    properties: {
      name: str,
      value: str,
      other: str,
      simpleMap: { type: 'object', additionalProperties: str },
      mergingIntList: mergeList({ type: 'integer' }),
      mergingList: mergeList(ref('MergeItem'), 'name'),
      nonMergingList: { type: 'array', items: ref('MergeItem') },
    },
  },
};
const resolve = (r: string): Schema | undefined => schemas[r.replace('#/components/schemas/', '')];
const deployment = schemas['io.k8s.api.apps.v1.Deployment'];
const mergeItem = schemas.MergeItem;

/** Applies `patch` to `doc` as a MergeItem, checking the result carries no directive. */
function smp(doc: unknown, patch: unknown, schema: Schema | undefined = mergeItem): unknown {
  const out = applyStrategicMergePatch(doc, patch, schema, resolve);
  assert.deepEqual(directives(out), [], `directives left in ${JSON.stringify(out)}`);
  return out;
}

/** Returns the paths of every directive key in `v`. */
function directives(v: unknown, path = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((e, i) => directives(e, `${path}[${i}]`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, e]) => {
    const here = `${path}.${k}`;
    const own = k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder') || k.startsWith('$deleteFromPrimitiveList') ? [here] : [];
    return [...own, ...directives(e, here)];
  });
}

/** Asserts that `fn` throws a StatusError with `code`, and returns its message. */
function rejects(fn: () => unknown, code: number): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.reason, code === 400 ? 'BadRequest' : 'Invalid');
    return err.message;
  }
  assert.fail('expected an error');
}

// ---- What kubectl sends ----

const kubectlApplyBody = {
  spec: {
    template: {
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }, { name: 'c' }],
        containers: [
          { image: 'nginx:2', name: 'a' },
          { image: 'busybox', name: 'c' },
          { $patch: 'delete', name: 'b' },
        ],
      },
    },
  },
};

/** Returns a Deployment with these containers. */
function deploymentWith(containers: unknown[]): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 1, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } },
  };
}

test('kubectl apply of a Deployment container change (contract §8.1)', () => {
  const live = deploymentWith([
    { name: 'a', image: 'nginx:1', env: [{ name: 'X', value: '1' }] },
    { name: 'b', image: 'redis' },
  ]);
  assert.deepEqual(
    smp(live, kubectlApplyBody, deployment),
    deploymentWith([
      { name: 'a', image: 'nginx:2', env: [{ name: 'X', value: '1' }] },
      { image: 'busybox', name: 'c' },
    ]),
  );
});

test('kubectl apply keeps a server-added container where it was (upstream ordering)', () => {
  // A sidecar injected by the server is not in $setElementOrder; it keeps its place before the
  // container the patch adds.
  const live = deploymentWith([
    { name: 'a', image: 'nginx:1' },
    { name: 'sidecar', image: 'proxy' },
    { name: 'b', image: 'redis' },
  ]);
  const out = smp(live, kubectlApplyBody, deployment) as ReturnType<typeof deploymentWith>;
  assert.deepEqual(
    (out.spec as { template: { spec: { containers: Array<{ name: string }> } } }).template.spec.containers.map((c) => c.name),
    ['a', 'sidecar', 'c'],
  );
});

test('a container-less patch of a Deployment merges the env list by name', () => {
  const live = deploymentWith([{ name: 'a', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['--v=1'] }]);
  const out = smp(
    live,
    { spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }], args: ['--v=2'] }] } } } },
    deployment,
  );
  assert.deepEqual(
    out,
    deploymentWith([
      // Upstream without $setElementOrder: patch elements first in patch order where new.
      { name: 'a', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }], args: ['--v=2'] },
    ]),
  );
});

test('finalizers (a primitive merge list) are unioned, and removed with $deleteFromPrimitiveList', () => {
  const live = { metadata: { name: 'web', finalizers: ['a', 'b'] } };
  assert.deepEqual(smp(live, { metadata: { finalizers: ['b', 'c'] } }, deployment), { metadata: { name: 'web', finalizers: ['a', 'b', 'c'] } });
  assert.deepEqual(smp(live, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'zz'] } }, deployment), {
    metadata: { name: 'web', finalizers: ['b'] },
  });
  assert.deepEqual(
    smp(live, { metadata: { '$setElementOrder/finalizers': ['b', 'c'], finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] } }, deployment),
    { metadata: { name: 'web', finalizers: ['b', 'c'] } },
  );
});

test('retainKeys: switching a Deployment to Recreate clears rollingUpdate', () => {
  const live = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } } };
  const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } };
  assert.deepEqual(smp(live, patch, deployment), { spec: { strategy: { type: 'Recreate' } } });
});

test('merge,retainKeys: a volume changes its source', () => {
  const live = { spec: { template: { spec: { volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', secret: { secretName: 's' } }] } } } };
  const patch = {
    spec: {
      template: {
        spec: {
          '$setElementOrder/volumes': [{ name: 'v' }, { name: 'w' }],
          volumes: [{ $retainKeys: ['configMap', 'name'], name: 'v', configMap: { name: 'cm' }, emptyDir: null }],
        },
      },
    },
  };
  assert.deepEqual(smp(live, patch, deployment), {
    spec: { template: { spec: { volumes: [{ name: 'v', configMap: { name: 'cm' } }, { name: 'w', secret: { secretName: 's' } }] } } },
  });
});

test('lists without a patch strategy are replaced, directives and all removed', () => {
  const live = deploymentWith([{ name: 'a', image: 'x' }]);
  (live.spec as { template: { spec: Record<string, unknown> } }).template.spec.tolerations = [{ key: 'k1' }, { key: 'k2' }];
  const out = smp(live, { spec: { template: { spec: { tolerations: [{ key: 'k3' }, { $patch: 'delete', key: 'k1' }] } } } }, deployment);
  assert.deepEqual((out as { spec: { template: { spec: { tolerations: unknown } } } }).spec.template.spec.tolerations, [{ key: 'k3' }]);
});

// ---- Upstream cases (k8s.io/apimachinery strategicpatch patch_test.go), applied to the live
// object ("current") as kube-apiserver does, re-expressed as JSON. ----

const upstreamCases: Array<{ name: string; current: unknown; patch: unknown; result: unknown }> = [
  { name: 'unique scalars when merging lists', current: { mergingIntList: [1, 2] }, patch: { mergingIntList: [2, 3] }, result: { mergingIntList: [1, 2, 3] } },
  {
    name: 'delete map from nested map',
    current: { simpleMap: { key1: '1', key2: '1' } },
    patch: { simpleMap: { $patch: 'delete' } },
    result: { simpleMap: {} },
  },
  {
    name: 'delete all items from merging list',
    current: { mergingList: [{ name: '1' }, { name: '2' }] },
    patch: { mergingList: [{ $patch: 'replace' }] },
    result: { mergingList: [] },
  },
  { name: 'merge empty merging lists', current: { mergingList: [] }, patch: { mergingList: [] }, result: { mergingList: [] } },
  { name: 'delete all keys from map', current: { name: '1', value: '1' }, patch: { $patch: 'replace' }, result: {} },
  { name: 'add key and delete all keys from map', current: { name: '1', value: '1' }, patch: { other: 'a', $patch: 'replace' }, result: { other: 'a' } },
  {
    name: 'delete all duplicate entries in a merging list (every match goes)',
    current: { mergingList: [{ name: '1' }, { name: '1' }, { name: '2', value: 'a' }, { name: '3' }, { name: '3' }] },
    patch: { mergingList: [{ name: '1', $patch: 'delete' }, { name: '3', $patch: 'delete' }] },
    result: { mergingList: [{ name: '2', value: 'a' }] },
  },
  {
    name: 'preserve the order from the patch in a merging list',
    current: { mergingList: [{ name: '1' }, { name: '2', value: 'b' }, { name: '3' }] },
    patch: { mergingList: [{ name: '3', value: 'c' }, { name: '1', value: 'a' }, { name: '2', other: 'x' }] },
    result: { mergingList: [{ name: '3', value: 'c' }, { name: '1', value: 'a' }, { name: '2', value: 'b', other: 'x' }] },
  },
  {
    name: 'preserve the order from the patch in a merging list 2',
    current: { mergingList: [{ name: '1' }, { name: '2', value: 'b' }, { name: '3' }] },
    patch: { mergingList: [{ name: '3', value: 'c' }, { name: '1', value: 'a' }] },
    result: { mergingList: [{ name: '2', value: 'b' }, { name: '3', value: 'c' }, { name: '1', value: 'a' }] },
  },
  { name: 'preserve the order from the patch in a merging int list', current: { mergingIntList: [1, 2, 3] }, patch: { mergingIntList: [3, 1, 2] }, result: { mergingIntList: [3, 1, 2] } },
  { name: 'preserve the order from the patch in a merging int list 2', current: { mergingIntList: [1, 2, 3] }, patch: { mergingIntList: [3, 1] }, result: { mergingIntList: [2, 3, 1] } },
  {
    name: 'retainKeys map can add, change and delete fields without the directive',
    current: { retainKeysMap: { name: 'foo', value: 'a' } },
    patch: { retainKeysMap: { value: null, other: 'b' } },
    result: { retainKeysMap: { name: 'foo', other: 'b' } },
  },
  {
    name: '$setElementOrder may name elements absent from the list',
    current: { mergingList: [{ name: '1' }, { name: '3' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '3' }, { name: '2' }, { name: '1' }], mergingList: [{ name: '3', value: '3' }, { name: '1', value: '1' }] },
    result: { mergingList: [{ name: '3', value: '3' }, { name: '1', value: '1' }] },
  },
  {
    name: '$setElementOrder alone reorders an int list',
    current: { mergingIntList: [1, 3] },
    patch: { '$setElementOrder/mergingIntList': [3, 2, 1] },
    result: { mergingIntList: [3, 1] },
  },
  {
    name: 'merge lists of maps',
    current: { mergingList: [{ name: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: '4' }, { name: '1' }, { name: '2' }, { name: '3' }],
      mergingList: [{ name: '4', value: '4' }, { name: '3', value: '3' }],
    },
    result: {
      mergingList: [{ name: '4', value: '4' }, { name: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }, { name: '3', value: '3' }],
    },
  },
  {
    name: 'add field to map in merging list with conflict',
    current: { mergingList: [{ name: '1', other: 'a' }, { name: '3', value: '2', other: 'b' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }], mergingList: [{ name: '1', value: '1' }, { name: '2', value: '2' }] },
    result: { mergingList: [{ name: '1', value: '1', other: 'a' }, { name: '2', value: '2' }, { name: '3', value: '2', other: 'b' }] },
  },
  {
    name: 'delete map from merging list',
    current: { mergingList: [{ name: '1' }, { name: '2', other: 'b' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '2' }], mergingList: [{ name: '1', $patch: 'delete' }] },
    result: { mergingList: [{ name: '2', other: 'b' }] },
  },
  {
    name: 'delete missing map from merging list with conflict',
    current: { mergingList: [{ name: '3', other: 'a' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '2' }], mergingList: [{ name: '2' }, { name: '1', $patch: 'delete' }] },
    result: { mergingList: [{ name: '2' }, { name: '3', other: 'a' }] },
  },
  {
    name: 'add map and delete map from merging list',
    current: { mergingList: [{ name: '1' }, { name: '2', other: 'b' }, { name: '4', other: 'c' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '2' }, { name: '3' }], mergingList: [{ name: '3' }, { name: '1', $patch: 'delete' }] },
    result: { mergingList: [{ name: '2', other: 'b' }, { name: '4', other: 'c' }, { name: '3' }] },
  },
  {
    name: 'add map and delete map from merging list with conflict',
    current: { mergingList: [{ name: '1', other: 'a' }, { name: '4', other: 'c' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '2' }, { name: '3' }], mergingList: [{ name: '2' }, { name: '3' }, { name: '1', $patch: 'delete' }] },
    result: { mergingList: [{ name: '4', other: 'c' }, { name: '2' }, { name: '3' }] },
  },
  {
    name: 'delete field from map in merging list',
    current: { mergingList: [{ name: '1', value: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }], mergingList: [{ name: '1', value: null }] },
    result: { mergingList: [{ name: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }] },
  },
  {
    name: 'replace non merging list nested in merging list',
    current: { mergingList: [{ name: '1', other: 'a', nonMergingList: [{ name: '1' }, { name: '2', value: '2' }] }, { name: '2', other: 'b' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }], mergingList: [{ name: '1', nonMergingList: [{ name: '1', value: '1' }] }] },
    result: { mergingList: [{ name: '1', other: 'a', nonMergingList: [{ name: '1', value: '1' }] }, { name: '2', other: 'b' }] },
  },
  {
    name: 'add field to map in merging list nested in merging list',
    current: { mergingList: [{ name: '1', other: 'a', mergingList: [{ name: '1' }, { name: '2', value: '2' }] }, { name: '2', other: 'b' }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }],
      mergingList: [{ '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }], name: '1', mergingList: [{ name: '1', value: '1' }] }],
    },
    result: {
      mergingList: [{ name: '1', other: 'a', mergingList: [{ name: '1', value: '1' }, { name: '2', value: '2' }] }, { name: '2', other: 'b' }],
    },
  },
  {
    name: 'add field to map in merging list nested in merging list with deletion conflict',
    current: { mergingList: [{ name: '1', other: 'a', mergingList: [{ name: '2', value: '2', other: 'd' }] }, { name: '2', other: 'b' }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }],
      mergingList: [{ '$setElementOrder/mergingList': [{ name: '2' }, { name: '1' }], name: '1', mergingList: [{ name: '1', value: '1' }] }],
    },
    result: {
      mergingList: [{ name: '1', other: 'a', mergingList: [{ name: '2', value: '2', other: 'd' }, { name: '1', value: '1' }] }, { name: '2', other: 'b' }],
    },
  },
  {
    name: 'add map to merging list by pointer',
    current: { mergeItemPtr: [{ name: '1', other: 'a' }, { name: '3' }] },
    patch: { '$setElementOrder/mergeItemPtr': [{ name: '1' }, { name: '2' }], mergeItemPtr: [{ name: '2' }] },
    result: { mergeItemPtr: [{ name: '1', other: 'a' }, { name: '2' }, { name: '3' }] },
  },
  {
    name: 'merge lists of scalars',
    current: { mergingIntList: [1, 2, 4] },
    patch: { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3] },
    result: { mergingIntList: [1, 2, 3, 4] },
  },
  {
    name: 'add an item in a list of primitives and preserve order',
    current: { mergingIntList: [1, 4, 2] },
    patch: { '$setElementOrder/mergingIntList': [3, 1, 2], mergingIntList: [3] },
    result: { mergingIntList: [3, 1, 4, 2] },
  },
  {
    name: 'delete an item in a list of primitives and preserve order',
    current: { mergingIntList: [1, 2, 3] },
    patch: { '$setElementOrder/mergingIntList': [2, 1], '$deleteFromPrimitiveList/mergingIntList': [3] },
    result: { mergingIntList: [2, 1] },
  },
  {
    name: 'delete items in lists of scalars',
    current: { mergingIntList: [1, 2, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] },
    result: { mergingIntList: [1, 2, 4] },
  },
  {
    name: 'delete all duplicate items in lists of scalars',
    current: { mergingIntList: [1, 2, 3, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] },
    result: { mergingIntList: [1, 2, 4] },
  },
  {
    name: 'add and delete an item in a int list and preserve order',
    current: { mergingIntList: [1, 2, 3] },
    patch: { '$setElementOrder/mergingIntList': [4, 2, 1], mergingIntList: [4], '$deleteFromPrimitiveList/mergingIntList': [3] },
    result: { mergingIntList: [4, 2, 1] },
  },
  {
    name: 'add an item in a list and preserve order',
    current: { mergingList: [{ name: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '3' }, { name: '1' }, { name: '2' }], mergingList: [{ name: '3', value: '3' }] },
    result: { mergingList: [{ name: '3', value: '3' }, { name: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }] },
  },
  {
    name: 'add multiple items in a list and preserve order',
    current: { mergingList: [{ name: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: '1' }, { name: '4' }, { name: '2' }, { name: '3' }],
      mergingList: [{ name: '4', value: '4' }, { name: '3', value: '3' }],
    },
    result: {
      mergingList: [{ name: '1', other: 'a' }, { name: '4', value: '4' }, { name: '2', value: '2', other: 'b' }, { name: '3', value: '3' }],
    },
  },
  {
    name: 'delete an item in a list and preserve order',
    current: { mergingList: [{ name: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }, { name: '3', value: '3' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '2' }, { name: '1' }], mergingList: [{ name: '3', $patch: 'delete' }] },
    result: { mergingList: [{ name: '2', value: '2', other: 'b' }, { name: '1', other: 'a' }] },
  },
  {
    name: 'add and delete an item in a list and preserve order',
    current: { mergingList: [{ name: '1', other: 'a' }, { name: '2', value: '2', other: 'b' }, { name: '3', value: '3' }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: '4' }, { name: '2' }, { name: '1' }],
      mergingList: [{ name: '4', value: '4' }, { name: '3', $patch: 'delete' }],
    },
    result: { mergingList: [{ name: '4', value: '4' }, { name: '2', value: '2', other: 'b' }, { name: '1', other: 'a' }] },
  },
  {
    name: 'set elements order in a list with server-only items',
    current: { mergingList: [{ name: '1', other: 'a' }, { name: '3', value: '3' }, { name: '4', value: '4' }, { name: '2', value: '2' }, { name: '9' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '4' }, { name: '2' }, { name: '3' }, { name: '1' }] },
    result: { mergingList: [{ name: '4', value: '4' }, { name: '2', value: '2' }, { name: '3', value: '3' }, { name: '1', other: 'a' }, { name: '9' }] },
  },
  {
    name: 'set elements order in a list with server-only items 2',
    current: { mergingList: [{ name: '1', other: 'a' }, { name: '2', value: '2' }, { name: '9' }, { name: '3', value: '3' }, { name: '4', value: '4' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '2' }, { name: '1' }, { name: '4' }, { name: '3' }] },
    result: { mergingList: [{ name: '2', value: '2' }, { name: '1', other: 'a' }, { name: '9' }, { name: '4', value: '4' }, { name: '3', value: '3' }] },
  },
  {
    name: 'set elements order in a int list with server-only items 3',
    current: { mergingIntList: [1, 2, 7, 9, 8, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [2, 1, 4, 3] },
    result: { mergingIntList: [2, 1, 7, 9, 8, 4, 3] },
  },
  {
    name: 'behavior of set element order for a merging list with duplicate',
    current: { mergingList: [{ name: '1' }, { name: '2', value: 'dup1' }, { name: '3' }, { name: '2', value: 'dup2' }, { name: '4' }] },
    patch: { '$setElementOrder/mergingList': [{ name: '2' }, { name: '1' }, { name: '4' }, { name: '3' }, { name: '2' }] },
    result: { mergingList: [{ name: '2', value: 'dup1' }, { name: '2', value: 'dup2' }, { name: '1' }, { name: '4' }, { name: '3' }] },
  },
  {
    name: 'behavior of set element order for a merging int list with duplicate',
    current: { mergingIntList: [1, 2, 3, 2, 4] },
    patch: { '$setElementOrder/mergingIntList': [2, 1, 4, 3, 2] },
    result: { mergingIntList: [2, 2, 1, 4, 3] },
  },
  {
    name: 'retainKeys map should clear defaulted field',
    current: { retainKeysMap: { value: 'foo' } },
    patch: { retainKeysMap: { $retainKeys: ['other'], other: 'bar' } },
    result: { retainKeysMap: { other: 'bar' } },
  },
  {
    name: 'retainKeys map deletes a field and clears a field',
    current: { retainKeysMap: { name: 'foo', value: 'bar', other: 'a' } },
    patch: { retainKeysMap: { $retainKeys: ['name'], value: null } },
    result: { retainKeysMap: { name: 'foo' } },
  },
  {
    name: 'retainKeys map adds a field in a nested map',
    current: { retainKeysMap: { name: 'foo', value: 'bar', simpleMap: { key1: 'a', key3: 'c' } } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'simpleMap', 'value'], simpleMap: { key2: 'b' } } },
    result: { retainKeysMap: { name: 'foo', value: 'bar', simpleMap: { key1: 'a', key3: 'c', key2: 'b' } } },
  },
  {
    name: 'retainKeys map adds an item and deletes an item in nested merging int list',
    current: { retainKeysMap: { name: 'foo', mergingIntList: [1, 2, 3, 4] } },
    patch: {
      retainKeysMap: {
        $retainKeys: ['mergingIntList', 'name'],
        mergingIntList: [5],
        '$deleteFromPrimitiveList/mergingIntList': [2],
        '$setElementOrder/mergingIntList': [1, 3, 5],
      },
    },
    result: { retainKeysMap: { name: 'foo', mergingIntList: [1, 3, 5, 4] } },
  },
  {
    name: 'retainKeys map adds an item in nested merging list',
    current: { retainKeysMap: { name: 'foo', mergingList: [{ name: 'a' }, { name: 'b' }, { name: 'x' }] } },
    patch: {
      retainKeysMap: {
        $retainKeys: ['mergingList', 'name'],
        '$setElementOrder/mergingList': [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
        mergingList: [{ name: 'c' }],
      },
    },
    result: { retainKeysMap: { name: 'foo', mergingList: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'x' }] } },
  },
  {
    name: 'retainKeys map deletes nested non-merging list',
    current: { retainKeysMap: { name: 'foo', nonMergingList: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'bar', nonMergingList: null } },
    result: { retainKeysMap: { name: 'foo', value: 'bar' } },
  },
  {
    name: 'retainKeys list of maps clears a field',
    current: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a', other: 'x' }] },
    patch: {
      '$setElementOrder/retainKeysMergingList': [{ name: 'bar' }, { name: 'foo' }],
      retainKeysMergingList: [{ $retainKeys: ['name', 'value'], name: 'foo' }],
    },
    result: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
  },
  {
    name: 'delete and reorder in one list, reorder in another',
    current: { mergingList: [{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'c', value: 'c' }, { name: 'd', value: 'd' }] },
    patch: {
      '$setElementOrder/mergingList': [{ name: 'b' }],
      '$setElementOrder/mergeItemPtr': [{ name: 'd' }, { name: 'c' }],
      mergingList: [{ $patch: 'delete', name: 'a' }],
    },
    result: { mergingList: [{ name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'd', value: 'd' }, { name: 'c', value: 'c' }] },
  },
  {
    name: 'replace RawExtension field and merge list',
    current: { name: 'my-object', mergingList: [{ name: '1' }, { name: '3' }], replacingItem: { Some: 'Generic', Yaml: 'Inside', Field: 'Period' } },
    patch: {
      '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }],
      mergingList: [{ name: '2' }],
      replacingItem: { Newly: 'Modified', Yaml: 'Inside' },
    },
    result: { name: 'my-object', mergingList: [{ name: '1' }, { name: '2' }, { name: '3' }], replacingItem: { Newly: 'Modified', Yaml: 'Inside' } },
  },
  {
    name: 'defined null values propagate and remove current fields',
    current: { name: 'original-name', value: 'original-value', other: 'current-other' },
    patch: { name: 'modified-name', value: null },
    result: { name: 'modified-name', other: 'current-other' },
  },
];

for (const c of upstreamCases) {
  test(`upstream: ${c.name}`, () => {
    assert.deepEqual(smp(c.current, c.patch), c.result);
  });
}

// ---- Directives ----

test('$patch: replace on a list element makes the patch the whole list', () => {
  const current = { mergingList: [{ name: '1', value: 'a' }, { name: '2' }] };
  assert.deepEqual(smp(current, { mergingList: [{ name: '3', value: null, other: 'c' }, { $patch: 'replace' }] }), {
    mergingList: [{ name: '3', other: 'c' }],
  });
});

test('$patch: replace on a nested map replaces it', () => {
  assert.deepEqual(smp({ simpleMap: { a: '1', b: '2' }, name: 'n' }, { simpleMap: { $patch: 'replace', c: '3' } }), {
    simpleMap: { c: '3' },
    name: 'n',
  });
});

test('$patch: merge is accepted as the default made explicit', () => {
  assert.deepEqual(smp({ simpleMap: { a: '1' } }, { simpleMap: { $patch: 'merge', b: '2' } }), { simpleMap: { a: '1', b: '2' } });
  assert.deepEqual(smp({ mergingList: [{ name: '1', value: 'a' }] }, { mergingList: [{ name: '1', other: 'b', $patch: 'merge' }, { $patch: 'merge' }] }), {
    mergingList: [{ name: '1', value: 'a', other: 'b' }],
  });
});

test('directives inside a newly added value are not stored', () => {
  const out = smp(
    { mergingList: [{ name: '1' }] },
    {
      mergingList: [
        {
          name: '2',
          mergingList: [{ name: 'x', $patch: 'delete' }, { name: 'y' }],
          '$setElementOrder/mergingList': [{ name: 'y' }],
          simpleMap: { $patch: 'replace', a: '1' },
          value: null,
        },
      ],
      retainKeysMap: { $retainKeys: ['name'], name: 'n', simpleMap: { k: null, j: 'v' } },
    },
  );
  assert.deepEqual(out, {
    mergingList: [{ name: '2', mergingList: [{ name: 'y' }] }, { name: '1' }],
    retainKeysMap: { name: 'n', simpleMap: { j: 'v' } },
  });
});

test('$patch: delete on a map empties it; on the whole object too', () => {
  assert.deepEqual(smp({ simpleMap: { a: '1' }, name: 'n' }, { simpleMap: { $patch: 'delete' } }), { simpleMap: {}, name: 'n' });
  assert.deepEqual(smp({ name: 'n' }, { $patch: 'delete' }), {});
});

test('$deleteFromPrimitiveList applies whatever the list strategy', () => {
  assert.deepEqual(smp({ nonMergingIntList: [1, 2, 3, 2] }, { '$deleteFromPrimitiveList/nonMergingIntList': [2] }), { nonMergingIntList: [1, 3] });
  assert.deepEqual(smp({ name: 'n' }, { '$deleteFromPrimitiveList/nonMergingIntList': [2] }), { name: 'n' });
});

// ---- Without a schema (an unknown kind): JSON merge semantics, directives honoured ----

test('without a schema, maps merge, lists are replaced and directives still apply', () => {
  const current = { spec: { owner: { user: 'alice', team: 'x' }, list: [{ name: 'a' }, { name: 'b' }], tags: ['t1'] } };
  assert.deepEqual(smp(current, { spec: { owner: { team: null, group: 'g' }, list: [{ name: 'c' }], tags: ['t2'] } }, undefined), {
    spec: { owner: { user: 'alice', group: 'g' }, list: [{ name: 'c' }], tags: ['t2'] },
  });
  assert.deepEqual(smp(current, { spec: { owner: { $patch: 'replace', user: 'bob' } } }, undefined), {
    spec: { owner: { user: 'bob' }, list: [{ name: 'a' }, { name: 'b' }], tags: ['t1'] },
  });
  assert.deepEqual(smp(current, { spec: { '$deleteFromPrimitiveList/tags': ['t1'], list: [{ name: 'z', $patch: 'delete' }] } }, undefined), {
    spec: { owner: { user: 'alice', team: 'x' }, list: [], tags: [] },
  });
});

test('fields the schema does not describe merge like JSON merge patch', () => {
  const current = { metadata: { name: 'web', annotations: { a: '1' } }, status: { conditions: [{ type: 'A' }] } };
  assert.deepEqual(smp(current, { metadata: { annotations: { b: '2' } }, status: { conditions: [{ type: 'B' }] } }, deployment), {
    metadata: { name: 'web', annotations: { a: '1', b: '2' } },
    status: { conditions: [{ type: 'B' }] },
  });
});

// ---- Errors ----

test('malformed directives are 400 BadRequest with upstream messages', () => {
  const cases: Array<[unknown, unknown, string | RegExp]> = [
    [{ simpleMap: {} }, { simpleMap: { $patch: 'explode' } }, 'unknown patch type: explode in map: map[$patch:explode]'],
    [{ mergingList: [{ name: '1' }] }, { mergingList: [{ name: '1', $patch: 'nope' }] }, 'unknown patch type: nope in map: map[$patch:nope name:1]'],
    [{ name: 'n' }, { $retainKeys: 'name' }, 'invalid patch format of retainKeys'],
    [{ name: 'n' }, { $retainKeys: ['name'], value: 'v' }, 'invalid patch format of retainKeys'],
    [{ mergingList: [] }, { '$setElementOrder/mergingList': 'x' }, 'invalid patch format of setElementOrder list'],
    [{ mergingList: [] }, { '$setElementOrderX/mergingList': [] }, 'invalid patch format of setElementOrder list'],
    [{ mergingList: [] }, { $setElementOrder: [] }, 'invalid patch format of setElementOrder list'],
    [{ mergingIntList: [1] }, { $deleteFromPrimitiveList: [1] }, 'invalid patch format of primitive list'],
    [{ mergingIntList: [1] }, { '$deleteFromPrimitiveList/mergingIntList': 1 }, 'invalid patch format of primitive list'],
    [{ mergingList: [{ name: '1' }] }, { '$deleteFromPrimitiveList/mergingList': [{ name: '1' }] }, 'invalid patch format of primitive list'],
    [{ mergingList: [{ name: '1', value: 'a' }] }, { mergingList: [{ value: 'b' }] }, 'map: map[value:b] does not contain declared merge key: name'],
    [{ mergingList: [{ name: '1' }] }, { mergingList: [{ $patch: 'delete' }] }, /does not contain declared merge key: name/],
    [
      { mergingList: [{ name: '1' }, { name: '3' }, { name: '2' }] },
      { '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }, { name: '3' }], mergingList: [{ name: '3', value: '3' }, { name: '1', value: '1' }] },
      /^the order in patch list:\n.*\n doesn't match \$setElementOrder list:\n/,
    ],
    [{ mergingIntList: [1, 3, 2] }, { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3, 1] }, /doesn't match/],
    [{ mergingIntList: [1] }, { mergingIntList: ['a'] }, /^list element types are not identical/],
    [{ name: 'n' }, ['not', 'a', 'map'], 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
  ];
  for (const [doc, patch, message] of cases) {
    const got = rejects(() => applyStrategicMergePatch(doc, patch, mergeItem, resolve), 400);
    if (typeof message === 'string') assert.equal(got, message);
    else assert.match(got, message);
  }
});

test('lists of lists are 422 Invalid', () => {
  assert.equal(rejects(() => applyStrategicMergePatch({ mergingIntList: [[1]] }, { mergingIntList: [[2]] }, mergeItem, resolve), 422), 'lists of lists are not supported');
  // A list of lists without a merge strategy is simply replaced.
  assert.deepEqual(smp({ nonMergingIntList: [[1]] }, { nonMergingIntList: [[2]] }), { nonMergingIntList: [[2]] });
});

test('nesting deeper than 100 levels is 400', () => {
  let deep: unknown = {};
  for (let i = 0; i < 100; i++) deep = { a: deep };
  rejects(() => applyStrategicMergePatch({}, deep, undefined, resolve), 400);
  rejects(() => applyStrategicMergePatch(deep, {}, undefined, resolve), 400);
  assert.doesNotThrow(() => applyStrategicMergePatch({}, (deep as { a: unknown }).a, undefined, resolve));
});

test('a null patch changes nothing; the inputs are never modified', () => {
  const doc = { mergingList: [{ name: '1', value: 'a' }], simpleMap: { k: 'v' } };
  assert.deepEqual(applyStrategicMergePatch(doc, null, mergeItem, resolve), doc);
  const patch = { '$setElementOrder/mergingList': [{ name: '2' }, { name: '1' }], mergingList: [{ name: '2' }, { name: '1', value: null }], simpleMap: { $patch: 'replace' } };
  const docBefore = structuredClone(doc);
  const patchBefore = structuredClone(patch);
  const out = smp(doc, patch) as typeof doc;
  assert.deepEqual(doc, docBefore);
  assert.deepEqual(patch, patchBefore);
  assert.deepEqual(out, { mergingList: [{ name: '2' }, { name: '1' }], simpleMap: {} });
});

test('keys like __proto__ and constructor are plain members', () => {
  const out = smp(JSON.parse('{"simpleMap": {"constructor": "c"}}'), JSON.parse('{"simpleMap": {"__proto__": "p"}, "toString": {"a": 1}}')) as Record<
    string,
    Record<string, unknown>
  >;
  assert.deepEqual(Object.keys(out.simpleMap as object).sort(), ['__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(out.simpleMap), Object.prototype);
  assert.deepEqual(out.toString, { a: 1 });
});

// ---- Properties ----

/** Generated values as a JSON body would hold them (fast-check builds null-prototype objects). */
const asJson = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T> => a.map((v) => JSON.parse(JSON.stringify(v)) as T);

test('property: without lists, a strategic merge patch is a JSON merge patch', () => {
  const key = fc.constantFrom('a', 'b', 'c', 'name', 'simpleMap');
  const tree = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 2 }), fc.integer(), fc.boolean(), fc.constant(null), tie('object')),
    object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  }));
  const object = asJson(tree.object as fc.Arbitrary<Record<string, unknown>>);
  fc.assert(
    fc.property(object, object, (doc, patch) => {
      const merged = applyMergePatch(doc, patch);
      assert.deepEqual(applyStrategicMergePatch(doc, patch, undefined, resolve), merged);
      assert.deepEqual(applyStrategicMergePatch(doc, patch, mergeItem, resolve), merged);
    }),
  );
});

const names = ['a', 'b', 'c', 'd', 'e', 'f'];
/** A live MergeItem with a merge-keyed list of distinct names and a primitive merge list. */
const liveItem = asJson(
  fc.record({
    mergingList: fc.uniqueArray(
      fc.record({ name: fc.constantFrom(...names), value: fc.string({ maxLength: 2 }), other: fc.string({ maxLength: 2 }) }, { requiredKeys: ['name'] }),
      { selector: (e) => e.name, maxLength: 5 },
    ),
    mergingIntList: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 5 }),
  }),
);
/** A patch element: a merge (possibly nulling a field) or a delete directive. */
const patchElement = fc.oneof(
  fc.record({ name: fc.constantFrom(...names), value: fc.oneof(fc.string({ maxLength: 2 }), fc.constant(null)) }, { requiredKeys: ['name'] }),
  fc.record({ name: fc.constantFrom(...names), $patch: fc.constant('delete') }),
);
/** A patch of the MergeItem lists, optionally with a consistent $setElementOrder. */
const listPatch = asJson(
  fc
    .record({
      elements: fc.uniqueArray(patchElement, { selector: (e) => e.name, maxLength: 4 }),
      ints: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
      deleteInts: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 2 }),
      extraOrder: fc.shuffledSubarray(names),
      withOrder: fc.boolean(),
    })
    .map(({ elements, ints, deleteInts, extraOrder, withOrder }) => {
      const patch: Record<string, unknown> = { mergingList: elements, mergingIntList: ints, '$deleteFromPrimitiveList/mergingIntList': deleteInts };
      if (withOrder) {
        // Every merged element, in patch order, with other names placed around them.
        const kept = elements.filter((e) => !('$patch' in e)).map((e) => e.name);
        const others = extraOrder.filter((n) => !elements.some((e) => e.name === n));
        const order: string[] = [];
        kept.forEach((n, i) => order.push(...others.filter((_, j) => j % (kept.length + 1) === i), n));
        order.push(...others.filter((_, j) => j % (kept.length + 1) === kept.length));
        patch['$setElementOrder/mergingList'] = order.map((name) => ({ name }));
      }
      return patch;
    }),
);

test('property: applying a patch twice equals applying it once (merge-keyed and primitive lists)', () => {
  fc.assert(
    fc.property(liveItem, listPatch, (doc, patch) => {
      const once = smp(doc, patch);
      assert.deepEqual(smp(once, patch), once);
    }),
    { numRuns: 300 },
  );
});

test('property: $setElementOrder puts the elements it names in its order, keeping the others', () => {
  fc.assert(
    fc.property(liveItem, fc.shuffledSubarray(names), fc.uniqueArray(fc.constantFrom(...names), { maxLength: 3 }), (doc, order, added) => {
      // The patch list adds or touches `added`, listed in the order the directive gives them.
      const listed = order.filter((n) => added.includes(n));
      const patch = { '$setElementOrder/mergingList': order.map((name) => ({ name })), mergingList: listed.map((name) => ({ name, other: 'p' })) };
      const out = smp(doc, patch) as { mergingList: Array<{ name: string }> };
      const got = out.mergingList.map((e) => e.name);
      assert.deepEqual(
        got.filter((n) => order.includes(n)),
        order.filter((n) => got.includes(n)),
      );
      const expected = new Set([...doc.mergingList.map((e) => e.name), ...listed]);
      assert.deepEqual(new Set(got), expected);
      assert.equal(got.length, expected.size);
    }),
    { numRuns: 300 },
  );
});
