// The VirtualClusterInstance controller end to end over the real registry, storage and
// per-cluster controllers: create → Ready, version roll-outs and pins, unversioned templates with
// syncOnce, parameter and rendering failures, inline templates, scheduling, CRDs among the
// objects, access bindings, deletion.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import { clusterPrefix } from '../../registry/index.ts';
import { accessGroupsFor } from './access.ts';
import { appliedTemplateAnnotation, cleanupFinalizer, logicalClusterAnnotation, logicalClusterName, managementCluster, managementGroup, preserveNamespaceAnnotation } from './names.ts';
import { conditionOf, createProject, eventually, phaseOf, startVcEnv, waitForInstance, type VcEnv } from './test-env.ts';
import type { TemplateDefinition } from './types.ts';

const settingsObjects = (version: string, extra = ''): string =>
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  replicas: "{{ .Values.replicas }}"
  team: "{{ .Values.team.name }}"
  debug: "{{ .Values.debug }}"
  version: "${version}"
---
apiVersion: v1
kind: Namespace
metadata:
  name: app-{{ .Values.loft.virtualClusterName }}
${extra}`;

const legacyObject = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: legacy
  namespace: app-{{ .Values.loft.virtualClusterName }}
data:
  kept: "until 1.1.0"
`;

/** A template version with three parameters and every part of a definition. */
function versionOf(version: string, extraObjects = ''): Record<string, unknown> {
  return {
    version,
    parameters: [
      { variable: 'replicas', label: 'Replicas', type: 'number', min: 1, max: 3, defaultValue: '1' },
      { variable: 'team.name', type: 'string', defaultValue: 'platform', validation: '^[a-z]+$' },
      { variable: 'debug', type: 'boolean' },
    ],
    template: {
      metadata: { annotations: { 'sleepmode.loft.sh/sleep-after': '3600' } },
      instanceTemplate: { metadata: { labels: { team: '{{ .Values.loft.project }}' } } },
      access: { defaultClusterRole: 'edit', rules: [{ teams: ['platform'], clusterRole: 'cluster-admin' }] },
      helmRelease: { chart: { name: 'vcluster', version: '0.19.5' }, values: 'syncer:\n  replicas: {{ .Values.replicas }}\n' },
      objects: settingsObjects(version, extraObjects),
      spaceTemplate: {
        metadata: { labels: { owner: '{{ .Values.loft.user.name }}' } },
        objects: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: space-info\ndata:\n  cluster: "{{ .Values.loft.cluster }}"\n  suffix: \'{{ index .Values.loft.clusterAnnotations "loft.sh/ingress-suffix" }}\'\n',
      },
    },
  };
}

function templateObject(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'management.loft.sh/v1', kind: 'VirtualClusterTemplate', metadata: { name }, spec };
}

function instance(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>, namespace = 'loft-p-p'): KubeObject {
  return {
    apiVersion: 'management.loft.sh/v1',
    kind: 'VirtualClusterInstance',
    metadata: { name, namespace, ...(annotations ? { annotations } : {}) },
    spec: { owner: { user: 'alice' }, ...spec },
  };
}

const isReady = (vci: KubeObject): boolean => phaseOf(vci) === 'Ready';

/** Returns an object of the instance's logical cluster. */
async function inCluster(vc: VcEnv, vci: KubeObject, resource: string, namespace: string | undefined, name: string, group = ''): Promise<KubeObject | undefined> {
  return vc.api.must(logicalClusterName(vci), group, resource).get(namespace, name);
}

/** Waits until the instance's settings ConfigMap has `version`. */
async function waitForSettings(vc: VcEnv, vci: KubeObject, key: string, value: string): Promise<KubeObject> {
  return eventually(async () => {
    const cm = await inCluster(vc, vci, 'configmaps', 'default', 'settings');
    return (cm?.data as Record<string, string> | undefined)?.[key] === value ? cm : undefined;
  }, `settings.${key} = ${value}`);
}

async function updateTemplate(vc: VcEnv, name: string, change: (spec: Record<string, unknown>) => void): Promise<void> {
  const current = (await vc.templates().get(undefined, name)) as KubeObject;
  const spec = structuredClone(current.spec) as Record<string, unknown>;
  change(spec);
  await vc.templates().update({ ...current, spec });
}

async function updateInstance(vc: VcEnv, name: string, change: (vci: KubeObject) => void): Promise<void> {
  for (;;) {
    const current = structuredClone((await vc.vcis().get('loft-p-p', name)) as KubeObject);
    change(current);
    try {
      await vc.vcis().update(current);
      return;
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'Conflict') throw err;
    }
  }
}

describe('VirtualClusterInstance controller', () => {
  let vc: VcEnv;
  before(async () => {
    vc = await startVcEnv();
    await vc.templates().create(undefined, templateObject('isolated', { displayName: 'Isolated', versions: [versionOf('1.0.0')] }));
  });
  after(async () => {
    await vc.stop();
  });

  test('a versioned template with parameters becomes a Ready virtual cluster with every condition True', async () => {
    const started = performance.now();
    await vc.vcis().create('loft-p-p', instance('dev', { templateRef: { name: 'isolated' }, parameters: 'replicas: 2\ndebug: true\n' }));
    const vci = await waitForInstance(vc, 'dev', isReady, 'dev Ready');
    const readyAfterMs = performance.now() - started;
    const status = vci.status as Record<string, unknown>;
    for (const type of ['Scheduled', 'TemplateResolved', 'TemplateSynced', 'SpaceSynced', 'SpaceReady', 'VirtualClusterSynced', 'VirtualClusterReady', 'VirtualClusterAppsAndObjectsSynced']) {
      const c = conditionOf(vci, type);
      assert.equal(c?.status, 'True', `${type}: ${JSON.stringify(c)}`);
      assert.equal(c?.severity, undefined);
      assert.match(String(c?.lastTransitionTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    assert.equal(status.reason, undefined);
    // The instance: finalizer, logical cluster, applied template, instanceTemplate labels.
    const cluster = logicalClusterName(vci);
    assert.equal(cluster, `vc-${vci.metadata?.uid}`);
    assert.equal(status.serviceUID, vci.metadata?.uid);
    assert.deepEqual(vci.metadata?.finalizers, [cleanupFinalizer]);
    assert.equal(vci.metadata?.annotations?.[logicalClusterAnnotation], cluster);
    assert.deepEqual(JSON.parse(vci.metadata?.annotations?.[appliedTemplateAnnotation] ?? '{}').version, '1.0.0');
    assert.equal(vci.metadata?.labels?.team, 'p');
    // status.virtualCluster is the rendered definition; deployHash hashes the rendered values.
    const rendered = status.virtualCluster as TemplateDefinition;
    assert.equal(rendered.helmRelease?.values, 'syncer:\n  replicas: 2\n');
    assert.equal(status.deployHash, createHash('sha256').update('syncer:\n  replicas: 2\n').digest('hex'));
    assert.equal(rendered.instanceTemplate?.metadata?.labels?.team, 'p');
    // The logical cluster: system namespaces, default roles, access bindings, rendered objects.
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'app-dev']) assert.ok(await inCluster(vc, vci, 'namespaces', undefined, ns), ns);
    assert.deepEqual(vc.rbacBootstrapped, [cluster]);
    assert.ok(await inCluster(vc, vci, 'clusterroles', undefined, 'loft-cluster-space-admin', 'rbac.authorization.k8s.io'));
    for (const role of ['cluster-admin', 'edit']) {
      const binding = await inCluster(vc, vci, 'clusterrolebindings', undefined, `loft:vcluster:role:${role}`, 'rbac.authorization.k8s.io');
      assert.deepEqual(binding?.subjects, [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `loft:vcluster:role:${role}` }]);
    }
    const settings = await inCluster(vc, vci, 'configmaps', 'default', 'settings');
    assert.deepEqual(settings?.data, { replicas: '2', team: 'platform', debug: 'true', version: '1.0.0' });
    assert.match(String((status.virtualClusterObjects as Record<string, unknown>).lastAppliedObjects), /name: settings/);
    // The per-cluster controllers serve the new cluster like any other.
    await eventually(() => inCluster(vc, vci, 'serviceaccounts', 'default', 'default'), 'default service account');
    // The host namespace in loft-cluster, with Loft's labels, the space template and its objects.
    const host = await vc.api.must(managementCluster, '', 'namespaces').get(undefined, 'loft-p-v-dev');
    assert.deepEqual(host?.metadata?.labels, {
      'kubernetes.io/metadata.name': 'loft-p-v-dev',
      owner: 'alice',
      'loft.sh/vcluster-instance-name': 'dev',
      'loft.sh/vcluster-instance-namespace': 'loft-p-p',
      'loft.sh/vcluster-instance-project': 'p',
      'loft.sh/user': 'alice',
    });
    const spaceInfo = await vc.api.must(managementCluster, '', 'configmaps').get('loft-p-v-dev', 'space-info');
    assert.deepEqual(spaceInfo?.data, { cluster: 'loft-cluster', suffix: 'example.com' });
    assert.ok(readyAfterMs < 2_000, `Ready after ${readyAfterMs} ms`);
  });

  test('a steady instance is not written again', async () => {
    const vci = await waitForInstance(vc, 'dev', isReady, 'dev Ready');
    await vc.env.manager.idle();
    const before = (await vc.vcis().get('loft-p-p', 'dev'))?.metadata?.resourceVersion;
    vc.env.manager.enqueue('virtualclusterinstance', 'loft-p-p/dev');
    await vc.env.manager.idle();
    const settings = await inCluster(vc, vci, 'configmaps', 'default', 'settings');
    vc.env.manager.enqueue('virtualclusterinstance', 'loft-p-p/dev');
    await vc.env.manager.idle();
    assert.equal((await vc.vcis().get('loft-p-p', 'dev'))?.metadata?.resourceVersion, before);
    assert.equal((await inCluster(vc, vci, 'configmaps', 'default', 'settings'))?.metadata?.resourceVersion, settings?.metadata?.resourceVersion);
  });

  test('a template calling randAlphaNum is rendered once, not on every pass', async () => {
    await vc.vcis().create('loft-p-p', instance('random', { template: { objects: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  token: "{{ randAlphaNum 16 }}"\n' } }));
    await waitForInstance(vc, 'random', isReady, 'random Ready');
    await vc.env.manager.idle();
    const before = (await vc.vcis().get('loft-p-p', 'random'))?.metadata?.resourceVersion;
    vc.env.manager.enqueue('virtualclusterinstance', 'loft-p-p/random');
    await vc.env.manager.idle();
    assert.equal((await vc.vcis().get('loft-p-p', 'random'))?.metadata?.resourceVersion, before);
  });

  test('a new version matching 1.x.x rolls out and an object it drops is pruned; 2.0.0 is only announced', async () => {
    await vc.templates().create(undefined, templateObject('rolling', { versions: [versionOf('1.0.0', legacyObject)] }));
    await vc.vcis().create('loft-p-p', instance('roll', { templateRef: { name: 'rolling', version: '1.X.x' } }));
    let vci = await waitForInstance(vc, 'roll', isReady, 'roll Ready');
    assert.ok(await inCluster(vc, vci, 'configmaps', 'app-roll', 'legacy'));
    await updateTemplate(vc, 'rolling', (spec) => (spec.versions as unknown[]).push(versionOf('1.1.0')));
    await waitForSettings(vc, vci, 'version', '1.1.0');
    await eventually(async () => !(await inCluster(vc, vci, 'configmaps', 'app-roll', 'legacy')), 'legacy pruned');
    vci = await waitForInstance(vc, 'roll', (v) => !String((v.status as Record<string, Record<string, unknown>>).virtualClusterObjects?.lastAppliedObjects).includes('legacy'), 'lastAppliedObjects without legacy');
    assert.equal(conditionOf(vci, 'TemplateSynced')?.status, 'True');

    await updateTemplate(vc, 'rolling', (spec) => (spec.versions as unknown[]).push(versionOf('2.0.0')));
    vci = await waitForInstance(vc, 'roll', (v) => conditionOf(v, 'TemplateSynced')?.reason === 'NewTemplateVersionAvailable', 'NewTemplateVersionAvailable');
    const synced = conditionOf(vci, 'TemplateSynced');
    assert.equal(synced?.status, 'False');
    assert.equal(synced?.severity, 'Info');
    assert.match(String(synced?.message), /2\.0\.0/);
    assert.equal(phaseOf(vci), 'Ready');
    await vc.env.manager.idle();
    assert.equal(((await inCluster(vc, vci, 'configmaps', 'default', 'settings'))?.data as Record<string, string>).version, '1.1.0');
  });

  test('an exact pin does not move to a newer version but receives edits of its own version', async () => {
    await vc.templates().create(undefined, templateObject('pinned', { versions: [versionOf('1.0.0'), versionOf('1.1.0')] }));
    await vc.vcis().create('loft-p-p', instance('pin', { templateRef: { name: 'pinned', version: '1.0.0' } }));
    const vci = await waitForInstance(vc, 'pin', isReady, 'pin Ready');
    assert.equal(conditionOf(vci, 'TemplateSynced')?.reason, 'NewTemplateVersionAvailable');
    await waitForSettings(vc, vci, 'version', '1.0.0');
    await updateTemplate(vc, 'pinned', (spec) => {
      const versions = spec.versions as Array<Record<string, Record<string, unknown>>>;
      versions[0]!.template!.objects = settingsObjects('1.0.0-edited');
    });
    await waitForSettings(vc, vci, 'version', '1.0.0-edited');
  });

  test('an unversioned template reaches an instance at creation, with syncOnce, and always with x.x.x', async () => {
    const unversioned = (rev: string): Record<string, unknown> => ({
      parameters: [{ variable: 'owner', defaultValue: 'nobody' }],
      template: { objects: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  rev: "${rev}"\n  owner: "{{ .Values.owner }}"\n` },
    });
    await vc.templates().create(undefined, templateObject('plain', unversioned('1')));
    await vc.vcis().create('loft-p-p', instance('once', { templateRef: { name: 'plain' } }));
    await vc.vcis().create('loft-p-p', instance('follow', { templateRef: { name: 'plain', version: 'x.x.x' } }));
    const once = await waitForInstance(vc, 'once', isReady, 'once Ready');
    const follow = await waitForInstance(vc, 'follow', isReady, 'follow Ready');
    await waitForSettings(vc, once, 'rev', '1');

    await updateTemplate(vc, 'plain', (spec) => Object.assign(spec, unversioned('2')));
    await waitForSettings(vc, follow, 'rev', '2');
    const waiting = await waitForInstance(vc, 'once', (v) => conditionOf(v, 'TemplateSynced')?.reason === 'TemplateChangesAvailable', 'TemplateChangesAvailable');
    assert.equal(conditionOf(waiting, 'TemplateSynced')?.status, 'False');
    assert.equal(phaseOf(waiting), 'Ready');
    await vc.env.manager.idle();
    assert.equal(((await inCluster(vc, once, 'configmaps', 'default', 'settings'))?.data as Record<string, string>).rev, '1');

    await updateInstance(vc, 'once', (v) => ((v.spec as Record<string, Record<string, unknown>>).templateRef!.syncOnce = true));
    await waitForSettings(vc, once, 'rev', '2');
    const synced = await waitForInstance(vc, 'once', (v) => conditionOf(v, 'TemplateSynced')?.status === 'True', 'TemplateSynced again');
    assert.equal((synced.spec as Record<string, Record<string, unknown>>).templateRef?.syncOnce, undefined, 'syncOnce is cleared');

    // The instance's own parameters are its own change: they apply without syncOnce.
    await updateInstance(vc, 'once', (v) => ((v.spec as Record<string, unknown>).parameters = 'owner: alice\n'));
    await waitForSettings(vc, once, 'owner', 'alice');
  });

  test('an invalid parameter fails the instance with ErrorSyncingParameters naming the parameter, and a fix recovers it', async () => {
    await vc.vcis().create('loft-p-p', instance('badparam', { templateRef: { name: 'isolated' }, parameters: 'replicas: 5\n' }));
    let vci = await waitForInstance(vc, 'badparam', (v) => phaseOf(v) === 'Failed', 'badparam Failed');
    const status = vci.status as Record<string, unknown>;
    assert.equal(status.reason, 'ErrorSyncingParameters');
    assert.match(String(status.message), /parameter "replicas" cannot be greater than 3/);
    const resolved = conditionOf(vci, 'TemplateResolved');
    assert.deepEqual([resolved?.status, resolved?.reason, resolved?.severity], ['False', 'ErrorSyncingParameters', 'Error']);
    assert.equal(status.message, resolved?.message);
    // Nothing was deployed.
    assert.equal(status.deployHash, undefined);
    assert.equal(await vc.api.must(managementCluster, '', 'namespaces').get(undefined, 'loft-p-v-badparam'), undefined);

    await updateInstance(vc, 'badparam', (v) => ((v.spec as Record<string, unknown>).parameters = 'replicas: 3\nteam:\n  name: Bad Team\n'));
    vci = await waitForInstance(vc, 'badparam', (v) => /team\.name/.test(String((v.status as Record<string, unknown>).message)), 'validation regex failure');
    assert.match(String((vci.status as Record<string, unknown>).message), /parameter "team.name" needs to match regex \^\[a-z\]\+\$/);

    await updateInstance(vc, 'badparam', (v) => ((v.spec as Record<string, unknown>).parameters = 'replicas: 3\nteam:\n  name: ops\n'));
    vci = await waitForInstance(vc, 'badparam', isReady, 'badparam Ready');
    assert.equal((vci.status as Record<string, unknown>).reason, undefined);
    await waitForSettings(vc, vci, 'team', 'ops');
  });

  test('a template that calls fail fails the instance with ErrorRenderingTemplate and the line', async () => {
    await vc.templates().create(
      undefined,
      templateObject('failing', {
        template: { objects: 'apiVersion: v1\nkind: ConfigMap\n{{ fail "the cluster needs a size" }}\n' },
      }),
    );
    await vc.vcis().create('loft-p-p', instance('failing', { templateRef: { name: 'failing' } }));
    const vci = await waitForInstance(vc, 'failing', (v) => phaseOf(v) === 'Failed', 'failing Failed');
    const status = vci.status as Record<string, unknown>;
    assert.equal(status.reason, 'ErrorRenderingTemplate');
    assert.match(String(status.message), /virtualclustertemplate "failing" spec\.template: template: objects:3:3: .*the cluster needs a size/);
  });

  test('an inline template works without a template object', async () => {
    await vc.vcis().create(
      'loft-p-p',
      instance('inline', {
        template: {
          access: { rules: [{ users: ['*'], clusterRole: 'view' }] },
          objects: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  name: "{{ .Values.loft.name }}"\n  size: "{{ .Values.size }}"\n',
        },
        parameters: 'size: large\n',
      }),
    );
    const vci = await waitForInstance(vc, 'inline', isReady, 'inline Ready');
    assert.equal(conditionOf(vci, 'TemplateSynced')?.status, 'True');
    await waitForSettings(vc, vci, 'size', 'large');
    assert.ok(await inCluster(vc, vci, 'clusterrolebindings', undefined, 'loft:vcluster:role:view', 'rbac.authorization.k8s.io'));
    assert.ok(await inCluster(vc, vci, 'clusterrolebindings', undefined, 'loft:vcluster:role:cluster-admin', 'rbac.authorization.k8s.io'));
  });

  test('extraAccessRules are appended to the rendered rules and get their binding', async () => {
    await vc.vcis().create(
      'loft-p-p',
      instance('shared', { templateRef: { name: 'isolated' }, extraAccessRules: [{ users: ['bob'], clusterRole: 'loft-cluster-space-admin' }] }),
    );
    const vci = await waitForInstance(vc, 'shared', isReady, 'shared Ready');
    const rendered = (vci.status as Record<string, unknown>).virtualCluster as TemplateDefinition;
    assert.deepEqual(rendered.access?.rules, [
      { teams: ['platform'], clusterRole: 'cluster-admin' },
      { users: ['bob'], clusterRole: 'loft-cluster-space-admin' },
    ]);
    assert.deepEqual(accessGroupsFor(rendered, { name: 'bob' }), ['loft:vcluster:role:loft-cluster-space-admin']);
    assert.deepEqual(accessGroupsFor(rendered, { name: 'carol' }), ['loft:vcluster:role:edit']);
    assert.ok(await inCluster(vc, vci, 'clusterrolebindings', undefined, 'loft:vcluster:role:loft-cluster-space-admin', 'rbac.authorization.k8s.io'));
  });

  test('custom resources among the objects are applied once their CRD is established', async () => {
    const objects = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, listKind: WidgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: first
spec:
  size: 3
`;
    await vc.vcis().create('loft-p-p', instance('crds', { template: { objects } }));
    const vci = await waitForInstance(vc, 'crds', (v) => conditionOf(v, 'VirtualClusterAppsAndObjectsSynced')?.status === 'True', 'objects synced');
    const widget = await inCluster(vc, vci, 'widgets', 'default', 'first', 'example.com');
    assert.deepEqual(widget?.spec, { size: 3 });
  });

  test('charts and apps are recorded, not installed, and the condition says so', async () => {
    await vc.vcis().create(
      'loft-p-p',
      instance('charts', {
        template: {
          charts: [{ name: 'redis', repoURL: 'https://charts.example.com', version: '1.0.0' }, { name: 'nginx' }],
          apps: [{ name: 'cert-manager' }],
        },
      }),
    );
    const vci = await waitForInstance(vc, 'charts', isReady, 'charts Ready');
    const c = conditionOf(vci, 'VirtualClusterAppsAndObjectsSynced');
    assert.deepEqual([c?.status, c?.severity, c?.reason], ['False', 'Warning', 'ChartsAndAppsNotInstalled']);
    assert.match(String(c?.message), /2 charts and 1 app recorded; installing charts and apps is not supported yet/);
    assert.equal(((vci.status as Record<string, unknown>).virtualCluster as TemplateDefinition).charts?.length, 2);
  });

  test('a cluster the project does not allow fails Scheduled; a missing cluster waits until it exists', async () => {
    await createProject(vc.api, 'q', { allowedClusters: [{ name: 'edge' }] });
    await vc.vcis().create('loft-p-q', instance('elsewhere', { template: {} }, undefined, 'loft-p-q'));
    let vci = await waitForInstance(vc, 'elsewhere', (v) => phaseOf(v) === 'Failed', 'elsewhere Failed', 'loft-p-q');
    assert.equal((vci.status as Record<string, unknown>).reason, 'ClusterNotFound');
    await vc.api.must(managementCluster, managementGroup, 'clusters').create(undefined, { apiVersion: 'management.loft.sh/v1', kind: 'Cluster', metadata: { name: 'edge' }, spec: {} });
    vci = await waitForInstance(vc, 'elsewhere', isReady, 'elsewhere Ready', 'loft-p-q');
    assert.equal(conditionOf(vci, 'Scheduled')?.message, 'scheduled to cluster edge');

    await vc.vcis().create('loft-p-q', instance('pinned-cluster', { template: {}, clusterRef: { cluster: 'loft-cluster' } }, undefined, 'loft-p-q'));
    vci = await waitForInstance(vc, 'pinned-cluster', (v) => phaseOf(v) === 'Failed', 'pinned-cluster Failed', 'loft-p-q');
    assert.equal((vci.status as Record<string, unknown>).reason, 'ClusterNotAllowed');
  });

  test('after deployment a deleted template leaves the instance running its last configuration', async () => {
    await vc.templates().create(undefined, templateObject('ephemeral', { versions: [versionOf('1.0.0')] }));
    await vc.vcis().create('loft-p-p', instance('orphan', { templateRef: { name: 'ephemeral' } }));
    await waitForInstance(vc, 'orphan', isReady, 'orphan Ready');
    await vc.templates().delete(undefined, 'ephemeral');
    const vci = await waitForInstance(vc, 'orphan', (v) => conditionOf(v, 'TemplateResolved')?.reason === 'TemplateNotFound', 'TemplateNotFound');
    assert.equal(phaseOf(vci), 'Ready');
    assert.ok((vci.status as Record<string, unknown>).virtualCluster);
    await waitForSettings(vc, vci, 'version', '1.0.0');
  });

  test('space objects a later render drops are pruned; a namespace the instance does not own is not adopted', async () => {
    const spaceObjects = (names: string[]): string => names.map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n`).join('---\n');
    await vc.vcis().create('loft-p-p', instance('spacey', { template: { spaceTemplate: { objects: spaceObjects(['one', 'two']) } } }));
    await waitForInstance(vc, 'spacey', isReady, 'spacey Ready');
    const configmaps = vc.api.must(managementCluster, '', 'configmaps');
    assert.ok(await configmaps.get('loft-p-v-spacey', 'two'));
    await updateInstance(vc, 'spacey', (v) => ((v.spec as Record<string, unknown>).template = { spaceTemplate: { objects: spaceObjects(['one']) } }));
    await eventually(async () => !(await configmaps.get('loft-p-v-spacey', 'two')), 'space object two pruned');
    assert.ok(await configmaps.get('loft-p-v-spacey', 'one'));

    await vc.api.must(managementCluster, '', 'namespaces').create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'loft-p-v-taken' } });
    await vc.vcis().create('loft-p-p', instance('taken', { template: {} }));
    const vci = await waitForInstance(vc, 'taken', (v) => phaseOf(v) === 'Failed', 'taken Failed');
    assert.equal((vci.status as Record<string, unknown>).reason, 'NamespaceInUse');
    await vc.vcis().delete('loft-p-p', 'taken');
    await eventually(async () => !(await vc.vcis().get('loft-p-p', 'taken')), 'taken gone');
    assert.ok(await vc.api.must(managementCluster, '', 'namespaces').get(undefined, 'loft-p-v-taken'), 'a namespace the instance does not own survives its deletion');
  });

  test('deleting an instance deletes its logical cluster and host namespace, unless the namespace is preserved', async () => {
    await vc.vcis().create('loft-p-p', instance('doomed', { templateRef: { name: 'isolated' } }));
    await vc.vcis().create('loft-p-p', instance('kept', { templateRef: { name: 'isolated' } }, { [preserveNamespaceAnnotation]: 'true' }));
    const doomed = await waitForInstance(vc, 'doomed', isReady, 'doomed Ready');
    const kept = await waitForInstance(vc, 'kept', isReady, 'kept Ready');
    await vc.vcis().delete('loft-p-p', 'doomed');
    await vc.vcis().delete('loft-p-p', 'kept');
    await eventually(async () => !(await vc.vcis().get('loft-p-p', 'doomed')) && !(await vc.vcis().get('loft-p-p', 'kept')), 'instances gone');
    const namespaces = vc.api.must(managementCluster, '', 'namespaces');
    await eventually(async () => !(await namespaces.get(undefined, 'loft-p-v-doomed')), 'host namespace gone');
    assert.ok(await namespaces.get(undefined, 'loft-p-v-kept'), 'preserved host namespace');
    for (const vci of [doomed, kept]) {
      const cluster = logicalClusterName(vci);
      const entry = vc.deleted.find((d) => d.cluster === cluster);
      assert.ok(entry && entry.keys > 0, `deleteLogicalCluster(${cluster})`);
      await vc.env.manager.idle();
      const left = await vc.env.storage.list(clusterPrefix(cluster));
      assert.deepEqual(left.keys, [], `keys left in ${cluster}`);
    }
  });
});
