// AccessKeyAuthenticator: bearer token → SHA-256 → OwnedAccessKey → the platform identity
// (loft-platform-api.md §6, DESIGN.md "Identity"). Everything is read from the AccessKeyIndex;
// no storage read happens on the request path.
//
// Identity of a user key: name = the User object's name; groups = the user's own spec.groups
// (without reserved prefixes), loft:user:<name>, loft:team:<team> per team, loft:authenticated,
// system:authenticated, and loft:admins + system:masters for holders of loft-management-admin
// (directly or through a team). A team key authenticates as "loft:team:<team>" — a name no User
// can have, since User names are DNS subdomains.

import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../apimachinery/index.ts';
import { bearerToken, type AuthenticationTarget, type Authenticator } from '../../apiserver/index.ts';
import type { SystemClient } from '../../controllers/index.ts';
import { rfc3339, type UserInfo } from '../../registry/index.ts';
import {
  accessKeyExpiry,
  accessKeyExtra,
  accessKeyHash,
  accessKeyTypeExtra,
  adminClusterRole,
  asObject,
  managementCluster,
  managementGroup,
  recordedTokenGeneration,
  text,
  userTokenGeneration,
  userUidAnnotation,
} from './access-keys.ts';
import type { AccessKeyIndex, AuthLogger, KeyEntry } from './access-key-index.ts';

/** Groups a User's spec.groups may not grant: only this authenticator hands these out. */
const reservedGroupPrefixes = ['system:', 'loft:'];

/** Returns whether `roles` (a spec.clusterRoles list) holds the global admin role. */
function holdsAdminRole(spec: Record<string, unknown> | undefined): boolean {
  const roles = (spec?.clusterRoles as unknown[] | undefined) ?? [];
  return roles.some((r) => asObject(r)?.name === adminClusterRole);
}

/** Returns the groups a User's keys carry: admin, own groups, user, teams, authenticated. */
export function groupsOf(index: AccessKeyIndex, user: KubeObject): string[] {
  const name = user.metadata?.name ?? '';
  const spec = asObject(user.spec);
  const teams = index.teamsOf(name);
  const admin = holdsAdminRole(spec) || teams.some((t) => holdsAdminRole(asObject(t.spec)));
  const own = ((spec?.groups as unknown[] | undefined) ?? []).filter(
    (g): g is string => typeof g === 'string' && g !== '' && !reservedGroupPrefixes.some((p) => g.startsWith(p)),
  );
  const groups = [
    ...(admin ? ['loft:admins', 'system:masters'] : []),
    ...own,
    `loft:user:${name}`,
    ...teams.map((t) => `loft:team:${t.metadata?.name ?? ''}`),
    'loft:authenticated',
    'system:authenticated',
  ];
  return [...new Set(groups)];
}

/** Returns why `entry` does not authenticate at `now`, or undefined if it does. */
export function refusal(index: AccessKeyIndex, entry: KeyEntry, now: number): string | undefined {
  const key = entry.object;
  const spec = asObject(key.spec) ?? {};
  if (key.metadata?.deletionTimestamp) return 'key is being deleted';
  if (spec.disabled === true) return 'key is disabled';
  const expiry = accessKeyExpiry(key, entry.usedAt);
  if (expiry !== undefined && now >= expiry) return 'key has expired';
  const userName = text(spec.user);
  const teamName = text(spec.team);
  if (userName) {
    const user = index.user(userName);
    if (!user || user.metadata?.deletionTimestamp) return 'user does not exist';
    if (asObject(user.spec)?.disabled === true) return 'user is disabled';
    const uid = text(key.metadata?.annotations?.[userUidAnnotation]);
    if (uid && uid !== user.metadata?.uid) return 'key belongs to an earlier user of that name';
    if (recordedTokenGeneration(key) < userTokenGeneration(user)) return 'key predates the user\'s token generation';
    return undefined;
  }
  if (teamName) {
    const team = index.team(teamName);
    if (!team || team.metadata?.deletionTimestamp) return 'team does not exist';
    return undefined;
  }
  return 'key has neither user nor team';
}

/** Returns the identity a valid key entry authenticates as (no validity checks; see refusal). */
export function identityOf(index: AccessKeyIndex, entry: KeyEntry): UserInfo | undefined {
  const spec = asObject(entry.object.spec) ?? {};
  const extra = { [accessKeyExtra]: [entry.name], [accessKeyTypeExtra]: [text(spec.type) ?? ''] };
  const userName = text(spec.user);
  if (userName) {
    const user = index.user(userName);
    if (!user) return undefined;
    return { name: userName, uid: user.metadata?.uid ?? '', groups: groupsOf(index, user), extra };
  }
  const teamName = text(spec.team);
  const team = teamName ? index.team(teamName) : undefined;
  if (!teamName || !team) return undefined;
  const admin = holdsAdminRole(asObject(team.spec));
  const groups = [...(admin ? ['loft:admins', 'system:masters'] : []), `loft:team:${teamName}`, 'loft:authenticated', 'system:authenticated'];
  return { name: `loft:team:${teamName}`, uid: team.metadata?.uid ?? '', groups, extra };
}

/** Options of the authenticator. */
export interface AccessKeyAuthenticatorOptions {
  /** Writes status.lastActivity; without it activity is only tracked in memory. */
  client?: SystemClient;
  logger?: AuthLogger;
  now?: () => number;
  /** Minimum time between two status.lastActivity writes of one key (default 60 s). */
  activityIntervalMs?: number;
}

/**
 * An identity computed for one key hash. It holds while the index's generation is the one it was
 * computed at (every key, user or team event changes it) and until `validUntil`: the key's
 * expiry, or `identityCacheMs` after it was computed, whichever is first.
 */
interface CachedIdentity {
  entry: KeyEntry;
  identity: UserInfo;
  generation: number;
  validUntil: number;
  /** status.lastActivity of the entry (ms; 0 when absent), parsed once. */
  recordedActivity: number;
}

/** How many key hashes keep a computed identity; the oldest computed goes first beyond it. */
const maxCachedIdentities = 4096;
/**
 * Longest a computed identity is reused. Index events already invalidate it at once, so this
 * only bounds the reuse should a change ever reach the index without an event.
 */
export const identityCacheMs = 10_000;

/** Returns `identity` frozen, with its groups and extra: a cached identity is shared by every request that presents the key. */
function frozen(identity: UserInfo): UserInfo {
  Object.freeze(identity.groups);
  if (identity.extra) {
    for (const values of Object.values(identity.extra)) Object.freeze(values);
    Object.freeze(identity.extra);
  }
  return Object.freeze(identity);
}

/**
 * AccessKeyAuthenticator authenticates platform access keys (Authorization: Bearer <key>).
 *
 * The identity of a key is computed once and reused, keyed by the key's SHA-256 (the token itself
 * is never kept), as kube-apiserver's cached token authenticator keys its cache by a hash of the
 * token. Unlike that cache (a TTL, two minutes by default for webhook tokens, during which a
 * revoked token keeps working), a reuse is exact: it requires the AccessKeyIndex to be at the
 * generation the identity was computed at, so deleting, disabling or expiring a key, or
 * changing its user or teams, takes effect on the next request, and it ends at the key's
 * expiry. Failures are not cached: a key that is not (yet) indexed is looked up again each time.
 */
export class AccessKeyAuthenticator implements Authenticator {
  private readonly index: AccessKeyIndex;
  private readonly client: SystemClient | undefined;
  private readonly logger: AuthLogger | undefined;
  private readonly now: () => number;
  private readonly activityIntervalMs: number;
  private readonly identities = new Map<string, CachedIdentity>();

  constructor(index: AccessKeyIndex, options: AccessKeyAuthenticatorOptions = {}) {
    this.index = index;
    this.client = options.client;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.activityIntervalMs = options.activityIntervalMs ?? 60_000;
  }

  /** Returns the user of the request's access key, or undefined (401). Access keys hold on every cluster path. */
  async authenticate(req: IncomingMessage, _target?: AuthenticationTarget): Promise<UserInfo | undefined> {
    const token = bearerToken(req);
    return token ? this.authenticateKey(token) : undefined;
  }

  /** Returns the user `key` authenticates as, or undefined; records the key's activity. */
  authenticateKey(key: string): UserInfo | undefined {
    const hash = accessKeyHash(key);
    const now = this.now();
    const generation = this.index.generation;
    const cached = this.identities.get(hash);
    if (cached !== undefined && cached.generation === generation && now < cached.validUntil) return this.used(cached, now);
    if (cached !== undefined) this.identities.delete(hash);
    const entry = this.index.lookup(hash);
    if (!entry) return undefined;
    if (refusal(this.index, entry, now)) return undefined;
    const identity = identityOf(this.index, entry);
    if (!identity) return undefined;
    const expiry = accessKeyExpiry(entry.object, entry.usedAt) ?? Number.POSITIVE_INFINITY;
    const fresh: CachedIdentity = {
      entry,
      identity: frozen(identity),
      generation,
      validUntil: Math.min(expiry, now + identityCacheMs),
      recordedActivity: Date.parse(String(asObject(entry.object.status)?.lastActivity ?? '')) || 0,
    };
    if (this.identities.size >= maxCachedIdentities) this.identities.delete(this.identities.keys().next().value as string);
    this.identities.set(hash, fresh);
    return this.used(fresh, now);
  }

  /** Records a successful authentication with `cached` and returns its identity. */
  private used(cached: CachedIdentity, now: number): UserInfo {
    cached.entry.usedAt = now;
    this.recordActivity(cached.entry, now, cached.recordedActivity);
    return cached.identity;
  }

  /** Writes status.lastActivity at most once per interval per key, never on the request path. */
  private recordActivity(entry: KeyEntry, now: number, recorded: number): void {
    if (!this.client) return;
    if (now - Math.max(entry.touchedAt, recorded) < this.activityIntervalMs) return;
    entry.touchedAt = now;
    const lastActivity = rfc3339(new Date(now));
    this.client
      .must(managementCluster, managementGroup, 'ownedaccesskeys')
      .patch(undefined, entry.name, 'merge', { status: { lastActivity } }, 'status')
      .catch((err) => this.logger?.warn({ accessKey: entry.name, err: String((err as Error)?.message ?? err) }, 'could not record access key activity'));
  }
}
