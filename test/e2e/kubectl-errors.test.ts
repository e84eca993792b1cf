// Issue #3: the error paths print what kubectl prints against a real cluster, and bad input is
// refused with a clear Status, never a crash.

import assert from 'node:assert/strict';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adminToken, startServer, type TestServer } from './harness.ts';

/** Sends one raw HTTPS request to the server with the admin token. */
function raw(s: TestServer, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const ca = readFileSync(join(s.dataDir, 'pki', 'ca.crt'));
  return new Promise((resolve, reject) => {
    const req = request(`${s.url}${path}`, { method, ca, headers: { Authorization: `Bearer ${adminToken(s.kubeconfig)}`, ...headers } }, (res) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('error paths', { concurrency: false }, () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.stop();
  });

  test('AlreadyExists and NotFound read as against a real cluster', async () => {
    await s.kubectlOk(['create', 'namespace', 'dup']);
    const again = await s.kubectl(['create', 'namespace', 'dup']);
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim(), 'Error from server (AlreadyExists): namespaces "dup" already exists');
    const missing = await s.kubectl(['get', 'configmap', 'nope', '-n', 'dup']);
    assert.equal(missing.stderr.trim(), 'Error from server (NotFound): configmaps "nope" not found');
    const noNamespace = await s.kubectl(['get', 'configmap', 'nope', '-n', 'ghost']);
    assert.equal(noNamespace.stderr.trim(), 'Error from server (NotFound): namespaces "ghost" not found');
    const createInMissing = await s.kubectl(['create', 'configmap', 'x', '-n', 'ghost']);
    assert.equal(createInMissing.stderr.trim(), 'error: failed to create configmap: namespaces "ghost" not found');
  });

  test('Invalid lists the field causes', async () => {
    const file = s.file('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: dup\n  labels:\n    "bad key!": x\n');
    const result = await s.kubectl(['create', '-f', file]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /The ConfigMap "Bad_Name" is invalid: \n\* metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/);
    assert.match(result.stderr, /\* metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters/);
  });

  test('a stale update is a Conflict', async () => {
    await s.kubectlOk(['create', 'configmap', 'cfg', '-n', 'dup', '--from-literal=a=1']);
    const stale = JSON.parse(await s.kubectlOk(['get', 'cm', 'cfg', '-n', 'dup', '-o', 'json']));
    await s.kubectlOk(['patch', 'cm', 'cfg', '-n', 'dup', '--type=merge', '-p', '{"data":{"a":"2"}}']);
    stale.data.a = '3';
    const result = await s.kubectl(['replace', '-f', s.file('stale.json', JSON.stringify(stale))]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /Error from server \(Conflict\): error when replacing ".*stale.json": Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again/,
    );
  });

  test('unknown fields: Strict refuses, Warn warns', async () => {
    const file = s.file('unknown.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unk\n  namespace: dup\nbogus: 1\ndata:\n  a: b\n');
    const strict = await s.kubectl(['create', '-f', file]);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /strict decoding error: unknown field "bogus"/);
    const warn = await s.kubectl(['create', '-f', file, '--validate=warn']);
    assert.equal(warn.code, 0, warn.stderr);
    assert.match(warn.stderr, /Warning: unknown field "bogus"/);
    const stored = JSON.parse(await s.kubectlOk(['get', 'cm', 'unk', '-n', 'dup', '-o', 'json']));
    assert.equal(stored.bogus, undefined, 'unknown fields are not stored');
  });

  test('401 without a valid token', async () => {
    const result = await s.kubectl(['get', 'ns', '--token=wrong']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /You must be logged in to the server \(Unauthorized\)/);
  });

  test('oversized bodies are refused with 413 before parsing; deep nesting and YAML alias bombs with 400', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 10, 'a');
    const tooLarge = await raw(s, 'POST', '/api/v1/namespaces/dup/configmaps', big, { 'Content-Type': 'application/json' });
    assert.equal(tooLarge.status, 413);
    assert.equal(JSON.parse(tooLarge.body).reason, 'RequestEntityTooLarge');
    const deep = '{"metadata":{"name":"deep"},"data":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    const nested = await raw(s, 'POST', '/api/v1/namespaces/dup/configmaps', deep, { 'Content-Type': 'application/json' });
    assert.equal(nested.status, 400);
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n';
    const started = Date.now();
    const aliased = await raw(s, 'POST', '/api/v1/namespaces/dup/configmaps', bomb, { 'Content-Type': 'application/yaml' });
    assert.equal(aliased.status, 400);
    assert.ok(Date.now() - started < 2000, 'the alias bomb is refused fast');
    const garbage = await raw(s, 'POST', '/api/v1/namespaces/dup/configmaps', '{not json', { 'Content-Type': 'application/json' });
    assert.equal(garbage.status, 400);
    assert.equal(JSON.parse(garbage.body).kind, 'Status');
    const wrongType = await raw(s, 'POST', '/api/v1/namespaces/dup/configmaps', 'x', { 'Content-Type': 'text/plain' });
    assert.equal(wrongType.status, 415);
    // The server is still healthy.
    assert.equal((await raw(s, 'GET', '/readyz')).status, 200);
  });

  test('wrong scope and unknown resources are 404; a stale list resourceVersion after compaction is 410 on watch', async () => {
    assert.equal((await raw(s, 'GET', '/api/v1/namespaces/dup/namespaces/x')).status, 404);
    assert.equal((await raw(s, 'GET', '/apis/rbac.authorization.k8s.io/v1/namespaces/dup/clusterroles')).status, 404);
    assert.equal((await raw(s, 'GET', '/apis/nope.example.com/v1/things')).status, 404);
  });
});
