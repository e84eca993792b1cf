// ClusterLoad: the start-up read of every logical cluster but the few the server needs before it
// listens. A restart with 10,000 virtual clusters would otherwise decode and dispatch 360,000
// objects before serving the first request (docs/benchmarks.md, Density).
//
// Every cluster is read at the revision the shared watch starts from, in key order, in the
// background; a cluster a request or a watch event touches is read at once instead. Watch events
// of a cluster not yet read wait until its objects were dispatched, so each controller sees, per
// cluster, exactly what a single list followed by the watch shows it (client-go's
// list-then-watch contract), only the order across clusters changes.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { ListOptions, ListResult } from '../../storage/index.ts';

/** What a load reads with and hands its objects to. */
export interface ClusterLoadDeps {
  list(prefix: string, opts: ListOptions): Promise<ListResult>;
  dispatch(type: 'ADDED' | 'MODIFIED' | 'DELETED', key: string, object: KubeObject): void;
  /** Called once when a read fails (e.g. Expired); resolves once a full relist replaced the load. */
  fail(err: unknown): Promise<void>;
}

interface HeldEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  object: KubeObject;
}

const pageSize = 1000;

/** Returns the logical cluster of a storage key "/registry/<cluster>/...". */
export function clusterOfKey(key: string): string | undefined {
  if (!key.startsWith('/registry/')) return undefined;
  const end = key.indexOf('/', 10);
  return end > 10 ? key.slice(10, end) : undefined;
}

/** The first key after every key of `cluster` ('0' follows '/'). */
function clusterEnd(cluster: string): string {
  return `/registry/${cluster}0`;
}

/** One start-up read of the logical clusters not listed before listening. */
export class ClusterLoad {
  /** The revision every cluster is read at and the watch starts from. */
  readonly revision: string;
  private readonly eager: ReadonlySet<string>;
  private readonly deps: ClusterLoadDeps;
  /** The last key the background pass dispatched; keys come in order. */
  private position = '';
  private passDone = false;
  /** Clusters read on demand: the pass skips them; `read` once their objects were dispatched. */
  private readonly claimed = new Map<string, Promise<void>>();
  private readonly read = new Set<string>();
  /** Watch events of clusters not yet read, in revision order. */
  private readonly held = new Map<string, HeldEvent[]>();
  private failure: Promise<void> | undefined;

  constructor(revision: string, eager: ReadonlySet<string>, deps: ClusterLoadDeps) {
    this.revision = revision;
    this.eager = eager;
    this.deps = deps;
    // Revision 0: storage was empty, so there is nothing to read and every event goes through.
    this.passDone = revision === '0';
  }

  /** Whether the objects of `cluster` at `revision` were all dispatched. */
  isRead(cluster: string): boolean {
    if (this.eager.has(cluster)) return true;
    if (this.claimed.has(cluster)) return this.read.has(cluster);
    return this.passDone || this.position >= clusterEnd(cluster);
  }

  /** Whether the background pass reached the end of the keyspace. */
  get finished(): boolean {
    return this.passDone;
  }

  /** Dispatches a watch event now, or holds it until its cluster was read (and reads it now). */
  offer(cluster: string, event: HeldEvent): void {
    if (this.failure) return;
    if (this.isRead(cluster)) {
      this.deps.dispatch(event.type, event.key, event.object);
      return;
    }
    const held = this.held.get(cluster);
    if (held) held.push(event);
    else this.held.set(cluster, [event]);
    void this.ensure(cluster);
  }

  /** Reads `cluster` now unless it was; resolves once its objects were dispatched. */
  ensure(cluster: string): Promise<void> | undefined {
    if (this.isRead(cluster)) return undefined;
    if (this.failure) return this.failure;
    let reading = this.claimed.get(cluster);
    if (!reading) {
      reading = this.readCluster(cluster, this.position);
      this.claimed.set(cluster, reading);
    }
    return reading;
  }

  /** Reads the whole keyspace in the background, skipping what was read already. */
  async runPass(): Promise<void> {
    if (this.passDone) return;
    try {
      await this.pages('/registry/', (key, object) => {
        const cluster = clusterOfKey(key);
        if (cluster !== undefined && !this.eager.has(cluster) && !this.claimed.has(cluster)) this.deps.dispatch('ADDED', key, object);
      }, (last) => {
        this.position = last;
        for (const cluster of this.held.keys()) if (this.isRead(cluster)) this.release(cluster);
      });
    } catch (err) {
      await this.fail(err);
      return;
    }
    if (this.failure) return;
    this.passDone = true;
    for (const cluster of [...this.held.keys()]) if (this.isRead(cluster)) this.release(cluster);
  }

  /** Stops the load: a full relist takes over and delivers everything; `relisted` resolves after it. */
  abandon(relisted: Promise<void>): void {
    this.failure ??= relisted;
    this.held.clear();
  }

  private async readCluster(cluster: string, after: string): Promise<void> {
    try {
      // Objects up to `after` were dispatched by the pass; from now on it skips this cluster.
      await this.pages(`/registry/${cluster}/`, (key, object) => {
        if (key > after) this.deps.dispatch('ADDED', key, object);
      });
    } catch (err) {
      await this.fail(err);
      return;
    }
    if (this.failure) {
      await this.failure;
      return;
    }
    this.read.add(cluster);
    this.release(cluster);
  }

  /** Dispatches the held events of a cluster that was read. */
  private release(cluster: string): void {
    const held = this.held.get(cluster);
    if (!held) return;
    this.held.delete(cluster);
    for (const e of held) this.deps.dispatch(e.type, e.key, e.object);
  }

  private fail(err: unknown): Promise<void> {
    if (!this.failure) {
      this.held.clear();
      this.failure = this.deps.fail(err);
    }
    return this.failure;
  }

  /** Lists `prefix` at the load's revision page by page, yielding to I/O between pages. */
  private async pages(prefix: string, each: (key: string, object: KubeObject) => void, afterPage?: (lastKey: string) => void): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.deps.list(prefix, token ? { limit: pageSize, continue: token } : { limit: pageSize, resourceVersion: this.revision, resourceVersionMatch: 'Exact' });
      if (this.failure) return;
      page.items.forEach((item, i) => each(page.keys[i] as string, item));
      const last = page.keys[page.keys.length - 1];
      if (last !== undefined) afterPage?.(last);
      token = page.continue;
      if (token) await new Promise<void>((resolve) => setImmediate(resolve));
    } while (token);
  }
}
