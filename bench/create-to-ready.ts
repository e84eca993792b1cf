// Create-to-Ready benchmark (issue #8 item 1): how long a virtual cluster takes from the POST of
// its VirtualClusterInstance to phase Ready (seen through a watch) and a first successful
// GET /api/v1/namespaces through the proxy; 200 instances one after another, then 200 with 16
// in flight, each phase against a fresh `loft start` with a temp data dir.
//
//   node_modules/.bin/node bench/create-to-ready.ts            # ~20 s
//   node_modules/.bin/node bench/create-to-ready.ts --markdown # the table as Markdown
//   BENCH_CTR_COUNT=50 node_modules/.bin/node bench/create-to-ready.ts   # a smoke run
//
// Figures go to stdout and bench/results/create-to-ready.json; progress to stderr.

import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createInstance, ReadyWatch, type InstanceTiming } from './lib/instances.ts';
import { describeMachine, loadAverage, machine, writeJson } from './lib/machine.ts';
import { measure, percentile } from './lib/measure.ts';
import { processCpuMs, startLoft } from './lib/server.ts';
import { formatMarkdownTable, formatMs, formatRate, formatTable, type Column } from './lib/table.ts';
import { intEnv, progress } from './lib/env.ts';

const count = intEnv('BENCH_CTR_COUNT', 200);
const parallel = intEnv('BENCH_CTR_PARALLEL', 16);
/** Instances created (and not recorded) before each phase: JIT, caches, connections. */
const warmup = intEnv('BENCH_CTR_WARMUP', 20);
const resultsPath = join(dirname(fileURLToPath(import.meta.url)), 'results', 'create-to-ready.json');

/** Targets of issue #8 for a 2-core machine, in ms. */
const targets = {
  sequential: { p50: 50, p99: 250 },
  parallel: { p99: 500 },
};

/** Percentiles of one series of durations, in ms. */
interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  };
}

/** What one phase measured. */
interface Phase {
  name: string;
  concurrency: number;
  instances: number;
  wallMs: number;
  /** Instances per second over the phase. */
  rate: number;
  /** Server CPU over the phase, in % of one core. */
  serverCpuPct: number;
  /** POST → Ready → first 200 through the proxy. */
  total: Percentiles;
  /** POST round trip. */
  created: Percentiles;
  /** POST sent → Ready event received. */
  ready: Percentiles;
  /** Ready event received → first 200 through the proxy. */
  serve: Percentiles;
  /** Proxy GETs that answered 503 (not ready yet) before the 200, summed. */
  retries: number;
}

/** Runs one phase against a fresh server. */
async function runPhase(name: string, concurrency: number): Promise<Phase> {
  const server = await startLoft();
  const watch = new ReadyWatch(server);
  try {
    await watch.start();
    progress(`${name}: server ready in ${Math.round(server.readyMs)} ms; ${warmup} warm-up instances`);
    await measure('warm-up', concurrency, Number.POSITIVE_INFINITY, (i) => createInstance(server, watch, `warm-${i}`), { maxOps: warmup });
    const timings: InstanceTiming[] = [];
    const cpu0 = processCpuMs(server.pid);
    const t0 = performance.now();
    await measure(
      name,
      concurrency,
      Number.POSITIVE_INFINITY,
      async (i) => {
        timings.push(await createInstance(server, watch, `vc-${i}`));
      },
      { maxOps: count },
    );
    const wallMs = performance.now() - t0;
    const cpuMs = processCpuMs(server.pid) - cpu0;
    const phase: Phase = {
      name,
      concurrency,
      instances: timings.length,
      wallMs,
      rate: (timings.length * 1000) / wallMs,
      serverCpuPct: (cpuMs / wallMs) * 100,
      total: percentiles(timings.map((t) => t.served)),
      created: percentiles(timings.map((t) => t.created)),
      ready: percentiles(timings.map((t) => t.ready)),
      serve: percentiles(timings.map((t) => t.served - t.ready)),
      retries: timings.reduce((n, t) => n + t.retries, 0),
    };
    progress(
      `${name}: p50 ${formatMs(phase.total.p50)} ms, p99 ${formatMs(phase.total.p99)} ms, ` +
        `${formatRate(phase.rate)} instances/s, server CPU ${Math.round(phase.serverCpuPct)}%`,
    );
    return phase;
  } finally {
    await watch.stop();
    await server.stop();
  }
}

const columns: Column[] = [
  { header: 'phase' },
  { header: 'measured' },
  { header: 'p50 ms', align: 'right' },
  { header: 'p95 ms', align: 'right' },
  { header: 'p99 ms', align: 'right' },
  { header: 'max ms', align: 'right' },
  { header: 'target' },
];

/** Returns whether `phase` met its targets, and the target text. */
function verdict(phase: Phase): { text: string; met: boolean } {
  if (phase.concurrency === 1) {
    const met = phase.total.p50 <= targets.sequential.p50 && phase.total.p99 <= targets.sequential.p99;
    return { text: `p50 ≤ ${targets.sequential.p50}, p99 ≤ ${targets.sequential.p99}: ${met ? 'met' : 'MISSED'}`, met };
  }
  const met = phase.total.p99 <= targets.parallel.p99;
  return { text: `p99 ≤ ${targets.parallel.p99}: ${met ? 'met' : 'MISSED'}`, met };
}

function rows(phases: Phase[]): string[][] {
  const out: string[][] = [];
  for (const phase of phases) {
    const label = `${phase.instances} × ${phase.concurrency === 1 ? 'sequential' : `${phase.concurrency} parallel`}`;
    const series: Array<[string, Percentiles, string]> = [
      ['POST → Ready → proxy GET 200', phase.total, verdict(phase).text],
      ['  POST round trip', phase.created, ''],
      ['  POST → Ready event', phase.ready, ''],
      ['  Ready event → proxy GET 200', phase.serve, ''],
    ];
    for (const [what, p, target] of series) {
      out.push([what === series[0]?.[0] ? label : '', what, formatMs(p.p50), formatMs(p.p95), formatMs(p.p99), formatMs(p.max), target]);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const markdown = process.argv.includes('--markdown');
  const host = machine();
  const loadBefore = loadAverage();
  process.stderr.write(`create-to-ready benchmark: ${count} instances per phase after ${warmup} warm-up; ${describeMachine(host)}; load average ${loadBefore}\n`);
  const phases = [await runPhase('sequential', 1), await runPhase(`${parallel} parallel`, parallel)];
  const loadAfter = loadAverage();
  const table = markdown ? formatMarkdownTable(columns, rows(phases)) : formatTable(columns, rows(phases));
  const notes = [
    'Each instance: POST of a VirtualClusterInstance (inline template, one ConfigMap) in project default; phase Ready seen on',
    `one watch of the project's instances; then GET /api/v1/namespaces through /kubernetes/project/default/virtualcluster/<name>.`,
    `Each phase runs against a fresh loft start (temp data dir, SQLite) after ${warmup} unrecorded instances at the same concurrency.`,
    ...phases.map(
      (p) =>
        `${p.name}: ${formatRate(p.rate)} instances/s over ${formatMs(p.wallMs / 1000)} s; server CPU ${Math.round(p.serverCpuPct)}% of one core; ` +
        `${p.retries} proxy GETs answered 503 before their 200.`,
    ),
  ];
  process.stdout.write(
    `\nCreate-to-Ready — ${describeMachine(host)}; load average ${loadBefore} before, ${loadAfter} after\n\n${table}\n\n` +
      notes.map((n) => (markdown ? n : `  ${n}`)).join('\n') +
      '\n',
  );
  writeJson(resultsPath, {
    benchmark: 'create-to-ready',
    issue: '#8 item 1',
    date: new Date().toISOString(),
    command: 'node_modules/.bin/node bench/create-to-ready.ts',
    machine: host,
    loadAverage: { before: loadBefore, after: loadAfter },
    settings: { count, parallel, warmup },
    targets,
    phases: phases.map((p) => ({ ...p, verdict: verdict(p) })),
  });
  process.stderr.write(`\nwrote ${resultsPath}\n`);
}

await main();
