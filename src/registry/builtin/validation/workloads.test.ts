// Deployment, ReplicaSet, StatefulSet and DaemonSet rules with upstream's messages and paths.
/* eslint-disable @typescript-eslint/no-explicit-any -- each test breaks one field of an untyped JSON fixture, as a request body is. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../apimachinery/index.ts';
import { validateDaemonSet, validateDaemonSetUpdate } from './daemonset.ts';
import { validateDeployment, validateDeploymentUpdate } from './deployment.ts';
import { copy, deployment, messages, template } from './fixtures.ts';
import { validateReplicaSet } from './replicaset.ts';
import { validateStatefulSet, validateStatefulSetUpdate } from './statefulset.ts';

/** Returns the messages of a Deployment whose spec `change` edited. */
function deploymentErrors(change: (spec: any) => void): string[] {
  const d = copy(deployment()) as any;
  change(d.spec);
  return messages(validateDeployment(d as KubeObject));
}

/** Returns a workload of `kind` with the fixture's selector and template. */
function workload(kind: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...extra } };
}

test('a Deployment as kubectl create deployment writes it is valid', () => {
  assert.deepEqual(deploymentErrors(() => {}), []);
  assert.deepEqual(deploymentErrors((spec) => (spec.strategy = {})), []);
  assert.deepEqual(deploymentErrors((spec) => (spec.strategy = { type: 'Recreate' })), []);
});

test('the selector must match the template labels, printed as a Go map', () => {
  assert.deepEqual(deploymentErrors((spec) => (spec.template.metadata.labels = { app: 'b' })), [
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`',
  ]);
  assert.deepEqual(deploymentErrors((spec) => delete spec.template.metadata.labels), [
    'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
  ]);
  assert.deepEqual(deploymentErrors((spec) => (spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] })), []);
});

test('the selector is required and may not be empty', () => {
  assert.deepEqual(deploymentErrors((spec) => delete spec.selector), [
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
  ]);
  assert.deepEqual(deploymentErrors((spec) => (spec.selector = {})), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
  ]);
  assert.deepEqual(deploymentErrors((spec) => (spec.selector = { matchExpressions: [{ key: 'app', operator: 'Near' }] })), [
    'spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Near", Values:[]string(nil)}}}: invalid label selector',
  ]);
});

test('replicas and the other counts are not negative', () => {
  assert.deepEqual(deploymentErrors((spec) => (spec.replicas = -1)), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(deploymentErrors((spec) => (spec.revisionHistoryLimit = -2)), ['spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0']);
  assert.deepEqual(deploymentErrors((spec) => Object.assign(spec, { minReadySeconds: 700, progressDeadlineSeconds: 600 })), [
    'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
  ]);
});

test('strategy type and rolling update values', () => {
  assert.deepEqual(deploymentErrors((spec) => (spec.strategy = { type: 'BlueGreen' })), [
    'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
  ]);
  assert.deepEqual(deploymentErrors((spec) => (spec.strategy = { type: 'Recreate', rollingUpdate: {} })), [
    "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
  ]);
  assert.deepEqual(deploymentErrors((spec) => (spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })), [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
  ]);
  assert.deepEqual(deploymentErrors((spec) => (spec.strategy = { rollingUpdate: { maxSurge: 'lots', maxUnavailable: '150%' } })), [
    `spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"lots"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
  ]);
});

test('the template restarts Always and is a valid pod template', () => {
  assert.deepEqual(deploymentErrors((spec) => (spec.template.spec.restartPolicy = 'Never')), [
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  ]);
  assert.deepEqual(deploymentErrors((spec) => (spec.template.spec.activeDeadlineSeconds = 10)), [
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
  ]);
  assert.deepEqual(deploymentErrors((spec) => (spec.template.spec.containers = [])), ['spec.template.spec.containers: Required value']);
});

test('an apps/v1 selector cannot change', () => {
  const old = deployment();
  const next = copy(old) as any;
  next.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
  next.spec.template.metadata.labels.tier = 'x';
  assert.deepEqual(messages(validateDeploymentUpdate(next, old)), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
  assert.deepEqual(messages(validateDaemonSetUpdate(workload('DaemonSet', { selector: { matchLabels: { app: 'other' } } }), workload('DaemonSet'))).at(-1),
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
});

test('ReplicaSet: same selector rules, worded for deployments upstream', () => {
  assert.deepEqual(messages(validateReplicaSet(workload('ReplicaSet', { replicas: 1 }))), []);
  assert.deepEqual(messages(validateReplicaSet(workload('ReplicaSet', { selector: {} }))), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
  ]);
});

test('StatefulSet: policies, selector match, names are DNS labels, and only some fields change', () => {
  const sts = workload('StatefulSet', { serviceName: 'web' });
  assert.deepEqual(messages(validateStatefulSet(sts)), []);
  assert.deepEqual(messages(validateStatefulSet(workload('StatefulSet', { podManagementPolicy: 'Random' }))), [
    "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
  ]);
  assert.deepEqual(messages(validateStatefulSet(workload('StatefulSet', { updateStrategy: { type: 'Canary' } }))), [
    "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Canary\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
  ]);
  const dotted = { ...sts, metadata: { name: 'web.v2', namespace: 'default' } };
  assert.deepEqual(messages(validateStatefulSet(dotted)), ['metadata.name: Invalid value: "web.v2": must not contain dots']);
  // Upstream does not validate the pod spec of a StatefulSet's template.
  assert.deepEqual(messages(validateStatefulSet(workload('StatefulSet', { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } }))), []);
  const changed = copy(sts) as any;
  changed.spec.serviceName = 'other';
  changed.spec.replicas = 5;
  assert.deepEqual(messages(validateStatefulSetUpdate(changed, sts)), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
  const scaled = copy(sts) as any;
  scaled.spec.replicas = 5;
  assert.deepEqual(messages(validateStatefulSetUpdate(scaled, sts)), []);
});

test('DaemonSet: selector match, empty selector, update strategy', () => {
  assert.deepEqual(messages(validateDaemonSet(workload('DaemonSet'))), []);
  assert.deepEqual(messages(validateDaemonSet(workload('DaemonSet', { selector: { matchLabels: { app: 'x' } } }))), [
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
  ]);
  assert.deepEqual(messages(validateDaemonSet(workload('DaemonSet', { updateStrategy: { type: 'Everywhere' } }))), [
    'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Everywhere", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
  ]);
  assert.deepEqual(messages(validateDaemonSet(workload('DaemonSet', { updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }))), [
    'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
  ]);
});
