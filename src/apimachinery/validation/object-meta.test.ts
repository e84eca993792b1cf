import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fieldErrorString, type FieldError } from '../errors.ts';
import type { ObjectMeta } from '../object.ts';
import {
  finalizerWarnings,
  totalAnnotationSizeLimitBytes,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './index.ts';

const namespaced = { namespaced: true, nameValidator: 'DNS1123Subdomain' } as const;
const clusterScoped = { namespaced: false, nameValidator: 'DNS1123Subdomain' } as const;

function messages(errs: FieldError[]): string[] {
  return errs.map(fieldErrorString);
}

const namePartMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

test('a valid namespaced object has no errors', () => {
  const meta: ObjectMeta = {
    name: 'web-1',
    namespace: 'default',
    labels: { app: 'web', 'example.com/tier': '' },
    annotations: { 'Example.com/Owner': 'me' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1', controller: true }],
    finalizers: ['example.com/cleanup', 'kubernetes'],
    managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: {} }],
  };
  assert.deepEqual(validateObjectMeta(meta, namespaced), []);
});

test('name: required unless generateName; generateName checked as a prefix', () => {
  assert.deepEqual(messages(validateObjectMeta({ namespace: 'a' }, namespaced)), ['metadata.name: Required value: name or generateName is required']);
  assert.deepEqual(validateObjectMeta({ generateName: 'web-', namespace: 'a' }, namespaced), []);
  assert.deepEqual(validateObjectMeta({ generateName: 'web-', name: 'web-x7k2p', namespace: 'a' }, namespaced), []);
  const errs = validateObjectMeta({ generateName: 'Web-', namespace: 'a' }, namespaced);
  assert.equal(errs.length, 1);
  assert.equal(errs[0]?.field, 'metadata.generateName');
  assert.equal(errs[0]?.value, 'Web-');
  // A 253-character prefix ending in '-' is accepted as a prefix (upstream masks the dash).
  assert.deepEqual(validateObjectMeta({ generateName: `${'a'.repeat(252)}-` }, clusterScoped), []);
  assert.equal(validateObjectMeta({ generateName: '-' }, clusterScoped).length, 1);
});

test('name: the exact upstream message and path', () => {
  assert.deepEqual(messages(validateObjectMeta({ name: 'Foo', namespace: 'a' }, namespaced)), [
    "metadata.name: Invalid value: \"Foo\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.deepEqual(messages(validateObjectMeta({ name: 'a'.repeat(254) }, clusterScoped)), [
    `metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`,
  ]);
});

test('name validators: label, DNS-1035, path segment and custom', () => {
  const label = { namespaced: false, nameValidator: 'DNS1123Label' } as const;
  assert.deepEqual(messages(validateObjectMeta({ name: 'a.b' }, label)), ['metadata.name: Invalid value: "a.b": must not contain dots']);
  assert.equal(validateObjectMeta({ name: '1abc' }, { namespaced: false, nameValidator: 'DNS1035Label' }).length, 1);
  const segment = { namespaced: false, nameValidator: 'PathSegment' } as const;
  assert.deepEqual(validateObjectMeta({ name: 'Any Name:Here' }, segment), []);
  assert.deepEqual(messages(validateObjectMeta({ name: 'a/b%c' }, segment)), [
    "metadata.name: Invalid value: \"a/b%c\": may not contain '/'",
    "metadata.name: Invalid value: \"a/b%c\": may not contain '%'",
  ]);
  assert.deepEqual(messages(validateObjectMeta({ name: '..' }, segment)), ["metadata.name: Invalid value: \"..\": may not be '..'"]);
  const custom = { namespaced: false, nameValidator: (name: string) => (name === 'bad' ? ['is bad'] : []) };
  assert.deepEqual(messages(validateObjectMeta({ name: 'bad' }, custom)), ['metadata.name: Invalid value: "bad": is bad']);
});

test('namespace: required when namespaced, forbidden otherwise, a DNS label', () => {
  assert.deepEqual(messages(validateObjectMeta({ name: 'a' }, namespaced)), ['metadata.namespace: Required value']);
  assert.deepEqual(messages(validateObjectMeta({ name: 'a', namespace: 'x' }, clusterScoped)), [
    'metadata.namespace: Forbidden: not allowed on this type',
  ]);
  assert.deepEqual(messages(validateObjectMeta({ name: 'a', namespace: 'a.b' }, namespaced)), [
    'metadata.namespace: Invalid value: "a.b": must not contain dots',
  ]);
});

test('labels: keys as qualified names, values as label values', () => {
  assert.deepEqual(messages(validateObjectMeta({ name: 'a', labels: { 'a b': 'x', ok: '-x' } }, clusterScoped)), [
    `metadata.labels: Invalid value: "a b": ${namePartMsg}`,
    "metadata.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ]);
  assert.deepEqual(messages(validateObjectMeta({ name: 'a', labels: { k: 'v'.repeat(64) } }, clusterScoped)), [
    `metadata.labels: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
  ]);
});

test('annotations: case-insensitive keys, 256 KiB in total', () => {
  assert.deepEqual(validateObjectMeta({ name: 'a', annotations: { 'Example.COM/Key': 'v' } }, clusterScoped), []);
  assert.deepEqual(messages(validateObjectMeta({ name: 'a', annotations: { 'a b': 'v' } }, clusterScoped)), [
    `metadata.annotations: Invalid value: "a b": ${namePartMsg}`,
  ]);
  const atLimit = { k: 'v'.repeat(totalAnnotationSizeLimitBytes - 1) };
  assert.deepEqual(validateObjectMeta({ name: 'a', annotations: atLimit }, clusterScoped), []);
  const over = { k: 'v'.repeat(totalAnnotationSizeLimitBytes) };
  const errs = validateObjectMeta({ name: 'a', annotations: over }, clusterScoped);
  assert.equal(errs.length, 1);
  assert.equal(errs[0]?.type, 'FieldValueTooLong');
  assert.equal(errs[0]?.field, 'metadata.annotations');
  assert.match(fieldErrorString(errs[0] as FieldError), /^metadata\.annotations: Too long: .*262144 bytes$/);
  // Bytes, not characters: 131073 two-byte characters are over the limit.
  assert.equal(validateObjectMeta({ name: 'a', annotations: { k: 'é'.repeat(131_072) } }, clusterScoped).length, 1);
});

test('ownerReferences: required fields, banned Event owners, a single controller', () => {
  const errs = validateObjectMeta(
    {
      name: 'a',
      ownerReferences: [
        { apiVersion: '', kind: '', name: '', uid: '' },
        { apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: 'u1', controller: true },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'y', uid: 'u2', controller: true },
      ],
    },
    clusterScoped,
  );
  const got = messages(errs);
  assert.deepEqual(got.slice(0, 4), [
    'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
    'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
    'metadata.ownerReferences.name: Invalid value: "": must not be empty',
    'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
  ]);
  assert.match(got[4] as string, /^metadata\.ownerReferences: Invalid value: .*: \/v1, Kind=Event is disallowed from being an owner$/);
  assert.match(
    got[5] as string,
    /Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/x and Deployment\/y$/,
  );
  assert.equal(got.length, 6);
  assert.equal(validateObjectMeta({ name: 'a', ownerReferences: [{ apiVersion: 'a/b/c', kind: 'K', name: 'n', uid: 'u' }] }, clusterScoped).length, 1);
});

test('finalizers: qualified names, orphan and foregroundDeletion exclusive, warnings for unqualified names', () => {
  assert.deepEqual(messages(validateObjectMeta({ name: 'a', finalizers: ['a b'] }, clusterScoped)), [
    `metadata.finalizers: Invalid value: "a b": ${namePartMsg}`,
  ]);
  assert.deepEqual(messages(validateObjectMeta({ name: 'a', finalizers: ['orphan', 'foregroundDeletion'] }, clusterScoped)), [
    'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
  ]);
  assert.deepEqual(finalizerWarnings(['example.com/x', 'kubernetes', 'orphan', 'cleanup.example.com', 'a b'], 'metadata.finalizers'), [
    'metadata.finalizers: "cleanup.example.com": prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers',
  ]);
});

test('managedFields and generation', () => {
  const errs = messages(
    validateObjectMeta(
      {
        name: 'a',
        generation: -1,
        managedFields: [{ manager: 'k\u0007', operation: 'Patch' as 'Update', fieldsType: 'FieldsV2' as 'FieldsV1', subresource: 's'.repeat(257) }],
      },
      clusterScoped,
    ),
  );
  assert.deepEqual(errs, [
    'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
    'metadata.managedFields[0].operation: Invalid value: "Patch": must be `Apply` or `Update`',
    'metadata.managedFields[0].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`',
    'metadata.managedFields[0].manager: Invalid value: "k\\u0007": invalid character U+0007 (at position 1)',
    'metadata.managedFields[0].subresource: Too long: may not be more than 256 bytes',
  ]);
});

test('an embedded metadata path is used as given', () => {
  assert.deepEqual(messages(validateObjectMeta({ labels: { 'a b': '' } }, { ...clusterScoped, path: 'spec.template.metadata' })), [
    'spec.template.metadata.name: Required value: name or generateName is required',
    `spec.template.metadata.labels: Invalid value: "a b": ${namePartMsg}`,
  ]);
});

// JSON can carry keys like "toString", which break String(); null prototypes for good measure.
const garbage = { withNullPrototype: true, key: fc.constantFrom('toString', 'valueOf', '__proto__', 'a', 'k b'), maxDepth: 3 };

test('garbage in metadata does not throw', () => {
  fc.assert(
    fc.property(fc.anything(garbage), fc.anything(garbage), (a, b) => {
      const meta = { name: 'a', labels: a, annotations: b, ownerReferences: a, finalizers: b, managedFields: a } as unknown as ObjectMeta;
      validateObjectMeta(meta, namespaced);
      validateObjectMetaUpdate(meta, { name: 'a', labels: b } as unknown as ObjectMeta);
    }),
  );
});

// ---- update ----

const old: ObjectMeta = {
  name: 'a',
  namespace: 'ns',
  uid: 'u1',
  resourceVersion: '5',
  generation: 2,
  creationTimestamp: '2024-01-01T00:00:00Z',
};

test('update: an unchanged object is valid', () => {
  assert.deepEqual(validateObjectMetaUpdate({ ...old }, old), []);
  // The same instant spelled differently is the same timestamp.
  assert.deepEqual(validateObjectMetaUpdate({ ...old, creationTimestamp: '2024-01-01T00:00:00.000+00:00' }, old), []);
});

test('update: identity fields are immutable', () => {
  const errs = messages(validateObjectMetaUpdate({ ...old, name: 'b', namespace: 'other', uid: 'u2', creationTimestamp: '2025-01-01T00:00:00Z' }, old));
  assert.deepEqual(errs, [
    'metadata.name: Invalid value: "b": field is immutable',
    'metadata.namespace: Invalid value: "other": field is immutable',
    'metadata.uid: Invalid value: "u2": field is immutable',
    'metadata.creationTimestamp: Invalid value: "2025-01-01T00:00:00Z": field is immutable',
  ]);
});

test('update: deletionTimestamp and deletionGracePeriodSeconds can be neither set, changed nor unset', () => {
  const deleting = { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', deletionGracePeriodSeconds: 30 };
  assert.deepEqual(messages(validateObjectMetaUpdate({ ...old }, deleting)), [
    'metadata.deletionTimestamp: Invalid value: null: field is immutable',
    'metadata.deletionGracePeriodSeconds: Invalid value: null: field is immutable',
  ]);
  assert.deepEqual(messages(validateObjectMetaUpdate(deleting, old)), [
    'metadata.deletionTimestamp: Invalid value: "2024-02-01T00:00:00Z": field is immutable',
    'metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable',
  ]);
  assert.deepEqual(messages(validateObjectMetaUpdate({ ...deleting, deletionGracePeriodSeconds: 0 }, deleting)), [
    'metadata.deletionGracePeriodSeconds: Invalid value: 0: field is immutable',
  ]);
});

test('update: no new finalizers while deleting; resourceVersion required; generation not decremented', () => {
  const deleting = { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['a.io/x'] };
  assert.deepEqual(validateObjectMetaUpdate({ ...deleting, finalizers: [] }, deleting), []);
  assert.deepEqual(messages(validateObjectMetaUpdate({ ...deleting, finalizers: ['a.io/x', 'b.io/z', 'b.io/y'] }, deleting)), [
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y", "b.io/z"}',
  ]);
  assert.deepEqual(validateObjectMetaUpdate({ ...old, finalizers: ['b.io/y'] }, old), []);
  assert.deepEqual(messages(validateObjectMetaUpdate({ ...old, resourceVersion: '', generation: 1 }, old)), [
    'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    'metadata.generation: Invalid value: 1: must not be decremented',
  ]);
});

test('update: labels and annotations of the new object are validated', () => {
  assert.deepEqual(messages(validateObjectMetaUpdate({ ...old, labels: { 'a b': '' } }, old)), [`metadata.labels: Invalid value: "a b": ${namePartMsg}`]);
});

// ---- metav1.LabelSelector in specs ----

test('validateLabelSelector: operators, values and keys', () => {
  assert.deepEqual(validateLabelSelector(null, 'spec.selector'), []);
  assert.deepEqual(validateLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }, 'spec.selector'), []);
  const errs = messages(
    validateLabelSelector(
      {
        matchLabels: { 'a b': 'x' },
        matchExpressions: [
          { key: 'k', operator: 'In' },
          { key: 'k', operator: 'Exists', values: ['x'] },
          { key: 'k', operator: 'Gt', values: ['1'] },
          { key: 'k', operator: 'NotIn', values: ['-bad'] },
        ],
      },
      'spec.selector',
    ),
  );
  assert.equal(errs[0], `spec.selector.matchLabels: Invalid value: "a b": ${namePartMsg}`);
  assert.deepEqual(errs.slice(1, 4), [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    'spec.selector.matchExpressions[2].operator: Invalid value: "Gt": not a valid selector operator',
  ]);
  assert.match(errs[4] as string, /^spec\.selector\.matchExpressions\[3\]\.values\[0\]: Invalid value: "-bad": a valid label must be/);
  assert.equal(errs.length, 5);
});
