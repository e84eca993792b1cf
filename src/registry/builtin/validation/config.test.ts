// ConfigMap and Secret rules: keys, size, type-specific keys, and immutability.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../apimachinery/index.ts';
import { validateConfigMap, validateConfigMapUpdate } from './configmap.ts';
import { messages } from './fixtures.ts';
import { goJSONObjectError, validateSecret, validateSecretUpdate } from './secret.ts';

/** Returns a ConfigMap with `fields`. */
function configMap(fields: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, ...fields };
}

/** Returns a Secret with `fields`. */
function secret(fields: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, type: 'Opaque', ...fields };
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

test('config map keys are [-._a-zA-Z0-9]+', () => {
  assert.deepEqual(messages(validateConfigMap(configMap({ data: { 'app.properties': 'x', KEY_1: 'y' } }))), []);
  assert.deepEqual(messages(validateConfigMap(configMap({ data: { 'a/b': 'x' } }))), [
    `data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
  ]);
  assert.deepEqual(messages(validateConfigMap(configMap({ data: { '..': 'x' } }))), ["data[..]: Invalid value: \"..\": must not be '..'"]);
  assert.deepEqual(messages(validateConfigMap(configMap({ data: { a: 'x' }, binaryData: { a: b64('y') } }))), [
    'data[a]: Invalid value: "a": duplicate of key present in binaryData',
  ]);
});

test('a config map holds at most 1 MiB, data and binaryData together', () => {
  const half = 'x'.repeat(512 * 1024);
  assert.deepEqual(messages(validateConfigMap(configMap({ data: { a: half }, binaryData: { b: b64(half) } }))), []);
  assert.deepEqual(messages(validateConfigMap(configMap({ data: { a: half, c: 'y' }, binaryData: { b: b64(half) } }))), [
    '[]: Too long: may not be more than 1048576 bytes',
  ]);
});

test('an immutable config map keeps its data and stays immutable', () => {
  const old = configMap({ immutable: true, data: { a: '1' } });
  assert.deepEqual(messages(validateConfigMapUpdate(configMap({ immutable: true, data: { a: '2' } }), old)), [
    'data: Forbidden: field is immutable when `immutable` is set',
  ]);
  assert.deepEqual(messages(validateConfigMapUpdate(configMap({ data: { a: '1' } }), old)), ['immutable: Forbidden: field is immutable when `immutable` is set']);
  assert.deepEqual(messages(validateConfigMapUpdate(configMap({ data: { a: '2' } }), configMap({ data: { a: '1' } }))), []);
});

test('secret keys, size and the keys each type needs', () => {
  assert.deepEqual(messages(validateSecret(secret({ data: { password: b64('x') } }))), []);
  assert.equal(messages(validateSecret(secret({ data: { 'a b': b64('x') } }))).length, 1);
  assert.deepEqual(messages(validateSecret(secret({ data: { big: b64('x'.repeat(1024 * 1024 + 1)) } }))), ['data: Too long: may not be more than 1048576 bytes']);
  assert.deepEqual(messages(validateSecret(secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } }))), ['data[tls.key]: Required value']);
  assert.deepEqual(messages(validateSecret(secret({ type: 'kubernetes.io/basic-auth', data: {} }))), ['data[username]: Required value', 'data[password]: Required value']);
  assert.deepEqual(messages(validateSecret(secret({ type: 'kubernetes.io/service-account-token' }))), [
    'metadata.annotations[kubernetes.io/service-account.name]: Required value',
  ]);
  assert.deepEqual(messages(validateSecret(secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('hello') } }))), [
    "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": invalid character 'h' looking for beginning of value",
  ]);
  assert.deepEqual(messages(validateSecret(secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":{}}') } }))), []);
});

test('Go json.Unmarshal messages for docker config payloads', () => {
  assert.equal(goJSONObjectError(''), 'unexpected end of JSON input');
  assert.equal(goJSONObjectError('[]'), 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  assert.equal(goJSONObjectError('{"a":'), 'unexpected end of JSON input');
});

test('a secret keeps its type; an immutable one keeps its data', () => {
  assert.deepEqual(messages(validateSecretUpdate(secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==', 'tls.key': 'YQ==' } }), secret({}))), [
    'type: Invalid value: "kubernetes.io/tls": field is immutable',
  ]);
  assert.deepEqual(messages(validateSecretUpdate(secret({ immutable: true, data: { a: 'Yg==' } }), secret({ immutable: true, data: { a: 'YQ==' } }))), [
    'data: Forbidden: field is immutable when `immutable` is set',
  ]);
});
