// In-cluster access (loft-platform-api.md §8.2): the rendered template's access.rules plus the
// instance's extraAccessRules map users and teams to ClusterRoles inside the virtual cluster. A
// user matching at least one rule gets every matched role and not the default; a user matching
// none gets defaultClusterRole, or cluster-admin when that is empty ("If no rule matches an
// authenticated incoming user, the user will get cluster admin access").
//
// Inside the virtual cluster each role is bound to one group, loft:vcluster:role:<clusterRole>
// (one ClusterRoleBinding per role, see steps/virtual-cluster.ts); the proxy impersonates the
// user with the groups accessGroupsFor returns.

import { accessGroup, fallbackClusterRole } from './names.ts';
import { stringList, type TemplateDefinition } from './types.ts';

/** The identity access rules match: a platform user and the teams it belongs to. */
export interface AccessSubject {
  name: string;
  teams?: readonly string[];
}

/** Returns the ClusterRoles `user` holds inside a virtual cluster rendered as `definition`. */
export function clusterRolesFor(definition: TemplateDefinition | undefined, user: AccessSubject): string[] {
  const access = definition?.access ?? {};
  const teams = new Set(user.teams ?? []);
  const roles: string[] = [];
  for (const rule of Array.isArray(access.rules) ? access.rules : []) {
    const role = typeof rule?.clusterRole === 'string' ? rule.clusterRole : '';
    if (!role || roles.includes(role)) continue;
    const users = stringList(rule.users);
    const matches = users.includes('*') || users.includes(user.name) || stringList(rule.teams).some((t) => teams.has(t));
    if (matches) roles.push(role);
  }
  return roles.length > 0 ? roles : [defaultClusterRoleOf(definition)];
}

/** Returns the groups the proxy gives `user` inside a virtual cluster rendered as `definition`. */
export function accessGroupsFor(definition: TemplateDefinition | undefined, user: AccessSubject): string[] {
  return clusterRolesFor(definition, user).map(accessGroup);
}

/** Returns the role of users no rule matches: defaultClusterRole, or cluster-admin when empty. */
export function defaultClusterRoleOf(definition: TemplateDefinition | undefined): string {
  const role = definition?.access?.defaultClusterRole;
  return typeof role === 'string' && role !== '' ? role : fallbackClusterRole;
}

/** Returns every ClusterRole a rendered definition can grant: the rules' roles and the default role, sorted. */
export function grantedClusterRoles(definition: TemplateDefinition | undefined): string[] {
  const roles = new Set<string>([defaultClusterRoleOf(definition)]);
  for (const rule of Array.isArray(definition?.access?.rules) ? definition.access.rules : []) {
    if (typeof rule?.clusterRole === 'string' && rule.clusterRole !== '') roles.add(rule.clusterRole);
  }
  return [...roles].sort();
}
