// Child process of the SIGKILL test (sqlite-crash.test.ts): writes to a SQLite store as fast
// as it can from several concurrent writers and reports every acknowledged write on stdout,
// synchronously, before starting the next one. The parent kills it at a random moment.
//   usage: node crash-writer.ts DB_PATH RUN_ID

import { writeSync } from 'node:fs';
import { openStorage } from '../index.ts';

const [path, runId] = process.argv.slice(2) as [string, string];
const storage = openStorage(`sqlite://${path}`);
const writers = 8;

/** Records an acknowledged write: op, key, counter value, resourceVersion. */
function ack(op: string, key: string, n: number, rv: string | undefined): void {
  writeSync(1, `${op} ${key} ${n} ${rv}\n`);
}

async function writer(w: number): Promise<never> {
  for (let i = 0; ; i++) {
    const key = `/registry/configmaps/crash/r${runId}-w${w}-${i}`;
    const created = await storage.create(key, { kind: 'ConfigMap', metadata: { name: key }, data: { n: '0' } });
    ack('create', key, 0, created.metadata?.resourceVersion);
    for (let n = 1; n <= 3; n++) {
      const updated = await storage.guaranteedUpdate(key, (cur) => ({ ...cur, data: { n: String(n) } }));
      ack('update', key, n, updated.metadata?.resourceVersion);
    }
  }
}

writeSync(1, 'ready\n');
for (let w = 0; w < writers; w++) void writer(w);
