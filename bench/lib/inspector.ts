// A minimal Chrome DevTools Protocol client for a server started with
// NODE_OPTIONS=--inspect=127.0.0.1:0: forces a full GC before an RSS reading and reads
// process.memoryUsage() inside the server, so a memory figure is the live data, not garbage
// the collector has not reached yet.

import { WebSocket } from 'undici';

/** The inspector environment of a server child: --inspect on a free loopback port. */
export const inspectEnv = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

/** process.memoryUsage() of the server, in bytes. */
export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Inspector is one CDP session with a Node process. */
export class Inspector {
  private readonly ws: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  /** Connects to the inspector whose "Debugger listening on ws://…" line is in `logs`. */
  static async fromLogs(logs: string): Promise<Inspector> {
    const url = /Debugger listening on (ws:\/\/\S+)/.exec(logs)?.[1];
    if (!url) throw new Error('the server did not print an inspector URL (start it with inspectEnv)');
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), { once: true });
    });
    return new Inspector(ws);
  }

  /** Sends one CDP command and returns its result. */
  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Runs a full (mark-compact) garbage collection in the server. */
  async collectGarbage(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
  }

  /** Returns process.memoryUsage() as the server sees it. */
  async memoryUsage(): Promise<MemoryUsage> {
    const result = (await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    return JSON.parse(result.result.value) as MemoryUsage;
  }

  close(): void {
    this.ws.close();
  }
}
