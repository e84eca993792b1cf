// Watch fan-out benchmark (issue #8 item 4): 1,000 concurrent watchers of one resource (the
// ConfigMaps of one namespace, through the platform API, each on its own HTTPS connection)
// while 100 writes per second land (each a CREATE carrying its send time). Delivery latency =
// receipt time − send time, in this process's monotonic clock, for every (event, watcher); an
// event lost = an (event, watcher) pair never received. A `loft start` child with a temp data
// dir serves it.
//
//   node_modules/.bin/node bench/watch-fanout.ts             # ~1 minute
//   node_modules/.bin/node bench/watch-fanout.ts --markdown
//   BENCH_WATCHERS=100 BENCH_WATCH_SECONDS=5 node_modules/.bin/node bench/watch-fanout.ts   # a smoke run
//
// Figures go to stdout and bench/results/watch-fanout.json; progress to stderr.

import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { intEnv, progress } from './lib/env.ts';
import { describeMachine, loadAverage, machine, writeJson } from './lib/machine.ts';
import { measure, percentile, Samples } from './lib/measure.ts';
import { processCpuMs, startLoft } from './lib/server.ts';
import { formatMarkdownTable, formatMs, formatRate, formatTable, type Column } from './lib/table.ts';
import { Pool } from 'undici';
import { openWatch, watchAgent, type WatchHandle } from './lib/watch.ts';

const watchers = intEnv('BENCH_WATCHERS', 1000);
const writesPerSec = intEnv('BENCH_WRITES_PER_SEC', 100);
const seconds = intEnv('BENCH_WATCH_SECONDS', 30);
/** How long to wait after the last write for every watcher to receive every event. */
const drainMs = intEnv('BENCH_WATCH_DRAIN_MS', 60_000);
/** Keep-alive connections of the writer, opened before the first write. */
const writerConnections = 16;
const namespace = 'fanout';
const resultsPath = join(dirname(fileURLToPath(import.meta.url)), 'results', 'watch-fanout.json');
const targets = { p99Ms: 100, lost: 0 };

/** One watcher's receipts. */
interface Receiver {
  /** received[seq] = 1 once event seq arrived. */
  received: Uint8Array;
  count: number;
  duplicates: number;
  /** resourceVersion of the last event received: where a re-watch resumes. */
  resourceVersion: string;
  handle?: WatchHandle;
  /** Times the server ended this watch and it was resumed from its last resourceVersion. */
  restarts: number;
  /** Why the stream last ended before the benchmark closed it. */
  lastEnd?: string;
}

async function main(): Promise<void> {
  const markdown = process.argv.includes('--markdown');
  const host = machine();
  const loadBefore = loadAverage();
  const writes = writesPerSec * seconds;
  process.stderr.write(
    `watch fan-out benchmark: ${watchers} watchers, ${writesPerSec} writes/s for ${seconds} s; ${describeMachine(host)}; load average ${loadBefore}\n`,
  );
  const server = await startLoft();
  const agent = watchAgent(server.ca);
  const receivers: Receiver[] = [];
  const latencies = new Samples();
  /** Latest receipt of each event over all watchers (ms after its send): when the fan-out finished. */
  const lastReceipt = new Float64Array(writes);
  const writeLatency = new Samples();
  let closing = false;
  try {
    await server.ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const list = (await server.ok('GET', `/api/v1/namespaces/${namespace}/configmaps`)) as { metadata: { resourceVersion: string } };
    // Every watch starts at the same revision, so one registered late still replays what it missed.
    const base = `${server.url}/api/v1/namespaces/${namespace}/configmaps?watch=1`;
    const opened = performance.now();
    await measure(
      'open watches',
      50,
      Number.POSITIVE_INFINITY,
      async (w) => {
        const r: Receiver = { received: new Uint8Array(writes), count: 0, duplicates: 0, resourceVersion: list.metadata.resourceVersion, restarts: 0 };
        receivers[w] = r;
        const onLine = (line: string): void => {
          const now = performance.now();
          // Cheap field extraction: a thousand watchers at 100 events/s are 100,000 lines/s here.
          const at = line.indexOf('"sentAt":"');
          if (at === -1) return;
          const sentAt = Number(line.slice(at + 10, line.indexOf('"', at + 10)));
          const seqAt = line.indexOf('"seq":"');
          const seq = Number(line.slice(seqAt + 7, line.indexOf('"', seqAt + 7)));
          const rvAt = line.indexOf('"resourceVersion":"');
          if (rvAt !== -1) r.resourceVersion = line.slice(rvAt + 19, line.indexOf('"', rvAt + 19));
          if (r.received[seq]! > 0) {
            r.duplicates++;
            return;
          }
          r.received[seq] = 1;
          r.count++;
          const latency = now - sentAt;
          latencies.push(latency);
          if (latency > lastReceipt[seq]!) lastReceipt[seq] = latency;
        };
        // A watch the server ends is resumed from the last resourceVersion received, as a
        // client-go reflector does; what it then receives late counts with its full latency.
        const watch = async (): Promise<void> => {
          r.handle = await openWatch(`${base}&resourceVersion=${r.resourceVersion}`, server.token, agent, onLine);
          void r.handle.ended.then((err) => {
            if (closing) return;
            r.restarts++;
            r.lastEnd = err ? err.message : 'the server ended the stream';
            watch().catch((e: unknown) => (r.lastEnd = `re-watch failed: ${(e as Error).message}`));
          });
        };
        await watch();
      },
      { maxOps: watchers },
    );
    const openMs = performance.now() - opened;
    progress(`${watchers} watches open in ${formatMs(openMs)} ms; server RSS ${(server.rssBytes() / 2 ** 20).toFixed(0)} MiB`);

    // The writer's connections are open before the first write: a connection opened mid-run
    // would wait for a TLS handshake behind the fan-out.
    const writer = new Pool(server.url, {
      connections: writerConnections,
      pipelining: 1,
      connect: { ca: server.ca, servername: 'localhost' },
      keepAliveTimeout: 600_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const post = async (path: string, body: unknown): Promise<number> => {
      const res = await writer.request({
        method: 'POST',
        path,
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      await res.body.text();
      return res.statusCode;
    };
    await Promise.all(Array.from({ length: writerConnections }, () => writer.request({ method: 'GET', path: '/healthz' }).then((res) => res.body.text())));
    let failedWrites = 0;
    let firstFailure: string | undefined;
    let peakRss = server.rssBytes();
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, server.rssBytes())), 500);

    // Open loop: write k is due at start + k / rate, whatever the previous writes' latency.
    const intervalMs = 1000 / writesPerSec;
    const cpu0 = processCpuMs(server.pid);
    const clientCpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    let late = 0;
    for (let k = 0; k < writes; k++) {
      const due = start + k * intervalMs;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      else if (wait < -intervalMs) late++;
      const sentAt = performance.now();
      inFlight.push(
        post(`/api/v1/namespaces/${namespace}/configmaps`, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `fan-${k}`, namespace },
          data: { seq: String(k), sentAt: String(sentAt) },
        }).then(
          (status) => {
            if (status === 201) writeLatency.push(performance.now() - sentAt);
            else {
              failedWrites++;
              firstFailure ??= `HTTP ${status}`;
            }
          },
          (err: unknown) => {
            failedWrites++;
            firstFailure ??= (err as Error).message;
          },
        ),
      );
      if (k > 0 && k % (writesPerSec * 5) === 0) progress(`${k} writes; ${formatRate(latencies.length)} deliveries so far`);
    }
    const issueMs = performance.now() - start;
    await Promise.all(inFlight);
    const writeMs = performance.now() - start;
    const serverCpuPct = ((processCpuMs(server.pid) - cpu0) / writeMs) * 100;
    const clientCpu = process.cpuUsage(clientCpu0);
    const clientCpuPct = ((clientCpu.user + clientCpu.system) / 1000 / writeMs) * 100;
    const clientElu = performance.eventLoopUtilization(elu0).utilization;
    // Drain: wait until every watcher has every event, or the drain time is up. A write that
    // failed may still have been stored, so expect what the writer saw succeed.
    const expected = (writes - failedWrites) * watchers;
    const drainStart = performance.now();
    while (latencies.length < expected && performance.now() - drainStart < drainMs) await new Promise((r) => setTimeout(r, 50));
    const drainedMs = performance.now() - drainStart;
    clearInterval(rssTimer);
    await writer.close();
    const rss = peakRss;
    const received = receivers.reduce((n, r) => n + r.count, 0);
    const lost = expected - received;
    const duplicates = receivers.reduce((n, r) => n + r.duplicates, 0);
    const restarts = receivers.reduce((n, r) => n + r.restarts, 0);
    const restartReasons = [...new Set(receivers.map((r) => r.lastEnd).filter(Boolean))].slice(0, 3);
    const sorted = latencies.sorted();
    const fanoutDone = Float64Array.from(lastReceipt).sort();
    const writesSorted = writeLatency.sorted();
    const result = {
      watchers,
      writes,
      /** Writes sent per second (the open loop's rate). */
      writesPerSec: (writes * 1000) / issueMs,
      /** Writes answered per second, up to the last answer. */
      writesAnsweredPerSec: (writes * 1000) / writeMs,
      lateWrites: late,
      failedWrites,
      firstFailure: firstFailure ?? null,
      deliveries: { expected, received, lost, duplicates, watchRestarts: restarts, restartReasons },
      latencyMs: { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN },
      lastWatcherMs: { p50: percentile(fanoutDone, 0.5), p99: percentile(fanoutDone, 0.99), max: fanoutDone[fanoutDone.length - 1] ?? Number.NaN },
      writeLatencyMs: { p50: percentile(writesSorted, 0.5), p99: percentile(writesSorted, 0.99), max: writesSorted[writesSorted.length - 1] ?? Number.NaN },
      openMs,
      drainedMs,
      serverCpuPct,
      serverPeakRssBytes: rss,
      clientCpuPct,
      clientEventLoopUtilization: clientElu,
    };
    const met = { p99: result.latencyMs.p99 <= targets.p99Ms, lost: lost === 0 && failedWrites === 0 };
    progress(`delivered ${received} of ${expected} (${lost} lost, ${duplicates} duplicates); p50 ${formatMs(result.latencyMs.p50)} ms, p99 ${formatMs(result.latencyMs.p99)} ms`);

    const columns: Column[] = [
      { header: 'measured' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p90 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'max ms', align: 'right' },
      { header: 'target' },
    ];
    const rows = [
      [
        `delivery latency (${received.toLocaleString('en-US')} deliveries)`,
        formatMs(result.latencyMs.p50),
        formatMs(result.latencyMs.p90),
        formatMs(result.latencyMs.p99),
        formatMs(result.latencyMs.max),
        `p99 ≤ ${targets.p99Ms} ms: ${met.p99 ? 'met' : 'MISSED'}`,
      ],
      [`  last of ${watchers} watchers, per event`, formatMs(result.lastWatcherMs.p50), '', formatMs(result.lastWatcherMs.p99), formatMs(result.lastWatcherMs.max), ''],
      [`  write (POST round trip)`, formatMs(result.writeLatencyMs.p50), '', formatMs(result.writeLatencyMs.p99), formatMs(result.writeLatencyMs.max), ''],
    ];
    const format = markdown ? formatMarkdownTable : formatTable;
    const lines = [
      `events lost: ${lost.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} (not received ${formatMs(drainMs / 1000)} s after the last write, re-watches included; ` +
        `${duplicates} duplicates) — target 0: ${met.lost ? 'met' : 'MISSED'}`,
      `watches the server ended and the watcher resumed from its last resourceVersion: ${restarts}${restartReasons.length ? ` (${restartReasons.join('; ')})` : ''}`,
      `writes: ${writes.toLocaleString('en-US')} sent at ${formatRate(result.writesPerSec)}/s (${late} more than one interval late), answered at ${formatRate(result.writesAnsweredPerSec)}/s ` +
        `(${failedWrites} failed${firstFailure ? `: ${firstFailure}` : ''}); ` +
        `${watchers} watches opened in ${formatMs(openMs)} ms;`,
      `${received === expected ? 'all deliveries done' : 'the wait for deliveries ended'} ${formatMs(drainedMs)} ms after the last write answered.`,
      `server: ${Math.round(serverCpuPct)}% of one core while writing, peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB; this process (the ${watchers} watchers and the writer): ` +
        `${Math.round(clientCpuPct)}% CPU, event loop ${Math.round(clientElu * 100)}% busy.`,
      'Latency = receipt − send in this process\'s clock: the write\'s own commit, the fan-out, and this process reading the line. Each watch is a',
      `separate HTTPS connection on /api/v1/namespaces/${namespace}/configmaps?watch=1 (the platform API, SQLite); each write is a CREATE of a new ConfigMap.`,
    ];
    const loadAfter = loadAverage();
    process.stdout.write(
      `\nWatch fan-out — ${describeMachine(host)}; load average ${loadBefore} before, ${loadAfter} after\n\n${format(columns, rows)}\n\n` +
        lines.map((n) => (markdown ? n : `  ${n}`)).join('\n') +
        '\n',
    );
    writeJson(resultsPath, {
      benchmark: 'watch-fanout',
      issue: '#8 item 4',
      date: new Date().toISOString(),
      command: 'node_modules/.bin/node bench/watch-fanout.ts',
      machine: host,
      loadAverage: { before: loadBefore, after: loadAfter },
      settings: { watchers, writesPerSec, seconds, drainMs },
      targets,
      met,
      ...result,
    });
    process.stderr.write(`\nwrote ${resultsPath}\n`);
  } finally {
    closing = true;
    for (const r of receivers) r?.handle?.close();
    await agent.close().catch(() => undefined);
    await server.stop();
  }
}

await main();
