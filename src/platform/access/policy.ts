// Platform access as Kubernetes RBAC in loft-cluster (loft-platform-api.md §8.1: access entries
// "will be transformed to Roles and RoleBindings"). Every decision is then made by one RBAC
// authorizer: project roles are RoleBindings in the project namespace, object access rules and
// owners are Roles scoped to the object's name.

import type { KubeObject } from '../../apimachinery/index.ts';

type Obj = Record<string, unknown>;

/** The management API group. */
const group = 'management.loft.sh';

/** The project roles a member can hold (loft docs: Project Admin, Project User, Project Viewer). */
export const projectRoles = {
  admin: 'loft-management-project-admin',
  user: 'loft-management-project-user',
  viewer: 'loft-management-project-viewer',
} as const;

/** The global platform admin role (User.spec.clusterRoles). */
export const globalAdminRole = 'loft-management-admin';

/** Returns the platform's own ClusterRoles and bindings in loft-cluster. */
export function platformClusterRoles(): KubeObject[] {
  const role = (name: string, rules: Obj[]): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'loft.sh/platform-role': 'true' } },
    rules,
  });
  return [
    role(globalAdminRole, [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    // Bound in a project namespace: everything about the project's instances and secrets.
    role(projectRoles.admin, [
      { apiGroups: [group], resources: [...resourcesOf('virtualclusterinstances', ['*']), ...resourcesOf('projectsecrets', ['*'])], verbs: ['*'] },
      { apiGroups: [''], resources: ['secrets', 'configmaps', 'events'], verbs: ['get', 'list', 'watch'] },
    ]),
    // Create instances; their own and shared ones come from the per-object roles.
    role(projectRoles.user, [{ apiGroups: [group], resources: ['virtualclusterinstances'], verbs: ['create'] }]),
    role(projectRoles.viewer, []),
    // Every authenticated platform user may ask who they are and what they may do.
    role('loft-management-authenticated', [
      { apiGroups: [group], resources: ['selves', 'selfsubjectaccessreviews'], verbs: ['create'] },
      { apiGroups: [group], resources: ['ownedaccesskeys'], verbs: ['create'] },
    ]),
  ];
}

/** Returns the bindings of the platform roles that apply to everyone authenticated. */
export function platformClusterRoleBindings(): KubeObject[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'loft-management-authenticated', labels: { 'loft.sh/platform-role': 'true' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'loft-management-authenticated' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'loft:authenticated' }],
    },
  ];
}

/** Returns the RBAC subjects of an access entry's users and teams ("*" = every platform user). */
export function subjectsOf(users: unknown, teams: unknown): Obj[] {
  const subjects: Obj[] = [];
  for (const user of Array.isArray(users) ? (users as string[]) : []) {
    subjects.push(
      user === '*'
        ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'loft:authenticated' }
        : { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user },
    );
  }
  for (const team of Array.isArray(teams) ? (teams as string[]) : []) {
    subjects.push({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `loft:team:${team}` });
  }
  return subjects;
}

/** The subresources of each management kind ("*" in an access entry means all of them). */
const subresourcesOf: Record<string, string[]> = {
  virtualclusterinstances: ['status', 'kubeconfig', 'log', 'accesskey'],
  projects: ['status', 'templates', 'clusters', 'members', 'charts'],
  virtualclustertemplates: ['status'],
  projectsecrets: ['status'],
  clusters: ['status'],
  apps: ['status'],
};

/** Returns the RBAC resources of a grant: the resource and its subresources ("*" = all). */
function resourcesOf(resource: string, subresources: string[]): string[] {
  const known = subresourcesOf[resource] ?? [];
  const subs = subresources.includes('*') ? known : subresources;
  return [resource, ...subs.map((s) => `${resource}/${s}`)];
}

/** One grant on one object: verbs, subresources, who. */
interface Grant {
  verbs: string[];
  subresources: string[];
  subjects: Obj[];
}

/** Returns the grants an object carries: its spec.access entries and its owner (everything). */
export function grantsOf(obj: KubeObject): Grant[] {
  const spec = (obj.spec ?? {}) as Obj;
  const grants: Grant[] = [];
  for (const entry of (spec.access as Obj[] | undefined) ?? []) {
    const subjects = subjectsOf(entry.users, entry.teams);
    if (subjects.length === 0) continue;
    grants.push({ verbs: (entry.verbs as string[] | undefined) ?? [], subresources: (entry.subresources as string[] | undefined) ?? [], subjects });
  }
  const owner = (spec.owner ?? {}) as Obj;
  const ownerSubjects = subjectsOf(owner.user ? [owner.user] : [], owner.team ? [owner.team] : []);
  if (ownerSubjects.length > 0) grants.push({ verbs: ['*'], subresources: ['*'], subjects: ownerSubjects });
  // `loft share vcluster` adds an extraAccessRules entry: the users and teams it names may see
  // and use the instance (their in-cluster role comes from the rule's clusterRole).
  for (const rule of (spec.extraAccessRules as Obj[] | undefined) ?? []) {
    const subjects = subjectsOf(rule.users, rule.teams);
    if (subjects.length > 0) grants.push({ verbs: ['get', 'list', 'watch', 'use'], subresources: ['kubeconfig'], subjects });
  }
  return grants.filter((g) => g.verbs.length > 0);
}

/** Returns the name of the access Role or ClusterRole of an object. */
export function accessRoleName(resource: string, name: string): string {
  return `loft-access-${resource}-${name}`.slice(0, 253);
}

/**
 * Returns the Role and RoleBinding (ClusterRole and ClusterRoleBinding for cluster-scoped
 * objects) that implement an object's grants, one rule and one binding per grant; empty if it
 * has none. They are owned by the object, so the garbage collector removes them with it.
 */
export function accessRbacFor(resource: string, obj: KubeObject, namespaced: boolean): KubeObject[] {
  const name = obj.metadata?.name ?? '';
  const grants = grantsOf(obj);
  if (grants.length === 0) return [];
  const base = accessRoleName(resource, name);
  const ownerReferences = [
    { apiVersion: obj.apiVersion ?? `${group}/v1`, kind: obj.kind ?? '', name, uid: obj.metadata?.uid ?? '', blockOwnerDeletion: false },
  ];
  const meta = (suffix: string): Obj => ({
    name: suffix ? `${base}-${suffix}` : base,
    ...(namespaced ? { namespace: obj.metadata?.namespace } : {}),
    labels: { 'loft.sh/access-for': `${resource}.${name}`.slice(0, 63).replace(/[^A-Za-z0-9._-]/g, '-').replace(/[^A-Za-z0-9]+$/, '') },
    ownerReferences,
  });
  const objects: KubeObject[] = [];
  grants.forEach((grant, i) => {
    const resources = resourcesOf(resource, grant.subresources);
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: namespaced ? 'Role' : 'ClusterRole',
      metadata: meta(String(i)),
      rules: [{ apiGroups: [group], resources, resourceNames: [name], verbs: grant.verbs }],
    });
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
      metadata: meta(String(i)),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: namespaced ? 'Role' : 'ClusterRole', name: `${base}-${i}` },
      subjects: grant.subjects,
    });
  });
  return objects;
}

/** Returns the RoleBindings that give a project's members their project roles in loft-p-<project>. */
export function memberBindingsFor(project: KubeObject, namespace: string): KubeObject[] {
  const members = (((project.spec ?? {}) as Obj).members as Obj[] | undefined) ?? [];
  const byRole = new Map<string, Obj[]>();
  for (const m of members) {
    const role = typeof m.clusterRole === 'string' && m.clusterRole ? m.clusterRole : projectRoles.user;
    const subjects = m.kind === 'Team' ? subjectsOf([], [m.name]) : subjectsOf([m.name], []);
    byRole.set(role, [...(byRole.get(role) ?? []), ...subjects]);
  }
  const ownerReferences = [
    { apiVersion: project.apiVersion ?? `${group}/v1`, kind: 'Project', name: project.metadata?.name ?? '', uid: project.metadata?.uid ?? '', blockOwnerDeletion: false },
  ];
  return [...byRole.entries()].map(([role, subjects]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `loft-project-members-${role}`.slice(0, 253), namespace, labels: { 'loft.sh/project-members': project.metadata?.name ?? '' }, ownerReferences },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects,
  }));
}

/** Returns the ClusterRole and binding letting a project's members read the project itself. */
export function projectReaderRbac(project: KubeObject): KubeObject[] {
  const name = project.metadata?.name ?? '';
  const members = (((project.spec ?? {}) as Obj).members as Obj[] | undefined) ?? [];
  const subjects = members.flatMap((m) => (m.kind === 'Team' ? subjectsOf([], [m.name]) : subjectsOf([m.name], [])));
  if (subjects.length === 0) return [];
  const roleName = `loft-project-${name}-members`;
  const ownerReferences = [{ apiVersion: project.apiVersion ?? `${group}/v1`, kind: 'Project', name, uid: project.metadata?.uid ?? '', blockOwnerDeletion: false }];
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: roleName, ownerReferences },
      rules: [{ apiGroups: [group], resources: ['projects', 'projects/templates', 'projects/clusters', 'projects/members'], resourceNames: [name], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: roleName, ownerReferences },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects,
    },
  ];
}
