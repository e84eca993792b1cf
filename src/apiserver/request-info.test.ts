import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseRequestInfo, parseRequestTarget } from './request-info.ts';

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

test('parseRequestTarget splits a target exactly as new URL does, also for targets URL rewrites', () => {
  const base = 'https://localhost';
  const expected = (target: string): { path: string; query: string[][] } | undefined => {
    try {
      const url = new URL(target, base);
      return { path: url.pathname, query: [...url.searchParams] };
    } catch {
      return undefined;
    }
  };
  const actual = (target: string): { path: string; query: string[][] } | undefined => {
    const split = parseRequestTarget(target);
    return split && { path: split.path, query: [...split.query] };
  };
  for (const target of [
    '/api/v1/namespaces/ns1/configmaps/cm-0',
    '/api/v1/namespaces/ns1/pods?watch=true&resourceVersion=10&labelSelector=app%3Dweb',
    '/api/v1/namespaces/a/../b',
    '/api/v1/namespaces/%2e%2E/x',
    '/api/./v1',
    '//evil/api',
    '/a\\b',
    '/a b?x=1 2',
    '/a?x=1#frag',
    '/a#frag?x',
    '/a?x=%zz&y=+&z=é',
    '*',
    '',
    '/.well-known/openid-configuration',
    '/a^b|c{d}e`f"g<h>',
  ]) {
    assert.deepEqual(actual(target), expected(target), target);
  }
  const chars = [...'/?#=&%.+2eE\\ \t\n"<>`{}^|;:@!$\'()*,~-_aZ09é\u0000\u007f'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 24 }), (parts) => {
      const target = `/${parts.join('')}`;
      assert.deepEqual(actual(target), expected(target), JSON.stringify(target));
    }),
    { numRuns: 5000 },
  );
});
