// Pod, PodSpec and PodTemplate rules with upstream's messages and field paths.
/* eslint-disable @typescript-eslint/no-explicit-any -- each test breaks one field of an untyped JSON fixture, as a request body is. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../apimachinery/index.ts';
import { copy, messages, pod } from './fixtures.ts';
import { validatePod, validatePodTemplate } from './pod.ts';

/** Returns the messages of a Pod whose spec `change` edited. */
function podErrors(change: (spec: any) => void): string[] {
  const p = copy(pod()) as any;
  change(p.spec);
  return messages(validatePod(p as KubeObject));
}

test('a minimal pod is valid, and so is one using the common fields well', () => {
  assert.deepEqual(messages(validatePod(pod())), []);
  const errs = podErrors((spec) => {
    spec.volumes = [{ name: 'data', emptyDir: {} }, { name: 'conf', configMap: { name: 'c', items: [{ key: 'a', path: 'a.txt' }] } }, { name: 'none' }];
    spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }, { name: 'conf', mountPath: '/etc/conf', subPath: 'a.txt' }];
    spec.containers[0].ports = [{ name: 'http', containerPort: 8080 }, { containerPort: 9090, protocol: 'UDP' }];
    spec.containers[0].env = [{ name: 'A', value: 'x' }, { name: 'my.var-1', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }];
    spec.containers[0].resources = { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi', 'example.com/gpu': '1' } };
    spec.containers[0].livenessProbe = { httpGet: { path: '/healthz', port: 'http' } };
    spec.initContainers = [{ name: 'init', image: 'busybox' }];
    spec.restartPolicy = 'OnFailure';
    spec.tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }];
  });
  assert.deepEqual(errs, []);
});

test('containers are required and non-empty', () => {
  assert.deepEqual(podErrors((spec) => delete spec.containers), ['spec.containers: Required value']);
  assert.deepEqual(podErrors((spec) => (spec.containers = [])), ['spec.containers: Required value']);
});

test('container names are DNS-1123 labels and unique across containers and init containers', () => {
  assert.deepEqual(podErrors((spec) => (spec.containers[0].name = 'App_1')), [
    `spec.containers[0].name: Invalid value: "App_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
  ]);
  assert.deepEqual(podErrors((spec) => delete spec.containers[0].name), ['spec.containers[0].name: Required value']);
  assert.deepEqual(podErrors((spec) => spec.containers.push({ name: 'app', image: 'x' })), ['spec.containers[1].name: Duplicate value: "app"']);
  assert.deepEqual(podErrors((spec) => (spec.initContainers = [{ name: 'app', image: 'x' }])), ['spec.initContainers[0].name: Duplicate value: "app"']);
});

test('image is required', () => {
  assert.deepEqual(podErrors((spec) => delete spec.containers[0].image), ['spec.containers[0].image: Required value']);
});

test('ports are 1-65535, named once, with TCP, UDP or SCTP', () => {
  assert.deepEqual(podErrors((spec) => (spec.containers[0].ports = [{ containerPort: 70000 }])), [
    'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].ports = [{ containerPort: 0 }])), ['spec.containers[0].ports[0].containerPort: Required value']);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].ports = [{ containerPort: 80, protocol: 'HTTP' }])), [
    'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].ports = [{ containerPort: 80, name: 'web' }, { containerPort: 81, name: 'web' }])), [
    'spec.containers[0].ports[1].name: Duplicate value: "web"',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].ports = [{ containerPort: 80, name: 'Web_Port' }])), [
    'spec.containers[0].ports[0].name: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].ports = [{ containerPort: 80, hostPort: 80 }, { containerPort: 81, hostPort: 80 }])), [
    'spec.containers[0].ports[1].hostPort: Duplicate value: "/TCP/80"',
  ]);
});

test('env var names: printable ASCII without "=" (RelaxedEnvironmentVariableValidation); one value source', () => {
  assert.deepEqual(podErrors((spec) => (spec.containers[0].env = [{ name: '1-weird.name$' }])), []);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].env = [{ name: 'A=B' }])), [
    `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].env = [{ value: 'x' }])), ['spec.containers[0].env[0].name: Required value']);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].env = [{ name: 'A', value: 'x', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } }])), [
    'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].env = [{ name: 'A', valueFrom: {} }])), [
    'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].envFrom = [{ prefix: 'P_' }])), [
    'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
  ]);
});

test('volume names are unique DNS labels with one source; mounts must name a volume', () => {
  assert.deepEqual(podErrors((spec) => (spec.volumes = [{ name: 'a', emptyDir: {} }, { name: 'a', emptyDir: {} }])), ['spec.volumes[1].name: Duplicate value: "a"']);
  assert.deepEqual(podErrors((spec) => (spec.volumes = [{ name: 'a', emptyDir: {}, hostPath: { path: '/x' } }])), [
    'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.volumes = [{ name: 'a', secret: {} }])), ['spec.volumes[0].secret.secretName: Required value']);
  const missing = copy(pod()) as any;
  missing.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }];
  const [error] = validatePod(missing);
  assert.equal(error?.field, 'spec.containers[0].volumeMounts[0].name');
  assert.equal(error?.type as string, 'FieldValueNotFound');
  assert.equal(error?.value, 'data');
  assert.deepEqual(
    podErrors((spec) => {
      spec.volumes = [{ name: 'data', emptyDir: {} }];
      spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/d', subPath: '../up' }, { name: 'data', mountPath: '/d' }];
    }),
    [`spec.containers[0].volumeMounts.subPath: Invalid value: "../up": must not contain '..'`, 'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique'],
  );
});

test('restartPolicy and dnsPolicy take upstream values', () => {
  assert.deepEqual(podErrors((spec) => (spec.restartPolicy = 'Sometimes')), [
    'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.dnsPolicy = 'Google')), [
    'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
  ]);
});

test('resources: names, non-negative quantities, requests within limits', () => {
  assert.deepEqual(podErrors((spec) => (spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '1' } })), [
    'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].resources = { limits: { memory: '-1Gi' } })), [
    'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].resources = { limits: { disk: '1' } })), [
    'spec.containers[0].resources.limits[disk]: Invalid value: "disk": must be a standard resource type or fully qualified',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].resources = { limits: { pods: '1' } })), [
    'spec.containers[0].resources.limits[pods]: Invalid value: "pods": must be a standard resource for containers',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].resources = { requests: { 'example.com/gpu': '1' } })), [
    'spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].resources = { limits: { 'example.com/gpu': '500m' } })), [
    'spec.containers[0].resources.limits[example.com/gpu]: Invalid value: "500m": must be an integer',
  ]);
});

test('probes need exactly one handler', () => {
  assert.deepEqual(podErrors((spec) => (spec.containers[0].readinessProbe = { periodSeconds: 5 })), [
    'spec.containers[0].readinessProbe: Required value: must specify a handler type',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].livenessProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 } })), [
    'spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.containers[0].livenessProbe = { tcpSocket: { port: 0 }, successThreshold: 2 })), [
    'spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive',
    'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
  ]);
});

test('tolerations, node selector and DNS names of the spec', () => {
  assert.deepEqual(podErrors((spec) => (spec.tolerations = [{ operator: 'Equal', value: 'x' }])), [
    'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }])), [
    'spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'',
  ]);
  assert.deepEqual(podErrors((spec) => (spec.serviceAccountName = 'My SA')).length, 1);
  assert.deepEqual(podErrors((spec) => (spec.activeDeadlineSeconds = 0)), ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']);
});

test('ephemeral containers cannot be set on create', () => {
  assert.deepEqual(podErrors((spec) => (spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }])), ['spec.ephemeralContainers: Forbidden: cannot be set on create']);
});

test('a PodTemplate validates its template, with labels at template.labels', () => {
  const t: KubeObject = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template: { metadata: { labels: { 'bad key': 'v' } }, spec: { containers: [] } } };
  const errs = messages(validatePodTemplate(t));
  assert.equal(errs.length, 2);
  assert.match(errs[0] as string, /^template\.labels: Invalid value: "bad key": name part must consist of/);
  assert.equal(errs[1], 'template.spec.containers: Required value');
});
