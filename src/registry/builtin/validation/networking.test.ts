// Ingress and NetworkPolicy rules, PersistentVolumeClaims and PriorityClasses.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../apimachinery/index.ts';
import { messages } from './fixtures.ts';
import { validateIngress } from './ingress.ts';
import { validateNetworkPolicy } from './network-policy.ts';
import { validatePriorityClass, validatePriorityClassUpdate } from './priority-class.ts';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from './pvc.ts';

/** Returns an Ingress with `spec`. */
function ingress(spec: unknown): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default' }, spec };
}

const backend = { service: { name: 'web', port: { number: 80 } } };

test('ingress: an ingress as kubectl create ingress writes it passes', () => {
  assert.deepEqual(messages(validateIngress(ingress({ rules: [{ host: 'foo.com', http: { paths: [{ path: '/bar', pathType: 'Exact', backend }] } }] }))), []);
  assert.deepEqual(messages(validateIngress(ingress({ defaultBackend: backend }))), []);
});

test('ingress: rules or a default backend; paths need a type and an absolute path', () => {
  assert.deepEqual(messages(validateIngress(ingress({}))), ['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']);
  assert.deepEqual(messages(validateIngress(ingress({ rules: [{ http: { paths: [{ path: '/a', backend }] } }] }))), [
    'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
  ]);
  assert.deepEqual(messages(validateIngress(ingress({ rules: [{ http: { paths: [{ path: 'a//b', pathType: 'Prefix', backend }] } }] }))), [
    'spec.rules[0].http.paths[0].path: Invalid value: "a//b": must be an absolute path',
    "spec.rules[0].http.paths[0].path: Invalid value: \"a//b\": must not contain '//'",
  ]);
  assert.deepEqual(messages(validateIngress(ingress({ rules: [{ http: { paths: [{ path: '/', pathType: 'Regex', backend }] } }] }))), [
    'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
  ]);
  assert.deepEqual(messages(validateIngress(ingress({ rules: [{ http: { paths: [] } }] }))), ['spec.rules[0].http.paths: Required value']);
});

test('ingress: hosts are DNS names; backends name a service port', () => {
  assert.deepEqual(messages(validateIngress(ingress({ rules: [{ host: '10.0.0.1', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] }))).slice(0, 1), [
    'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
  ]);
  assert.deepEqual(messages(validateIngress(ingress({ defaultBackend: { service: { name: 'web', port: {} } } }))), [
    'spec.defaultBackend: Required value: port name or number is required',
  ]);
  assert.deepEqual(messages(validateIngress(ingress({ defaultBackend: {} }))), ['spec.defaultBackend: Invalid value: "": resource or service backend is required']);
});

/** Returns a NetworkPolicy with `spec`. */
function policy(spec: unknown): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'default' }, spec };
}

test('network policy: ports, peers, ip blocks and policy types', () => {
  assert.deepEqual(messages(validateNetworkPolicy(policy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 80 }] }], policyTypes: ['Ingress'] }))), []);
  assert.deepEqual(messages(validateNetworkPolicy(policy({ podSelector: {}, ingress: [{ ports: [{ port: 70000, protocol: 'ICMP' }] }] }))), [
    'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
    'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
  ]);
  assert.deepEqual(messages(validateNetworkPolicy(policy({ podSelector: {}, egress: [{ to: [{}] }] }))), ['spec.egress[0].to[0]: Required value: must specify a peer']);
  assert.deepEqual(messages(validateNetworkPolicy(policy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] }, podSelector: {} }] }] }))), [
    'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`',
    'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
  ]);
  assert.deepEqual(messages(validateNetworkPolicy(policy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0' } }] }] }))), [
    'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  ]);
  assert.deepEqual(messages(validateNetworkPolicy(policy({ podSelector: {}, policyTypes: ['Sideways'] }))), [
    'spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
  ]);
});

/** Returns a PersistentVolumeClaim with `spec`. */
function claim(spec: unknown, status?: unknown): KubeObject {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'default' }, spec, ...(status ? { status } : {}) };
}

test('pvc: access modes and a positive storage request', () => {
  assert.deepEqual(messages(validatePersistentVolumeClaim(claim({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }))), []);
  assert.deepEqual(messages(validatePersistentVolumeClaim(claim({ resources: {} }))), [
    'spec.accessModes: Required value: at least 1 access mode is required',
    'spec.resources[storage]: Required value',
  ]);
  assert.deepEqual(messages(validatePersistentVolumeClaim(claim({ accessModes: ['ReadWriteSometimes', 'ReadWriteOncePod', 'ReadWriteOnce'], resources: { requests: { storage: '0' } } }))), [
    'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
    'spec.resources[storage]: Invalid value: "0": must be greater than zero',
  ]);
});

test('pvc: the spec is fixed after creation, except the request of a bound claim', () => {
  const old = claim({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
  const grown = claim({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } });
  assert.deepEqual(messages(validatePersistentVolumeClaimUpdate(grown, old)), [
    'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
  ]);
  const bound = { ...grown, status: { phase: 'Bound' } };
  assert.deepEqual(messages(validatePersistentVolumeClaimUpdate(bound, { ...old, status: { phase: 'Bound' } })), []);
});

/** Returns a PriorityClass. */
function priorityClass(name: string, value: number, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra };
}

test('priority class: user values up to one billion, system- names reserved, value fixed', () => {
  assert.deepEqual(messages(validatePriorityClass(priorityClass('high', 1_000_000))), []);
  assert.deepEqual(messages(validatePriorityClass(priorityClass('huge', 1_000_000_001))), ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
  assert.deepEqual(messages(validatePriorityClass(priorityClass('system-mine', 5))), [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
  ]);
  assert.deepEqual(messages(validatePriorityClass(priorityClass('system-node-critical', 2_000_001_000))), []);
  assert.deepEqual(messages(validatePriorityClassUpdate(priorityClass('high', 2), priorityClass('high', 1))), ['value: Forbidden: may not be changed in an update.']);
});
