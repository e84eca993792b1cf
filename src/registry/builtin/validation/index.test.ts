// The validation plugged into the built-in strategies, through the real RestStore over memory
// storage: the decode check on every write path (400 before anything else), the kind rules and
// schema-required fields on create and update (422), and updates that touch only metadata or
// status passing even when the stored spec predates a rule.
/* eslint-disable @typescript-eslint/no-explicit-any -- each test breaks one field of an untyped JSON fixture, as a request body is. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError, type KubeObject, type StatusError } from '../../../apimachinery/index.ts';
import { openStorage } from '../../../storage/index.ts';
import { RestStore } from '../../rest-store.ts';
import type { RequestContext } from '../../resource.ts';
import { builtinResources } from '../index.ts';
import { copy, deployment } from './fixtures.ts';

const storage = openStorage('memory://');
const infos = builtinResources();

/** Returns the store of a built-in resource. */
function store(group: string, resource: string): RestStore {
  const info = infos.find((i) => i.group === group && i.resource === resource);
  assert.ok(info, `${group}/${resource}`);
  return new RestStore(storage, info);
}

/** Returns a request context of a cluster admin. */
function ctx(fieldManager?: string): RequestContext {
  return { cluster: 'validation', user: { name: 'admin', groups: ['system:masters'] }, dryRun: false, fieldValidation: 'Strict', warnings: [], fieldManager };
}

/** Returns the StatusError `run` rejects with. */
async function failure(run: () => Promise<unknown>): Promise<StatusError> {
  try {
    await run();
  } catch (err) {
    if (isStatusError(err)) return err;
    throw err;
  }
  assert.fail('expected a StatusError');
}

const deployments = store('apps', 'deployments');
const replicasType = 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32';

test('create, update and patch refuse a mistyped field with 400 before defaulting; apply is typed too', async () => {
  const bad = copy(deployment()) as any;
  bad.metadata.name = 'typed';
  bad.spec.replicas = 'abc';
  let err = await failure(() => deployments.create(ctx(), 'default', bad));
  assert.equal(err.code, 400);
  assert.equal(err.reason, 'BadRequest');
  assert.equal(err.message, replicasType);

  const good = copy(deployment()) as any;
  good.metadata.name = 'typed';
  const created = await deployments.create(ctx(), 'default', good);
  assert.equal((created.spec as { replicas: number }).replicas, 2);

  const replaced = copy(created) as any;
  replaced.spec.replicas = 'abc';
  err = await failure(() => deployments.update(ctx(), 'default', 'typed', replaced));
  assert.equal(err.message, replicasType);

  err = await failure(() => deployments.patch(ctx(), 'default', 'typed', 'merge', { spec: { replicas: 'abc' } }));
  assert.equal(err.message, replicasType);
  err = await failure(() => deployments.patch(ctx(), 'default', 'typed', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 'http' }] }] } } } }));
  assert.match(err.message, /cannot unmarshal string into Go struct field ContainerPort\.spec\.template\.spec\.containers\.ports\.containerPort of type int32$/);

  // Server-side apply types the configuration first, and fails as upstream's field manager does.
  const applied = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'typed' }, spec: { replicas: 'abc' } };
  err = await failure(() => deployments.patch(ctx('kubectl'), 'default', 'typed', 'apply', applied));
  assert.equal(err.message, 'failed to create typed patch object (default/typed; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string');
  // What the typed merge lets through (a string where a quantity belongs) is still decoded afterwards.
  const quantity = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'typed' }, spec: { template: { spec: { containers: [{ name: 'app', resources: { limits: { cpu: 'lots' } } }] } } } };
  err = await failure(() => deployments.patch(ctx('kubectl'), 'default', 'typed', 'apply', quantity));
  assert.equal(err.code, 400);
  assert.match(err.message, /^Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression/);
});

test('kind rules refuse with 422 and upstream causes; kubectl-created objects pass', async () => {
  const mismatch = copy(deployment()) as any;
  mismatch.metadata.name = 'mismatch';
  mismatch.spec.template.metadata.labels = { app: 'b' };
  const err = await failure(() => deployments.create(ctx(), 'default', mismatch));
  assert.equal(err.code, 422);
  assert.equal(err.message, 'Deployment.apps "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`');
  assert.deepEqual(err.status.details?.causes, [
    { reason: 'FieldValueInvalid', message: 'Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`', field: 'spec.template.metadata.labels' },
  ]);
  // kubectl create deployment writes strategy: {} and resources: {}.
  const fromKubectl = copy(deployment()) as any;
  fromKubectl.metadata.name = 'from-kubectl';
  fromKubectl.spec.strategy = {};
  fromKubectl.spec.template.spec.containers[0].resources = {};
  fromKubectl.status = {};
  await deployments.create(ctx(), 'default', fromKubectl);
});

test('schema-required fields without a kind rule are reported as Required', async () => {
  const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { minReplicas: 1 } };
  const err = await failure(() => store('autoscaling', 'horizontalpodautoscalers').create(ctx(), 'default', hpa));
  assert.equal(err.message, 'HorizontalPodAutoscaler.autoscaling "h" is invalid: spec.scaleTargetRef: Required value');
});

test('an update that changes only metadata or status passes a stored spec that breaks a rule', async () => {
  const good = copy(deployment()) as any;
  good.metadata.name = 'ratchet';
  const created = await deployments.create(ctx(), 'default', good);
  // Break the stored spec behind the store's back, as data written before the rule existed.
  const key = '/registry/validation/apps/deployments/default/ratchet';
  await storage.guaranteedUpdate(key, (current) => ({ ...current, spec: { ...(current?.spec as object), replicas: -1 } }) as KubeObject);
  const labelled = await deployments.patch(ctx(), 'default', 'ratchet', 'merge', { metadata: { labels: { team: 'a' } } });
  assert.equal(labelled.object.metadata?.labels?.team, 'a');
  const err = await failure(() => deployments.patch(ctx(), 'default', 'ratchet', 'merge', { spec: { paused: true } }));
  assert.equal(err.message, 'Deployment.apps "ratchet" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  assert.ok(created.metadata?.uid);
});

test('a RoleBinding cannot be repointed', async () => {
  const bindings = store('rbac.authorization.k8s.io', 'rolebindings');
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'rb' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a' },
    subjects: [{ kind: 'ServiceAccount', name: 'default' }],
  };
  await bindings.create(ctx(), 'default', binding);
  const err = await failure(() => bindings.patch(ctx(), 'default', 'rb', 'merge', { roleRef: { name: 'b' } }));
  assert.equal(err.message, 'RoleBinding.rbac.authorization.k8s.io "rb" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef');
});

test('status sent on create is still dropped for kinds with a status subresource', async () => {
  const withStatus = copy(deployment()) as any;
  withStatus.metadata.name = 'status';
  withStatus.status = { replicas: 5 };
  const created = await deployments.create(ctx(), 'default', withStatus);
  assert.equal(created.status, undefined);
});
