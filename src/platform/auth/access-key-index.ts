// AccessKeyIndex: the in-memory view the authenticator reads on every request — access keys by
// hash, users and teams by name — kept current by the shared controller watch.
//
// It is an informer rather than a reconciler: `keys()` applies each event to the maps as it
// arrives, in revision order, so the index lags storage by one watch delivery (the local engines
// publish an event in the same step as the commit), and a revoked, disabled or deleted key stops
// working on the next request. `reconcile()` only deletes expired keys.
//
// A relist after a broken watch re-sends every object as ADDED but says nothing about objects
// deleted in the gap. An ADDED event for an object already indexed reveals such a relist; the
// index then sweeps: it lists each resource at revision R and drops entries missing from the list
// whose own resourceVersion is ≤ R (an entry newer than R was written after the list, so it stays).
// A slow periodic sweep backs this up.

import { isStatusError, type KubeObject } from '../../apimachinery/index.ts';
import { controllerUser, type Controller, type ObjectEvent, type ReconcileResult, type SystemClient } from '../../controllers/index.ts';
import type { RequestContext } from '../../registry/index.ts';
import { accessKeyExpiry, asObject, managementCluster, managementGroup, storedKeyHash, text, type KeyRegistry } from './access-keys.ts';

/** An indexed access key and what this process knows about its use. */
export interface KeyEntry {
  name: string;
  object: KubeObject;
  hash: string | undefined;
  resourceVersion: number;
  /** Last successful authentication in this process (ms), for ttlAfterLastActivity. */
  usedAt: number;
  /** Last time this process wrote status.lastActivity (ms). */
  touchedAt: number;
}

interface Indexed {
  object: KubeObject;
  resourceVersion: number;
}

/** Logger is the slice of pino the index uses. */
export interface AuthLogger {
  info?(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Options of the index. */
export interface AccessKeyIndexOptions {
  logger?: AuthLogger;
  /** Clock (ms); tests move it. */
  now?: () => number;
  /** How often to sweep even without a sign of a relist (default 5 minutes; 0 = never). */
  sweepIntervalMs?: number;
}

const watched = ['ownedaccesskeys', 'users', 'teams'] as const;
type Watched = (typeof watched)[number];
/** Longest requeue for a key that expires later (timers beyond 2^31 ms fire at once). */
const maxRequeueMs = 60 * 60 * 1000;

/** Returns the numeric resourceVersion of an object (0 when absent). */
function revisionOf(obj: KubeObject): number {
  const n = Number(obj.metadata?.resourceVersion ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** AccessKeyIndex indexes OwnedAccessKeys, Users and Teams of loft-cluster for authentication. */
export class AccessKeyIndex implements Controller, KeyRegistry {
  readonly name = 'access-key-index';
  readonly watches = watched.map((r) => `${managementGroup}/${r}`);
  readonly concurrency = 2;
  private readonly client: SystemClient;
  private readonly logger: AuthLogger | undefined;
  private readonly now: () => number;
  private readonly accessKeys = new Map<string, KeyEntry>();
  private readonly byHash = new Map<string, Set<string>>();
  private readonly users = new Map<string, Indexed>();
  private readonly teams = new Map<string, Indexed>();
  private teamsByUser: Map<string, KubeObject[]> | undefined;
  private readonly waiters = new Set<() => void>();
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private periodic: ReturnType<typeof setInterval> | undefined;
  private readonly sweepIntervalMs: number;
  private stopped = false;
  private changes = 0;

  constructor(client: SystemClient, options: AccessKeyIndexOptions = {}) {
    this.client = client;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 5 * 60 * 1000;
  }

  /** Applies the event to the index; returns the key to reconcile for keys that expire. */
  keys(event: ObjectEvent): string[] {
    if (event.cluster !== managementCluster || event.group !== managementGroup) return [];
    const name = event.object.metadata?.name;
    if (!name) return [];
    this.startPeriodicSweep();
    const resource = event.resource as Watched;
    if (event.type === 'DELETED') this.remove(resource, name);
    else {
      if (event.type === 'ADDED' && this.has(resource, name)) this.scheduleSweep();
      this.put(resource, name, event.object);
    }
    for (const wake of [...this.waiters]) wake();
    if (resource === 'ownedaccesskeys' && event.type !== 'DELETED' && accessKeyExpiry(event.object) !== undefined) return [name];
    return [];
  }

  /** Deletes the key once it has expired; otherwise looks again when it would. */
  async reconcile(name: string): Promise<ReconcileResult> {
    const entry = this.accessKeys.get(name);
    if (!entry || entry.object.metadata?.deletionTimestamp) return {};
    const expiry = accessKeyExpiry(entry.object, entry.usedAt);
    if (expiry === undefined) return {};
    const left = expiry - this.now();
    if (left > 0) return { requeueAfterMs: Math.min(left + 1000, maxRequeueMs) };
    const uid = entry.object.metadata?.uid;
    try {
      await this.client.must(managementCluster, managementGroup, 'ownedaccesskeys').delete(undefined, name, uid ? { preconditions: { uid } } : {});
    } catch (err) {
      // A newer object under the same name is not ours to delete.
      if (!isStatusError(err, 'Conflict')) throw err;
    }
    this.logger?.info?.({ accessKey: name }, 'deleted expired access key');
    return {};
  }

  /**
   * Returns a number that changes whenever an indexed key, user or team is added, changed or
   * removed: an identity computed from the index holds exactly as long as it stays the same.
   */
  get generation(): number {
    return this.changes;
  }

  /** Returns the entry of the key whose hash is `hash`, or undefined (also when two keys share it). */
  lookup(hash: string): KeyEntry | undefined {
    const names = this.byHash.get(hash);
    if (!names || names.size !== 1) return undefined;
    const [name] = names;
    return this.accessKeys.get(name as string);
  }

  /** Returns the indexed key object `name`. */
  keyEntry(name: string): KeyEntry | undefined {
    return this.accessKeys.get(name);
  }

  /** Returns the User `name`. */
  user(name: string): KubeObject | undefined {
    return this.users.get(name)?.object;
  }

  /** Returns the Team `name`. */
  team(name: string): KubeObject | undefined {
    return this.teams.get(name)?.object;
  }

  /**
   * Returns the user who logs in as `username`: the one user whose spec.username it is, else the
   * user of that name when no user claims it as username; undefined when ambiguous or unknown.
   */
  userByUsername(username: string): KubeObject | undefined {
    const matches = [...this.users.values()].filter((u) => asObject(u.object.spec)?.username === username);
    if (matches.length === 1) return matches[0]?.object;
    if (matches.length > 1) return undefined;
    return this.users.get(username)?.object;
  }

  /** Returns the teams `userName` belongs to (spec.users, or a shared SSO group), by name. */
  teamsOf(userName: string): KubeObject[] {
    this.teamsByUser ??= new Map();
    const memo = this.teamsByUser.get(userName);
    if (memo) return memo;
    const user = this.user(userName);
    const userGroups = new Set(((asObject(user?.spec)?.groups as unknown[] | undefined) ?? []).filter((g): g is string => typeof g === 'string'));
    const teams = [...this.teams.values()]
      .map((t) => t.object)
      .filter((team) => {
        const spec = asObject(team.spec) ?? {};
        const users = (spec.users as unknown[] | undefined) ?? [];
        const groups = (spec.groups as unknown[] | undefined) ?? [];
        return users.includes(userName) || groups.some((g) => typeof g === 'string' && userGroups.has(g));
      })
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    this.teamsByUser.set(userName, teams);
    return teams;
  }

  /** Returns the access keys owned by user `userName` (spec.user). */
  keysOfUser(userName: string): KubeObject[] {
    return [...this.accessKeys.values()].filter((e) => asObject(e.object.spec)?.user === userName).map((e) => e.object);
  }

  /** Resolves true once key `name` is indexed with `hash`, false after `timeoutMs`. */
  waitForKey(name: string, hash: string, timeoutMs = 5000): Promise<boolean> {
    return this.waitUntil(() => this.accessKeys.get(name)?.hash === hash, timeoutMs);
  }

  /** Resolves true once `condition` holds after an indexed event, false after `timeoutMs`. */
  waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(ok);
      };
      const check = (): void => {
        if (condition()) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      timer.unref?.();
      this.waiters.add(check);
    });
  }

  /** Drops indexed objects that storage no longer has (see the file comment). */
  async sweep(): Promise<void> {
    for (const resource of watched) {
      const { names, revision } = await this.listNames(resource);
      for (const [name, entry] of this.entries(resource)) {
        if (!names.has(name) && entry.resourceVersion <= revision) this.remove(resource, name);
      }
    }
  }

  /** Stops the sweep timers (the watch itself belongs to the ControllerManager). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.sweepTimer);
    clearInterval(this.periodic);
    for (const wake of [...this.waiters]) wake();
  }

  private has(resource: Watched, name: string): boolean {
    return this.entries(resource).has(name);
  }

  private entries(resource: Watched): Map<string, { resourceVersion: number }> {
    return resource === 'ownedaccesskeys' ? this.accessKeys : resource === 'users' ? this.users : this.teams;
  }

  private put(resource: Watched, name: string, object: KubeObject): void {
    this.changes++;
    const resourceVersion = revisionOf(object);
    if (resource !== 'ownedaccesskeys') {
      const map = resource === 'users' ? this.users : this.teams;
      const current = map.get(name);
      // A sweep's late list never rolls an entry back.
      if (current && current.resourceVersion > resourceVersion) return;
      map.set(name, { object, resourceVersion });
      this.teamsByUser = undefined;
      return;
    }
    const current = this.accessKeys.get(name);
    if (current && current.resourceVersion > resourceVersion) return;
    if (current) this.unhash(current);
    const entry: KeyEntry = { name, object, hash: storedKeyHash(object), resourceVersion, usedAt: current?.usedAt ?? 0, touchedAt: current?.touchedAt ?? 0 };
    this.accessKeys.set(name, entry);
    if (entry.hash) {
      const names = this.byHash.get(entry.hash) ?? new Set<string>();
      names.add(name);
      this.byHash.set(entry.hash, names);
    }
  }

  private remove(resource: Watched, name: string): void {
    this.changes++;
    if (resource === 'ownedaccesskeys') {
      const entry = this.accessKeys.get(name);
      if (entry) this.unhash(entry);
      this.accessKeys.delete(name);
      return;
    }
    (resource === 'users' ? this.users : this.teams).delete(name);
    this.teamsByUser = undefined;
  }

  private unhash(entry: KeyEntry): void {
    if (!entry.hash) return;
    const names = this.byHash.get(entry.hash);
    names?.delete(entry.name);
    if (names?.size === 0) this.byHash.delete(entry.hash);
  }

  private scheduleSweep(): void {
    if (this.sweepTimer || this.stopped) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = undefined;
      this.runSweep('relist');
    }, 50);
    this.sweepTimer.unref?.();
  }

  private startPeriodicSweep(): void {
    if (this.periodic || this.stopped || this.sweepIntervalMs <= 0) return;
    this.periodic = setInterval(() => this.runSweep('periodic'), this.sweepIntervalMs);
    this.periodic.unref?.();
  }

  private runSweep(why: string): void {
    if (this.stopped) return;
    this.sweep().catch((err) => {
      if (!this.stopped) this.logger?.warn({ why, err: String((err as Error)?.message ?? err) }, 'access key index sweep failed');
    });
  }

  /** Returns the names of `resource` in storage and the revision they were read at. */
  private async listNames(resource: Watched): Promise<{ names: Set<string>; revision: number }> {
    const info = this.client.must(managementCluster, managementGroup, resource).info;
    const store = this.client.store(info);
    const ctx: RequestContext = { cluster: managementCluster, user: controllerUser, dryRun: false, fieldValidation: 'Ignore', warnings: [] };
    const names = new Set<string>();
    let revision = 0;
    let token: string | undefined;
    do {
      const page = await store.list(ctx, undefined, { limit: 1000, continue: token });
      const meta = (page.metadata ?? {}) as { resourceVersion?: string; continue?: string };
      if (revision === 0) revision = Number(meta.resourceVersion ?? 0) || 0;
      for (const item of (page.items as KubeObject[] | undefined) ?? []) {
        const name = text(item.metadata?.name);
        if (name) names.add(name);
      }
      token = text(meta.continue);
    } while (token);
    return { names, revision };
  }
}
