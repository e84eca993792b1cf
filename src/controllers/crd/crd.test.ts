// The CRD controller end to end below HTTP: memory storage, the real Catalog, RestStore,
// SystemClient and ControllerManager (every cluster controller running), no mocks.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../apimachinery/index.ts';
import { crdStrategyOverrides, RestStore, type RequestContext, type ResourceInfo } from '../../registry/index.ts';
import { eventually, startEnv, statusErrorOf, type TestEnv } from '../testing.ts';
import { crdController } from './controller.ts';

const crdGroup = 'apiextensions.k8s.io';

function ctx(cluster: string, fieldValidation: RequestContext['fieldValidation'] = 'Strict'): RequestContext {
  return { cluster, user: { name: 'admin', groups: ['system:masters'] }, dryRun: false, fieldValidation, warnings: [] };
}

/** The CronTab CRD of the Kubernetes docs, with defaults, a CEL rule, printer columns, status and scale, and two versions. */
function cronTabs(extra: { v1Spec?: Record<string, unknown> } = {}): KubeObject {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-validations': [{ rule: 'self.minReplicas <= self.replicas', message: 'replicas must be at least minReplicas' }],
        properties: {
          cronSpec: { type: 'string' },
          image: { type: 'string' },
          replicas: { type: 'integer', default: 1 },
          minReplicas: { type: 'integer', default: 0 },
          policy: { type: 'object', default: {}, properties: { concurrency: { type: 'string', default: 'Allow', enum: ['Allow', 'Forbid'] } } },
          ...extra.v1Spec,
        },
      },
      status: { type: 'object', properties: { replicas: { type: 'integer' }, phase: { type: 'string' } } },
    },
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'], categories: ['all'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
          additionalPrinterColumns: [
            { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
            { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
        { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: schema }, subresources: { status: {} } },
      ],
    },
  };
}

const cronTab = (name: string, spec: Record<string, unknown>, apiVersion = 'stable.example.com/v1'): KubeObject => ({
  apiVersion,
  kind: 'CronTab',
  metadata: { name, namespace: 'default' },
  spec,
});

describe('CustomResourceDefinitions', () => {
  let env: TestEnv;

  before(async () => {
    env = await startEnv(async ({ catalog, behaviour, system }) => {
      // Until the API server wires them in: the CRD strategy overrides and the controller.
      const crds = catalog.builtinResources().find((r) => r.group === crdGroup && r.resource === 'customresourcedefinitions') as ResourceInfo;
      if (!crds.strategy.prepareForDelete) crds.strategy = { ...crds.strategy, ...crdStrategyOverrides };
      if (!behaviour.controllers.some((c) => c.name === 'customresourcedefinitions')) behaviour.controllers.push(crdController(system));
    });
  });
  after(async () => env.stop());

  const crdStore = (cluster: string) => env.client.must(cluster, crdGroup, 'customresourcedefinitions');

  /** Returns the RestStore of a served custom resource version (as the API server would build it). */
  function store(cluster: string, version: string): RestStore | undefined {
    const info = env.catalog.forCluster(cluster).lookup('stable.example.com', version, 'crontabs');
    return info ? new RestStore(env.storage, info) : undefined;
  }

  async function established(cluster: string, name: string): Promise<KubeObject> {
    return eventually(async () => {
      const crd = await crdStore(cluster).get(undefined, name);
      const conditions = (crd?.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [];
      return conditions.some((c) => c.type === 'Established' && c.status === 'True') ? crd : undefined;
    }, `${name} established in ${cluster}`);
  }

  test('a created CRD is served within milliseconds with NamesAccepted and Established', async (t) => {
    const started = Date.now();
    await crdStore('a').create(undefined, cronTabs());
    await eventually(async () => store('a', 'v1'), 'crontabs served');
    const servedAfter = Date.now() - started;
    const crd = await established('a', 'crontabs.stable.example.com');
    t.diagnostic(`served ${servedAfter} ms after the create`);
    assert.ok(servedAfter < 1000, `served after ${servedAfter} ms`);
    const status = crd.status as Record<string, unknown>;
    assert.deepEqual(status.acceptedNames, { plural: 'crontabs', singular: 'crontab', shortNames: ['ct'], kind: 'CronTab', listKind: 'CronTabList', categories: ['all'] });
    assert.deepEqual(status.storedVersions, ['v1']);
    const conditions = status.conditions as Array<Record<string, string>>;
    assert.deepEqual(
      conditions.map(({ type, status: s, reason, message }) => ({ type, status: s, reason, message })),
      [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
    );
    assert.ok(conditions.every((c) => c.lastTransitionTime));
    assert.equal(crd.metadata?.finalizers, undefined, 'no finalizer before deletion');
    const v1 = store('a', 'v1')?.info;
    assert.deepEqual(v1?.shortNames, ['ct']);
    assert.deepEqual(v1?.categories, ['all']);
    assert.equal(store('b', 'v1'), undefined, 'cluster b does not serve cluster a\'s CRD');
  });

  test('objects are defaulted, pruned, validated and CEL-checked', async () => {
    const v1 = store('a', 'v1') as RestStore;
    const created = await v1.create(ctx('a', 'Ignore'), 'default', cronTab('defaults', { cronSpec: '* * * * */5', image: 'cron', unknown: 'x' }));
    assert.deepEqual(created.spec, { cronSpec: '* * * * */5', image: 'cron', replicas: 1, minReplicas: 0, policy: { concurrency: 'Allow' } });
    assert.equal(created.metadata?.generation, 1);

    const strict = await statusErrorOf(v1.create(ctx('a'), 'default', cronTab('strict', { cronSpec: 'x', unknown: 'x' })));
    assert.equal(strict.code, 400);
    assert.equal(strict.message, 'strict decoding error: unknown field "spec.unknown"');

    const wrongType = await statusErrorOf(v1.create(ctx('a'), 'default', cronTab('typed', { replicas: 'three' })));
    assert.equal(wrongType.code, 422);
    assert.equal(
      wrongType.message,
      'CronTab.stable.example.com "typed" is invalid: [spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string", <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
    );
    assert.equal(wrongType.status.details?.causes?.[0]?.field, 'spec.replicas');

    const enumErr = await statusErrorOf(v1.create(ctx('a'), 'default', cronTab('enum', { policy: { concurrency: 'Sometimes' } })));
    assert.match(enumErr.message, /spec\.policy\.concurrency: Unsupported value: "Sometimes": supported values: "Allow", "Forbid"/);

    const cel = await statusErrorOf(v1.create(ctx('a'), 'default', cronTab('cel', { replicas: 1, minReplicas: 3 })));
    assert.equal(cel.code, 422);
    assert.equal(cel.message, 'CronTab.stable.example.com "cel" is invalid: spec: Invalid value: "object": replicas must be at least minReplicas');
  });

  test('printer columns render on each object', async () => {
    const v1 = store('a', 'v1') as RestStore;
    const obj = await v1.get(ctx('a'), 'default', 'defaults');
    const columns = v1.info.strategy.columns ?? [];
    assert.deepEqual(columns.map((c) => [c.name, c.type]), [['Spec', 'string'], ['Replicas', 'integer'], ['Age', 'date']]);
    assert.equal(v1.info.strategy.exactColumns, true);
    assert.deepEqual(columns.map((c) => c.cell(obj, Date.parse(obj.metadata?.creationTimestamp as string) + 65_000)), ['* * * * */5', 1, '65s']);
  });

  test('status changes only through /status; generation follows spec changes', async () => {
    const v1 = store('a', 'v1') as RestStore;
    const current = await v1.get(ctx('a'), 'default', 'defaults');
    const viaMain = await v1.update(ctx('a'), 'default', 'defaults', { ...current, status: { phase: 'Running' } });
    assert.equal(viaMain.object.status, undefined);
    assert.equal(viaMain.object.metadata?.generation, 1);
    const viaStatus = await v1.update(ctx('a'), 'default', 'defaults', { ...viaMain.object, status: { phase: 'Running', replicas: 1 } }, 'status');
    assert.deepEqual(viaStatus.object.status, { phase: 'Running', replicas: 1 });
    assert.equal(viaStatus.object.metadata?.generation, 1, 'status writes keep the generation');
    const specChange = await v1.patch(ctx('a'), 'default', 'defaults', 'merge', { spec: { image: 'cron:2' } });
    assert.equal(specChange.object.metadata?.generation, 2);
    assert.deepEqual(specChange.object.status, { phase: 'Running', replicas: 1 });
  });

  test('the scale subresource reads and writes replicas', async () => {
    const v1 = store('a', 'v1') as RestStore;
    const scale = v1.scaleOf(await v1.get(ctx('a'), 'default', 'defaults'));
    assert.deepEqual({ apiVersion: scale.apiVersion, kind: scale.kind, spec: scale.spec, status: scale.status }, { apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 1 }, status: { replicas: 1 } });
    const scaled = await v1.patch(ctx('a'), 'default', 'defaults', 'merge', { spec: { replicas: 4 } }, { subresource: 'scale' });
    assert.equal((scaled.object.spec as { replicas: number }).replicas, 4);
    assert.equal(scaled.object.metadata?.generation, 3);
  });

  test('server-side apply creates and updates objects; a full object with managedFields passes Strict', async () => {
    const v1 = store('a', 'v1') as RestStore;
    const apply = { ...ctx('a'), fieldManager: 'kubectl' };
    const created = await v1.patch(apply, 'default', 'applied', 'apply', cronTab('applied', { cronSpec: '@weekly' }), { force: true });
    assert.equal(created.created, true);
    assert.deepEqual(created.object.spec, { cronSpec: '@weekly', replicas: 1, minReplicas: 0, policy: { concurrency: 'Allow' } });
    const reapplied = await v1.patch(apply, 'default', 'applied', 'apply', cronTab('applied', { cronSpec: '@monthly', replicas: 2 }), { force: true });
    assert.equal((reapplied.object.spec as { cronSpec: string }).cronSpec, '@monthly');
    // kubectl edit and replace send the object back as read, managedFields included.
    const edited = await v1.update(ctx('a'), 'default', 'applied', { ...reapplied.object, spec: { ...(reapplied.object.spec as object), image: 'edited' } });
    assert.equal((edited.object.spec as { image: string }).image, 'edited');
  });

  test('every served version reads the same objects with its own apiVersion', async () => {
    const v1 = store('a', 'v1') as RestStore;
    const v2 = store('a', 'v2') as RestStore;
    assert.equal((await v1.get(ctx('a'), 'default', 'defaults')).apiVersion, 'stable.example.com/v1');
    assert.equal((await v2.get(ctx('a'), 'default', 'defaults')).apiVersion, 'stable.example.com/v2');
    await v2.create(ctx('a'), 'default', cronTab('through-v2', { cronSpec: '@daily' }, 'stable.example.com/v2'));
    const listed = await v1.list(ctx('a'), 'default', {});
    assert.deepEqual((listed.items as KubeObject[]).map((i) => `${i.metadata?.name}:${i.apiVersion}`).sort(), ['applied:stable.example.com/v1', 'defaults:stable.example.com/v1', 'through-v2:stable.example.com/v1']);
  });

  test('the same CRD name in two clusters is independent', async () => {
    await crdStore('b').create(undefined, cronTabs({ v1Spec: { cronSpec: { type: 'integer' } } }));
    await established('b', 'crontabs.stable.example.com');
    const inB = store('b', 'v1') as RestStore;
    const inA = store('a', 'v1') as RestStore;
    await inB.create(ctx('b'), 'default', cronTab('numeric', { cronSpec: 5 }));
    const err = await statusErrorOf(inA.create(ctx('a'), 'default', cronTab('numeric', { cronSpec: 5 })));
    assert.match(err.message, /spec\.cronSpec in body must be of type string: "integer"/);
    assert.deepEqual(((await inB.list(ctx('b'), undefined, {})).items as KubeObject[]).map((i) => i.metadata?.name), ['numeric']);
    assert.equal(((await inA.list(ctx('a'), undefined, {})).items as KubeObject[]).some((i) => i.metadata?.name === 'numeric'), false);
    assert.equal(store('c', 'v1'), undefined);
  });

  test('conflicting names are not accepted and not served', async () => {
    const clash = cronTabs();
    clash.metadata = { name: 'crontabz.stable.example.com' };
    const spec = clash.spec as { names: Record<string, unknown> };
    spec.names = { plural: 'crontabz', singular: 'crontabz', kind: 'CronTabZ', shortNames: ['ct'] };
    await crdStore('a').create(undefined, clash);
    const crd = await eventually(async () => {
      const c = await crdStore('a').get(undefined, 'crontabz.stable.example.com');
      return (c?.status as { conditions?: unknown[] } | undefined)?.conditions ? c : undefined;
    }, 'conditions on the clashing CRD');
    const conditions = (crd.status as { conditions: Array<Record<string, string>> }).conditions;
    const byType = Object.fromEntries(conditions.map((c) => [c.type, c]));
    assert.deepEqual([byType.NamesAccepted?.status, byType.NamesAccepted?.reason, byType.NamesAccepted?.message], ['False', 'ShortNamesConflict', '"ct" is already in use']);
    assert.deepEqual([byType.Established?.status, byType.Established?.reason, byType.Established?.message], ['False', 'NotAccepted', 'not all names are accepted']);
    assert.equal(env.catalog.forCluster('a').lookup('stable.example.com', 'v1', 'crontabz'), undefined);

    // A built-in resource of the same group holds its names too.
    await crdStore('a').create(undefined, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'roles.rbac.authorization.k8s.io', annotations: { 'api-approved.kubernetes.io': 'unapproved, testing only' } },
      spec: {
        group: 'rbac.authorization.k8s.io',
        scope: 'Namespaced',
        names: { plural: 'roles', kind: 'MyRole' },
        versions: [{ name: 'v9', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    const roles = await eventually(async () => {
      const c = await crdStore('a').get(undefined, 'roles.rbac.authorization.k8s.io');
      return (c?.status as { conditions?: unknown[] } | undefined)?.conditions ? c : undefined;
    }, 'conditions on roles');
    const names = (roles.status as { conditions: Array<Record<string, string>> }).conditions.find((c) => c.type === 'NamesAccepted');
    assert.deepEqual([names?.status, names?.reason, names?.message], ['False', 'PluralConflict', '"roles" is already in use']);
    assert.equal(env.catalog.forCluster('a').lookup('rbac.authorization.k8s.io', 'v9', 'roles'), undefined);
  });

  test('an invalid CRD is refused with upstream messages', async () => {
    const bad = cronTabs();
    (bad.spec as { versions: Array<Record<string, unknown>> }).versions[1] = { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } };
    const err = await statusErrorOf(crdStore('a').create(undefined, bad));
    assert.equal(err.code, 422);
    assert.match(err.message, /spec\.versions: Invalid value: \["v1","v2"\]: must have exactly one version marked as storage version/);
  });

  test('deleting a CRD deletes its objects, then the CRD and its resources', async () => {
    const v1 = store('a', 'v1') as RestStore;
    const held = cronTab('held', { cronSpec: '@hourly' });
    held.metadata = { ...held.metadata, finalizers: ['example.com/hold'] };
    await v1.create(ctx('a'), 'default', held);
    const deleted = await crdStore('a').delete(undefined, 'crontabs.stable.example.com');
    assert.equal(deleted, false, 'the CRD waits for its cleanup');

    // Everything without a finalizer goes; the held object is terminating; creates are refused.
    await eventually(async () => {
      const items = (await v1.list(ctx('a'), undefined, {})).items as KubeObject[];
      return items.length === 1 && items[0]?.metadata?.deletionTimestamp ? items : undefined;
    }, 'objects deleted');
    const terminating = await eventually(async () => {
      const crd = await crdStore('a').get(undefined, 'crontabs.stable.example.com');
      const c = (crd?.status as { conditions?: Array<Record<string, string>> } | undefined)?.conditions?.find((x) => x.type === 'Terminating');
      return c?.reason === 'InstanceDeletionInProgress' ? crd : undefined;
    }, 'Terminating condition');
    assert.deepEqual(terminating.metadata?.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
    const refused = await statusErrorOf((store('a', 'v1') as RestStore).create(ctx('a'), 'default', cronTab('late', {})));
    assert.equal(refused.code, 405);
    assert.equal(refused.message, 'create not allowed while custom resource definition is terminating');

    // Releasing the last object lets the CRD go, and its resources with it.
    const last = await v1.get(ctx('a'), 'default', 'held');
    await v1.update(ctx('a'), 'default', 'held', { ...last, metadata: { ...last.metadata, finalizers: [] } });
    await eventually(async () => ((await crdStore('a').get(undefined, 'crontabs.stable.example.com')) ? undefined : true), 'CRD removed', 5_000);
    await eventually(async () => (store('a', 'v1') ? undefined : true), 'resources dropped from the catalog');
    assert.ok(store('b', 'v1'), 'cluster b keeps its own CRD');
    assert.equal((await env.storage.list('/registry/a/stable.example.com/crontabs/', {})).items.length, 0);
  });

  test('a CRD that was never established is removed at once', async () => {
    await crdStore('a').delete(undefined, 'crontabz.stable.example.com');
    await eventually(async () => ((await crdStore('a').get(undefined, 'crontabz.stable.example.com')) ? undefined : true), 'unestablished CRD removed');
  });
});

