// The decode-time type check: encoding/json's messages for mismatches, the custom unmarshalers'
// own errors, and a property: any object built from a kind's schema with well-typed values decodes.
/* eslint-disable @typescript-eslint/no-explicit-any -- each test breaks one field of an untyped JSON fixture, as a request body is. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { derefSchema, isStatusError, type KubeObject, type Schema } from '../../../apimachinery/index.ts';
import { builtinResources, builtinSchemas } from '../index.ts';
import { decodeError } from './decode.ts';
import { copy, deployment, pod } from './fixtures.ts';
import { assertDecodes } from './index.ts';

/** Returns the decode error assertDecodes throws for `obj`, or undefined. */
function decodeMessage(obj: KubeObject): string | undefined {
  try {
    assertDecodes(obj);
    return undefined;
  } catch (err) {
    assert.ok(isStatusError(err, 'BadRequest'), String(err));
    assert.equal(err.code, 400);
    return err.message;
  }
}

test('a well-typed Deployment and Pod decode', () => {
  assert.equal(decodeMessage(deployment()), undefined);
  assert.equal(decodeMessage(pod()), undefined);
});

test('a string where an int32 belongs names the struct, the field path and the Go type', () => {
  const d = copy(deployment()) as { spec: { replicas: unknown } } & KubeObject;
  d.spec.replicas = 'abc';
  assert.equal(
    decodeMessage(d),
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
  );
});

test('list indices and map keys are not part of the field path', () => {
  const d = copy(deployment()) as any;
  d.spec.template.spec.containers[0].ports = [{ containerPort: '80' }];
  assert.match(decodeMessage(d) ?? '', /cannot unmarshal string into Go struct field ContainerPort\.spec\.template\.spec\.containers\.ports\.containerPort of type int32$/);
  const p = copy(pod()) as any;
  p.metadata.labels = { version: 1.5 };
  assert.match(decodeMessage(p) ?? '', /Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta\.metadata\.labels of type string$/);
});

test('each JSON kind is named as encoding/json names it', () => {
  const cases: Array<[unknown, string]> = [
    [true, 'bool'],
    [[1], 'array'],
    [{ a: 1 }, 'object'],
    [1.5, 'number 1.5'],
    [3000000000, 'number 3000000000'],
  ];
  for (const [value, kind] of cases) {
    const d = copy(deployment()) as any;
    d.spec.replicas = value;
    assert.match(decodeMessage(d) ?? '', new RegExp(`cannot unmarshal ${kind.replace('.', '\\.')} into Go struct field DeploymentSpec\\.spec\\.replicas of type int32$`));
  }
});

test('structs, slices and maps are named by their Go types', () => {
  const d = copy(deployment()) as any;
  d.spec.template = 'x';
  assert.match(decodeMessage(d) ?? '', /into Go struct field DeploymentSpec\.spec\.template of type v1\.PodTemplateSpec$/);
  const c = copy(pod()) as any;
  c.spec.containers[0].command = 'sleep 1';
  assert.match(decodeMessage(c) ?? '', /into Go struct field Container\.spec\.containers\.command of type \[\]string$/);
  const m = copy(pod()) as any;
  m.spec.nodeSelector = ['a'];
  assert.match(decodeMessage(m) ?? '', /cannot unmarshal array into Go struct field PodSpec\.spec\.nodeSelector of type map\[string\]string$/);
  const r = copy(pod()) as any;
  r.spec.containers[0].resources = { limits: [] };
  assert.match(decodeMessage(r) ?? '', /into Go struct field ResourceRequirements\.spec\.containers\.resources\.limits of type v1\.ResourceList$/);
  const e = copy(pod()) as any;
  e.spec.containers = [{ name: 'a', image: 'b', env: [{ name: 'PORT', value: 8080 }] }];
  assert.match(decodeMessage(e) ?? '', /cannot unmarshal number into Go struct field EnvVar\.spec\.containers\.env\.value of type string$/);
});

test('named string types keep their Go names', () => {
  const p = copy(pod()) as any;
  p.spec.restartPolicy = 1;
  assert.match(decodeMessage(p) ?? '', /into Go struct field PodSpec\.spec\.restartPolicy of type v1\.RestartPolicy$/);
});

test('the first mismatch in document order is reported', () => {
  const d = copy(deployment()) as any;
  d.spec = { replicas: 'x', minReadySeconds: 'y', ...d.spec, replicas2: 1 };
  d.spec.replicas = 'x';
  assert.match(decodeMessage(d) ?? '', /DeploymentSpec\.spec\.replicas of type int32$/);
});

test('IntOrString takes ints and strings; other values fail without struct context', () => {
  const d = copy(deployment()) as any;
  d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } };
  assert.equal(decodeMessage(d), undefined);
  d.spec.strategy.rollingUpdate.maxSurge = true;
  assert.match(decodeMessage(d) ?? '', /cannot be handled as a Deployment: json: cannot unmarshal bool into Go value of type int32$/);
  d.spec.strategy.rollingUpdate.maxSurge = 2.5;
  assert.match(decodeMessage(d) ?? '', /json: cannot unmarshal number 2\.5 into Go value of type int32$/);
});

test('a custom unmarshaler error wins over an earlier mismatch', () => {
  const p = copy(pod()) as any;
  p.spec = { restartPolicy: 1, containers: [{ name: 'a', image: 'b', resources: { limits: { cpu: 'lots' } } }] };
  assert.match(decodeMessage(p) ?? '', /cannot be handled as a Pod: quantities must match the regular expression/);
});

test('quantities accept strings and numbers, and refuse the rest with upstream messages', () => {
  const p = copy(pod()) as any;
  p.spec.containers[0].resources = { limits: { cpu: 0.5, memory: '128Mi' }, requests: { cpu: '100m' } };
  assert.equal(decodeMessage(p), undefined);
  p.spec.containers[0].resources.limits.memory = '1e';
  assert.match(decodeMessage(p) ?? '', /: unable to parse quantity's suffix$/);
  p.spec.containers[0].resources.limits.memory = true;
  assert.match(decodeMessage(p) ?? '', /: quantities must match the regular expression '\^\(\[\+-\]\?\[0-9\.\]\+\)\(\[eEinumkKMGTP\]\*\[-\+\]\?\[0-9\]\*\)\$'$/);
});

test('Time fields must be RFC 3339; nulls are fine everywhere', () => {
  const p = copy(pod()) as any;
  p.metadata.creationTimestamp = null;
  p.spec.nodeSelector = null;
  assert.equal(decodeMessage(p), undefined);
  p.metadata.deletionTimestamp = '2024-13-01T00:00:00Z';
  assert.match(decodeMessage(p) ?? '', /cannot be handled as a Pod: parsing time "2024-13-01T00:00:00Z": month out of range$/);
  p.metadata.deletionTimestamp = 5;
  assert.match(decodeMessage(p) ?? '', /json: cannot unmarshal number into Go value of type string$/);
});

test('Secret data must be standard base64', () => {
  const s: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'd' }, data: { ok: 'aGVsbG8=', bad: 'hello!' } };
  assert.equal(decodeMessage(s), 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 5');
});

test('free-form fields (RawExtension, JSON) accept anything', () => {
  const revision: KubeObject = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r', namespace: 'd' }, revision: 1, data: { any: [1, 'x', true] } };
  assert.equal(decodeMessage(revision), undefined);
  const crd: KubeObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'a.b.c' },
    spec: { versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', default: 5, additionalProperties: true, items: [{}] } } }] },
  };
  assert.equal(decodeMessage(crd), undefined);
});

// ---- property: objects built from the schema with well-typed values decode ----

const { resolve } = builtinSchemas();
const dateTimes = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });
const quantities = fc.oneof(fc.constantFrom('1', '100m', '0.5', '1Gi', '512Mi', '2k', '1e3', '+1.5'), fc.integer({ min: 0, max: 1 << 20 }));
const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Returns an arbitrary of well-typed values for a schema node, cut off below `depth`. */
function arbitraryFor(raw: Schema, depth: number): fc.Arbitrary<unknown> {
  const ref = raw.$ref ?? (raw.allOf?.length === 1 ? raw.allOf[0]?.$ref : undefined);
  const definition = ref?.replace('#/components/schemas/', '');
  switch (definition) {
    case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
      return fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.string());
    case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
      return quantities;
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.Time':
      return dateTimes.map((d) => d.toISOString().replace(/\.\d+Z$/, 'Z'));
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime':
      return dateTimes.map((d) => d.toISOString().replace(/\.(\d+)Z$/, (_m, ms: string) => `.${ms.padEnd(6, '0')}Z`));
  }
  const schema = derefSchema(raw, resolve) ?? {};
  if (depth <= 0) return fc.constant(null);
  if (schema.properties) {
    const props = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, arbitraryFor(v, depth - 1)]));
    return fc.record(props, { requiredKeys: [] });
  }
  switch (schema.type) {
    case 'array':
      return fc.array(arbitraryFor(schema.items ?? {}, depth - 1), { maxLength: 2 });
    case 'object':
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), arbitraryFor(schema.additionalProperties, depth - 1), { maxKeys: 2 });
      }
      return fc.dictionary(fc.string({ maxLength: 5 }), anyJson, { maxKeys: 2 });
    case 'string':
      return schema.format === 'byte' ? fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b).toString('base64')) : fc.string({ maxLength: 8 });
    case 'integer':
      return schema.format === 'int32' ? fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) : fc.maxSafeInteger();
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    default:
      return anyJson;
  }
}

test('property: objects built from each kind schema with well-typed values decode', () => {
  const { schemas } = builtinSchemas();
  for (const info of builtinResources()) {
    const definition = info.definition as string;
    const schema = schemas[definition] as Schema;
    const arbitrary = arbitraryFor(schema, 5);
    fc.assert(
      fc.property(arbitrary, (value) => {
        const obj = value as Record<string, unknown>;
        assert.equal(decodeError(obj, schema, resolve, definition), undefined, `${info.kind}: ${JSON.stringify(obj)}`);
      }),
      { numRuns: 15 },
    );
  }
});
