// In-vcluster access (loft-platform-api.md §8.2): rules match users (with "*") and teams; a user
// matching rules gets every matched role and not the default; no match → defaultClusterRole,
// or cluster-admin when that is empty.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessGroupsFor, grantedClusterRoles } from './access.ts';
import type { TemplateDefinition } from './types.ts';

const definition: TemplateDefinition = {
  access: {
    defaultClusterRole: 'view',
    rules: [
      { users: ['alice'], clusterRole: 'admin' },
      { teams: ['platform'], clusterRole: 'cluster-admin' },
      { users: ['alice', 'bob'], teams: ['qa'], clusterRole: 'edit' },
      { users: ['alice'], clusterRole: 'admin' },
    ],
  },
};

test('a user gets every role of the rules it matches, by name or by team, once each', () => {
  assert.deepEqual(accessGroupsFor(definition, { name: 'alice' }), ['loft:vcluster:role:admin', 'loft:vcluster:role:edit']);
  assert.deepEqual(accessGroupsFor(definition, { name: 'carol', teams: ['platform', 'qa'] }), ['loft:vcluster:role:cluster-admin', 'loft:vcluster:role:edit']);
  assert.deepEqual(accessGroupsFor(definition, { name: 'bob', teams: [] }), ['loft:vcluster:role:edit']);
});

test('a user matching no rule gets the default role, or cluster-admin when there is none', () => {
  assert.deepEqual(accessGroupsFor(definition, { name: 'dave', teams: ['sales'] }), ['loft:vcluster:role:view']);
  assert.deepEqual(accessGroupsFor({ access: { rules: [{ users: ['x'], clusterRole: 'view' }] } }, { name: 'dave' }), ['loft:vcluster:role:cluster-admin']);
  assert.deepEqual(accessGroupsFor({ access: { defaultClusterRole: '' } }, { name: 'dave' }), ['loft:vcluster:role:cluster-admin']);
  assert.deepEqual(accessGroupsFor(undefined, { name: 'dave' }), ['loft:vcluster:role:cluster-admin']);
});

test('"*" matches every user; rules without a clusterRole are ignored', () => {
  const everyone: TemplateDefinition = { access: { defaultClusterRole: 'view', rules: [{ users: ['*'], clusterRole: 'edit' }, { users: ['*'] }] } };
  assert.deepEqual(accessGroupsFor(everyone, { name: 'anyone' }), ['loft:vcluster:role:edit']);
  assert.deepEqual(grantedClusterRoles(everyone), ['edit', 'view']);
  assert.deepEqual(grantedClusterRoles(definition), ['admin', 'cluster-admin', 'edit', 'view']);
  assert.deepEqual(grantedClusterRoles({}), ['cluster-admin']);
});
