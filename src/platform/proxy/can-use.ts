// Who may use a virtual cluster (loft-platform-api.md §8.1, doc permissions/vcluster.mdx):
// global admins, project admins, the owner (user or team), and anyone granted the `use` verb by
// the instance's spec.access entries (users or teams; "*" for everyone).

import type { KubeObject } from '../../apimachinery/index.ts';
import type { UserInfo } from '../../registry/index.ts';

type Obj = Record<string, unknown>;

/** The project role that administers everything in a project. */
export const projectAdminRole = 'loft-management-project-admin';

/** Returns the teams of a platform user (its loft:team:<name> groups). */
export function teamsOf(user: UserInfo): string[] {
  return user.groups.filter((g) => g.startsWith('loft:team:')).map((g) => g.slice('loft:team:'.length));
}

/** Returns whether the user is a global platform admin. */
export function isPlatformAdmin(user: UserInfo): boolean {
  return user.groups.includes('loft:admins') || user.groups.includes('system:masters');
}

function matchesSubject(entry: Obj, user: UserInfo, teams: string[]): boolean {
  const users = (entry.users as string[] | undefined) ?? [];
  const entryTeams = (entry.teams as string[] | undefined) ?? [];
  return users.includes('*') || users.includes(user.name) || entryTeams.some((t) => teams.includes(t));
}

/** Returns whether `user` may use (connect to) the instance. */
export function canUseInstance(user: UserInfo, vci: KubeObject, project: KubeObject | undefined): boolean {
  if (isPlatformAdmin(user)) return true;
  const teams = teamsOf(user);
  const spec = (vci.spec ?? {}) as Obj;
  const owner = (spec.owner ?? {}) as Obj;
  if (owner.user === user.name || (typeof owner.team === 'string' && teams.includes(owner.team))) return true;
  const members = (((project?.spec ?? {}) as Obj).members as Obj[] | undefined) ?? [];
  const isProjectAdmin = members.some(
    (m) => m.clusterRole === projectAdminRole && ((m.kind === 'User' && m.name === user.name) || (m.kind === 'Team' && teams.includes(m.name as string))),
  );
  if (isProjectAdmin) return true;
  const access = (spec.access as Obj[] | undefined) ?? [];
  return access.some((entry) => {
    const verbs = (entry.verbs as string[] | undefined) ?? [];
    return (verbs.includes('use') || verbs.includes('*')) && matchesSubject(entry, user, teams);
  });
}
