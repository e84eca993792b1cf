// ControllerManager: one watch over the whole keyspace feeds every controller of every logical
// cluster (DESIGN "Logical clusters": shared controllers, never one set per virtual cluster),
// so an idle virtual cluster costs no goroutine-equivalent at all. It lists everything once,
// then watches from that revision; on Expired or a closed watch it lists again.

import type { KubeObject } from '../../apimachinery/index.ts';
import { isStorageError, type Storage } from '../../storage/index.ts';
import { ClusterLoad, clusterOfKey } from './cluster-load.ts';
import { WorkQueue, type ReconcileResult } from './work-queue.ts';

/** ObjectEvent is a change of one object, located by cluster, group and resource. */
export interface ObjectEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  cluster: string;
  group: string;
  resource: string;
  object: KubeObject;
}

/** Controller is a level-triggered reconciler of some resources. */
export interface Controller {
  readonly name: string;
  /**
   * "group/resource" keys (core group ""), e.g. "/namespaces" or "apps/deployments"; "*" means
   * every resource of every cluster, custom resources included (garbage collector, namespace
   * deletion).
   */
  readonly watches: readonly string[];
  /** Returns the reconcile keys an event concerns. */
  keys(event: ObjectEvent): string[];
  /** Moves the world one step toward the desired state of `key`. */
  reconcile(key: string): Promise<ReconcileResult>;
  /** Worker count (default 4). */
  readonly concurrency?: number;
  /**
   * Whether requests need this controller's initial sync: the CRD controller publishes the
   * custom resources a request may name. `start({ until: 'serving' })` waits for these only;
   * the other controllers reconcile the initial list in the background, as
   * kube-controller-manager catches up while kube-apiserver already serves.
   */
  readonly neededToServe?: boolean;
}

/** Logger is the slice of pino the manager uses. */
export interface ControllerLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Returns cluster, group and resource of a storage key "/registry/<cluster>/<group|core>/<resource>/...". */
export function locateKey(key: string): { cluster: string; group: string; resource: string } | undefined {
  const parts = key.split('/');
  if (parts.length < 6 || parts[1] !== 'registry') return undefined;
  return { cluster: parts[2] as string, group: parts[3] === 'core' ? '' : (parts[3] as string), resource: parts[4] as string };
}

/** ControllerManager runs controllers off one shared watch. */
export class ControllerManager {
  private readonly storage: Storage;
  private readonly logger: ControllerLogger;
  private readonly entries: Array<{ controller: Controller; queue: WorkQueue }> = [];
  private readonly byResource = new Map<string, Array<{ controller: Controller; queue: WorkQueue }>>();
  private stopped = false;
  private stopWatch: (() => void) | undefined;
  private initialSyncDone = false;
  private syncedPromise: Promise<void> | undefined;
  /** The start-up read of the clusters not listed before `start` resolved; see cluster-load.ts. */
  private load: ClusterLoad | undefined;
  private loadPass: Promise<void> | undefined;
  private relisting: Promise<void> | undefined;

  constructor(storage: Storage, logger: ControllerLogger) {
    this.storage = storage;
    this.logger = logger;
  }

  /** Adds a controller (before start). */
  add(controller: Controller): void {
    const queue = new WorkQueue((key) => controller.reconcile(key), {
      concurrency: controller.concurrency,
      onError: (key, err) => this.logger.warn({ controller: controller.name, key, err: String((err as Error)?.message ?? err) }, 'reconcile failed; will retry'),
    });
    const entry = { controller, queue };
    this.entries.push(entry);
    // A controller watching everything is registered once, so it never sees an event twice.
    const watches = controller.watches.includes('*') ? ['*'] : controller.watches;
    for (const w of watches) {
      const list = this.byResource.get(w) ?? [];
      list.push(entry);
      this.byResource.set(w, list);
    }
  }

  /** Queues `key` of the named controller directly (e.g. after an external change). */
  enqueue(controllerName: string, key: string, afterMs = 0): void {
    const entry = this.entries.find((e) => e.controller.name === controllerName);
    if (!entry) return;
    if (afterMs > 0) entry.queue.addAfter(key, afterMs);
    else entry.queue.add(key);
  }

  /**
   * Lists everything, queues it and starts watching. Resolves once every queue drained the
   * initial list (`until: 'synced'`, the default), or once the informers' indexes hold it and
   * the controllers `neededToServe` drained it (`until: 'serving'`); `synced()` then tells when
   * the rest caught up. With `first`, only those logical clusters are listed before resolving;
   * the others are read in the background, or at once through `ensureCluster` (cluster-load.ts).
   */
  async start(options: { until?: 'serving' | 'synced'; first?: readonly string[] } = {}): Promise<void> {
    if (options.first) await this.runInSteps(new Set(options.first));
    else await this.run();
    const done = (async () => {
      await this.loadPass;
      await this.idle();
      this.initialSyncDone = true;
    })();
    this.syncedPromise = done;
    if (options.until === 'serving') await this.idle((c) => c.neededToServe === true);
    else await done;
  }

  /**
   * Returns undefined when `cluster`'s objects reached the controllers, else a promise that reads
   * them now and resolves once the controllers `neededToServe` handled them. The request path
   * awaits it before it authorizes in a cluster the start-up has not read yet.
   */
  ensureCluster(cluster: string): Promise<void> | undefined {
    const reading = this.load?.ensure(cluster);
    return reading?.then(() => this.idle((c) => c.neededToServe === true));
  }

  /** Whether the initial sync finished. */
  get hasSynced(): boolean {
    return this.initialSyncDone;
  }

  /** Resolves when every controller drained the initial list (after `start`). */
  async synced(): Promise<void> {
    await this.syncedPromise;
  }

  /** Resolves when every controller's queue (or those `which` selects) is idle. */
  async idle(which: (controller: Controller) => boolean = () => true): Promise<void> {
    for (const { controller, queue } of this.entries) if (which(controller)) await queue.idle();
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch?.();
    for (const { queue } of this.entries) queue.stop();
  }

  private dispatch(type: ObjectEvent['type'], key: string, object: KubeObject): void {
    const where = locateKey(key);
    if (!where) return;
    const exact = this.byResource.get(`${where.group}/${where.resource}`);
    const everything = this.byResource.get('*');
    if (!exact && !everything) return;
    const event: ObjectEvent = { type, ...where, object };
    for (const interested of [exact, everything]) {
      for (const { controller, queue } of interested ?? []) {
        for (const k of controller.keys(event)) queue.add(k);
      }
    }
  }

  /** Lists every watched object and starts the watch from the list's revision. */
  private async run(): Promise<void> {
    if (this.stopped) return;
    let revision = '';
    let token: string | undefined;
    do {
      const page = await this.storage.list('/registry/', { limit: 1000, continue: token });
      revision = page.resourceVersion;
      page.items.forEach((item, i) => this.dispatch('ADDED', page.keys[i] as string, item));
      token = page.continue;
    } while (token);
    this.watchFrom(revision);
  }

  /** Lists the `first` clusters, starts the watch from that revision and reads the rest in the background. */
  private async runInSteps(first: ReadonlySet<string>): Promise<void> {
    let revision: string | undefined;
    for (const cluster of first) {
      let token: string | undefined;
      do {
        const page = await this.storage.list(`/registry/${cluster}/`, token ? { limit: 1000, continue: token } : { limit: 1000, resourceVersion: revision, resourceVersionMatch: revision ? 'Exact' : undefined });
        revision ??= page.resourceVersion;
        page.items.forEach((item, i) => this.dispatch('ADDED', page.keys[i] as string, item));
        token = page.continue;
      } while (token);
    }
    revision ??= (await this.storage.list('/registry/', { limit: 1 })).resourceVersion;
    const load = new ClusterLoad(revision, first, {
      list: (prefix, opts) => this.storage.list(prefix, opts),
      dispatch: (type, key, object) => this.dispatch(type, key, object),
      fail: (err) => this.relist(err),
    });
    this.load = load;
    this.watchFrom(load.revision);
    this.loadPass = load.runPass();
  }

  /** Replaces a failed start-up load or watch with a full list and a new watch. */
  private relist(err: unknown): Promise<void> {
    this.relisting ??= (async () => {
      this.logger.warn({ err: String((err as Error)?.message ?? err), expired: isStorageError(err, 'Expired') }, 'controller watch ended; relisting');
      const load = this.load;
      this.load = undefined;
      this.stopWatch?.();
      const relisted = new Promise<void>((r) => setTimeout(r, 100)).then(() => this.run());
      load?.abandon(relisted.catch(() => undefined));
      try {
        await relisted;
      } catch (e) {
        this.logger.error({ err: String(e) }, 'relist failed');
      } finally {
        this.relisting = undefined;
      }
    })();
    return this.relisting;
  }

  private watchFrom(revision: string): void {
    const watcher = this.storage.watch('/registry/', { recursive: true, resourceVersion: revision });
    let ended = false;
    this.stopWatch = () => {
      ended = true;
      watcher.stop();
    };
    void (async () => {
      try {
        for await (const event of watcher) {
          if (event.type === 'BOOKMARK') continue;
          const load = this.load;
          const cluster = load ? clusterOfKey(event.key) : undefined;
          if (load && cluster !== undefined) load.offer(cluster, { type: event.type, key: event.key, object: event.object });
          else this.dispatch(event.type, event.key, event.object);
        }
        if (this.stopped || ended) return;
        void this.relist(new Error('watch closed'));
      } catch (err) {
        if (this.stopped || ended) return;
        void this.relist(err);
      }
    })();
  }
}
