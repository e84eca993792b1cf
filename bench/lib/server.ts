// The platform under test, as a child process: `bin/loft start` on a free loopback port with a
// temp data dir and HOME, so its RSS is the server's alone and nothing touches the real ~/.loft.
// The benchmark process drives it over HTTPS (keep-alive) with the admin token the server wrote.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { freePort } from '../../src/storage/testing/etcd-server.ts';

export { freePort };

const root = new URL('../../', import.meta.url).pathname;

/** Servers still running: killed if this process exits without stopping them (a failed run, ^C). */
const running = new Map<ChildProcess, string>();
let exitHooked = false;

/** Makes sure no server outlives this process. */
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const [child, dir] of running) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
}


/** StartOptions shape one start of the server. */
export interface StartOptions {
  /** Reuse this temp dir (data in `<dir>/data`) instead of making one: a restart. */
  dir?: string;
  /** Extra environment of the server, e.g. NODE_OPTIONS=--cpu-prof for a profile. */
  env?: NodeJS.ProcessEnv;
  /** Listen on this port (default: a free one). */
  port?: number;
  /** How long to wait for "Loft is ready" (default 120 s). */
  readyTimeoutMs?: number;
}

/** Sizes of the SQLite files in the data dir, in bytes. */
export interface DatabaseSize {
  db: number;
  wal: number;
  shm: number;
  /** db + wal: what the data costs on disk (the shm is an index of the WAL, not data). */
  total: number;
}

/** Response of one JSON request. */
export interface JsonResponse {
  status: number;
  body: unknown;
}

/** A running `loft start` child and a keep-alive HTTPS client for it. */
export interface BenchServer {
  url: string;
  port: number;
  /** Temp dir holding HOME and `data/`. */
  dir: string;
  dataDir: string;
  pid: number;
  child: ChildProcess;
  /** The admin access key from admin.kubeconfig. */
  token: string;
  /** The server's CA certificate (PEM). */
  ca: string;
  /** Keep-alive agent trusting the server's CA. */
  agent: Agent;
  /** Milliseconds from spawn to "Loft is ready" on stderr. */
  readyMs: number;
  /** Sends one request with the admin token and returns the status and the parsed JSON body. */
  json(method: string, path: string, body?: unknown): Promise<JsonResponse>;
  /** Like json(), but throws unless the status is 2xx. */
  ok(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Returns VmRSS of the server process in bytes, from /proc/<pid>/status. */
  rssBytes(): number;
  /** Returns the sizes of loft.db, loft.db-wal and loft.db-shm. */
  databaseSize(): DatabaseSize;
  /** The last 64 KiB the server wrote to stdout and stderr. */
  logs(): string;
  /** Stops the server with SIGTERM (SIGKILL after 30 s); removes its dir unless `keepData`. */
  stop(keepData?: boolean): Promise<void>;
}

/** Starts `bin/loft start` and resolves once it printed "Loft is ready" and admin.kubeconfig exists. */
export async function startLoft(options: StartOptions = {}): Promise<BenchServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'loft-bench-'));
  const dataDir = join(dir, 'data');
  const port = options.port ?? (await freePort());
  const started = performance.now();
  // BENCH_PROFILE_DIR=<dir>: every server writes a V8 CPU profile there when it stops
  // (summarise one with `node bench/lib/cpu-profile.ts <file>`).
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const nodeOptions = [options.env?.NODE_OPTIONS, profileDir ? `--cpu-prof --cpu-prof-dir=${profileDir}` : undefined].filter(Boolean).join(' ');
  const child = spawn(join(root, 'bin/loft'), ['start', '--data-dir', dataDir, '--port', String(port), '--no-login'], {
    cwd: root,
    env: {
      ...process.env,
      HOME: dir,
      KUBECONFIG: join(dir, 'kube', 'config'),
      // Request logs would cost the server CPU the benchmark means to measure.
      LOFT_LOG_LEVEL: process.env.LOFT_LOG_LEVEL ?? 'warn',
      ...options.env,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hookExit();
  running.set(child, dir);
  child.once('exit', () => running.delete(child));
  let logs = '';
  const keep = (c: Buffer): void => {
    logs += c.toString();
    if (logs.length > 65536) logs = logs.slice(-65536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  const deadline = performance.now() + (options.readyTimeoutMs ?? 120_000);
  while (!(logs.includes('Loft is ready') && existsSync(kubeconfig))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`loft start exited (${child.exitCode ?? child.signalCode}):\n${logs}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`loft start was not ready in ${options.readyTimeoutMs ?? 120_000} ms:\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - started;
  const token = /token: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1];
  if (!token) throw new Error(`no token in ${kubeconfig}`);
  const ca = readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8');
  const agent = new Agent({ connect: { ca, servername: 'localhost' }, keepAliveTimeout: 60_000, pipelining: 1 });
  const url = `https://127.0.0.1:${port}`;
  const json = async (method: string, path: string, body?: unknown): Promise<JsonResponse> => {
    const res = await request(`${url}${path}`, {
      method: method as 'GET',
      dispatcher: agent,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return {
    url,
    port,
    dir,
    dataDir,
    pid: child.pid as number,
    child,
    token,
    ca,
    agent,
    readyMs,
    json,
    async ok(method, path, body) {
      const res = await json(method, path, body);
      if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    rssBytes: () => processRss(child.pid as number),
    databaseSize() {
      const size = (name: string): number => {
        try {
          return statSync(join(dataDir, name)).size;
        } catch {
          return 0;
        }
      };
      const db = size('loft.db');
      const wal = size('loft.db-wal');
      return { db, wal, shm: size('loft.db-shm'), total: db + wal };
    },
    logs: () => logs,
    async stop(keepData = false) {
      await agent.close().catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Returns VmRSS of process `pid` in bytes (Linux /proc). */
export function processRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

/** Returns the CPU time (user + system) process `pid` has used so far, in ms (Linux /proc). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  // After "(comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}
