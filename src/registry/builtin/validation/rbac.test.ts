// RBAC rules: policy rules of roles, roleRef and subjects of bindings, and the fixed roleRef.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../apimachinery/index.ts';
import { messages } from './fixtures.ts';
import { validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding, validateRoleBindingUpdate } from './rbac.ts';

const group = 'rbac.authorization.k8s.io';

/** Returns a Role or ClusterRole with `rules`. */
function role(kind: 'Role' | 'ClusterRole', rules: unknown[], extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: `${group}/v1`, kind, metadata: { name: 'r', ...(kind === 'Role' ? { namespace: 'default' } : {}) }, rules, ...extra };
}

/** Returns a RoleBinding or ClusterRoleBinding. */
function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', roleRef: unknown, subjects: unknown[]): KubeObject {
  return { apiVersion: `${group}/v1`, kind, metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'default' } : {}) }, roleRef, subjects };
}

test('rules as kubectl create role writes them pass', () => {
  assert.deepEqual(messages(validateRole(role('Role', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]))), []);
  assert.deepEqual(messages(validateClusterRole(role('ClusterRole', [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]))), []);
});

test('verbs are required; resource rules need api groups and resources', () => {
  assert.deepEqual(messages(validateRole(role('Role', [{ apiGroups: [''], resources: ['pods'] }]))), ['rules[0].verbs: Required value: verbs must contain at least one value']);
  assert.deepEqual(messages(validateRole(role('Role', [{ verbs: ['get'] }]))), [
    'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    'rules[0].resources: Required value: resource rules must supply at least one resource',
  ]);
});

test('non-resource URLs: cluster roles only, never mixed with resources', () => {
  assert.deepEqual(messages(validateRole(role('Role', [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]))), [
    'rules[0].nonResourceURLs: Invalid value: []string{"/metrics"}: namespaced rules cannot apply to non-resource URLs',
  ]);
  assert.deepEqual(messages(validateClusterRole(role('ClusterRole', [{ nonResourceURLs: ['/metrics'], resources: ['pods'], verbs: ['get'] }]))), [
    'rules[0].nonResourceURLs: Invalid value: []string{"/metrics"}: rules cannot apply to both regular resources and non-resource URLs',
  ]);
});

test('an aggregation rule needs selectors', () => {
  assert.deepEqual(messages(validateClusterRole(role('ClusterRole', [], { aggregationRule: {} }))), [
    'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
  ]);
});

test('roleRef: rbac group, Role or ClusterRole, a path-segment name', () => {
  assert.deepEqual(messages(validateRoleBinding(binding('RoleBinding', { kind: 'Role', name: 'r' }, [{ kind: 'User', name: 'alice' }]))), []);
  assert.deepEqual(messages(validateRoleBinding(binding('RoleBinding', { apiGroup: 'example.com', kind: 'Policy', name: 'a/b' }, []))), [
    'roleRef.apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"',
    'roleRef.kind: Unsupported value: "Policy": supported values: "Role", "ClusterRole"',
    "roleRef.name: Invalid value: \"a/b\": may not contain '/'",
  ]);
  assert.deepEqual(messages(validateClusterRoleBinding(binding('ClusterRoleBinding', { kind: 'Role', name: 'r' }, []))), [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
  ]);
});

test('subjects: known kinds, names, service-account namespaces in cluster bindings', () => {
  assert.deepEqual(messages(validateRoleBinding(binding('RoleBinding', { kind: 'Role', name: 'r' }, [{ kind: 'Robot', name: 'x' }, { kind: 'User' }]))), [
    'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    'subjects[1].name: Required value',
  ]);
  assert.deepEqual(messages(validateClusterRoleBinding(binding('ClusterRoleBinding', { kind: 'ClusterRole', name: 'r' }, [{ kind: 'ServiceAccount', name: 'builder' }]))), [
    'subjects[0].namespace: Required value',
  ]);
  assert.deepEqual(messages(validateRoleBinding(binding('RoleBinding', { kind: 'Role', name: 'r' }, [{ kind: 'Group', apiGroup: 'example.com', name: 'g' }]))), [
    'subjects[0].apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"',
  ]);
});

test('roleRef cannot change, printed as the Go struct', () => {
  const old = binding('RoleBinding', { apiGroup: group, kind: 'Role', name: 'a' }, []);
  assert.deepEqual(messages(validateRoleBindingUpdate(binding('RoleBinding', { apiGroup: group, kind: 'Role', name: 'b' }, []), old)), [
    'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef',
  ]);
  // A roleRef without apiGroup is the defaulted rbac group, so it is not a change.
  assert.deepEqual(messages(validateRoleBindingUpdate(binding('RoleBinding', { kind: 'Role', name: 'a' }, []), old)), []);
});
