// Virtual cluster instances as the benchmarks create them: a VirtualClusterInstance in project
// `default` with a small inline template (one ConfigMap), seen Ready through a watch (never by
// polling), then reached through the proxy.

import { performance } from 'node:perf_hooks';
import type { Agent } from 'undici';
import type { BenchServer } from './server.ts';
import { openWatch, watchAgent, type WatchHandle } from './watch.ts';

export const projectNamespace = 'loft-p-default';
export const instancesPath = `/apis/management.loft.sh/v1/namespaces/${projectNamespace}/virtualclusterinstances`;

/** Returns the proxy path of instance `name` in project default. */
export function proxyPath(name: string): string {
  return `/kubernetes/project/default/virtualcluster/${name}`;
}

/** The inline template every benchmark instance uses: one ConfigMap in namespace default. */
export const inlineTemplate = {
  objects: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: default\ndata:\n  color: blue\n',
};

/** Returns the VirtualClusterInstance `name` with the inline template. */
export function instanceObject(name: string): object {
  return {
    apiVersion: 'management.loft.sh/v1',
    kind: 'VirtualClusterInstance',
    metadata: { name, namespace: projectNamespace },
    spec: { template: inlineTemplate },
  };
}

/** Timing of one instance, in ms from the start of its POST. */
export interface InstanceTiming {
  /** POST answered 201. */
  created: number;
  /** The watch delivered the instance with status.phase Ready. */
  ready: number;
  /** The first GET /api/v1/namespaces through the proxy answered 200. */
  served: number;
  /** GETs through the proxy before the 200 (0 = the first succeeded). */
  retries: number;
}

/**
 * ReadyWatch: one watch over every instance of project default, resolving waiters when their
 * instance reaches phase Ready (and rejecting them on Failed), as a client or controller would
 * watch instead of polling.
 */
export class ReadyWatch {
  private readonly waiters = new Map<string, { resolve: (at: number) => void; reject: (err: Error) => void }>();
  private readonly agent: Agent;
  private readonly server: BenchServer;
  private handle: WatchHandle | undefined;

  constructor(server: BenchServer) {
    this.server = server;
    this.agent = watchAgent(server.ca);
  }

  /** Opens the watch from the current resourceVersion of the instance list. */
  async start(): Promise<void> {
    const list = (await this.server.ok('GET', `${instancesPath}?limit=1`)) as { metadata: { resourceVersion: string } };
    const url = `${this.server.url}${instancesPath}?watch=1&allowWatchBookmarks=false&resourceVersion=${list.metadata.resourceVersion}`;
    this.handle = await openWatch(url, this.server.token, this.agent, (line) => this.onLine(line));
    void this.handle.ended.then((err) => {
      for (const w of this.waiters.values()) w.reject(new Error(`the instance watch ended${err ? `: ${err.message}` : ''}`));
      this.waiters.clear();
    });
  }

  private onLine(line: string): void {
    // Cheap filter first: only events of instances someone waits for, in a final phase.
    if (!line.includes('"phase":"Ready"') && !line.includes('"phase":"Failed"')) return;
    const event = JSON.parse(line) as { type: string; object: { metadata?: { name?: string }; status?: { phase?: string; reason?: string; message?: string } } };
    const name = event.object.metadata?.name ?? '';
    const waiter = this.waiters.get(name);
    if (!waiter) return;
    const status = event.object.status ?? {};
    if (status.phase === 'Ready') {
      this.waiters.delete(name);
      waiter.resolve(performance.now());
    } else if (status.phase === 'Failed') {
      this.waiters.delete(name);
      waiter.reject(new Error(`instance ${name} failed: ${status.reason ?? ''} ${status.message ?? ''}`));
    }
  }

  /** Returns a promise of the time `name` is seen Ready; call before creating it. */
  expect(name: string, timeoutMs = 60_000): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(name);
        reject(new Error(`instance ${name} was not Ready within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(name, {
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
    });
  }

  async stop(): Promise<void> {
    this.handle?.close();
    await this.agent.close().catch(() => undefined);
  }
}

/**
 * Creates instance `name`, waits for Ready through `watch`, and when `serve` GETs
 * /api/v1/namespaces through the proxy until it answers 200. Returns the timings.
 */
export async function createInstance(server: BenchServer, watch: ReadyWatch, name: string, serve = true): Promise<InstanceTiming> {
  const ready = watch.expect(name);
  // A failure before the Ready event must not leave `ready` rejecting unobserved.
  ready.catch(() => undefined);
  const t0 = performance.now();
  const res = await server.json('POST', instancesPath, instanceObject(name));
  const created = performance.now() - t0;
  if (res.status !== 201) throw new Error(`POST instance ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  const readyAt = (await ready) - t0;
  if (!serve) return { created, ready: readyAt, served: readyAt, retries: 0 };
  let retries = 0;
  for (;;) {
    const got = await server.json('GET', `${proxyPath(name)}/api/v1/namespaces`);
    if (got.status === 200) {
      const items = (got.body as { items?: unknown[] }).items ?? [];
      if (items.length < 4) throw new Error(`instance ${name}: ${items.length} namespaces through the proxy, expected the 4 system ones`);
      break;
    }
    if (got.status !== 503 || ++retries > 100) throw new Error(`GET through the proxy of ${name}: ${got.status} ${JSON.stringify(got.body)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { created, ready: readyAt, served: performance.now() - t0, retries };
}
