// What the proxy reads from a platform identity: whether it is a global admin, and its teams.

import type { UserInfo } from '../../registry/index.ts';

/** Returns the teams of a platform user (its loft:team:<name> groups). */
export function teamsOf(user: UserInfo): string[] {
  return user.groups.filter((g) => g.startsWith('loft:team:')).map((g) => g.slice('loft:team:'.length));
}

/** Returns whether the user is a global platform admin. */
export function isPlatformAdmin(user: UserInfo): boolean {
  return user.groups.includes('loft:admins') || user.groups.includes('system:masters');
}
