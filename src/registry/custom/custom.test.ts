import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorString, type KubeObject } from '../../apimachinery/index.ts';
import type { RequestContext } from '../resource.ts';
import { validateRules } from './cel.ts';
import { printerColumns } from './columns.ts';
import { crdStrategyOverrides } from './crd-strategy.ts';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './crd-validation.ts';
import { applyDefaults, pruneNonNullableNulls } from './defaulting.ts';
import { customResources } from './resources.ts';
import { validateAgainstSchema, validateListSetsAndMaps } from './schema-validation.ts';
import type { JSONSchemaProps } from './types.ts';

const messages = (errors: Parameters<typeof fieldErrorString>[0][]): string[] => errors.map(fieldErrorString);

const ctx = (): RequestContext => ({ cluster: 'c', user: { name: 'u', groups: [] }, dryRun: false, fieldValidation: 'Strict', warnings: [] });

const specSchema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['cronSpec'],
      properties: {
        cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        image: { type: 'string', minLength: 1, maxLength: 8 },
        mode: { type: 'string', enum: ['a', 'b'] },
        port: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        when: { type: 'string', format: 'date-time' },
        items: { type: 'array', maxItems: 2, items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

const obj = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'x' }, spec: { cronSpec: '* * * * *', ...spec } });

test('schema validation reports kube-openapi messages at upstream field paths', () => {
  assert.deepEqual(messages(validateAgainstSchema(obj({}), specSchema)), []);
  assert.deepEqual(messages(validateAgainstSchema(obj({ replicas: 'string' }), specSchema)), [
    'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
  ]);
  assert.deepEqual(messages(validateAgainstSchema({ spec: {} }, specSchema)), ['spec.cronSpec: Required value']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ mode: 'x' }), specSchema)), ['spec.mode: Unsupported value: "x": supported values: "a", "b"']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ replicas: 11 }), specSchema)), ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ replicas: 0 }), specSchema)), ['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ image: '' }), specSchema)), ['spec.image: Invalid value: "": spec.image in body should be at least 1 chars long']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ image: 'abcdefghi' }), specSchema)), ['spec.image: Too long: may not be more than 8 bytes']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ cronSpec: 'nope' }), specSchema)), [
    String.raw`spec.cronSpec: Invalid value: "nope": spec.cronSpec in body should match '^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$'`,
  ]);
  assert.deepEqual(messages(validateAgainstSchema(obj({ items: [{ name: 'a' }, {}] }), specSchema)), ['spec.items[1].name: Required value']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }), specSchema)), ['spec.items: Too many: 3: must have at most 2 items']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ port: true }), specSchema)), ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ port: 80 }), specSchema)), []);
  assert.deepEqual(messages(validateAgainstSchema(obj({ port: 'http' }), specSchema)), []);
  assert.deepEqual(messages(validateAgainstSchema(obj({ note: null }), specSchema)), []);
  assert.deepEqual(messages(validateAgainstSchema(obj({ mode: null }), specSchema)), [
    'spec.mode: Invalid value: "null": spec.mode in body must be of type string: "null"',
    'spec.mode: Unsupported value: null: supported values: "a", "b"',
  ]);
  assert.deepEqual(messages(validateAgainstSchema(obj({ when: 'yesterday' }), specSchema)), ['spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"']);
  assert.deepEqual(messages(validateAgainstSchema(obj({ when: '2024-02-29T10:00:00Z' }), specSchema)), []);
  assert.deepEqual(messages(validateAgainstSchema(obj({ labels: { a: 1 } }), specSchema)), ['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"']);
});

test('schema validation ratchets unchanged invalid values on update', () => {
  const old = obj({ replicas: 50 });
  assert.deepEqual(messages(validateAgainstSchema(obj({ replicas: 50, mode: 'a' }), specSchema, old)), []);
  assert.equal(validateAgainstSchema(obj({ replicas: 51 }), specSchema, old).length, 1);
});

test('list-type set and map items must be unique', () => {
  assert.deepEqual(messages(validateListSetsAndMaps(obj({ tags: ['a', 'b', 'a'] }), specSchema)), ['spec.tags[2]: Duplicate value: "a"']);
  assert.deepEqual(messages(validateListSetsAndMaps(obj({ ports: [{ name: 'http', port: 1 }, { name: 'http', port: 2 }] }), specSchema)), [
    'spec.ports[1]: Duplicate value: {"name":"http"}',
  ]);
});

test('defaulting fills nested objects and list items where the parent exists', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          replicas: { type: 'integer', default: 1 },
          strategy: { type: 'object', default: {}, properties: { type: { type: 'string', default: 'Rolling' } } },
          containers: { type: 'array', items: { type: 'object', properties: { pull: { type: 'string', default: 'IfNotPresent' } } } },
          optional: { type: 'object', properties: { x: { type: 'string', default: 'y' } } },
          gone: { type: 'string' },
          kept: { type: 'string', nullable: true },
        },
      },
    },
  };
  const value: Record<string, unknown> = { spec: { containers: [{}, { pull: 'Always' }], gone: null, kept: null } };
  pruneNonNullableNulls(value, schema);
  applyDefaults(value, schema);
  assert.deepEqual(value, { spec: { replicas: 1, strategy: { type: 'Rolling' }, containers: [{ pull: 'IfNotPresent' }, { pull: 'Always' }], kept: null } });
  const empty: Record<string, unknown> = {};
  applyDefaults(empty, schema);
  assert.deepEqual(empty, {}, 'no spec is created for a default below it');
});

test('CEL rules: message, messageExpression, fieldPath, reason, transition rules and the root', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('ok')", message: 'name must start with ok' }],
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-validations': [
          { rule: 'self.min <= self.max', message: 'min must not exceed max' },
          { rule: 'self.max < 100', messageExpression: "'max is ' + string(self.max)", fieldPath: '.max' },
          { rule: "!has(self.forbidden)", reason: 'FieldValueForbidden', message: 'forbidden is forbidden' },
        ],
        properties: {
          min: { type: 'integer' },
          max: { type: 'integer' },
          forbidden: { type: 'string' },
          immutable: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'Value is immutable' }] },
          when: { type: 'string', format: 'date-time', 'x-kubernetes-validations': [{ rule: "self > timestamp('2000-01-01T00:00:00Z')" }] },
        },
      },
    },
  };
  const cr = (spec: Record<string, unknown>, name = 'ok-1'): KubeObject => ({ apiVersion: 'g/v1', kind: 'K', metadata: { name, labels: { a: 'b' } }, spec });
  assert.deepEqual(messages(validateRules(cr({ min: 1, max: 2 }), schema)), []);
  assert.deepEqual(messages(validateRules(cr({ min: 3, max: 2 }, 'bad'), schema)), [
    '<nil>: Invalid value: "object": name must start with ok',
    'spec: Invalid value: "object": min must not exceed max',
  ]);
  assert.deepEqual(messages(validateRules(cr({ min: 1, max: 200 }), schema)), ['spec.max: Invalid value: "object": max is 200']);
  assert.deepEqual(messages(validateRules(cr({ min: 1, max: 2, forbidden: 'x' }), schema)), ['spec: Forbidden: forbidden is forbidden']);
  assert.deepEqual(messages(validateRules(cr({ min: 1, max: 2, immutable: 'b' }), schema, cr({ min: 1, max: 2, immutable: 'a' }))), [
    'spec.immutable: Invalid value: "string": Value is immutable',
  ]);
  assert.deepEqual(messages(validateRules(cr({ min: 1, max: 2, immutable: 'b' }), schema)), [], 'transition rules need an old value');
  assert.deepEqual(messages(validateRules(cr({ min: 1, max: 2, when: '1999-01-01T00:00:00Z' }), schema)), [
    `spec.when: Invalid value: "string": failed rule: self > timestamp('2000-01-01T00:00:00Z')`,
  ]);
  assert.deepEqual(messages(validateRules(cr({ max: 2 }), schema)), ['spec: Invalid value: "object": no such key: min evaluating rule: min must not exceed max']);
  // Unchanged values are not re-checked by non-transition rules (ratcheting).
  assert.deepEqual(messages(validateRules(cr({ min: 3, max: 2 }), schema, cr({ min: 3, max: 2 }))), []);
});

test('printer columns render typed cells and ages', () => {
  const columns = printerColumns([
    { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Tags', type: 'string', jsonPath: '.spec.tags' },
    { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ]);
  const now = Date.parse('2024-01-01T00:10:00Z');
  const cr: KubeObject = { metadata: { name: 'x', creationTimestamp: '2024-01-01T00:05:00Z' }, spec: { cronSpec: '* * * * */5', replicas: 3, tags: ['a', 'b'] } };
  assert.deepEqual(
    columns.map((c) => c.cell(cr, now)),
    ['* * * * */5', 3, '[a b]', null, '5m'],
  );
});

const crd = (overrides: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList', shortNames: ['ct'], categories: ['all'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: specSchema },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        additionalPrinterColumns: [{ name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' }],
      },
      { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: specSchema } },
      { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: specSchema } },
    ],
    ...overrides,
  },
  status: { storedVersions: ['v1'] },
});

test('a valid CRD passes validation', () => {
  assert.deepEqual(messages(validateCustomResourceDefinition(crd())), []);
});

test('CRD validation reports names, versions and structural schema errors like upstream', () => {
  const bad = crd({
    group: 'example',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: false,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } },
              list: { type: 'array' },
              status: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a ==' }] },
            },
          },
        },
      },
    ],
  });
  const got = messages(validateCustomResourceDefinition(bad));
  for (const expected of [
    'metadata.name: Invalid value: "crontabs.stable.example.com": must be spec.names.plural+"."+spec.group',
    'spec.group: Invalid value: "example": should be a domain with at least one dot',
    'spec.versions: Invalid value: ["v1"]: must have exactly one version marked as storage version',
    'spec.versions[0].schema.openAPIV3Schema.properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive',
    'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    'spec.versions[0].schema.openAPIV3Schema.properties[list].items: Required value: must be specified',
  ]) {
    assert.ok(got.includes(expected), `missing ${expected} in ${JSON.stringify(got, null, 1)}`);
  }
  assert.ok(got.some((m) => m.startsWith('spec.versions[0].schema.openAPIV3Schema.properties[status].x-kubernetes-validations[0].rule: Invalid value: "self.a ==": compilation failed')));
  const defaults = messages(
    validateCustomResourceDefinition(
      crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { n: { type: 'integer', default: 'x' } } } } }] }),
    ),
  );
  assert.deepEqual(defaults, ['spec.versions[0].schema.openAPIV3Schema.properties[n].default: Invalid value: "string":  in body must be of type integer: "string"']);
});

test('CRD updates keep group and plural, and scope and kind once established', () => {
  const old = { ...crd(), status: { storedVersions: ['v1'], conditions: [{ type: 'Established', status: 'True' }] } } as KubeObject;
  const changed = crd({ scope: 'Cluster' });
  assert.deepEqual(messages(validateCustomResourceDefinitionUpdate(changed, old)), ['spec.scope: Invalid value: "Cluster": field is immutable']);
});

test('deleting a CRD adds the cleanup finalizer and the Terminating condition', () => {
  const c = crd();
  assert.equal(crdStrategyOverrides.pendingFinalizers?.(c), true);
  crdStrategyOverrides.prepareForDelete?.(c);
  assert.deepEqual(c.metadata?.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
  assert.equal((c.status as { conditions: Array<{ reason: string }> }).conditions[0]?.reason, 'InstanceDeletionPending');
  const created = crd();
  delete created.status;
  crdStrategyOverrides.prepareForCreate?.(created, ctx());
  assert.deepEqual(created.status, { acceptedNames: { plural: '', kind: '' }, storedVersions: ['v1'] });
});

test('customResources serves each served version with the published schema and subresources', () => {
  const infos = customResources(crd());
  assert.deepEqual(infos.map((i) => i.version), ['v2', 'v1']);
  const v1 = infos.find((i) => i.version === 'v1');
  assert.ok(v1);
  assert.equal(v1.definition, 'com.example.stable.v1.CronTab');
  assert.equal(v1.storageVersion, 'v1');
  assert.deepEqual(v1.schema?.['x-kubernetes-group-version-kind'], [{ group: 'stable.example.com', kind: 'CronTab', version: 'v1' }]);
  assert.equal(v1.resolve('#/components/schemas/com.example.stable.v1.CronTab'), v1.schema);
  assert.equal(v1.resolve('#/components/schemas/com.example.stable.v1.CronTabList')?.required?.[0], 'items');
  assert.ok(v1.resolve('#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')?.properties?.name);
  assert.deepEqual(v1.subresources.map((s) => `${s.subresource}:${s.kind.group}/${s.kind.kind}`), ['status:stable.example.com/CronTab', 'scale:autoscaling/Scale']);
  assert.deepEqual(v1.strategy.scale, { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'] });
  assert.equal(v1.acceptsStrategicMerge, false);
  assert.equal(v1.pruneMode, 'structural');
  assert.deepEqual(v1.strategy.columns?.map((c) => c.name), ['Spec']);
  const v2 = infos.find((i) => i.version === 'v2');
  assert.deepEqual(v2?.strategy.columns?.map((c) => c.name), ['Age'], 'no printer columns: Name and Age');
  assert.deepEqual(messages(v1.strategy.validate?.(obj({ replicas: -1 }), ctx()) ?? []), [
    'spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 1',
    '.spec.replicas: Invalid value: -1: should be a non-negative integer',
  ]);
  assert.deepEqual(messages(v1.strategy.validate?.(obj({ replicas: 'x' }), ctx()) ?? []), [
    'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
  ], 'no note about skipped rules when the schema has none');
});

test('selectable fields and deprecation warnings', () => {
  const def = crd();
  const versions = (def.spec as { versions: Array<Record<string, unknown>> }).versions;
  versions[1] = { ...versions[1], deprecated: true, selectableFields: [{ jsonPath: '.spec.mode' }] };
  const v2 = customResources(def).find((i) => i.version === 'v2');
  assert.equal(v2?.strategy.fieldSelectors?.['spec.mode']?.(obj({ mode: 'a' })), 'a');
  const c = ctx();
  v2?.strategy.prepareForCreate?.(obj({}), c);
  assert.deepEqual(c.warnings, ['stable.example.com/v2 CronTab is deprecated']);
});
