// Crash safety of the SQLite backend (issue #2 item 5; reliability-security.md F1, F2):
// SIGKILL a writing process at random moments, reopen, and check that every acknowledged
// write survived and that revisions never go backwards.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { openStorage } from './index.ts';
import { SqliteLog } from './sqlite/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'loft-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const writerScript = new URL('./testing/crash-writer.ts', import.meta.url).pathname;

interface Ack {
  op: string;
  key: string;
  n: number;
  rv: number;
}

/** Runs the writer until a random moment after it is ready, kills it, returns its acks. */
function runAndKill(path: string, runId: number, delayMs: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerScript, path, String(runId)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killTimer && out.includes('ready\n')) killTimer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited on its own (${signal}): ${err}`));
      const acks = out
        .split('\n')
        // A line cut by the kill was never fully reported, so it does not count as acknowledged.
        .slice(0, -1)
        .filter((line) => line !== 'ready')
        .map((line) => {
          const [op, key, n, rv] = line.split(' ') as [string, string, string, string];
          return { op, key, n: Number(n), rv: Number(rv) };
        });
      resolve(acks);
    });
  });
}

test('every acknowledged write survives 20 SIGKILLs, and revisions keep increasing', { timeout: 300_000 }, async () => {
  const path = join(dir, 'crash.db');
  const latest = new Map<string, Ack>();
  let maxAcked = 0;
  let total = 0;
  for (let run = 0; run < 20; run++) {
    const acks = await runAndKill(path, run, 20 + Math.floor(Math.random() * 250));
    total += acks.length;
    for (const ack of acks) {
      latest.set(ack.key, ack);
      maxAcked = Math.max(maxAcked, ack.rv);
    }
    // Reopen after each kill, as a restarted server would, and check everything so far.
    const storage = openStorage(`sqlite://${path}`);
    try {
      for (const ack of latest.values()) {
        const obj = await storage.get(ack.key);
        const n = Number((obj.data as { n: string }).n);
        const rv = Number(obj.metadata?.resourceVersion);
        assert.ok(n >= ack.n, `${ack.key}: acknowledged n=${ack.n} at ${ack.rv}, found n=${n}`);
        assert.ok(rv >= ack.rv, `${ack.key}: acknowledged revision ${ack.rv}, found ${rv}`);
        if (rv === ack.rv) assert.equal(n, ack.n);
      }
      const next = await storage.create(`/registry/configmaps/crash/after-${run}`, { metadata: { name: `after-${run}` } });
      assert.ok(Number(next.metadata?.resourceVersion) > maxAcked, 'a new revision is greater than every acknowledged one');
      maxAcked = Number(next.metadata?.resourceVersion);
    } finally {
      await storage.close();
    }
  }
  assert.ok(total > 100, `the writers acknowledged ${total} writes across the kills`);
  const db = new DatabaseSync(path);
  assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
  db.close();
});

test('every connection runs with journal_mode=WAL and synchronous=FULL, also after reopening', () => {
  const path = join(dir, 'settings.db');
  for (let open = 0; open < 3; open++) {
    const log = new SqliteLog(path);
    assert.deepEqual(log.settings(), { journalMode: 'wal', synchronous: 2 });
    log.close();
  }
});
