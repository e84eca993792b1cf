// End-to-end harness: starts `bin/loft start` on a free loopback port with a temp data dir, and
// runs the real kubectl against it with a fresh --cache-dir and the kubeconfig the server wrote
// (contract §17). Nothing depends on a server started by hand.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/storage/testing/etcd-server.ts';

export { freePort };

const root = new URL('../../', import.meta.url).pathname;


/** Result of one command. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion with optional stdin and environment. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, cwd: options.cwd ?? root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A platform started by the test. */
export interface TestServer {
  url: string;
  port: number;
  /** Temp dir holding HOME and `data/`; pass it to startServer to start on the same data. */
  dir: string;
  dataDir: string;
  kubeconfig: string;
  /** Everything the server wrote to stderr so far. */
  logs(): string;
  /** Runs the real kubectl against this server with a fresh cache dir per server. */
  kubectl(args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult>;
  /** Like kubectl(), but throws with stderr when the exit code is not 0. */
  kubectlOk(args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string>;
  /** Writes a file into the test's temp dir and returns its path. */
  file(name: string, content: string): string;
  /** Stops the server (SIGTERM by default) and removes its temp dir unless `keepData`. */
  stop(signal?: NodeJS.Signals, keepData?: boolean): Promise<number | null>;
  child: ChildProcess;
}

/**
 * Starts `bin/loft start` and waits until admin.kubeconfig exists and /readyz answers. With
 * `dir` it starts on the data a server stopped with `keepData` left there.
 */
export async function startServer(extraArgs: string[] = [], options: { dir?: string } = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'loft-e2e-'));
  const dataDir = join(dir, 'data');
  const cacheDir = join(dir, 'kube-cache');
  const port = await freePort();
  const child = spawn(join(root, 'bin/loft'), ['start', '--data-dir', dataDir, '--port', String(port), ...extraArgs], {
    cwd: root,
    // The server may log the local CLI in (~/.loft, ~/.kube/config): keep that inside the test.
    env: { ...process.env, HOME: dir, KUBECONFIG: join(dir, 'kube', 'config'), LOFT_LOG_LEVEL: process.env.LOFT_LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout?.on('data', (c: Buffer) => (logs += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (logs += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  const deadline = Date.now() + 60_000;
  while (!(existsSync(kubeconfig) && logs.includes('Loft is ready'))) {
    if (child.exitCode !== null) throw new Error(`loft start exited with ${child.exitCode}:\n${logs}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`loft start did not become ready in 60 s:\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = `https://127.0.0.1:${port}`;
  const kubectl = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> =>
    run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { ...options, env: { KUBECONFIG: kubeconfig, ...options.env } });
  return {
    url,
    port,
    dir,
    dataDir,
    kubeconfig,
    child,
    logs: () => logs,
    kubectl,
    async kubectlOk(args, options) {
      const result = await kubectl(args, options);
      if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
      return result.stdout;
    },
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async stop(signal = 'SIGTERM', keepData = false) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      if (!keepData) rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Returns the admin bearer token from a kubeconfig file. */
export function adminToken(kubeconfig: string): string {
  const match = /token: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'));
  if (!match) throw new Error('no token in kubeconfig');
  return match[1] as string;
}
