// Object-local validation of the management kinds: field paths and messages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrorString, type FieldError, type KubeObject } from '../../apimachinery/index.ts';
import {
  validateAppParameters,
  validateExactVersion,
  validateParametersYaml,
  validateProject,
  validateTemplateVersionPattern,
  validateVirtualClusterInstance,
  validateVirtualClusterInstanceUpdate,
  validateVirtualClusterTemplate,
} from './validation.ts';
import { seedExample } from './seed-fixture.ts';

/** Returns the errors as kube-apiserver prints them ("field: message"). */
const messages = (errs: FieldError[]): string[] => errs.map(fieldErrorString);

/** Returns a VirtualClusterInstance with the given spec. */
const vci = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'management.loft.sh/v1', kind: 'VirtualClusterInstance', metadata: { name: 'a' }, spec });

test('the seed example is valid', () => {
  assert.deepEqual(validateVirtualClusterInstance(seedExample as KubeObject), []);
});

test('templateRef.version: empty, exact versions and x wildcards are accepted', () => {
  for (const v of [undefined, '', '1.0.0', 'v1.2.3', '1.x.x', 'x.x.x', 'X.X.X', '1.2.X', '10.20.30']) {
    assert.deepEqual(validateTemplateVersionPattern(v, 'spec.templateRef.version'), [], String(v));
  }
});

test('templateRef.version: three dot-separated parts, each a number or x', () => {
  assert.deepEqual(messages(validateVirtualClusterInstance(vci({ templateRef: { name: 't', version: '1.0' } }))), [
    'spec.templateRef.version: Invalid value: "1.0": expected version in format: 0.0.0',
  ]);
  assert.deepEqual(messages(validateTemplateVersionPattern('1.0.0.0', 'spec.templateRef.version')), [
    'spec.templateRef.version: Invalid value: "1.0.0.0": expected version in format: 0.0.0',
  ]);
  assert.deepEqual(messages(validateTemplateVersionPattern('1.0.0-beta', 'spec.templateRef.version')), [
    'spec.templateRef.version: Invalid value: "1.0.0-beta": expected version in format: 0.0.0, where each part is a number or x (got "0-beta")',
  ]);
  assert.deepEqual(messages(validateTemplateVersionPattern('1.*.0', 'v')), ['v: Invalid value: "1.*.0": expected version in format: 0.0.0, where each part is a number or x (got "*")']);
  assert.deepEqual(messages(validateTemplateVersionPattern(3, 'v')), ['v: Invalid value: 3: expected version in format: 0.0.0']);
});

test('every access rule needs a clusterRole: "clusterrole is required"', () => {
  const errs = validateVirtualClusterInstance(
    vci({
      template: { access: { defaultClusterRole: 'view', rules: [{ users: ['*'], clusterRole: 'edit' }, { teams: ['devs'] }] } },
      extraAccessRules: [{ users: ['bob'] }, { users: ['eve'], clusterRole: '' }, { users: ['amy'], clusterRole: 'view' }],
    }),
  );
  assert.deepEqual(messages(errs), [
    'spec.template.access.rules[1].clusterRole: Required value: clusterrole is required',
    'spec.extraAccessRules[0].clusterRole: Required value: clusterrole is required',
    'spec.extraAccessRules[1].clusterRole: Required value: clusterrole is required',
  ]);
});

test('parameters must be a YAML mapping', () => {
  for (const ok of [undefined, '', 'my-parameter: my-value', 'a: 1\nb:\n  c: true\n', '# only a comment\n', '{}']) {
    assert.deepEqual(validateParametersYaml(ok, 'spec.parameters'), [], String(ok));
  }
  assert.deepEqual(messages(validateParametersYaml('just a string', 'spec.parameters')), [
    'spec.parameters: Invalid value: "just a string": must be a YAML mapping of parameter names to values',
  ]);
  assert.deepEqual(messages(validateParametersYaml('- a\n- b\n', 'spec.parameters')), [
    'spec.parameters: Invalid value: "- a\\n- b\\n": must be a YAML mapping of parameter names to values',
  ]);
  const [broken] = validateParametersYaml('a: [1, 2\n', 'spec.parameters');
  assert.equal(broken?.field, 'spec.parameters');
  assert.match(broken?.detail ?? '', /^must be a YAML mapping of parameter names to values: /);
  const [duplicate] = validateParametersYaml('a: 1\na: 2\n', 'spec.parameters');
  assert.match(duplicate?.detail ?? '', /unique/i);
  const [twoDocs] = validateParametersYaml('a: 1\n---\nb: 2\n', 'spec.parameters');
  assert.match(twoDocs?.detail ?? '', /^must be a YAML mapping/);
  assert.deepEqual(messages(validateParametersYaml(42, 'spec.parameters')), ['spec.parameters: Invalid value: 42: must be a YAML string']);
});

test('parameters: an alias bomb is rejected or accepted without being expanded', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 20; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
  const started = Date.now();
  validateParametersYaml(lines.join('\n'), 'spec.parameters');
  assert.ok(Date.now() - started < 2000, 'validation must not expand aliases');
  assert.deepEqual(validateParametersYaml('*a', 'spec.parameters').length, 1);
});

test('owner holds at most one of user and team', () => {
  assert.deepEqual(validateVirtualClusterInstance(vci({ owner: { user: 'a' } })), []);
  assert.deepEqual(validateVirtualClusterInstance(vci({ owner: { team: 'b' } })), []);
  assert.deepEqual(messages(validateVirtualClusterInstance(vci({ owner: { user: 'a', team: 'b' } }))), [
    'spec.owner.team: Forbidden: user and team are mutually exclusive: set only one of them',
  ]);
});

test('template and templateRef are mutually exclusive', () => {
  assert.deepEqual(messages(validateVirtualClusterInstance(vci({ templateRef: { name: 't' }, template: {} }))), [
    'spec.template: Forbidden: template and templateRef are mutually exclusive',
  ]);
  assert.deepEqual(validateVirtualClusterInstance(vci({ template: { helmRelease: { values: '' } } })), []);
});

test('access entries need verbs', () => {
  assert.deepEqual(messages(validateVirtualClusterInstance(vci({ access: [{ verbs: ['get'], users: ['a'] }, { users: ['b'] }] }))), [
    'spec.access[1].verbs: Required value',
  ]);
});

test('clusterRef.cluster, namespace and virtualCluster are immutable once set', () => {
  const old = vci({ clusterRef: { cluster: 'c1', namespace: 'loft-p-v-a', virtualCluster: 'a' } });
  assert.deepEqual(validateVirtualClusterInstanceUpdate(structuredClone(old), old), []);
  // Unset → set is scheduling/defaulting, not a change.
  assert.deepEqual(validateVirtualClusterInstanceUpdate(old, vci({ clusterRef: {} })), []);
  const moved = vci({ clusterRef: { cluster: 'c2', virtualCluster: 'b' } });
  assert.deepEqual(messages(validateVirtualClusterInstanceUpdate(moved, old)), [
    'spec.clusterRef.cluster: Invalid value: "c2": field is immutable',
    'spec.clusterRef.namespace: Invalid value: null: field is immutable',
    'spec.clusterRef.virtualCluster: Invalid value: "b": field is immutable',
  ]);
  // The create rules still apply on update.
  assert.equal(validateVirtualClusterInstanceUpdate(vci({ ...old.spec as object, owner: { user: 'a', team: 'b' } }), old).length, 1);
});

test('template versions are X.X.X and unique; parameters have unique variables of known types', () => {
  const template: KubeObject = {
    metadata: { name: 't' },
    spec: {
      parameters: [{ variable: 'a' }, { variable: 'a' }, { type: 'number' }, { variable: 'b', type: 'color' }],
      versions: [
        { version: '1.0.0', template: { access: { rules: [{ users: ['*'] }] } } },
        { version: '1.0.0' },
        { version: '1.x.x' },
        {},
      ],
    },
  };
  assert.deepEqual(messages(validateVirtualClusterTemplate(template)), [
    'spec.parameters[1].variable: Duplicate value: "a"',
    'spec.parameters[2].variable: Required value',
    'spec.parameters[3].type: Unsupported value: "color": supported values: "string", "multiline", "boolean", "number", "password"',
    'spec.versions[0].template.access.rules[0].clusterRole: Required value: clusterrole is required',
    'spec.versions[1].version: Duplicate value: "1.0.0"',
    'spec.versions[2].version: Invalid value: "1.x.x": expected version in format: 0.0.0',
    'spec.versions[3].version: Required value',
  ]);
  assert.deepEqual(validateExactVersion('v2.0.1', 'v'), []);
  assert.deepEqual(validateAppParameters([{ variable: 'x.y', type: '' }], 'p'), []);
});

test('project members need a cluster role', () => {
  const project: KubeObject = { metadata: { name: 'p' }, spec: { members: [{ kind: 'User', name: 'a', clusterRole: 'loft-management-project-admin' }, { kind: 'Team', name: 'b' }] } };
  assert.deepEqual(messages(validateProject(project)), ['spec.members[1].clusterRole: Required value']);
});
