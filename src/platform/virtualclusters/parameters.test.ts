// Template parameters (loft-platform-api.md §4.2): types, defaults, required, options, min/max,
// validation and invalidation regexes (with the guard against catastrophic ones), dotted
// variables and undeclared keys.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParameterError, resolveParameters } from './parameters.ts';
import { goRegExp, maxRegexInput, safeMatch } from './safe-regex.ts';
import type { AppParameter } from './types.ts';

function failure(yaml: string, declared: AppParameter[]): string {
  try {
    resolveParameters(yaml, declared);
  } catch (err) {
    assert.ok(err instanceof ParameterError, String(err));
    return err.message;
  }
  assert.fail('expected a ParameterError');
}

test('declared parameters are typed, defaulted and nested; undeclared keys are kept', () => {
  const declared: AppParameter[] = [
    { variable: 'replicas', type: 'number', defaultValue: '1' },
    { variable: 'k8sVersion', options: ['1.29', '1.30'] },
    { variable: 'ha.enabled', type: 'boolean', defaultValue: 'false' },
    { variable: 'ha.zone', defaultValue: 'eu-1' },
    { variable: 'note', type: 'multiline' },
    { variable: 'secret', type: 'password' },
  ];
  assert.deepEqual(resolveParameters('k8sVersion: 1.30\nha:\n  enabled: True\nextra: {a: 1}\n', declared), {
    replicas: 1,
    k8sVersion: '1.30',
    ha: { enabled: true, zone: 'eu-1' },
    extra: { a: 1 },
    note: '',
    secret: '',
  });
  assert.deepEqual(resolveParameters(undefined, [{ variable: 'a.b.c', defaultValue: 'x' }]), { a: { b: { c: 'x' } } });
  assert.deepEqual(resolveParameters("'ha.zone': us-2\n", [{ variable: 'ha.zone' }]), { 'ha.zone': 'us-2', ha: { zone: 'us-2' } });
  assert.deepEqual(resolveParameters('', []), {});
});

test('each failure names the parameter', () => {
  assert.equal(failure('', [{ variable: 'name', required: true }]), 'parameter "name" is required');
  assert.equal(failure('n: 0\n', [{ variable: 'n', type: 'number', min: 1 }]), 'parameter "n" cannot be smaller than 1');
  assert.equal(failure('n: 9\n', [{ variable: 'n', type: 'number', max: 3 }]), 'parameter "n" cannot be greater than 3');
  assert.equal(failure('n: 2.5\n', [{ variable: 'n', type: 'number' }]), 'parameter "n" is not an integer: "2.5"');
  assert.equal(failure('b: maybe\n', [{ variable: 'b', type: 'boolean' }]), 'parameter "b" is not a boolean: "maybe"');
  assert.equal(failure('v: "1.31"\n', [{ variable: 'v', options: ['1.29', '1.30'] }]), 'parameter "v" must be one of "1.29", "1.30", got "1.31"');
  assert.equal(failure('s: ABC\n', [{ variable: 's', validation: '^[a-z]+$' }]), 'parameter "s" needs to match regex ^[a-z]+$');
  assert.equal(failure('s: admin\n', [{ variable: 's', invalidation: '(?i)^ADMIN$' }]), 'parameter "s" cannot match regex (?i)^ADMIN$');
  assert.match(failure('s: x\n', [{ variable: 's', validation: '(' }]), /parameter "s" has an invalid validation regex \(/);
  assert.equal(failure('m: {a: 1}\n', [{ variable: 'm' }]), 'parameter "m" must be a string, number or boolean, not a mapping');
  assert.equal(failure('x: 1\n', [{ variable: 'x', type: 'color' }]), 'parameter "x" has an unrecognized type "color"');
  assert.match(failure('a: [\n', []), /^spec\.parameters is not valid YAML/);
  assert.equal(failure('- a\n', []), 'spec.parameters must be a YAML mapping of parameter names to values');
  assert.equal(failure('', [{ variable: '__proto__.polluted', defaultValue: 'x' }]), 'parameter "__proto__.polluted" has an invalid variable path');
});

test('a value in options skips the regexes; an empty optional value is allowed', () => {
  assert.deepEqual(resolveParameters('s: ABC\n', [{ variable: 's', options: ['ABC'], validation: '^[a-z]+$' }]), { s: 'ABC' });
  assert.deepEqual(resolveParameters('', [{ variable: 's', options: ['a'] }]), { s: '' });
});

test('a catastrophic validation regex is cut off instead of stalling the server', () => {
  const started = performance.now();
  const message = failure(`s: ${'a'.repeat(40)}b\n`, [{ variable: 's', validation: '^(a+)+$' }]);
  assert.match(message, /parameter "s" cannot be checked against its validation regex: .*took longer than/);
  assert.ok(performance.now() - started < 1_000);
  assert.throws(() => safeMatch(/a/, 'a'.repeat(maxRegexInput + 1)), /longer than/);
});

test('RE2 spellings are translated', () => {
  assert.equal(safeMatch(goRegExp('(?i)^abc$'), 'ABC'), true);
  assert.equal(safeMatch(goRegExp('\\Aab\\z'), 'ab'), true);
  assert.equal(safeMatch(goRegExp('\\Aab\\z'), 'ab\n'), false);
  assert.equal(safeMatch(goRegExp('(?P<word>x+)'), 'xx'), true);
  assert.equal(safeMatch(goRegExp('\\\\A'), '\\A'), true);
});
