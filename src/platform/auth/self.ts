// Self (POST management.loft.sh/v1 selves; loft-platform-api.md §2.7): who the caller is — the
// User (with teams) or Team behind the access key, the key's name, type and scope, and the
// groups the request carries. Computed per request, never stored.

import { unauthorized, type KubeObject } from '../../apimachinery/index.ts';
import type { RequestContext, UserInfo } from '../../registry/index.ts';
import { projectNamespacePrefix } from '../names.ts';
import { accessKeyExtra, accessKeyHash, accessKeyTypeExtra, asObject, text } from './access-keys.ts';
import type { AccessKeyIndex } from './access-key-index.ts';
import { identityOf, refusal } from './authenticator.ts';

type Obj = Record<string, unknown>;

/** Returns the EntityInfo of a User or Team: name, displayName, icon, username, email, subject. */
function entityInfo(obj: KubeObject, withSubject: boolean): Obj {
  const spec = asObject(obj.spec) ?? {};
  const name = obj.metadata?.name ?? '';
  const info: Obj = { name };
  for (const field of ['displayName', 'icon', 'email'] as const) {
    const value = text(spec[field]);
    if (value) info[field] = value;
  }
  info.username = text(spec.username) ?? name;
  if (withSubject) info.subject = text(spec.subject) ?? name;
  return info;
}

/** Returns the identity Self reports on: the caller's, or that of spec.accessKey when given. */
function subjectOf(obj: KubeObject, ctx: RequestContext, index: AccessKeyIndex, now: number): UserInfo {
  const alternate = text(asObject(obj.spec)?.accessKey);
  if (!alternate) return ctx.user;
  const entry = index.lookup(accessKeyHash(alternate));
  const identity = entry && !refusal(index, entry, now) ? identityOf(index, entry) : undefined;
  if (!identity) throw unauthorized();
  return identity;
}

/** Returns the Self of the caller: user and teams (or team), access key name, type and scope, subject, groups. */
export function selfFor(obj: KubeObject, ctx: RequestContext, index: AccessKeyIndex, now = Date.now()): KubeObject {
  const identity = subjectOf(obj, ctx, index, now);
  const keyName = identity.extra?.[accessKeyExtra]?.[0] ?? '';
  const key = keyName ? index.keyEntry(keyName)?.object : undefined;
  const keySpec = asObject(key?.spec) ?? {};
  const status: Obj = {};
  const teamName = text(keySpec.team);
  const team = teamName ? index.team(teamName) : undefined;
  // A user key, or a request whose identity is a User (impersonation of a user, for one).
  const user = team ? undefined : index.user(text(keySpec.user) ?? identity.name);
  if (user) {
    status.user = { ...entityInfo(user, true), teams: index.teamsOf(user.metadata?.name ?? '').map((t) => entityInfo(t, false)) };
    status.subject = text(asObject(user.spec)?.subject) ?? user.metadata?.name;
  } else if (team) {
    status.team = entityInfo(team, false);
    status.subject = identity.name;
  } else {
    // Identities without a User object: service accounts, system users.
    status.user = { name: identity.name, username: identity.name, subject: identity.name, teams: [] };
    status.subject = identity.name;
  }
  status.uid = identity.uid ?? '';
  status.groups = identity.groups;
  if (keyName) status.accessKey = keyName;
  const type = identity.extra?.[accessKeyTypeExtra]?.[0];
  if (type) status.accessKeyType = type;
  const scope = asObject(keySpec.scope);
  if (scope) status.accessKeyScope = scope;
  status.projectNamespacePrefix = projectNamespacePrefix;
  // spec.accessKey is a credential: it is not echoed back.
  const spec = { ...(asObject(obj.spec) ?? {}) };
  delete spec.accessKey;
  return { apiVersion: 'management.loft.sh/v1', kind: 'Self', metadata: { creationTimestamp: null }, spec, status };
}
