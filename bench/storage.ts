// Storage benchmark (issue #2 item 6): creates, updates, point gets and lists of 10,000 objects
// per second for each backend (memory, sqlite, etcd) at 1 and 32 concurrent callers, each
// beside the same work done directly on raw SQLite (node:sqlite, same durability) or raw etcd
// (the etcd3 client, same etcd, same concurrency) in the same run, with the ratio.
//
//   npm run bench                         # or: node_modules/.bin/node bench/storage.ts
//   BENCH_CELL_MS=500 npm run bench       # a quick smoke run (default 2500 ms per cell)
//   node_modules/.bin/node bench/storage.ts --markdown   # the table as Markdown, for docs/
//
// Figures go to stdout and to bench/results/storage.json; progress goes to stderr.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import type { KubeObject } from '../src/apimachinery/index.ts';
import { openStorage, type Storage } from '../src/storage/index.ts';
import { startEtcd } from '../src/storage/testing/etcd-server.ts';
import { describeMachine, loadAverage, machine, writeJson } from './lib/machine.ts';
import { compare, measure, type Measurement, type Operation } from './lib/measure.ts';
import { formatMarkdownTable, formatMs, formatRate, formatRatio, formatTable, type Column } from './lib/table.ts';

/** How long each side of a cell runs, after a short warm-up at the same concurrency. */
const cellMs = positiveEnv('BENCH_CELL_MS', 2500);
const warmupMs = positiveEnv('BENCH_WARMUP_MS', Math.min(250, cellMs / 4));
/** Objects seeded under the list prefix: the list cells read all of them. */
const listObjects = 10_000;
/** Encoded size of one object, about a small ConfigMap's. */
const objectBytes = 500;
const concurrencies = [1, 32] as const;
/** Order of the rows in the table. */
const operations = ['create', 'update', 'get', 'list'] as const;
/**
 * Order the cells run in: the list cells first, while exactly `listObjects` objects exist, and
 * the creates last, since they add objects under the list prefix.
 */
const runOrder = ['list', 'get', 'update', 'create'] as const;
/** The aim of issue #2: a backend's creates at ≥ 50% of its raw reference's. */
const aimRatio = 0.5;
const listPrefix = '/registry/configmaps/';
const resultsPath = join(dirname(fileURLToPath(import.meta.url)), 'results', 'storage.json');

type OperationName = (typeof operations)[number];

/** Subject is one thing measured: a Storage backend or a raw reference, per operation. */
interface Subject {
  name: string;
  /** What one operation does, per operation (for references: the raw calls). */
  describe: Partial<Record<OperationName, string>>;
  /** Stores the `listObjects` objects the get, update and list cells read. */
  seed(): Promise<void>;
  /** Returns the operation to measure at `concurrency` callers. */
  operation(name: OperationName, concurrency: number): Operation;
  close(): Promise<void>;
}

/** Row is one cell of the table: a backend's figure beside its reference's, if it has one. */
interface Row {
  backend: string;
  operation: OperationName;
  concurrency: number;
  result: Measurement;
  reference?: { name: string; does: string; result: Measurement };
  /** backend ops/s ÷ reference ops/s. */
  ratio?: number;
}

/** Returns a positive number from the environment variable `name`, or `fallback`. */
function positiveEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of milliseconds, got "${raw}"`);
  return value;
}

const fillerLength = ((): number => {
  const probe = configMapWithFiller('default', seedName(0), '');
  return Math.max(0, objectBytes - JSON.stringify(probe).length);
})();
const filler = 'x'.repeat(fillerLength);

/** Returns a ConfigMap with `data` padded by `pad`. */
function configMapWithFiller(namespace: string, name: string, pad: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace,
      uid: randomUUID(),
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { 'app.kubernetes.io/name': 'storage-bench', 'app.kubernetes.io/part-of': 'loft' },
    },
    data: { generation: '0', 'settings.yaml': pad },
  };
}

/** Returns a ConfigMap of about `objectBytes` bytes of JSON. */
function configMap(namespace: string, name: string): KubeObject {
  return configMapWithFiller(namespace, name, filler);
}

/** Returns the name of seeded object `i` (fixed width, so every object is the same size). */
function seedName(i: number): string {
  return `cm-${String(i).padStart(7, '0')}`;
}

/** Returns the storage key of seeded object `i`. */
function seedKey(i: number): string {
  return `${listPrefix}default/${seedName(i)}`;
}

/**
 * Returns the seeded object operation `i` reads or writes. A stride coprime to listObjects
 * visits every object once per listObjects operations, and the callers in flight at any moment
 * (at most 32 consecutive i) always touch distinct objects, so updates never conflict.
 */
function target(i: number): number {
  return (i * 7919) % listObjects;
}

/** Returns `current` with data.generation set to `i` (a real change, so it is written). */
function bump(current: KubeObject, i: number): KubeObject {
  return { ...current, data: { ...(current.data as Record<string, string>), generation: String(i) } };
}

/** Throws unless a list returned every seeded object. */
function expectAll(count: number, what: string): void {
  if (count !== listObjects) throw new Error(`${what} returned ${count} objects, expected ${listObjects}`);
}

/** What one operation of a Storage backend calls. */
const storageCalls: Record<OperationName, string> = {
  create: 'Storage.create',
  update: 'Storage.guaranteedUpdate (get + compare-and-swap)',
  get: 'Storage.get',
  list: `Storage.list('${listPrefix}')`,
};

/** Returns a Subject that drives `storage` through the Storage interface. */
function storageSubject(name: string, storage: Storage): Subject {
  return {
    name,
    describe: storageCalls,
    async seed() {
      await measure('seed', 64, Number.POSITIVE_INFINITY, (i) => storage.create(seedKey(i), configMap('default', seedName(i))), {
        maxOps: listObjects,
      });
    },
    operation(op, concurrency) {
      switch (op) {
        case 'create': {
          const namespace = `create-c${concurrency}`;
          return (i) => storage.create(`${listPrefix}${namespace}/${seedName(i)}`, configMap(namespace, seedName(i)));
        }
        case 'update':
          return (i) => storage.guaranteedUpdate(seedKey(target(i)), (current) => bump(current as KubeObject, i));
        case 'get':
          return (i) => storage.get(seedKey(target(i)));
        case 'list':
          return async () => expectAll((await storage.list(listPrefix)).items.length, `${name} list`);
      }
    },
    close: () => storage.close(),
  };
}

/**
 * Returns the raw SQLite reference: one node:sqlite connection with the durability settings of
 * the sqlite backend (WAL, synchronous=FULL), a plain key/value table, one transaction per
 * write. It is synchronous, so its "32 callers" take turns on the one connection: that is what
 * 32 independent clients of one SQLite file get, since SQLite admits one writer at a time and
 * does not merge their commits.
 */
function rawSqliteSubject(path: string): Subject {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('CREATE TABLE objects (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO objects (key, value) VALUES (?, ?)');
  const select = db.prepare('SELECT value FROM objects WHERE key = ?');
  const update = db.prepare('UPDATE objects SET value = ? WHERE key = ?');
  const selectAll = db.prepare('SELECT key, value FROM objects');
  const read = (key: string): KubeObject => {
    const row = select.get(key) as { value: string } | undefined;
    if (!row) throw new Error(`raw sqlite: ${key} not found`);
    return JSON.parse(row.value) as KubeObject;
  };
  return {
    name: 'raw sqlite',
    describe: {
      create: 'INSERT, own transaction',
      update: 'BEGIN; SELECT; UPDATE; COMMIT',
      get: 'SELECT by key',
      list: 'SELECT whole table',
    },
    async seed() {
      db.exec('BEGIN');
      for (let i = 0; i < listObjects; i++) insert.run(seedKey(i), JSON.stringify(configMap('default', seedName(i))));
      db.exec('COMMIT');
    },
    operation(op, concurrency) {
      switch (op) {
        case 'create': {
          const namespace = `create-c${concurrency}`;
          // Autocommit: each INSERT is its own durable transaction.
          return (i) => insert.run(`${listPrefix}${namespace}/${seedName(i)}`, JSON.stringify(configMap(namespace, seedName(i))));
        }
        case 'update':
          return (i) => {
            const key = seedKey(target(i));
            db.exec('BEGIN IMMEDIATE');
            try {
              update.run(JSON.stringify(bump(read(key), i)), key);
              db.exec('COMMIT');
            } catch (err) {
              db.exec('ROLLBACK');
              throw err;
            }
          };
        case 'get':
          return (i) => read(seedKey(target(i)));
        case 'list':
          return () => {
            const rows = selectAll.all() as unknown as { key: string; value: string }[];
            expectAll(rows.map((row) => JSON.parse(row.value) as KubeObject).length, 'raw sqlite SELECT');
          };
      }
    },
    async close() {
      db.close();
    },
  };
}

/**
 * Returns the raw etcd reference: one etcd3 client on the same etcd, keys under /raw, plain
 * puts (no compare), gets, and one range for the whole prefix (the etcd backend reads a list in
 * pages of 1,000). Values are JSON-encoded and decoded as the backend does.
 */
function rawEtcdSubject(endpoint: string): Subject {
  // One range of 10,000 objects is ~6 MB, above gRPC's default 4 MiB receive limit.
  const client = new Etcd3({ hosts: endpoint, grpcOptions: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
  const prefix = `/raw${listPrefix}`;
  const read = async (key: string): Promise<KubeObject> => {
    const value = await client.get(key).string();
    if (value === null) throw new Error(`raw etcd: ${key} not found`);
    return JSON.parse(value) as KubeObject;
  };
  return {
    name: 'raw etcd',
    describe: {
      create: 'put',
      update: 'get + put',
      get: 'get',
      list: 'one range of the prefix',
    },
    async seed() {
      await measure('seed', 64, Number.POSITIVE_INFINITY, (i) => client.put(`/raw${seedKey(i)}`).value(JSON.stringify(configMap('default', seedName(i)))).exec(), {
        maxOps: listObjects,
      });
    },
    operation(op, concurrency) {
      switch (op) {
        case 'create': {
          const namespace = `create-c${concurrency}`;
          return (i) => client.put(`${prefix}${namespace}/${seedName(i)}`).value(JSON.stringify(configMap(namespace, seedName(i)))).exec();
        }
        case 'update':
          return async (i) => {
            const key = `/raw${seedKey(target(i))}`;
            await client.put(key).value(JSON.stringify(bump(await read(key), i))).exec();
          };
        case 'get':
          return (i) => read(`/raw${seedKey(target(i))}`);
        case 'list':
          return async () => {
            const res = await client.getAll().prefix(prefix).exec();
            expectAll(res.kvs.map((kv) => JSON.parse(kv.value.toString('utf8')) as KubeObject).length, 'raw etcd range');
          };
      }
    },
    async close() {
      client.close();
    },
  };
}

/** Measures every cell of `subject`, interleaved with the same cell of `reference` if any. */
async function benchmark(subject: Subject, reference: Subject | undefined): Promise<Row[]> {
  progress(`${subject.name}: seeding ${listObjects.toLocaleString('en-US')} objects`);
  await subject.seed();
  await reference?.seed();
  const rows: Row[] = [];
  for (const op of runOrder) {
    for (const concurrency of concurrencies) {
      const fn = subject.operation(op, concurrency);
      let row: Row;
      if (reference) {
        // A list slice at 32 callers lasts at least 32 lists (seconds on etcd): fewer slices
        // keep the run within its time budget.
        const slices = op === 'list' && concurrency > 1 ? 2 : 4;
        const [result, ref] = await compare(
          { name: `${subject.name} ${op}`, fn },
          { name: `${reference.name} ${op}`, fn: reference.operation(op, concurrency) },
          concurrency,
          cellMs,
          { slices, warmupMs },
        );
        row = {
          backend: subject.name,
          operation: op,
          concurrency,
          result,
          reference: { name: reference.name, does: reference.describe[op] ?? op, result: ref },
          ratio: result.opsPerSec / ref.opsPerSec,
        };
      } else {
        row = { backend: subject.name, operation: op, concurrency, result: await measure(`${subject.name} ${op}`, concurrency, cellMs, fn, { warmupMs }) };
      }
      progress(
        `${subject.name} ${op} ×${concurrency}: ${formatRate(row.result.opsPerSec)} ops/s` +
          (row.reference ? `; ${row.reference.name}: ${formatRate(row.reference.result.opsPerSec)} ops/s (${formatRatio(row.ratio)})` : ''),
      );
      rows.push(row);
    }
  }
  return rows;
}

function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

const columns: Column[] = [
  { header: 'backend' },
  { header: 'operation' },
  { header: 'callers', align: 'right' },
  { header: 'ops/s', align: 'right' },
  { header: 'p50 ms', align: 'right' },
  { header: 'p99 ms', align: 'right' },
  { header: 'reference' },
  { header: 'ref ops/s', align: 'right' },
  { header: 'ref p50 ms', align: 'right' },
  { header: 'ref p99 ms', align: 'right' },
  { header: 'ratio', align: 'right' },
];

/** Returns the table cells of `row`. */
function cells(row: Row): string[] {
  const ref = row.reference;
  return [
    row.backend,
    row.operation === 'list' ? `list ${listObjects.toLocaleString('en-US')}` : row.operation,
    String(row.concurrency),
    formatRate(row.result.opsPerSec),
    formatMs(row.result.latencyMs.p50),
    formatMs(row.result.latencyMs.p99),
    ref ? `${ref.name}: ${ref.does}` : '—',
    ref ? formatRate(ref.result.opsPerSec) : '—',
    ref ? formatMs(ref.result.latencyMs.p50) : '—',
    ref ? formatMs(ref.result.latencyMs.p99) : '—',
    formatRatio(row.ratio),
  ];
}

/** An aim of issue #2 and whether this run met it. */
interface AimResult {
  backend: string;
  concurrency: number;
  ratio: number;
  met: boolean;
}

async function main(): Promise<void> {
  const markdown = process.argv.includes('--markdown');
  const host = machine();
  const loadBefore = loadAverage();
  process.stderr.write(
    `storage benchmark: ${cellMs} ms per cell after ${warmupMs} ms warm-up; ${describeMachine(host)}; load average ${loadBefore}\n`,
  );
  const etcd = await startEtcd();
  const dir = mkdtempSync(join(tmpdir(), 'loft-bench-'));
  const pairs: { subject: Subject; reference?: Subject }[] = [];
  const open = new Set<Subject>();
  const track = (subject: Subject): Subject => {
    open.add(subject);
    return subject;
  };
  const close = async (subject: Subject | undefined): Promise<void> => {
    if (subject && open.delete(subject)) await subject.close();
  };
  try {
    pairs.push({ subject: track(storageSubject('memory', openStorage('memory://'))) });
    pairs.push({
      subject: track(storageSubject('sqlite', openStorage(`sqlite://${join(dir, 'store.db')}`))),
      reference: track(rawSqliteSubject(join(dir, 'raw.db'))),
    });
    pairs.push({
      subject: track(storageSubject('etcd', openStorage(`etcd://${etcd.hostPort}`))),
      reference: track(rawEtcdSubject(etcd.endpoint)),
    });
    const rows: Row[] = [];
    for (const { subject, reference } of pairs) {
      rows.push(...(await benchmark(subject, reference)));
      // Close each backend before the next runs so its I/O and timers cannot disturb it.
      await close(subject);
      await close(reference);
    }
    rows.sort(
      (a, b) =>
        pairs.findIndex((p) => p.subject.name === a.backend) - pairs.findIndex((p) => p.subject.name === b.backend) ||
        operations.indexOf(a.operation) - operations.indexOf(b.operation) ||
        a.concurrency - b.concurrency,
    );

    const aims: AimResult[] = rows
      .filter((row) => row.operation === 'create' && row.ratio !== undefined)
      .map((row) => ({ backend: row.backend, concurrency: row.concurrency, ratio: row.ratio as number, met: (row.ratio as number) >= aimRatio }));
    const notes = [
      'ratio = backend ops/s ÷ reference ops/s, measured in this run in alternating slices (A B B A …) of one cell.',
      'raw sqlite: one node:sqlite connection, journal_mode=WAL, synchronous=FULL (the sqlite backend\'s settings), one transaction per write.',
      '  At 32 callers it is still that one connection doing one transaction per operation, since that is what 32 independent',
      '  clients of a raw SQLite file get (one writer at a time, no shared commit); its latency then includes the wait for the others.',
      'raw etcd: the etcd3 client against the same etcd, at the same concurrency; create = plain put (the backend puts in a',
      '  compare-and-swap transaction), update = get + put, list = one range (the backend reads 10 pages of 1,000).',
      `objects: ConfigMaps of ~${objectBytes} bytes of JSON; get, update and list work on ${listObjects.toLocaleString('en-US')} seeded objects.`,
    ];
    const loadAfter = loadAverage();
    const table = markdown ? formatMarkdownTable(columns, rows.map(cells)) : formatTable(columns, rows.map(cells));
    process.stdout.write(
      `\nStorage benchmark — ${describeMachine(host)}; ${cellMs} ms per cell; ` +
        `load average ${loadBefore} before, ${loadAfter} after\n\n${table}\n\n`,
    );
    process.stdout.write(notes.map((n) => (markdown ? n : `  ${n}`)).join('\n') + '\n\n');
    for (const aim of aims) {
      const reference = aim.backend === 'sqlite' ? 'raw SQLite inserts' : 'raw etcd puts';
      process.stdout.write(
        `aim: ${aim.backend} creates at ≥ ${formatRatio(aimRatio)} of ${reference}, ${aim.concurrency} caller${aim.concurrency === 1 ? '' : 's'}: ` +
          `${formatRatio(aim.ratio)} — ${aim.met ? 'met' : 'MISSED'}\n`,
      );
    }

    writeJson(resultsPath, {
      benchmark: 'storage',
      issue: '#2 item 6',
      date: new Date().toISOString(),
      command: 'node_modules/.bin/node bench/storage.ts',
      machine: host,
      loadAverage: { before: loadBefore, after: loadAfter },
      settings: { cellMs, warmupMs, listObjects, objectBytes, concurrencies },
      notes,
      rows: rows.map((row) => ({
        backend: row.backend,
        operation: row.operation,
        does: storageCalls[row.operation],
        concurrency: row.concurrency,
        ...figures(row.result),
        reference: row.reference ? { name: row.reference.name, does: row.reference.does, ...figures(row.reference.result) } : null,
        ratio: row.ratio ?? null,
      })),
      aims: aims.map((aim) => ({ ...aim, target: aimRatio })),
    });
    process.stderr.write(`\nwrote ${resultsPath}\n`);
  } finally {
    for (const subject of open) await close(subject).catch(() => undefined);
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Returns the figures of `m` as stored in the JSON results. */
function figures(m: Measurement): { opsPerSec: number; ops: number; elapsedMs: number; latencyMs: Measurement['latencyMs'] } {
  return { opsPerSec: m.opsPerSec, ops: m.ops, elapsedMs: m.elapsedMs, latencyMs: m.latencyMs };
}

await main();
