// Service rules with upstream's messages and paths.
/* eslint-disable @typescript-eslint/no-explicit-any -- each test breaks one field of an untyped JSON fixture, as a request body is. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../apimachinery/index.ts';
import { copy, messages } from './fixtures.ts';
import { validateService, validateServiceUpdate } from './service.ts';

/** Returns a Service as kubectl create service clusterip writes it. */
function service(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'web' }, type: 'ClusterIP' },
  };
}

/** Returns the messages of a Service whose spec `change` edited. */
function serviceErrors(change: (spec: any) => void): string[] {
  const s = copy(service()) as any;
  change(s.spec);
  return messages(validateService(s as KubeObject));
}

test('ClusterIP, NodePort, LoadBalancer, headless and ExternalName services pass', () => {
  assert.deepEqual(serviceErrors(() => {}), []);
  assert.deepEqual(serviceErrors((spec) => (spec.type = 'NodePort')), []);
  assert.deepEqual(serviceErrors((spec) => Object.assign(spec, { type: 'LoadBalancer', allocateLoadBalancerNodePorts: true })), []);
  assert.deepEqual(serviceErrors((spec) => Object.assign(spec, { clusterIP: 'None', ports: [] })), []);
  assert.deepEqual(serviceErrors((spec) => Object.assign(spec, { type: 'ExternalName', externalName: 'db.example.com.', ports: undefined, selector: undefined })), []);
});

test('ports are required unless headless or ExternalName', () => {
  assert.deepEqual(serviceErrors((spec) => delete spec.ports), ['spec.ports: Required value']);
});

test('port numbers are 1-65535, and the defaulted targetPort with them', () => {
  assert.deepEqual(serviceErrors((spec) => (spec.ports = [{ port: 70000 }])), [
    'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
  ]);
  assert.deepEqual(serviceErrors((spec) => (spec.ports = [{ port: 80, targetPort: 'Http_Port' }])), [
    'spec.ports[0].targetPort: Invalid value: "Http_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  ]);
});

test('several ports need unique names; protocols and duplicates are checked', () => {
  assert.deepEqual(serviceErrors((spec) => (spec.ports = [{ port: 80 }, { port: 81, name: 'b' }])), ['spec.ports[0].name: Required value']);
  assert.deepEqual(serviceErrors((spec) => (spec.ports = [{ port: 80, name: 'a' }, { port: 81, name: 'a' }])), ['spec.ports[1].name: Duplicate value: "a"']);
  assert.deepEqual(serviceErrors((spec) => (spec.ports = [{ port: 80, protocol: 'ICMP' }])), [
    'spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
  ]);
  assert.deepEqual(serviceErrors((spec) => (spec.ports = [{ port: 80, name: 'a' }, { port: 80, name: 'b' }])), [
    'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
  ]);
});

test('type values and type-dependent fields', () => {
  assert.deepEqual(serviceErrors((spec) => (spec.type = 'Internal')), [
    'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
  ]);
  assert.deepEqual(serviceErrors((spec) => (spec.ports[0].nodePort = 30080)), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
  assert.deepEqual(serviceErrors((spec) => Object.assign(spec, { type: 'NodePort', clusterIP: 'None' })), [
    "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services",
  ]);
  assert.deepEqual(serviceErrors((spec) => Object.assign(spec, { type: 'ExternalName', externalName: '' })), ['spec.externalName: Required value']);
  assert.deepEqual(serviceErrors((spec) => (spec.externalTrafficPolicy = 'Local')), [
    'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
  ]);
});

test('selector labels and session affinity', () => {
  assert.equal(serviceErrors((spec) => (spec.selector = { 'a b': 'c' })).length, 1);
  assert.deepEqual(serviceErrors((spec) => (spec.sessionAffinity = 'Cookie')), [
    'spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"',
  ]);
});

test('a primary cluster IP cannot change once set', () => {
  const old = copy(service()) as any;
  old.spec.clusterIP = '10.96.0.10';
  const next = copy(old);
  next.spec.clusterIP = 'None';
  assert.deepEqual(messages(validateServiceUpdate(next, old)), ['spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set']);
});

test('turning a service into an ExternalName one does not trip over the fields it kept', () => {
  const old = copy(service()) as any;
  Object.assign(old.spec, { ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  const next = copy(old);
  Object.assign(next.spec, { type: 'ExternalName', externalName: 'db.example.com' });
  assert.deepEqual(messages(validateServiceUpdate(next, old)), []);
  assert.deepEqual(messages(validateService(next)), [
    'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
    'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
  ]);
});
