// Starts a throwaway etcd (Debian's etcd-server) on free loopback ports in a temp dir, for the
// conformance suite and the storage benchmark. Nothing depends on an etcd started by hand.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running etcd: its client endpoint and how to stop it. */
export interface EtcdServer {
  endpoint: string;
  /** host:port, as etcd:// storage URLs take it. */
  hostPort: string;
  stop(): Promise<void>;
}

/** Returns a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts etcd and resolves once it answers /health; rejects with a clear error if it cannot. */
export async function startEtcd(): Promise<EtcdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'loft-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  let child: ChildProcess;
  try {
    child = spawn(
      'etcd',
      [
        '--name', 'loft-test',
        '--data-dir', join(dir, 'data'),
        '--listen-client-urls', client,
        '--advertise-client-urls', client,
        '--listen-peer-urls', peer,
        '--initial-advertise-peer-urls', peer,
        '--initial-cluster', `loft-test=${peer}`,
        // Room for a 1.5 MiB value plus the transaction around it.
        '--max-request-bytes', String(2 * 1024 * 1024),
        '--experimental-watch-progress-notify-interval', '1s',
        '--logger', 'zap',
        '--log-level', 'error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const failed = await Promise.race([
      spawnError.then((err) => `cannot run etcd (${err.message}); install it with: apt-get install etcd-server`),
      exited.then((code) => `etcd exited with code ${code}: ${stderr}`),
      new Promise<undefined>((resolve) => setTimeout(resolve, 100, undefined)),
    ]);
    if (failed) {
      await stop();
      throw new Error(failed);
    }
    try {
      const res = await fetch(`${client}/health`);
      if (res.ok && ((await res.json()) as { health?: string }).health === 'true') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy in 20 s: ${stderr}`);
    }
  }
  return { endpoint: client, hostPort: `127.0.0.1:${clientPort}`, stop };
}
