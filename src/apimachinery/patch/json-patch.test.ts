import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StatusError } from '../errors.ts';
import { applyJsonPatch, JSON_PATCH_MAX_COPY_BYTES, MAX_JSON_PATCH_OPERATIONS } from './index.ts';

/** Asserts that `fn` throws a StatusError with `code` and `reason`, and returns its Status. */
function rejects(fn: () => unknown, code: number, reason: string): StatusError['status'] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    assert.equal(err.status.code, code, err.message);
    assert.equal(err.status.reason, reason);
    return err.status;
  }
  assert.fail('expected an error');
}

// RFC 6902 Appendix A, each example as (document, patch, result or failure).
test('RFC 6902 appendix A examples', () => {
  const ok: Array<[string, unknown, unknown[], unknown]> = [
    ['A.1 add an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
    ['A.2 add an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['A.3 remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['A.4 remove an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    ['A.5 replace a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    ['A.7 move an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
    [
      'A.8 test a value: success',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    ['A.10 add a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
    ['A.11 ignore unrecognized elements', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }], { foo: 'bar', baz: 'qux' }],
    ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    ['A.16 add an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
  ];
  for (const [name, doc, patch, want] of ok) assert.deepEqual(applyJsonPatch(doc, patch), want, name);

  // A.9, A.12, A.13 (duplicate members cannot be expressed once parsed), A.15.
  rejects(() => applyJsonPatch({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]), 422, 'Invalid');
  rejects(() => applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]), 422, 'Invalid');
  rejects(() => applyJsonPatch({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]), 422, 'Invalid');
});

test('add under a missing parent is 422 Invalid without details, worded like evanphx/json-patch', () => {
  const status = rejects(
    () => applyJsonPatch({ metadata: { name: 'x' } }, [{ op: 'add', path: '/metadata/annotations/my-annotation', value: 'v' }]),
    422,
    'Invalid',
  );
  // kubectl prints "The request is invalid: <message>" only when there are no details.
  assert.equal(status.details, undefined);
  assert.equal(status.message, 'add operation does not apply: doc is missing path: "/metadata/annotations/my-annotation": missing value');
  // Adding the whole map works (contract §10).
  assert.deepEqual(applyJsonPatch({ metadata: { name: 'x' } }, [{ op: 'add', path: '/metadata/annotations', value: { a: 'b' } }]), {
    metadata: { name: 'x', annotations: { a: 'b' } },
  });
});

test('failing operations carry upstream messages', () => {
  const cases: Array<[unknown, unknown[], string]> = [
    [{ a: 1 }, [{ op: 'remove', path: '/b' }], "error in remove for path: '/b': unable to remove nonexistent key: b: missing value"],
    [{ a: 1 }, [{ op: 'remove', path: '/x/y' }], 'remove operation does not apply: doc is missing path: "/x/y": missing value'],
    [{ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }], 'replace operation does not apply: doc is missing key: /b: missing value'],
    [{ a: [1] }, [{ op: 'replace', path: '/a/3', value: 2 }], 'replace operation does not apply: doc is missing key: /a/3: missing value'],
    [{ a: 1 }, [{ op: 'test', path: '/a', value: 2 }], 'testing value /a failed: test failed'],
    [{ a: 1 }, [{ op: 'test', path: '/x/y', value: 2 }], 'test operation does not apply: is missing path: /x/y: missing value'],
    [{ a: [1] }, [{ op: 'test', path: '/a/5', value: 1 }], "error in test for path: '/a/5': Unable to access invalid index: 5: invalid index referenced"],
    [{ a: [1] }, [{ op: 'remove', path: '/a/1' }], "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index referenced"],
    [{ a: [1] }, [{ op: 'remove', path: '/a/x' }], `error in remove for path: '/a/x': strconv.Atoi: parsing "x": invalid syntax`],
    [{ a: [1] }, [{ op: 'add', path: '/a/x', value: 1 }], `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`],
    [{ a: [1] }, [{ op: 'add', path: '/a/3', value: 1 }], "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced"],
    [{ a: 1 }, [{ op: 'move', from: '/b', path: '/c' }], "error in move for path: 'b': unable to get nonexistent key: b: missing value"],
    [{ a: 1 }, [{ op: 'move', from: '/a', path: '/x/y' }], 'move operation does not apply: doc is missing destination path: /x/y: missing value'],
    [{ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/b/c' }], 'move operation does not apply: doc is missing destination path: /a/b/c: missing value'],
    [{ a: 1 }, [{ op: 'copy', from: '/b', path: '/c' }], "error in copy for from: '/b': unable to get nonexistent key: b: missing value"],
    [{ a: 1 }, [{ op: 'copy', from: '/a', path: '/x/y' }], 'copy operation does not apply: doc is missing destination path: /x/y: missing value'],
    [{ a: 1 }, [{ op: 'add', path: '', value: {} }], 'add operation does not apply: doc is missing path: "": missing value'],
    [{ a: 1 }, [{ op: 'add', value: 1 }], 'add operation failed to decode path: missing value'],
    [{ a: 1 }, [{ op: 'replace', value: 1 }], 'replace operation failed to decode path: operation missing path field: missing value'],
    [{ a: 1 }, [{ op: 'move', path: '/b' }], 'move operation failed to decode from: operation, missing from field: missing value'],
    [{ a: 1 }, [{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
    [{ a: 1 }, [{ path: '/a' }], 'Unexpected kind: unknown'],
  ];
  for (const [doc, patch, message] of cases) {
    const status = rejects(() => applyJsonPatch(doc, patch), 422, 'Invalid');
    assert.equal(status.message, message);
    assert.equal(status.details, undefined);
  }
});

test('a patch that is not an array of operations is 400 BadRequest', () => {
  assert.equal(rejects(() => applyJsonPatch({}, { op: 'add' }), 400, 'BadRequest').message, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  rejects(() => applyJsonPatch({}, null), 400, 'BadRequest');
  rejects(() => applyJsonPatch({}, 'add'), 400, 'BadRequest');
  assert.equal(
    rejects(() => applyJsonPatch({}, ['add']), 400, 'BadRequest').message,
    'json: cannot unmarshal string into Go value of type jsonpatch.Operation',
  );
  assert.deepEqual(applyJsonPatch({ a: 1 }, []), { a: 1 });
});

test('JSON pointer escaping, "-" and numeric indices follow evanphx/json-patch', () => {
  assert.deepEqual(applyJsonPatch({ 'a/b': 1, 'm~n': 2 }, [{ op: 'replace', path: '/a~1b', value: 3 }, { op: 'remove', path: '/m~0n' }]), { 'a/b': 3 });
  assert.deepEqual(applyJsonPatch({ '': 1 }, [{ op: 'replace', path: '/', value: 2 }]), { '': 2 });
  assert.deepEqual(applyJsonPatch({ a: [1, 2] }, [{ op: 'add', path: '/a/-', value: 3 }]), { a: [1, 2, 3] });
  assert.deepEqual(applyJsonPatch({ a: [1, 2] }, [{ op: 'add', path: '/a/2', value: 3 }]), { a: [1, 2, 3] });
  // SupportNegativeIndices is on by default upstream: -1 is the last element.
  assert.deepEqual(applyJsonPatch({ a: [1, 2, 3] }, [{ op: 'remove', path: '/a/-1' }]), { a: [1, 2] });
  assert.deepEqual(applyJsonPatch({ a: [1, 2, 3] }, [{ op: 'replace', path: '/a/-3', value: 0 }]), { a: [0, 2, 3] });
  assert.deepEqual(applyJsonPatch({ a: [1, 2] }, [{ op: 'add', path: '/a/-1', value: 9 }]), { a: [1, 2, 9] });
  assert.deepEqual(applyJsonPatch({ a: [1, 2] }, [{ op: 'add', path: '/a/01', value: 9 }]), { a: [1, 9, 2] });
  assert.deepEqual(applyJsonPatch({ a: [[1], [2]] }, [{ op: 'replace', path: '/a/1/0', value: 5 }]), { a: [[1], [5]] });
  rejects(() => applyJsonPatch({ a: [1, 2] }, [{ op: 'remove', path: '/a/-3' }]), 422, 'Invalid');
  rejects(() => applyJsonPatch({ a: [1, 2] }, [{ op: 'remove', path: '/a/-' }]), 422, 'Invalid');
  // Only the first "/"-separated segment is dropped, so "a/b" acts on "/b" (findObject).
  assert.deepEqual(applyJsonPatch({ b: 1 }, [{ op: 'replace', path: 'x/b', value: 2 }]), { b: 2 });
});

test('replace and test accept the empty path; add and remove do not', () => {
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }]), { b: 2 });
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'test', path: '', value: { a: 1 } }]), { a: 1 });
  rejects(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '', value: { a: 2 } }]), 422, 'Invalid');
  rejects(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: 5 }]), 422, 'Invalid');
  rejects(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '' }]), 422, 'Invalid');
});

test('test: a missing key equals null; add without a value adds null', () => {
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/missing', value: null }]), { a: 1 });
  assert.deepEqual(applyJsonPatch({ a: null }, [{ op: 'test', path: '/a', value: null }]), { a: null });
  rejects(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a' }]), 422, 'Invalid');
  assert.deepEqual(applyJsonPatch({}, [{ op: 'add', path: '/a' }]), { a: null });
  // Comparison is by JSON value, not by key order.
  assert.deepEqual(applyJsonPatch({ a: { x: 1, y: [1, { z: 2 }] } }, [{ op: 'test', path: '/a', value: { y: [1, { z: 2 }], x: 1 } }]), {
    a: { x: 1, y: [1, { z: 2 }] },
  });
});

test('move and copy', () => {
  assert.deepEqual(applyJsonPatch({ a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }]), { a: { b: 1 }, c: { b: 1 } });
  // The copy is independent of its source.
  assert.deepEqual(
    applyJsonPatch({ a: { b: 1 } }, [
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'replace', path: '/c/b', value: 2 },
    ]),
    { a: { b: 1 }, c: { b: 2 } },
  );
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'move', from: '/a', path: '/a' }]), { a: 1 });
  assert.deepEqual(applyJsonPatch({ l: [1, 2, 3] }, [{ op: 'move', from: '/l/0', path: '/l/-' }]), { l: [2, 3, 1] });
});

test('operations run in order and the first failure discards the rest', () => {
  const doc = { a: 1 };
  rejects(
    () =>
      applyJsonPatch(doc, [
        { op: 'replace', path: '/a', value: 2 },
        { op: 'test', path: '/a', value: 1 },
      ]),
    422,
    'Invalid',
  );
  assert.deepEqual(doc, { a: 1 });
  assert.deepEqual(
    applyJsonPatch(doc, [
      { op: 'test', path: '/a', value: 1 },
      { op: 'replace', path: '/a', value: 2 },
      { op: 'test', path: '/a', value: 2 },
    ]),
    { a: 2 },
  );
});

test('the input document and patch are never modified', () => {
  const doc = { metadata: { labels: { a: '1' } }, list: [{ x: 1 }] };
  const patch = [
    { op: 'add', path: '/metadata/labels/b', value: '2' },
    { op: 'add', path: '/obj', value: { deep: { v: 1 } } },
    { op: 'add', path: '/obj/deep/w', value: 2 },
    { op: 'remove', path: '/list/0/x' },
    { op: 'move', from: '/metadata/labels', path: '/labels' },
  ];
  const docBefore = structuredClone(doc);
  const patchBefore = structuredClone(patch);
  const out = applyJsonPatch(doc, patch);
  assert.deepEqual(doc, docBefore);
  assert.deepEqual(patch, patchBefore);
  assert.deepEqual(out, { metadata: {}, list: [{}], obj: { deep: { v: 1, w: 2 } }, labels: { a: '1', b: '2' } });
});

test('keys like __proto__ and constructor are plain members', () => {
  const doc = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
  const out = applyJsonPatch(doc, [
    { op: 'add', path: '/__proto__/y', value: 2 },
    { op: 'add', path: '/constructor', value: 'c' },
    { op: 'test', path: '/toString', value: null },
  ]) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { x: 1, y: 2 });
  assert.equal(out.constructor, 'c');
  assert.equal(({} as Record<string, unknown>).y, undefined);
  rejects(() => applyJsonPatch({}, [{ op: 'remove', path: '/toString' }]), 422, 'Invalid');
});

test('more than 10000 operations is 413', () => {
  const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/a', value: 1 }));
  const status = rejects(() => applyJsonPatch({ a: 1 }, ops), 413, 'RequestEntityTooLarge');
  assert.match(status.message, /The allowed maximum operations in a JSON patch is 10000, got 10001/);
  assert.deepEqual(applyJsonPatch({ a: 1 }, ops.slice(1)), { a: 1 });
});

test('copies may add at most 3 MiB in total', () => {
  const big = 'x'.repeat(1 << 20);
  const copies = (n: number) => Array.from({ length: n }, (_, i) => ({ op: 'copy', from: '/s', path: `/c${i}` }));
  assert.equal(Object.keys(applyJsonPatch({ s: big }, copies(2)) as object).length, 3);
  const status = rejects(() => applyJsonPatch({ s: big }, copies(3)), 422, 'Invalid');
  assert.equal(
    status.message,
    `Unable to complete the copy, the accumulated size increase of copy is ${3 * (big.length + 2)}, exceeding the limit ${JSON_PATCH_MAX_COPY_BYTES}`,
  );
  // Doubling by self-copy stops at the cap instead of exhausting memory.
  const doubling = Array.from({ length: 60 }, () => ({ op: 'copy', from: '/a', path: '/a/-' }));
  rejects(() => applyJsonPatch({ a: [big.slice(0, 1024)] }, doubling), 422, 'Invalid');
});

/** Returns `{"a": {"a": ... }}` nested `depth` levels deep. */
function nested(depth: number): unknown {
  let v: unknown = {};
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
}

test('nesting: inputs deeper than 100 levels are 400, growth past 100 is 422', () => {
  assert.deepEqual(applyJsonPatch(nested(100), []), nested(100));
  rejects(() => applyJsonPatch(nested(101), []), 400, 'BadRequest');
  rejects(() => applyJsonPatch({}, [{ op: 'add', path: '/x', value: nested(99) }]), 400, 'BadRequest');
  // Each operation adds one level; the 101st level fails cleanly.
  const ops: unknown[] = [];
  let path = '';
  for (let i = 0; i < 150; i++) {
    path += '/a';
    ops.push({ op: 'add', path, value: {} });
  }
  const status = rejects(() => applyJsonPatch({}, ops), 422, 'Invalid');
  assert.match(status.message, /nested more than 100 levels/);
  // {} is level 1, so 99 additions reach exactly 100 levels.
  assert.doesNotThrow(() => applyJsonPatch({}, ops.slice(0, 99)));
  rejects(() => applyJsonPatch({}, ops.slice(0, 100)), 422, 'Invalid');
  // Moving a subtree under itself repeatedly cannot build an unbounded chain either.
  const moves = Array.from({ length: 200 }, () => [
    { op: 'add', path: '/tmp', value: {} },
    { op: 'move', from: '/root', path: '/tmp/root' },
    { op: 'move', from: '/tmp', path: '/root' },
  ]).flat();
  rejects(() => applyJsonPatch({ root: {} }, moves), 422, 'Invalid');
});

// ---- Properties ----

const key = fc.constantFrom('a', 'b', 'c', 'x~y', 'p/q', '0', '');
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('object'), tie('array')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  array: fc.array(tie('value'), { maxLength: 4 }),
}));
/** Generated values as a JSON body would hold them (fast-check builds null-prototype objects). */
const asJson = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T> => a.map((v) => JSON.parse(JSON.stringify(v)) as T);
const json = {
  value: asJson(tree.value as fc.Arbitrary<unknown>),
  object: asJson(tree.object as fc.Arbitrary<Record<string, unknown>>),
};

/** Returns every JSON pointer into `v`, with the value found there. */
function pointers(v: unknown, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  if (Array.isArray(v)) v.forEach((e, i) => out.push([`${prefix}/${i}`, e], ...pointers(e, `${prefix}/${i}`)));
  else if (v !== null && typeof v === 'object') {
    for (const [k, e] of Object.entries(v)) out.push([`${prefix}/${escape(k)}`, e], ...pointers(e, `${prefix}/${escape(k)}`));
  }
  return out;
}

test('property: test passes at every pointer, and replace-then-test round-trips', () => {
  fc.assert(
    fc.property(json.object, json.value, (doc, value) => {
      for (const [pointer, at] of pointers(doc)) {
        assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: pointer, value: at }]), doc);
        const replaced = applyJsonPatch(doc, [{ op: 'replace', path: pointer, value }]);
        applyJsonPatch(replaced, [{ op: 'test', path: pointer, value }]);
      }
    }),
  );
});

test('property: add then remove of a new member is the identity', () => {
  fc.assert(
    fc.property(json.object, json.value, (doc, value) => {
      fc.pre(!Object.prototype.hasOwnProperty.call(doc, 'new'));
      const ops = [
        { op: 'add', path: '/new', value },
        { op: 'remove', path: '/new' },
      ];
      assert.deepEqual(applyJsonPatch(doc, ops), doc);
    }),
  );
});

test('property: arbitrary operations either apply or fail with a StatusError, never touching the input', () => {
  const path = fc.array(key, { maxLength: 3 }).map((parts) => parts.map((p) => `/${p}`).join(''));
  const op = fc.record(
    {
      op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'),
      path,
      from: path,
      value: json.value,
    },
    { requiredKeys: ['op'] },
  );
  fc.assert(
    fc.property(json.object, asJson(fc.array(op, { maxLength: 6 })), (doc, patch) => {
      const before = structuredClone(doc);
      const patchBefore = structuredClone(patch);
      try {
        applyJsonPatch(doc, patch);
      } catch (err) {
        assert.ok(err instanceof StatusError, String(err));
        assert.ok(err.code === 422 || err.code === 400, err.message);
      }
      assert.deepEqual(doc, before);
      assert.deepEqual(patch, patchBefore);
    }),
  );
});
