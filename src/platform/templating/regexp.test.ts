import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { GoRegexp, Text, allMatches, replaceAll, split } from './regexp.ts';
import { GoError } from './values.ts';

function findAll(re: string, s: string): string[] {
  const t = new Text(s);
  return allMatches(new GoRegexp(re), t, -1).map((m) => t.slice(m[0], m[1]));
}

// Results of Go's regexp (RE2): leftmost-first alternation, Perl classes, flags, empty matches.
const finds: [string, string, string[]][] = [
  ['a|ab', 'ab', ['a']],
  ['a*', 'baaac', ['', 'aaa', '']],
  ['x*', 'xax', ['x', 'x']],
  ['\\d+', 'a12b345', ['12', '345']],
  ['[[:alpha:]]+', 'ab1cd', ['ab', 'cd']],
  ['\\bfoo\\b', 'foo foobar foo', ['foo', 'foo']],
  ['(?i)hello', 'HeLLo hello', ['HeLLo', 'hello']],
  ['a.c', 'a\nc abc', ['abc']],
  ['(?s)a.c', 'a\nc', ['a\nc']],
  ['(?m)^x$', 'x\ny\nx', ['x', 'x']],
  ['^x$', 'x\nx', []],
  ['a{2,3}', 'aaaa', ['aaa']],
  ['a{2,3}?', 'aaaa', ['aa', 'aa']],
  ['\\p{Greek}+', 'abc αβγ', ['αβγ']],
  ['[^a]', 'a\n', ['\n']],
  ['\\Qa.b\\E', 'a.b axb', ['a.b']],
  ['\\x41\\x{42}', 'AB', ['AB']],
];

for (const [re, s, want] of finds) {
  test(`FindAllString(${JSON.stringify(re)}, ${JSON.stringify(s)})`, () => {
    assert.deepEqual(findAll(re, s), want);
  });
}

test('ReplaceAllString expands $1, ${1}, $name and treats $1x as a name', () => {
  const re = new GoRegexp('a(?P<x>x*)b');
  assert.equal(replaceAll(re, '-ab-axxb-', '${1}W', false), '-W-xxW-');
  assert.equal(replaceAll(re, '-ab-axxb-', '$1W', false), '---');
  assert.equal(replaceAll(re, '-axb-', '<$x>', false), '-<x>-');
  assert.equal(replaceAll(re, '-axb-', '$$', false), '-$-');
  assert.equal(replaceAll(new GoRegexp('x*'), 'abc', '-', false), '-a-b-c-');
});

test('Split follows Go', () => {
  assert.deepEqual(split(new GoRegexp('a'), 'banana', -1), ['b', 'n', 'n', '']);
  assert.deepEqual(split(new GoRegexp(''), 'abc', -1), ['a', 'b', 'c']);
  assert.deepEqual(split(new GoRegexp('x'), '', -1), ['']);
});

const errors: [string, string][] = [
  ['(', 'error parsing regexp: missing closing ): `(`'],
  [')', 'error parsing regexp: unexpected ): `)`'],
  ['[a', 'error parsing regexp: missing closing ]: `[a`'],
  ['*', 'error parsing regexp: missing argument to repetition operator: `*`'],
  ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
  ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
  ['[z-a]', 'error parsing regexp: invalid character class range: `z-a`'],
  ['\\e', 'error parsing regexp: invalid escape sequence: `\\e`'],
  ['(?=x)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
  ['a\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
];

for (const [re, want] of errors) {
  test(`compile error: ${re}`, () => {
    assert.throws(() => new GoRegexp(re), (e: unknown) => e instanceof GoError && e.message === want);
  });
}

test('property: agrees with JS on simple patterns without backtracking differences', () => {
  const pattern = fc.constantFrom('a+', '[ab]c', 'x?y', '\\d{2}', 'ab|cd', '(a|b)*c');
  fc.assert(fc.property(pattern, fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'x', 'y', '1', '2') }), (re, s) => {
    const js = [...s.matchAll(new RegExp(re, 'g'))].filter((m) => m[0] !== '').map((m) => m[0]);
    return JSON.stringify(findAll(re, s).filter((x) => x !== '')) === JSON.stringify(js);
  }));
});

test('property: matching time is linear (no catastrophic backtracking)', () => {
  const started = Date.now();
  const re = new GoRegexp('(a*)*(b+)+$');
  assert.equal(re.exec(new Text('a'.repeat(20000) + 'c').cps, 0), null);
  assert.deepEqual(re.exec(new Text('a'.repeat(20000) + 'b').cps, 0)?.slice(0, 2), [0, 20001]);
  assert.ok(Date.now() - started < 3000);
});
