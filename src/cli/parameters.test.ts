// Template parameters and versions as loftctl resolves them (loft-platform-api.md §4.1, §4.2).

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { AppParameter, VirtualClusterTemplate } from './api.ts';
import {
  fillParameters,
  getDeepValue,
  latestMatchedVersion,
  latestVersion,
  parametersYaml,
  parseSet,
  readParametersFile,
  setDeepValue,
  templateParameters,
  verifyValue,
} from './parameters.ts';

const str = (p: Partial<AppParameter> = {}): AppParameter => ({ variable: 'name', label: 'Name', ...p });

test('strings: empty takes the default; required and empty fails; an option is accepted before the regexes', () => {
  assert.equal(verifyValue('', str({ defaultValue: 'dflt' })), 'dflt');
  assert.equal(verifyValue('', str()), '');
  assert.throws(() => verifyValue('', str({ required: true })), { message: 'parameter Name (name) is required' });
  assert.equal(verifyValue('x', str({ options: ['x'], validation: '^y$' })), 'x');
  for (const type of ['', 'string', 'password', 'multiline']) assert.equal(verifyValue('v', str({ type })), 'v');
});

test('strings: validation must match, invalidation must not (unanchored, as Go MatchString)', () => {
  assert.equal(verifyValue('abc-1', str({ validation: '^[a-z]+-\\d$' })), 'abc-1');
  assert.throws(() => verifyValue('ABC', str({ validation: '^[a-z]+$' })), { message: 'parameter Name (name) needs to match regex ^[a-z]+$' });
  assert.equal(verifyValue('xfoox', str({ validation: 'foo' })), 'xfoox');
  assert.throws(() => verifyValue('prod-1', str({ invalidation: 'prod' })), { message: 'parameter Name (name) cannot match regex prod' });
  assert.throws(() => verifyValue('a', str({ validation: '(' })), /compile validation regex \(/);
  // loftctl leaves values outside `options` to the server.
  assert.equal(verifyValue('z', str({ options: ['x', 'y'] })), 'z');
});

test('booleans parse like Go strconv.ParseBool', () => {
  const b = str({ type: 'boolean', variable: 'ha', label: 'HA' });
  for (const t of ['1', 't', 'T', 'true', 'TRUE', 'True']) assert.equal(verifyValue(t, b), true);
  for (const f of ['0', 'f', 'F', 'false', 'FALSE', 'False']) assert.equal(verifyValue(f, b), false);
  assert.throws(() => verifyValue('yes', b), /parse value for parameter HA \(ha\)/);
  assert.equal(verifyValue('', { ...b, defaultValue: 'true' }), true);
  assert.throws(() => verifyValue('', { ...b, required: true }), { message: 'parameter HA (ha) is required' });
});

test('numbers are integers within min and max', () => {
  const n = str({ type: 'number', variable: 'replicas', label: 'Replicas', min: 1, max: 3 });
  assert.equal(verifyValue('2', n), 2);
  assert.equal(verifyValue('+3', n), 3);
  assert.equal(verifyValue('', { ...n, defaultValue: '1' }), 1);
  assert.throws(() => verifyValue('0', n), { message: 'parameter Replicas (replicas) cannot be smaller than 1' });
  assert.throws(() => verifyValue('4', n), { message: 'parameter Replicas (replicas) cannot be greater than 3' });
  assert.throws(() => verifyValue('1.5', n), /parse value for parameter Replicas/);
  assert.throws(() => verifyValue('', { ...n, required: true }), { message: 'parameter Replicas (replicas) is required' });
  assert.throws(() => verifyValue('1', str({ type: 'enum' })), { message: 'unrecognized type enum for parameter Name (name)' });
});

test('--set names must be declared by the template; key=value splits at the first "="', () => {
  const params = [str({ variable: 'a' }), str({ variable: 'b.c' })];
  assert.deepEqual([...parseSet(params, ['a=x=y', 'b.c='])], [['a', 'x=y'], ['b.c', '']]);
  assert.throws(() => parseSet(params, ['nope=1']), { message: "parameter nope doesn't exist on template" });
  assert.throws(() => parseSet(params, ['a']), { message: 'error parsing --set a: need parameter=value format' });
});

test('values come from --set (wins) and the file by dotted path, typed; undeclared file keys stay', () => {
  const params: AppParameter[] = [
    { variable: 'replicas', type: 'number', defaultValue: '1' },
    { variable: 'k8s.version', defaultValue: '1.29' },
    { variable: 'ha', type: 'boolean' },
    { variable: 'items.1', type: 'string' },
  ];
  const values = fillParameters(params, ['replicas=3'], { replicas: 2, k8s: { version: '1.30' }, ha: true, extra: 'kept', items: ['a', 'b'] });
  assert.deepEqual(values, { replicas: 3, k8s: { version: '1.30' }, ha: true, extra: 'kept', items: ['a', 'b'] });
  assert.equal(parametersYaml(values), 'extra: kept\nha: true\nitems:\n  - a\n  - b\nk8s:\n  version: "1.30"\nreplicas: 3\n');
  assert.deepEqual(fillParameters(params.slice(0, 2), []), { replicas: 1, k8s: { version: '1.29' } });
  assert.throws(() => fillParameters([{ variable: 'x', type: 'number' }], [], { x: 1.5 }), /unrecognized type for parameter {2}\(x\) in file: 1.5/);
  assert.throws(() => fillParameters([{ variable: 'x' }], [], { x: { nested: 1 } }), /unrecognized type for parameter/);
  assert.equal(parametersYaml({}), undefined);
});

test('the parameters file must be a YAML map', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loft-params-'));
  writeFileSync(join(dir, 'ok.yaml'), 'replicas: 2\nk8s:\n  version: "1.30"\n');
  assert.deepEqual(readParametersFile(join(dir, 'ok.yaml')), { replicas: 2, k8s: { version: '1.30' } });
  writeFileSync(join(dir, 'list.yaml'), '- a\n');
  assert.throws(() => readParametersFile(join(dir, 'list.yaml')), /must hold a YAML map/);
  assert.throws(() => readParametersFile(join(dir, 'missing.yaml')), /read parameters file/);
});

test('setDeepValue then getDeepValue returns the value (property)', () => {
  const segment = fc.stringMatching(/^[a-z]{1,5}$/);
  fc.assert(
    fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), (path, value) => {
      const values: Record<string, unknown> = {};
      setDeepValue(values, path.join('.'), value);
      assert.deepEqual(getDeepValue(values, path.join('.')), value);
    }),
  );
});

test('setDeepValue only descends into maps, as loftctl does', () => {
  const values: Record<string, unknown> = { list: ['a'], scalar: 'x', map: { a: 1 } };
  setDeepValue(values, 'list.0', 'b');
  setDeepValue(values, 'scalar.y', 'b');
  setDeepValue(values, 'map.b', 2);
  assert.deepEqual(values, { list: ['a'], scalar: 'x', map: { a: 1, b: 2 } });
});

const versions = [{ version: '1.0.0' }, { version: 'v1.2.3', parameters: [str({ variable: 'v12' })] }, { version: '2.0.1' }, { version: 'garbage' }, { version: '1.10.0' }];

test('versions: the latest is the highest semver; patterns have three parts of numbers or x', () => {
  assert.equal(latestVersion(versions)?.version, '2.0.1');
  assert.equal(latestMatchedVersion(versions, '1.x.x')?.version, '1.10.0');
  assert.equal(latestMatchedVersion(versions, 'V1.2.X')?.version, 'v1.2.3');
  assert.equal(latestMatchedVersion(versions, 'x.x.x')?.version, '2.0.1');
  assert.equal(latestMatchedVersion(versions, '3.x.x'), undefined);
  assert.throws(() => latestMatchedVersion(versions, '1.x'), { message: 'expected version in format: 0.0.0' });
});

test('template parameters: of the latest version, of the matched version, or the top-level ones without versions', () => {
  const versioned: VirtualClusterTemplate = { metadata: { name: 't' }, spec: { parameters: [str({ variable: 'top' })], versions } };
  assert.deepEqual(templateParameters(versioned, undefined), []);
  assert.deepEqual(templateParameters(versioned, '1.2.x').map((p) => p.variable), ['v12']);
  assert.throws(() => templateParameters(versioned, '9.x.x'), { message: "couldn't find any matching version to 9.x.x" });
  const plain: VirtualClusterTemplate = { metadata: { name: 't' }, spec: { parameters: [str({ variable: 'top' })] } };
  assert.deepEqual(templateParameters(plain, undefined).map((p) => p.variable), ['top']);
  assert.throws(() => templateParameters(plain, '1.x.x'), /has no versions/);
});
