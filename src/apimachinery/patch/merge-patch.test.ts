import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StatusError } from '../errors.ts';
import { applyMergePatch, createMergePatch } from './index.ts';

test('RFC 7386 appendix A examples', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [doc, patch, want] of cases) {
    assert.deepEqual(applyMergePatch(doc, patch), want, `${JSON.stringify(doc)} + ${JSON.stringify(patch)}`);
  }
});

test('what kubectl sends: label, annotate, apply and edit of a custom kind', () => {
  const vci = {
    apiVersion: 'management.loft.sh/v1',
    kind: 'VirtualClusterInstance',
    metadata: { name: 'vc', labels: { keep: 'yes', drop: 'x' }, annotations: { a: '1' } },
    spec: { owner: { user: 'alice' }, displayName: 'old', parameters: ['p1'] },
  };
  const patched = applyMergePatch(vci, {
    metadata: { labels: { drop: null, added: 'y' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' } },
    spec: { owner: { user: 'bob' }, displayName: 'new', parameters: ['p2'] },
  });
  assert.deepEqual(patched, {
    apiVersion: 'management.loft.sh/v1',
    kind: 'VirtualClusterInstance',
    metadata: {
      name: 'vc',
      labels: { keep: 'yes', added: 'y' },
      annotations: { a: '1', 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' },
    },
    spec: { owner: { user: 'bob' }, displayName: 'new', parameters: ['p2'] },
  });
});

test('values not merged into an object lose their null members, at every level (evanphx pruneNulls)', () => {
  assert.deepEqual(applyMergePatch({ a: 1 }, { a: { x: null, y: { z: null, w: 1 } } }), { a: { y: { w: 1 } } });
  assert.deepEqual(applyMergePatch({}, { list: [{ x: null, y: 1 }, null] }), { list: [{ y: 1 }, null] });
  assert.deepEqual(applyMergePatch({ a: null }, { a: { b: null, c: 2 } }), { a: { c: 2 } });
});

test('createMergePatch', () => {
  assert.deepEqual(createMergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { a: 1, b: { c: 4 }, e: [1, 2], f: 'x' }), {
    b: { c: 4, d: null },
    e: [1, 2],
    f: 'x',
  });
  assert.deepEqual(createMergePatch({ a: { b: 1 } }, { a: {} }), { a: { b: null } });
  assert.deepEqual(createMergePatch({ a: 1 }, { a: 1 }), {});
  assert.deepEqual(createMergePatch({ a: 1 }, { a: { b: 1 } }), { a: { b: 1 } });
  assert.deepEqual(createMergePatch({ a: 1 }, ['x']), ['x']);
});

test('inputs are never modified, and the result shares nothing with them', () => {
  const doc = { metadata: { labels: { a: '1' } }, untouched: { deep: [1] } };
  const patch = { metadata: { labels: { b: '2' } }, added: { x: [1] } };
  const docBefore = structuredClone(doc);
  const patchBefore = structuredClone(patch);
  const out = applyMergePatch(doc, patch) as typeof doc & typeof patch;
  assert.deepEqual(doc, docBefore);
  assert.deepEqual(patch, patchBefore);
  out.untouched.deep.push(2);
  out.added.x.push(2);
  assert.deepEqual(doc, docBefore);
  assert.deepEqual(patch, patchBefore);
});

test('keys like __proto__ and constructor are plain members', () => {
  const out = applyMergePatch(JSON.parse('{"constructor": 1}'), JSON.parse('{"__proto__": {"polluted": true}, "toString": "s"}')) as Record<
    string,
    unknown
  >;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.keys(out).sort(), ['__proto__', 'constructor', 'toString']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(applyMergePatch({}, { hasOwnProperty: null }), {});
});

test('nesting deeper than 100 levels is 400', () => {
  let deep: unknown = {};
  for (let i = 0; i < 100; i++) deep = { a: deep };
  assert.throws(
    () => applyMergePatch({}, deep),
    (err) => err instanceof StatusError && err.code === 400 && err.reason === 'BadRequest',
  );
  assert.throws(() => applyMergePatch(deep, {}), StatusError);
  assert.throws(() => createMergePatch(deep, {}), StatusError);
  assert.doesNotThrow(() => applyMergePatch({}, (deep as { a: unknown }).a));
});

// ---- Properties (RFC 7386 laws) ----

const key = fc.constantFrom('a', 'b', 'c', 'd');
/** JSON objects whose values are never null, as a merge patch cannot produce nulls. */
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));
/** Generated values as a JSON body would hold them (fast-check builds null-prototype objects). */
const asJson = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T> => a.map((v) => JSON.parse(JSON.stringify(v)) as T);
const nullFree = asJson(tree.object as fc.Arbitrary<Record<string, unknown>>);
const patchTree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));
const anyPatch = asJson(patchTree.object as fc.Arbitrary<Record<string, unknown>>);

test('property: applying createMergePatch(a, b) to a gives b', () => {
  fc.assert(
    fc.property(nullFree, nullFree, (a, b) => {
      assert.deepEqual(applyMergePatch(a, createMergePatch(a, b)), b);
    }),
  );
});

test('property: applying a patch twice equals applying it once', () => {
  fc.assert(
    fc.property(nullFree, anyPatch, (doc, patch) => {
      const once = applyMergePatch(doc, patch);
      assert.deepEqual(applyMergePatch(once, patch), once);
    }),
  );
});

test('property: the empty patch is the identity, and createMergePatch(a, a) is empty', () => {
  fc.assert(
    fc.property(asJson(patchTree.object as fc.Arbitrary<Record<string, unknown>>), (doc) => {
      assert.deepEqual(applyMergePatch(doc, {}), doc);
      assert.deepEqual(createMergePatch(doc, doc), {});
    }),
  );
});
