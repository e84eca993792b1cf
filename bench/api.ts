// API throughput and latency benchmark (issue #8 item 3): autocannon over HTTPS with keep-alive,
// 32 connections, against a `loft start` child (temp data dir, SQLite): GET of one object, LIST
// of 500 and of 10,000 objects, CREATE and UPDATE, through the platform's own API and through a
// virtual cluster's proxy path. Each cell runs beside a bare `node:https` server (its own
// process, the platform's certificate) answering the same bytes, in alternating slices of the
// same run, with the ratio of requests per second.
//
//   node_modules/.bin/node bench/api.ts              # ~4 minutes
//   node_modules/.bin/node bench/api.ts --markdown   # the table as Markdown
//   BENCH_API_CELL_MS=1000 node_modules/.bin/node bench/api.ts   # a smoke run
//   BENCH_API_ONLY=get,list10k node_modules/.bin/node bench/api.ts   # only these operations
//   BENCH_API_PROFILE=/tmp/prof node_modules/.bin/node bench/api.ts  # a CPU profile of the server per cell
//
// Figures go to stdout and bench/results/api.json; progress to stderr.

import { writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request as undiciRequest } from 'undici';
import { startBareServer, type BareServer, type Reply } from './lib/bare-server.ts';
import { intEnv, progress } from './lib/env.ts';
import { compareHttp, type HttpCell, type HttpMeasurement, type HttpTarget } from './lib/http-load.ts';
import { inspectEnv, Inspector } from './lib/inspector.ts';
import { createInstance, proxyPath, ReadyWatch } from './lib/instances.ts';
import { describeMachine, loadAverage, machine, writeJson } from './lib/machine.ts';
import { measure } from './lib/measure.ts';
import { startLoft, type BenchServer } from './lib/server.ts';
import { formatMarkdownTable, formatMs, formatRate, formatRatio, formatTable, type Column } from './lib/table.ts';

/** How long each side of a cell runs (after a warm-up), split into alternating slices. */
const cellMs = intEnv('BENCH_API_CELL_MS', 6000);
const warmupMs = intEnv('BENCH_API_WARMUP_MS', Math.min(1000, cellMs / 4));
const connections = intEnv('BENCH_API_CONNECTIONS', 32);
const smallList = 500;
const largeList = 10_000;
/** ConfigMaps of about the storage benchmark's 500 bytes. */
const objectBytes = 500;
const resultsPath = join(dirname(fileURLToPath(import.meta.url)), 'results', 'api.json');

const targets = {
  getRatioRoot: 0.5,
  getRatioProxy: 0.4,
  createPerSec: 2000,
  list10kP50Ms: 150,
};

type Operation = 'get' | 'list500' | 'list10k' | 'update' | 'create';

/** One row of the table. */
interface Row {
  api: 'root' | 'proxy';
  operation: Operation;
  connections: number;
  loft: HttpMeasurement;
  bare: HttpMeasurement;
  ratio: number;
  /** Bytes of the response body the bare server replays. */
  responseBytes: number;
  target?: { text: string; met: boolean };
}

const operationLabel: Record<Operation, string> = {
  get: 'GET one object',
  list500: `LIST ${smallList.toLocaleString('en-US')}`,
  list10k: `LIST ${largeList.toLocaleString('en-US')}`,
  update: 'UPDATE (PUT)',
  create: 'CREATE (POST)',
};

const filler = 'x'.repeat(Math.max(0, objectBytes - 330));

/** Returns a ConfigMap of about `objectBytes` of JSON. */
function configMap(namespace: string, name: string, generation = 0): object {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { app: 'bench', tier: 'backend' } },
    data: { generation: String(generation), filler },
  };
}

/** The namespaces every API (root or proxy) gets. */
const namespaces = { small: 'bench-500', large: 'bench-10k', create: 'bench-create' };

/** Creates the namespaces and seeds the lists under `base` (root "" or a proxy path). */
async function seed(server: BenchServer, base: string): Promise<void> {
  for (const ns of Object.values(namespaces)) await server.ok('POST', `${base}/api/v1/namespaces`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  // Each namespace also holds kube-root-ca.crt (the root CA publisher creates it), so seed one
  // fewer to list exactly 500 and 10,000 objects.
  for (const [ns, count] of [
    [namespaces.small, smallList - 1],
    [namespaces.large, largeList - 1],
  ] as const) {
    await measure('seed', 32, Number.POSITIVE_INFINITY, (i) => server.ok('POST', `${base}/api/v1/namespaces/${ns}/configmaps`, configMap(ns, `cm-${i}`)), { maxOps: count });
  }
  // The root CA publisher is a controller: wait until it has reached the seeded namespaces.
  for (const [ns, count] of [
    [namespaces.small, smallList],
    [namespaces.large, largeList],
  ] as const) {
    for (let tries = 0; ; tries++) {
      const list = (await server.ok('GET', `${base}/api/v1/namespaces/${ns}/configmaps`)) as { items: unknown[] };
      if (list.items.length === count) break;
      if (tries > 100) throw new Error(`${base || 'root'} ${ns}: ${list.items.length} configmaps, expected ${count}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Returns the cell of `op` under `base`. */
function cellFor(server: BenchServer, base: string, op: Operation): HttpCell {
  const headers = { authorization: `Bearer ${server.token}`, accept: 'application/json' };
  const writeHeaders = { ...headers, 'content-type': 'application/json' };
  const cms = (ns: string): string => `${base}/api/v1/namespaces/${ns}/configmaps`;
  switch (op) {
    case 'get':
      return { method: 'GET', path: `${cms(namespaces.small)}/cm-0`, headers };
    case 'list500':
      return { method: 'GET', path: cms(namespaces.small), headers };
    case 'list10k':
      return { method: 'GET', path: cms(namespaces.large), headers };
    case 'update': {
      // Unconditional PUT (no resourceVersion) of a different object each time, each a real
      // change; 32 connections never touch the same object at once.
      const seeded = smallList - 1;
      return {
        method: 'PUT',
        path: `${cms(namespaces.small)}/cm-0`,
        headers: writeHeaders,
        setup: (req, i) => {
          const name = `cm-${i % seeded}`;
          return { ...req, path: `${cms(namespaces.small)}/${name}`, body: JSON.stringify(configMap(namespaces.small, name, i + 1)) };
        },
      };
    }
    case 'create': {
      const run = Math.random().toString(36).slice(2, 8);
      return {
        method: 'POST',
        path: cms(namespaces.create),
        headers: writeHeaders,
        setup: (req, i) => ({ ...req, body: JSON.stringify(configMap(namespaces.create, `new-${run}-${i}`)) }),
      };
    }
  }
}

/** Returns what the platform answers to one request of `cell`: the bytes the bare server replays. */
async function capture(server: BenchServer, cell: HttpCell): Promise<Reply> {
  const req = cell.setup ? cell.setup({ method: cell.method, path: cell.path, headers: cell.headers }, 1_000_000_000) : { method: cell.method, path: cell.path, headers: cell.headers };
  const res = await undiciRequest(`${server.url}${req.path}`, {
    method: req.method as 'GET',
    dispatcher: server.agent,
    headers: req.headers,
    ...(req.body === undefined ? {} : { body: req.body }),
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`${req.method} ${req.path}: ${res.statusCode} ${body.toString()}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name) || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: res.statusCode, headers, body };
}

/** Returns the target verdict of a row, if a target applies to it. */
function targetOf(row: Omit<Row, 'target'>): Row['target'] {
  if (row.operation === 'get') {
    const want = row.api === 'root' ? targets.getRatioRoot : targets.getRatioProxy;
    const met = row.ratio >= want;
    return { text: `≥ ${formatRatio(want)} of bare: ${met ? 'met' : 'MISSED'}`, met };
  }
  if (row.operation === 'create') {
    const met = row.loft.opsPerSec >= targets.createPerSec;
    return { text: `≥ ${formatRate(targets.createPerSec)}/s: ${met ? 'met' : 'MISSED'}`, met };
  }
  if (row.operation === 'list10k' && row.connections === 1) {
    const met = row.loft.latencyMs.p50 <= targets.list10kP50Ms;
    return { text: `p50 ≤ ${targets.list10kP50Ms} ms: ${met ? 'met' : 'MISSED'}`, met };
  }
  return undefined;
}

/** The cells in run order: reads first (while the lists hold exactly their seeded objects). */
const fullPlan: Array<{ op: Operation; connections: number }> = [
  { op: 'get', connections },
  { op: 'list500', connections },
  { op: 'list10k', connections: 1 },
  { op: 'list10k', connections },
  { op: 'update', connections },
  { op: 'create', connections },
];
/** BENCH_API_ONLY=get,create runs only those operations (to reproduce one cell, or profile it). */
const only = process.env.BENCH_API_ONLY?.split(',').map((s) => s.trim());
const plan = only ? fullPlan.filter((p) => only.includes(p.op)) : fullPlan;

async function main(): Promise<void> {
  const markdown = process.argv.includes('--markdown');
  const host = machine();
  const loadBefore = loadAverage();
  process.stderr.write(`api benchmark: ${connections} connections, ${cellMs} ms per side after ${warmupMs} ms warm-up; ${describeMachine(host)}; load average ${loadBefore}\n`);
  const profileDir = process.env.BENCH_API_PROFILE;
  const server = await startLoft(profileDir ? { env: inspectEnv } : {});
  const inspector = profileDir ? await Inspector.fromLogs(server.logs()) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  let bare: BareServer | undefined;
  const rows: Row[] = [];
  try {
    const watch = new ReadyWatch(server);
    await watch.start();
    await createInstance(server, watch, 'bench');
    await watch.stop();
    const bases = { root: '', proxy: proxyPath('bench') } as const;
    for (const [api, base] of Object.entries(bases)) {
      progress(`seeding ${api}: ${smallList.toLocaleString('en-US')} + ${largeList.toLocaleString('en-US')} ConfigMaps`);
      await seed(server, base);
    }
    bare = await startBareServer(join(server.dataDir, 'pki', 'tls.crt'), join(server.dataDir, 'pki', 'tls.key'), server.ca);
    const loftTarget: HttpTarget = { name: 'loft', port: server.port, pid: server.pid };
    const bareTarget: HttpTarget = { name: 'bare node:https', port: bare.port, pid: bare.pid };
    for (const { op, connections: conns } of plan) {
      for (const api of ['root', 'proxy'] as const) {
        const cell = cellFor(server, bases[api], op);
        const reply = await capture(server, cell);
        await bare.setReply(cell.method, reply);
        // A LIST of 10,000 takes long enough that fewer, longer slices keep every slice full.
        const slices = op === 'list10k' ? 2 : 4;
        if (inspector) {
          await inspector.call('Profiler.enable');
          await inspector.call('Profiler.start');
        }
        const [loft, ref] = await compareHttp({ target: loftTarget, cell }, { target: bareTarget, cell }, conns, cellMs, { slices, warmupMs });
        if (inspector && profileDir) {
          const { profile } = (await inspector.call('Profiler.stop')) as { profile: unknown };
          const file = join(profileDir, `api-${api}-${op}-${conns}.cpuprofile`);
          writeFileSync(file, JSON.stringify(profile));
          progress(`profile: ${file}`);
        }
        const partial = { api, operation: op, connections: conns, loft, bare: ref, ratio: loft.opsPerSec / ref.opsPerSec, responseBytes: reply.body.length };
        const row: Row = { ...partial, target: targetOf(partial) };
        rows.push(row);
        progress(
          `${api} ${operationLabel[op]} ×${conns}: ${formatRate(loft.opsPerSec)}/s p50 ${formatMs(loft.latencyMs.p50)} ms (CPU ${Math.round(loft.serverCpuPct)}%); ` +
            `bare ${formatRate(ref.opsPerSec)}/s (CPU ${Math.round(ref.serverCpuPct)}%, client ${Math.round(ref.clientCpuPct)}%); ${formatRatio(row.ratio)}`,
        );
      }
    }
  } finally {
    inspector?.close();
    await bare?.stop();
    await server.stop();
  }
  const loadAfter = loadAverage();
  report(markdown, host, loadBefore, loadAfter, rows);
}

function report(markdown: boolean, host: ReturnType<typeof machine>, loadBefore: number, loadAfter: number, rows: Row[]): void {
  const columns: Column[] = [
    { header: 'API' },
    { header: 'operation' },
    { header: 'conns', align: 'right' },
    { header: 'req/s', align: 'right' },
    { header: 'p50 ms', align: 'right' },
    { header: 'p99 ms', align: 'right' },
    { header: 'CPU', align: 'right' },
    { header: 'bare req/s', align: 'right' },
    { header: 'bare p50 ms', align: 'right' },
    { header: 'bare p99 ms', align: 'right' },
    { header: 'bare CPU', align: 'right' },
    { header: 'client CPU', align: 'right' },
    { header: 'ratio', align: 'right' },
    { header: 'target' },
  ];
  const pct = (x: number): string => (Number.isFinite(x) ? `${Math.round(x)}%` : '—');
  const cells = rows.map((r) => [
    r.api === 'root' ? 'root' : 'proxy',
    `${operationLabel[r.operation]}${r.operation.startsWith('list') || r.operation === 'get' ? ` (${(r.responseBytes / 1024).toFixed(r.responseBytes < 10_240 ? 1 : 0)} KiB)` : ''}`,
    String(r.connections),
    formatRate(r.loft.opsPerSec),
    formatMs(r.loft.latencyMs.p50),
    formatMs(r.loft.latencyMs.p99),
    pct(r.loft.serverCpuPct),
    formatRate(r.bare.opsPerSec),
    formatMs(r.bare.latencyMs.p50),
    formatMs(r.bare.latencyMs.p99),
    pct(r.bare.serverCpuPct),
    pct(r.bare.clientCpuPct),
    formatRatio(r.ratio),
    r.target?.text ?? '',
  ]);
  const notes = [
    `root = the platform's own API (/api/v1/…, logical cluster loft-cluster); proxy = /kubernetes/project/default/virtualcluster/bench/api/v1/… (a virtual cluster).`,
    `Objects: ConfigMaps of ~${objectBytes} bytes of JSON. LISTs read namespaces holding exactly ${smallList} and ${largeList.toLocaleString('en-US')} ConfigMaps, without gzip`,
    '(the client sends no Accept-Encoding). UPDATE = unconditional PUT of a different ConfigMap each time, with a changed value; CREATE = POST of a new name.',
    'bare = a bare node:https server in its own process, with the platform\'s certificate and key, answering each request with the status, headers',
    'and body the platform answered it with (it reads a request body to the end first). ratio = loft req/s ÷ bare req/s, measured in',
    `alternating slices (A B B A …) of ${cellMs} ms per side after ${warmupMs} ms of warm-up each. CPU = server process CPU in % of one core;`,
    'client CPU = this process (autocannon) while the bare server ran: near 100% means the bare figure is bound by the load generator, not the server.',
    `Targets: GET ≥ ${formatRatio(targets.getRatioRoot)} of bare (root), ≥ ${formatRatio(targets.getRatioProxy)} (proxy); CREATE ≥ ${formatRate(targets.createPerSec)}/s; LIST ${largeList.toLocaleString('en-US')} p50 ≤ ${targets.list10kP50Ms} ms (at 1 connection,`,
    'where latency is the list itself; at 32 connections p50 includes waiting behind the other 31).',
  ];
  const table = markdown ? formatMarkdownTable(columns, cells) : formatTable(columns, cells);
  process.stdout.write(
    `\nAPI throughput — ${describeMachine(host)}; load average ${loadBefore} before, ${loadAfter} after\n\n${table}\n\n` +
      notes.map((n) => (markdown ? n : `  ${n}`)).join('\n') +
      '\n',
  );
  writeJson(resultsPath, {
    benchmark: 'api',
    issue: '#8 item 3',
    date: new Date().toISOString(),
    command: 'node_modules/.bin/node bench/api.ts',
    machine: host,
    loadAverage: { before: loadBefore, after: loadAfter },
    settings: { cellMs, warmupMs, connections, smallList, largeList, objectBytes },
    targets,
    notes,
    rows,
  });
  process.stderr.write(`\nwrote ${resultsPath}\n`);
}

await main();
