import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FieldSet } from './field-set.ts';
import {
  compareStrings,
  fieldElement as f,
  indexElement,
  keyElement,
  parsePathElement,
  pathString,
  serializePathElement,
  valueElement,
  type Path,
  type PathElement,
} from './path.ts';

test('FieldsV1: members are {}, prefixes nest, a member with children starts with "."', () => {
  const set = FieldSet.of(
    [f('metadata'), f('labels'), f('app')],
    [f('spec'), f('containers'), keyElement([['name', 'nginx']])],
    [f('spec'), f('containers'), keyElement([['name', 'nginx']]), f('name')],
    [f('spec'), f('containers'), keyElement([['name', 'nginx']]), f('image')],
  );
  assert.equal(
    JSON.stringify(set.toFieldsV1()),
    '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}}}}',
  );
});

test('FieldsV1: elements are ordered fields, keys, values, indexes, each by content', () => {
  const set = FieldSet.of(
    [f('z')],
    [f('a')],
    [indexElement(2)],
    [valueElement('b')],
    [valueElement(10)],
    [valueElement(true)],
    [keyElement([['name', 'b']])],
    [keyElement([['name', 'a']])],
    [indexElement(1)],
  );
  assert.deepEqual(Object.keys(set.toFieldsV1()), ['f:a', 'f:z', 'k:{"name":"a"}', 'k:{"name":"b"}', 'v:10', 'v:"b"', 'v:true', 'i:1', 'i:2']);
});

test('path elements: keys sorted by field name, JSON as Go writes it, the human form conflicts print', () => {
  const pe = keyElement([
    ['protocol', 'TCP'],
    ['containerPort', 80],
  ]);
  assert.equal(serializePathElement(pe), 'k:{"containerPort":80,"protocol":"TCP"}');
  assert.equal(serializePathElement(valueElement('a<b&c')), 'v:"a\\u003cb\\u0026c"');
  assert.equal(pathString([f('spec'), f('ports'), pe, f('name')]), '.spec.ports[containerPort=80,protocol="TCP"].name');
  assert.equal(pathString([f('finalizers'), valueElement('x')]), '.finalizers[="x"]');
  assert.equal(pathString([f('args'), indexElement(3)]), '.args[3]');
  assert.deepEqual(parsePathElement('k:{"protocol":"TCP","containerPort":80}'), pe);
  assert.deepEqual(parsePathElement('i:4'), indexElement(4));
  assert.equal(parsePathElement('x:whatever'), undefined);
  assert.throws(() => parsePathElement('f'));
  assert.throws(() => parsePathElement('fa'));
});

test('FieldsV1 decoding: "." makes a member, unknown element types are dropped', () => {
  const set = FieldSet.fromFieldsV1({
    'f:data': { '.': {}, 'f:a': {}, 'x:future': { 'f:b': {} } },
    'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {} } } },
  });
  assert.deepEqual(set.paths().map(pathString), ['.data', '.data.a', '.spec.containers[name="a"]']);
  assert.ok(set.has([f('data')]));
  assert.ok(!set.has([f('spec')]));
  assert.ok(FieldSet.fromFieldsV1({}).isEmpty());
  assert.throws(() => FieldSet.fromFieldsV1({ 'f:a': 1 }));
});

test('set algebra: difference keeps descendants of removed members, recursiveDifference drops them', () => {
  const a = FieldSet.of([f('spec')], [f('spec'), f('replicas')], [f('status'), f('phase')]);
  const b = FieldSet.of([f('spec')], [f('status')]);
  assert.deepEqual(a.difference(b).paths().map(pathString), ['.spec.replicas', '.status.phase']);
  assert.deepEqual(a.recursiveDifference(b).paths().map(pathString), []);
  assert.deepEqual(a.intersection(b).paths().map(pathString), ['.spec']);
  assert.deepEqual(a.union(b).paths().map(pathString), ['.spec', '.status', '.spec.replicas', '.status.phase']);
});

test('compareStrings orders by UTF-8 bytes, as Go does', () => {
  assert.ok(compareStrings('\u{ff61}', '\u{1f600}') < 0); // UTF-16 code units would say otherwise
  assert.ok(compareStrings('a', 'ab') < 0);
  assert.equal(compareStrings('x', 'x'), 0);
});

// ---- properties ----

const element: fc.Arbitrary<PathElement> = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'metadata', 'spec').map(f),
  fc.constantFrom('x', 'y').map((n) => keyElement([['name', n]])),
  fc.constantFrom('p', 'q', 1, 2, true).map(valueElement),
  fc.nat(3).map(indexElement),
);
const path: fc.Arbitrary<Path> = fc.array(element, { minLength: 1, maxLength: 4 });
const paths = fc.array(path, { maxLength: 12 });
const key = (p: Path): string => p.map(serializePathElement).join('/');

test('property: FieldsV1 round-trips every set', () => {
  fc.assert(
    fc.property(paths, (ps) => {
      const set = FieldSet.of(...ps);
      const decoded = FieldSet.fromFieldsV1(JSON.parse(JSON.stringify(set.toFieldsV1())));
      assert.ok(decoded.equals(set));
      assert.deepEqual(decoded.paths().map(key), set.paths().map(key));
    }),
  );
});

test('property: union, intersection and difference agree with the same operations on path lists', () => {
  fc.assert(
    fc.property(paths, paths, (pa, pb) => {
      const a = FieldSet.of(...pa);
      const b = FieldSet.of(...pb);
      const ka = new Set(pa.map(key));
      const kb = new Set(pb.map(key));
      const sorted = (s: Iterable<string>): string[] => [...s].sort();
      assert.deepEqual(sorted(a.union(b).paths().map(key)), sorted(new Set([...ka, ...kb])));
      assert.deepEqual(sorted(a.intersection(b).paths().map(key)), sorted([...ka].filter((k) => kb.has(k))));
      assert.deepEqual(sorted(a.difference(b).paths().map(key)), sorted([...ka].filter((k) => !kb.has(k))));
      for (const p of pa) assert.ok(a.has(p));
      assert.equal(a.size(), ka.size);
    }),
  );
});
