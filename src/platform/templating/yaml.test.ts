import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromJs } from './values.ts';
import { parseYaml, toYamlV2, yamlKeyLess } from './yaml.ts';

function toYaml(v: unknown): string {
  return toYamlV2(fromJs(v, 'int', () => undefined), () => undefined);
}

// Outputs of sigs.k8s.io/yaml.Marshal (yaml.v2's emitter) as Helm's toYaml prints them.
const cases: [string, unknown, string][] = [
  ['a scalar at the top level', 'abc', 'abc'],
  ['null', null, 'null'],
  ['an empty map and list', { a: {}, b: [] }, 'a: {}\nb: []'],
  ['keys are sorted, digit runs by value', { b: 1, a10: 2, a2: 3 }, 'a2: 3\na10: 2\nb: 1'],
  ['sequences under a key are not indented', { l: ['x', 'y'] }, 'l:\n- x\n- "y"'],
  ['maps inside sequences', [{ a: 1, b: 2 }, [1, 2]], '- a: 1\n  b: 2\n- - 1\n  - 2'],
  ['strings that would read as other types are double-quoted', { a: 'true', b: '1', c: '', d: 'null', e: '1e3', f: 'on', g: '2024-01-02', h: '1:20' },
    'a: "true"\nb: "1"\nc: ""\nd: "null"\ne: "1e3"\nf: "on"\ng: "2024-01-02"\nh: "1:20"'],
  ['strings with indicators are single-quoted', { a: 'a: b', b: '- x', c: '#c', d: "it's", e: '*x', f: ' lead' }, "a: 'a: b'\nb: '- x'\nc: '#c'\nd: it's\ne: '*x'\nf: ' lead'"],
  ['control characters force double quotes', { a: 'a\tb', b: 'é\u0001' }, 'a: "a\\tb"\nb: "é\\x01"'],
  ['astral characters are escaped', { a: '😀' }, 'a: "\\U0001F600"'],
  ['multi-line strings use literal blocks', { a: 'x\ny', b: 'x\n', c: 'x\n\n', d: ' x\ny' }, 'a: |-\n  x\n  y\nb: |\n  x\nc: |+\n  x\n\nd: |2-\n   x\n  y'],
  ['a space before a line break forces double quotes', { a: 'x \ny' }, 'a: "x \\ny"'],
  ['numbers through JSON', { i: 3, f: 1.5, big: 1e21, tiny: 0.000001, e6: 1000000 }, 'big: 1e+21\ne6: 1000000\nf: 1.5\ni: 3\ntiny: 1e-06'],
  ['long plain lines fold at spaces after column 80', { k: Array.from({ length: 20 }, () => 'word').join(' ') },
    'k: word word word word word word word word word word word word word word word word\n  word word word word'],
];

for (const [name, value, want] of cases) {
  test(`toYaml: ${name}`, () => {
    assert.equal(toYaml(value), want);
  });
}

test('yaml.v2 key order compares digit runs numerically', () => {
  assert.ok(yamlKeyLess('a2', 'a10'));
  assert.ok(yamlKeyLess('a', 'b'));
  assert.ok(!yamlKeyLess('b', 'a'));
});

test('fromYaml resolves scalars like yaml.v2 (YAML 1.1) and numbers become float64', () => {
  const v = parseYaml('a: yes\nb: 0x1F\nc: "1"\nd: ~\ne: 2001-12-14\nf: 1.5\ng: !!str 12\n<<: {h: 1}\n', () => undefined);
  assert.deepEqual(JSON.parse(JSON.stringify(v)), { a: true, b: 31, c: '1', d: null, e: '2001-12-14', f: 1.5, g: '12', h: 1 });
});
