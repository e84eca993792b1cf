// The management kinds as ResourceInfo: discovery facts, subresources, strategies and columns.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../apimachinery/index.ts';
import type { ResourceInfo } from '../../registry/index.ts';
import { managementResources, standardVerbs } from './kinds.ts';
import { managementDefinition, refPrefix } from './schemas.ts';
import { seedExample } from './seed-fixture.ts';

const resources = managementResources();
const byKind = new Map(resources.map((r) => [r.kind, r]));

/** Returns the ResourceInfo of a kind, or fails. */
function info(kind: string): ResourceInfo {
  const r = byKind.get(kind);
  assert.ok(r, kind);
  return r;
}

/** Returns the cells of the kind's own columns for an object, by column name. */
function cells(kind: string, obj: KubeObject): Record<string, unknown> {
  return Object.fromEntries((info(kind).strategy.columns ?? []).map((c) => [c.name, c.cell(obj, Date.now())]));
}

test('every kind the brief names is served, with its scope', () => {
  const scope = Object.fromEntries(resources.map((r) => [r.kind, r.namespaced]));
  assert.deepEqual(scope, {
    VirtualClusterInstance: true,
    VirtualClusterTemplate: false,
    Project: false,
    ProjectSecret: true,
    Cluster: false,
    User: false,
    Team: false,
    OwnedAccessKey: false,
    App: false,
    Self: false,
    SelfSubjectAccessReview: false,
  });
});

test('VirtualClusterInstance: discovery facts, subresources and strategy', () => {
  const r = info('VirtualClusterInstance');
  assert.equal(r.group, 'management.loft.sh');
  assert.equal(r.version, 'v1');
  assert.equal(r.resource, 'virtualclusterinstances');
  assert.equal(r.singularResource, 'virtualclusterinstance');
  assert.equal(r.listKind, 'VirtualClusterInstanceList');
  assert.deepEqual(r.shortNames, ['vci']);
  assert.deepEqual(r.categories, []);
  assert.deepEqual(r.verbs, standardVerbs);
  assert.deepEqual(
    r.subresources.map((s) => [s.subresource, s.kind.kind, s.verbs]),
    [
      ['kubeconfig', 'VirtualClusterInstanceKubeConfig', ['create']],
      ['status', 'VirtualClusterInstance', ['get', 'patch', 'update']],
    ],
  );
  assert.equal(r.definition, managementDefinition('VirtualClusterInstance'));
  assert.equal(r.schema?.['x-kubernetes-group-version-kind']?.[0]?.kind, 'VirtualClusterInstance');
  assert.equal(r.strategy.nameValidation, 'DNS1123Subdomain');
  assert.equal(r.strategy.hasStatusSubresource, true);
  assert.equal(r.strategy.tracksGeneration, true);
  assert.equal(r.pruneMode, 'builtin');
  assert.equal(r.acceptsStrategicMerge, true);
  assert.equal(r.returnDeletedObject, true);
});

test('Project: a DNS-1123 label name, templates and clusters subresources', () => {
  const r = info('Project');
  assert.equal(r.strategy.nameValidation, 'DNS1123Label');
  assert.deepEqual(
    r.subresources.map((s) => [s.subresource, s.kind.kind, s.verbs]),
    [
      ['clusters', 'ProjectClusters', ['get']],
      ['status', 'Project', ['get', 'patch', 'update']],
      ['templates', 'ProjectTemplates', ['get']],
    ],
  );
});

test('Self and SelfSubjectAccessReview are create-only and keep no status subresource', () => {
  for (const kind of ['Self', 'SelfSubjectAccessReview']) {
    const r = info(kind);
    assert.deepEqual(r.verbs, ['create']);
    assert.deepEqual(r.subresources, []);
    assert.equal(r.strategy.hasStatusSubresource, false);
    assert.equal(r.strategy.tracksGeneration, false);
  }
  assert.equal(info('Self').resource, 'selves');
});

test('every stored kind has the standard verbs and a status subresource; every schema and subresource kind resolves', () => {
  for (const r of resources) {
    assert.ok(r.schema, r.kind);
    assert.equal(r.resolve(`${refPrefix}${r.definition}`), r.schema);
    assert.ok(r.resolve(`${refPrefix}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`), 'built-in refs resolve');
    for (const s of r.subresources) assert.ok(r.resolve(`${refPrefix}${managementDefinition(s.kind.kind)}`), `${r.kind}/${s.subresource}`);
    if (r.verbs.length === 1) continue;
    assert.deepEqual(r.verbs, standardVerbs, r.kind);
    assert.ok(r.subresources.some((s) => s.subresource === 'status'), r.kind);
    assert.ok(r.resolve(`${refPrefix}${r.definition}List`), `${r.kind}List`);
  }
});

test('VirtualClusterInstance columns: template, phase, owner (Name and Age come from the table converter)', () => {
  const columns = info('VirtualClusterInstance').strategy.columns ?? [];
  assert.deepEqual(
    columns.filter((c) => !c.priority).map((c) => c.name),
    ['Template', 'Phase', 'Owner'],
  );
  assert.deepEqual(cells('VirtualClusterInstance', seedExample as KubeObject), {
    Template: 'my-virtual-cluster-template',
    Phase: '',
    Owner: 'my-user',
    Cluster: '',
    'Host Namespace': '',
    'Display Name': 'my-display-name',
  });
  const inline = { spec: { template: { helmRelease: {} }, owner: { team: 'devs' }, clusterRef: { cluster: 'loft-cluster', namespace: 'loft-p-v-x' } }, status: { phase: 'Ready' } };
  assert.deepEqual(cells('VirtualClusterInstance', inline as KubeObject), {
    Template: 'inline',
    Phase: 'Ready',
    Owner: 'team:devs',
    Cluster: 'loft-cluster',
    'Host Namespace': 'loft-p-v-x',
    'Display Name': '',
  });
  assert.equal(cells('VirtualClusterInstance', { spec: { templateRef: { name: 't', version: '1.x.x' } } } as KubeObject).Template, 't@1.x.x');
  assert.equal(cells('VirtualClusterInstance', { spec: {} } as KubeObject).Template, '<none>');
  assert.equal(cells('VirtualClusterInstance', { spec: {} } as KubeObject).Owner, '<none>');
});

test('the other kinds print their own columns', () => {
  assert.deepEqual(cells('VirtualClusterTemplate', { spec: { displayName: 'Isolated', versions: [{ version: '1.0.0' }, { version: '1.1.0' }] } } as KubeObject), {
    'Display Name': 'Isolated',
    Versions: '1.0.0,1.1.0',
  });
  assert.equal(cells('ProjectSecret', { spec: { data: { a: 'eA==', b: 'eQ==' } } } as KubeObject).Data, 2);
  assert.equal(cells('Cluster', { status: { phase: 'Initialized' } } as KubeObject).Phase, 'Initialized');
  assert.equal(cells('OwnedAccessKey', { spec: { team: 'devs', type: 'User' } } as KubeObject).User, 'devs');
});
