// Density benchmark (issue #8 item 2): what idle virtual clusters cost. One `loft start` (temp
// data dir, SQLite) gets virtual clusters created through the API, 16 in flight, each seen Ready
// through a watch. At each checkpoint it records the server's RSS (VmRSS from /proc, after a
// quiet pause and again after a forced full GC through the inspector), the V8 heap, and the
// SQLite files (db + wal); per cluster = (figure − figure with none) ÷ clusters. With none and
// at each checkpoint it restarts the server on the same data and times the first request
// served through a virtual cluster. Figures at 10,000 clusters, when the run stops short of
// them, are extrapolated (a line and a parabola through the last points) and labelled so.
//
//   node_modules/.bin/node bench/density.ts                 # 1,000 and 10,000 clusters (~6 minutes)
//   BENCH_DENSITY_COUNTS=200,500 node_modules/.bin/node bench/density.ts   # a smoke run
//   node_modules/.bin/node bench/density.ts --markdown
//
// Figures go to stdout and bench/results/density.json; progress to stderr.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { intEnv, progress } from './lib/env.ts';
import { inspectEnv, Inspector, type MemoryUsage } from './lib/inspector.ts';
import { createInstance, proxyPath, ReadyWatch } from './lib/instances.ts';
import { describeMachine, loadAverage, machine, writeJson } from './lib/machine.ts';
import { measure } from './lib/measure.ts';
import { freePort, processCpuMs, startLoft, type BenchServer, type DatabaseSize } from './lib/server.ts';
import { formatMarkdownTable, formatMs, formatRate, formatTable, type Column } from './lib/table.ts';

const counts = (process.env.BENCH_DENSITY_COUNTS ?? '1000,10000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const parallel = intEnv('BENCH_DENSITY_PARALLEL', 16);
/** Quiet time before a memory reading, so the server's own idle GC can run first. */
const settleMs = intEnv('BENCH_DENSITY_SETTLE_MS', 10_000);
/** The scale the targets speak of; smaller runs are extrapolated to it. */
const targetClusters = 10_000;
const targets = { rssBytes: 2 * 2 ** 30, perClusterBytes: 200 * 1024, restartMs: 10_000 };
const resultsPath = join(dirname(fileURLToPath(import.meta.url)), 'results', 'density.json');

/** Memory and disk of the server at one moment. */
interface Reading {
  clusters: number;
  /** VmRSS after `settleMs` without load. */
  rssSettled: number;
  /** VmRSS after a forced full GC. */
  rssAfterGc: number;
  memory: MemoryUsage;
  database: DatabaseSize;
}

/** A checkpoint: a reading plus what it cost to get there from the previous one. */
interface Checkpoint extends Reading {
  /** Wall time of creating the clusters since the previous checkpoint. */
  createMs: number;
  created: number;
  /** Instances per second over that stretch. */
  createRate: number;
  /** Server CPU per created instance over that stretch, in ms. */
  cpuMsPerInstance: number;
  /** (reading − baseline) ÷ clusters. */
  perCluster: { rssSettled: number; rssAfterGc: number; heapUsed: number; database: number };
}

/** The restart at the last checkpoint. */
interface Restart {
  clusters: number;
  /** SIGTERM → process exit. */
  stopMs: number;
  /** spawn → "Loft is ready". */
  readyMs: number;
  /** spawn → first 200 of GET /api/v1/namespaces through a virtual cluster. */
  firstServedMs: number;
  /** spawn → "controllers synced": every cluster read and reconciled in the background. */
  syncedMs: number;
  after: Reading;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Takes a reading of `server` with `clusters` virtual clusters. */
async function read(server: BenchServer, inspector: Inspector, clusters: number): Promise<Reading> {
  await sleep(settleMs);
  const rssSettled = server.rssBytes();
  await inspector.collectGarbage();
  await inspector.collectGarbage();
  await sleep(1000);
  const rssAfterGc = server.rssBytes();
  const memory = await inspector.memoryUsage();
  return { clusters, rssSettled, rssAfterGc, memory, database: server.databaseSize() };
}

/**
 * Polls GET /api/v1/namespaces on `port` until it answers 200: through virtual cluster `name`,
 * or on the platform's own API when there is none.
 */
async function firstServed(port: number, dir: string, token: string, name: string | undefined, deadlineMs: number): Promise<number> {
  const caPath = join(dir, 'data', 'pki', 'ca.crt');
  const agent = new Agent({ connect: { ca: readFileSync(caPath, 'utf8'), servername: 'localhost' }, pipelining: 1 });
  try {
    while (performance.now() < deadlineMs) {
      try {
        const res = await request(`https://127.0.0.1:${port}${name ? proxyPath(name) : ''}/api/v1/namespaces`, {
          dispatcher: agent,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        });
        await res.body.text();
        if (res.statusCode === 200) return performance.now();
      } catch {
        // Not listening yet.
      }
      await sleep(10);
    }
    throw new Error(`no GET through ${name ?? 'the platform API'} was served before the deadline`);
  } finally {
    await agent.close();
  }
}

/** Stops `server` keeping its data, starts it again, and times the first request served. */
async function restart(server: BenchServer, clusters: number): Promise<{ server: BenchServer; restart: Omit<Restart, 'after'> }> {
  const t0 = performance.now();
  await server.stop(true);
  const stopMs = performance.now() - t0;
  const port = await freePort();
  const spawned = performance.now();
  const served = firstServed(port, server.dir, server.token, clusters > 0 ? `vc-${clusters - 1}` : undefined, spawned + 300_000);
  // Info level for the one "controllers synced" line; requests log at debug.
  const next = await startLoft({ dir: server.dir, port, env: { ...inspectEnv, LOFT_LOG_LEVEL: 'info' }, readyTimeoutMs: 300_000 });
  const firstServedMs = (await served) - spawned;
  while (!next.logs().includes('"msg":"controllers synced"')) {
    if (performance.now() - spawned > 600_000) throw new Error('the controllers did not sync within 10 minutes of the restart');
    await sleep(10);
  }
  const syncedMs = performance.now() - spawned;
  return { server: next, restart: { clusters, stopMs, readyMs: next.readyMs, firstServedMs, syncedMs } };
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  const markdown = process.argv.includes('--markdown');
  const host = machine();
  const loadBefore = loadAverage();
  process.stderr.write(
    `density benchmark: checkpoints ${counts.join(', ')}, ${parallel} in flight; ${describeMachine(host)}; load average ${loadBefore}\n`,
  );
  let server = await startLoft({ env: inspectEnv });
  let inspector = await Inspector.fromLogs(server.logs());
  let watch = new ReadyWatch(server);
  const checkpoints: Checkpoint[] = [];
  const restarts: Restart[] = [];
  /** Restarts the server on its data and replaces server, inspector and watch. */
  const restartNow = async (clusters: number): Promise<void> => {
    await watch.stop();
    inspector.close();
    const restarted = await restart(server, clusters);
    server = restarted.server;
    inspector = await Inspector.fromLogs(server.logs());
    watch = new ReadyWatch(server);
    await watch.start();
    const after = await read(server, inspector, clusters);
    const result = { ...restarted.restart, after };
    restarts.push(result);
    progress(
      `restart with ${clusters} clusters: stop ${formatMs(result.stopMs)} ms, ready ${formatMs(result.readyMs)} ms, ` +
        `first request served ${formatMs(result.firstServedMs)} ms, controllers synced ${formatMs(result.syncedMs)} ms; RSS ${mib(after.rssAfterGc)} after GC`,
    );
  };
  try {
    await watch.start();
    const baseline = await read(server, inspector, 0);
    progress(`baseline: RSS ${mib(baseline.rssAfterGc)} after GC, heap ${mib(baseline.memory.heapUsed)}, database ${mib(baseline.database.total)}`);
    await restartNow(0);
    let created = 0;
    for (const target of counts) {
      const n = target - created;
      const cpu0 = processCpuMs(server.pid);
      const t0 = performance.now();
      let last = t0;
      const from = created;
      await measure(
        `create to ${target}`,
        parallel,
        Number.POSITIVE_INFINITY,
        async (i) => {
          await createInstance(server, watch, `vc-${from + i}`, false);
          const done = from + i + 1;
          if (done % 500 === 0) {
            const now = performance.now();
            progress(`${done} clusters (${formatRate((500 * 1000) / (now - last))}/s over the last 500)`);
            last = now;
          }
        },
        { maxOps: n },
      );
      const createMs = performance.now() - t0;
      const cpuMs = processCpuMs(server.pid) - cpu0;
      created = target;
      const reading = await read(server, inspector, target);
      const per = (a: number, b: number): number => (a - b) / target;
      const checkpoint: Checkpoint = {
        ...reading,
        createMs,
        created: n,
        createRate: (n * 1000) / createMs,
        cpuMsPerInstance: cpuMs / n,
        perCluster: {
          rssSettled: per(reading.rssSettled, baseline.rssSettled),
          rssAfterGc: per(reading.rssAfterGc, baseline.rssAfterGc),
          heapUsed: per(reading.memory.heapUsed, baseline.memory.heapUsed),
          database: per(reading.database.total, baseline.database.total),
        },
      };
      checkpoints.push(checkpoint);
      progress(
        `${target} clusters: created ${n} in ${formatMs(createMs / 1000)} s (${formatRate(checkpoint.createRate)}/s); ` +
          `RSS ${mib(reading.rssAfterGc)} after GC (${kib(checkpoint.perCluster.rssAfterGc)} each); heap ${mib(reading.memory.heapUsed)}; ` +
          `database ${mib(reading.database.total)} (${kib(checkpoint.perCluster.database)} each)`,
      );
      await restartNow(target);
    }
    const loadAfter = loadAverage();
    report(markdown, host, loadBefore, loadAfter, baseline, checkpoints, restarts);
  } finally {
    inspector.close();
    await watch.stop();
    await server.stop();
  }
}

type Point = { clusters: number; value: number };

/** Returns the value at `targetClusters` of the line through the last two points. */
function linearAt(points: Point[]): number {
  const last = points[points.length - 1] as Point;
  const prev = points.length > 1 ? (points[points.length - 2] as Point) : { clusters: 0, value: last.value };
  const slope = (last.value - prev.value) / (last.clusters - prev.clusters || 1);
  return last.value + slope * (targetClusters - last.clusters);
}

/**
 * Returns the value at `targetClusters` of the parabola through the last three points (the
 * line when there are two). A cost that grows with the clusters already there (a scan per
 * cluster) shows up as curvature, which a line through two points hides.
 */
function quadraticAt(points: Point[]): number {
  if (points.length < 3) return linearAt(points);
  const [a, b, c] = points.slice(-3) as [Point, Point, Point];
  const x = targetClusters;
  // Lagrange form of the parabola through a, b and c.
  return (
    (a.value * (x - b.clusters) * (x - c.clusters)) / ((a.clusters - b.clusters) * (a.clusters - c.clusters)) +
    (b.value * (x - a.clusters) * (x - c.clusters)) / ((b.clusters - a.clusters) * (b.clusters - c.clusters)) +
    (c.value * (x - a.clusters) * (x - b.clusters)) / ((c.clusters - a.clusters) * (c.clusters - b.clusters))
  );
}

/**
 * Returns the time to create `targetClusters` from the stretches measured: the time per
 * instance of each stretch, taken at its midpoint, fitted with a line t(n) = α + βn (it grows
 * when creating costs a scan of the clusters already there) and summed over n = 0 … target.
 */
function createTimeAt(checkpoints: Checkpoint[]): number {
  let from = 0;
  const perInstance: Point[] = checkpoints.map((c) => {
    const point = { clusters: (from + c.clusters) / 2, value: c.createMs / c.created };
    from = c.clusters;
    return point;
  });
  const last = perInstance[perInstance.length - 1] as Point;
  const prev = perInstance.length > 1 ? (perInstance[perInstance.length - 2] as Point) : { clusters: 0, value: last.value };
  const beta = Math.max(0, (last.value - prev.value) / (last.clusters - prev.clusters || 1));
  const alpha = last.value - beta * last.clusters;
  return alpha * targetClusters + (beta * targetClusters * targetClusters) / 2;
}

function report(markdown: boolean, host: ReturnType<typeof machine>, loadBefore: number, loadAfter: number, baseline: Reading, checkpoints: Checkpoint[], restarts: Restart[]): void {
  const columns: Column[] = [
    { header: 'clusters' },
    { header: 'RSS settled', align: 'right' },
    { header: 'RSS after GC', align: 'right' },
    { header: 'per cluster', align: 'right' },
    { header: 'V8 heap used', align: 'right' },
    { header: 'per cluster', align: 'right' },
    { header: 'db + wal', align: 'right' },
    { header: 'per cluster', align: 'right' },
    { header: 'create s', align: 'right' },
    { header: 'create /s', align: 'right' },
    { header: 'CPU ms each', align: 'right' },
  ];
  const rows: string[][] = [
    ['0 (baseline)', mib(baseline.rssSettled), mib(baseline.rssAfterGc), '—', mib(baseline.memory.heapUsed), '—', mib(baseline.database.total), '—', '—', '—', '—'],
    ...checkpoints.map((c) => [
      c.clusters.toLocaleString('en-US'),
      mib(c.rssSettled),
      mib(c.rssAfterGc),
      kib(c.perCluster.rssAfterGc),
      mib(c.memory.heapUsed),
      kib(c.perCluster.heapUsed),
      mib(c.database.total),
      kib(c.perCluster.database),
      formatMs(c.createMs / 1000),
      formatRate(c.createRate),
      formatMs(c.cpuMsPerInstance),
    ]),
    ...restarts
      .filter((r) => r.clusters > 0)
      .map((r) => [
        `${r.clusters.toLocaleString('en-US')} after restart`,
        mib(r.after.rssSettled),
        mib(r.after.rssAfterGc),
        kib((r.after.rssAfterGc - baseline.rssAfterGc) / r.clusters),
        mib(r.after.memory.heapUsed),
        kib((r.after.memory.heapUsed - baseline.memory.heapUsed) / r.clusters),
        mib(r.after.database.total),
        kib((r.after.database.total - baseline.database.total) / r.clusters),
        '—',
        '—',
        '—',
      ]),
  ];
  const last = checkpoints[checkpoints.length - 1] as Checkpoint;
  const ran10k = last.clusters >= targetClusters;
  const ran = checkpoints.map((c) => c.clusters.toLocaleString('en-US')).join(' and ');
  const rssPoints = [{ clusters: 0, value: baseline.rssAfterGc }, ...checkpoints.map((c) => ({ clusters: c.clusters, value: c.rssAfterGc }))];
  const restartPoints = restarts.map((r) => ({ clusters: r.clusters, value: r.firstServedMs }));
  const lastRestart = restarts[restarts.length - 1] as Restart;
  const measuredCreate = checkpoints.reduce((s, c) => s + c.createMs, 0);
  const atScale = {
    clusters: targetClusters,
    measured: ran10k,
    // Memory grows with what each cluster holds, so a line; the restart also grows with work per
    // cluster that scans the others, so a parabola as well.
    rssBytes: ran10k ? last.rssAfterGc : linearAt(rssPoints),
    restartFirstServedMs: ran10k ? lastRestart.firstServedMs : { linear: linearAt(restartPoints), quadratic: quadraticAt(restartPoints) },
    createMs: ran10k ? measuredCreate : createTimeAt(checkpoints),
  };
  // Judged on the larger of the two fits: the growth measured so far does not slow down by itself.
  const worst = (v: number | { linear: number; quadratic: number }): number => (typeof v === 'number' ? v : Math.max(v.linear, v.quadratic));
  const shown = (v: number | { linear: number; quadratic: number }, f: (x: number) => string): string => {
    if (typeof v === 'number') return `${f(v)} (${ran10k ? 'measured' : 'a line through the last two points'})`;
    // A parabola bending down would promise the cost shrinks with more clusters: only the line then.
    if (v.quadratic <= v.linear) return `${f(v.linear)} by a line through the last two points (the growth slows; no parabola)`;
    return `${f(v.quadratic)} by a parabola through the last three points, ${f(v.linear)} by a line through the last two`;
  };
  const rssAt10k = worst(atScale.rssBytes);
  const perClusterAt10k = (rssAt10k - baseline.rssAfterGc) / targetClusters;
  const restartAt10k = worst(atScale.restartFirstServedMs);
  const n = targetClusters.toLocaleString('en-US');
  const verdicts = [
    `RSS at ${n} clusters ≤ ${mib(targets.rssBytes)}: ${shown(atScale.rssBytes, mib)} — ${rssAt10k <= targets.rssBytes ? 'met' : 'MISSED'}`,
    `RSS per cluster at ${n} ≤ ${kib(targets.perClusterBytes)}: ${kib(perClusterAt10k)} — ${perClusterAt10k <= targets.perClusterBytes ? 'met' : 'MISSED'}`,
    `restart to first served request at ${n} ≤ ${formatMs(targets.restartMs / 1000)} s: ${shown(atScale.restartFirstServedMs, (ms) => `${formatMs(ms / 1000)} s`)} — ${restartAt10k <= targets.restartMs ? 'met' : 'MISSED'}`,
  ];
  const scaleNotes = [
    `creating ${n} clusters through the API, ${parallel} in flight: ${formatMs(atScale.createMs / 1000)} s ` +
      `(${ran10k ? 'measured' : `the time per instance of each stretch fitted with a line in the clusters already there, summed to ${n}`})`,
    ...(ran10k ? [] : [`this run stopped at ${ran} clusters (the default runs ${n}); the figures at ${n} are extrapolations, not measurements`]),
  ];
  const restartColumns: Column[] = [
    { header: 'restart with' },
    { header: 'SIGTERM → exit ms', align: 'right' },
    { header: 'spawn → ready ms', align: 'right' },
    { header: 'spawn → first request served ms', align: 'right' },
    { header: 'spawn → controllers synced ms', align: 'right' },
  ];
  const restartRows = restarts.map((r) => [
    `${r.clusters.toLocaleString('en-US')} clusters`,
    formatMs(r.stopMs),
    formatMs(r.readyMs),
    formatMs(r.firstServedMs),
    formatMs(r.syncedMs),
  ]);
  const notes = [
    `Virtual clusters: VirtualClusterInstances with a one-ConfigMap inline template, created through the API ${parallel} at a time, each seen Ready on a watch.`,
    `RSS is VmRSS of the server process (/proc/<pid>/status): "settled" after ${formatMs(settleMs / 1000)} s without load, "after GC" after two forced full GCs`,
    '(HeapProfiler.collectGarbage through --inspect) and 1 s. Per cluster = (figure − baseline) ÷ clusters. db + wal = loft.db + loft.db-wal.',
    '"ready" = the server printed "Loft is ready"; first request served = the first 200 of GET /api/v1/namespaces through the',
    'last virtual cluster created (through the platform API when there is none), polled every 10 ms from the spawn. The server',
    'listens once its own cluster is read; "controllers synced" = every other cluster read and reconciled in the background.',
    'The compactor keeps 5 minutes of history, so the database still holds the superseded revisions of each instance.',
  ];
  const format = markdown ? formatMarkdownTable : formatTable;
  process.stdout.write(
    `\nDensity — ${describeMachine(host)}; load average ${loadBefore} before, ${loadAfter} after\n\n${format(columns, rows)}\n\n${format(restartColumns, restartRows)}\n\n` +
      [...verdicts.map((v) => `target: ${v}`), ...scaleNotes, '', ...notes].map((n) => (markdown || n === '' ? n : `  ${n}`)).join('\n') +
      '\n',
  );
  writeJson(resultsPath, {
    benchmark: 'density',
    issue: '#8 item 2',
    date: new Date().toISOString(),
    command: `${process.env.BENCH_DENSITY_COUNTS ? `BENCH_DENSITY_COUNTS=${counts.join(',')} ` : ''}node_modules/.bin/node bench/density.ts`,
    machine: host,
    loadAverage: { before: loadBefore, after: loadAfter },
    settings: { counts, parallel, settleMs },
    targets,
    baseline,
    checkpoints,
    restarts,
    atTargetScale: atScale,
    verdicts,
    notes: [...scaleNotes, ...notes],
  });
  process.stderr.write(`\nwrote ${resultsPath}\n`);
}

await main();
