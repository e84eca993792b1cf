import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestInfo } from './request-info.ts';

const info = (method: string, path: string, query = ''): ReturnType<typeof parseRequestInfo> => parseRequestInfo(method, path, new URLSearchParams(query));

test('namespaced resources, names and subresources', () => {
  const r = info('GET', '/apis/apps/v1/namespaces/ns1/deployments/web/scale');
  assert.deepEqual(
    { verb: r.verb, group: r.apiGroup, version: r.apiVersion, ns: r.namespace, resource: r.resource, name: r.name, sub: r.subresource },
    { verb: 'get', group: 'apps', version: 'v1', ns: 'ns1', resource: 'deployments', name: 'web', sub: 'scale' },
  );
  assert.equal(info('GET', '/api/v1/namespaces/ns1/pods').verb, 'list');
  assert.equal(info('GET', '/api/v1/namespaces/ns1/pods', 'watch=true').verb, 'watch');
  assert.equal(info('GET', '/api/v1/watch/namespaces/ns1/pods').verb, 'watch');
  assert.equal(info('DELETE', '/api/v1/namespaces/ns1/pods').verb, 'deletecollection');
  assert.equal(info('DELETE', '/api/v1/namespaces/ns1/pods/p').verb, 'delete');
  assert.equal(info('PATCH', '/api/v1/namespaces/ns1/pods/p').verb, 'patch');
  assert.equal(info('POST', '/api/v1/namespaces/ns1/pods').verb, 'create');
  assert.equal(info('PUT', '/api/v1/namespaces/ns1/pods/p/status').subresource, 'status');
});

test('the namespace itself and its subresources', () => {
  const ns = info('GET', '/api/v1/namespaces/ns1');
  assert.deepEqual([ns.resource, ns.name, ns.namespace, ns.verb], ['namespaces', 'ns1', '', 'get']);
  const fin = info('PUT', '/api/v1/namespaces/ns1/finalize');
  assert.deepEqual([fin.resource, fin.name, fin.subresource, fin.verb], ['namespaces', 'ns1', 'finalize', 'update']);
  const list = info('GET', '/api/v1/namespaces');
  assert.deepEqual([list.resource, list.name, list.verb], ['namespaces', '', 'list']);
});

test('discovery paths are not resource requests', () => {
  for (const p of ['/api', '/apis', '/api/v1', '/apis/apps', '/apis/apps/v1', '/openapi/v3', '/version']) {
    assert.equal(info('GET', p).isResourceRequest, false, p);
  }
});
