// HTTP load with autocannon: `connections` keep-alive HTTPS connections, each sending its next
// request when the previous response arrived (closed loop, no pipelining), the way
// measure() drives a function. compareHttp() measures a server and its bare reference in
// alternating slices (A B B A …), as compare() does, and keeps every latency sample so the
// percentiles of the slices merge exactly.

import { performance } from 'node:perf_hooks';
import autocannon, { type Request, type Result } from 'autocannon';
import { Samples, summarize, type Measurement } from './measure.ts';
import { processCpuMs } from './server.ts';

/** A target of HTTP load: the port of a server process on 127.0.0.1 and its pid (for its CPU). */
export interface HttpTarget {
  name: string;
  port: number;
  pid: number;
}

/** What every request of a cell is; `setup` (if any) rewrites each request before it is sent. */
export interface HttpCell {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Called before every request with a counter unique within the run (distinct names, targets). */
  setup?: (request: Request, i: number) => Request;
}

/** HttpMeasurement is a Measurement plus what an HTTP run adds. */
export interface HttpMeasurement extends Measurement {
  /** Responses that were not 2xx (the run fails on any). */
  non2xx: number;
  /** Average CPU of the server process over the recorded slices, in % of one core. */
  serverCpuPct: number;
  /** Average CPU of this (load-generating) process over the recorded slices, in % of one core. */
  clientCpuPct: number;
  /** Response bytes per second. */
  bytesPerSec: number;
}

/** Run accumulates recorded slices of one target. */
class HttpRun {
  readonly samples = new Samples();
  elapsedMs = 0;
  non2xx = 0;
  bytes = 0;
  serverCpuMs = 0;
  clientCpuMs = 0;
  readonly target: HttpTarget;
  private readonly cell: HttpCell;
  private counter = 0;

  constructor(target: HttpTarget, cell: HttpCell) {
    this.target = target;
    this.cell = cell;
  }

  /**
   * Runs one slice at `connections` until `requests` have been answered (autocannon spreads
   * them evenly over the connections), records it when `record`, and returns its rate. Slices
   * are counted, not timed: a timed run drops the requests in flight at its deadline, which
   * biases long requests and leaves the server working on answers nobody reads.
   */
  async slice(connections: number, requests: number, record: boolean): Promise<{ rate: number; elapsedMs: number }> {
    const { cell } = this;
    const setup = cell.setup;
    const request: Request = { method: cell.method, path: cell.path, headers: cell.headers, ...(cell.body === undefined ? {} : { body: cell.body }) };
    if (setup) request.setupRequest = (req) => setup({ ...req }, this.counter++);
    const serverCpu0 = processCpuMs(this.target.pid);
    const clientCpu0 = process.cpuUsage();
    const start = performance.now();
    let firstFailure: string | undefined;
    let answered = 0;
    // autocannon reports on its next sampling tick, not when the last answer arrives: the slice
    // ends at the last answer.
    let last = start;
    const result = await new Promise<Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `https://127.0.0.1:${this.target.port}`,
          servername: 'localhost',
          connections,
          amount: Math.max(connections, requests),
          duration: 3600,
          // autocannon ends a run on its sampling tick (default 1 s): tick often, so the next
          // slice starts right after the last answer.
          sampleInt: 20,
          pipelining: 1,
          timeout: 120,
          requests: [request],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      instance.on('response', (_client: unknown, statusCode: number, bytes: number, ms: number) => {
        if (statusCode < 200 || statusCode > 299) {
          this.non2xx++;
          firstFailure ??= `${statusCode}`;
          return;
        }
        answered++;
        last = performance.now();
        if (record) {
          this.samples.push(ms);
          this.bytes += bytes;
        }
      });
    });
    const elapsed = last - start;
    if (result.errors > 0 || result.timeouts > 0 || firstFailure) {
      throw new Error(
        `${this.target.name} ${cell.method} ${cell.path}: ${result.errors} errors, ${result.timeouts} timeouts, ${this.non2xx} non-2xx (first ${firstFailure ?? '—'})`,
      );
    }
    if (record) {
      this.elapsedMs += elapsed;
      this.serverCpuMs += processCpuMs(this.target.pid) - serverCpu0;
      const clientCpu = process.cpuUsage(clientCpu0);
      this.clientCpuMs += (clientCpu.user + clientCpu.system) / 1000;
    }
    return { rate: (answered * 1000) / elapsed, elapsedMs: elapsed };
  }

  result(name: string, connections: number): HttpMeasurement {
    const ops = this.samples.length;
    return {
      name,
      concurrency: connections,
      ops,
      elapsedMs: this.elapsedMs,
      opsPerSec: this.elapsedMs > 0 ? (ops * 1000) / this.elapsedMs : Number.NaN,
      latencyMs: summarize(this.samples.sorted()),
      non2xx: this.non2xx,
      serverCpuPct: this.elapsedMs > 0 ? (this.serverCpuMs / this.elapsedMs) * 100 : Number.NaN,
      clientCpuPct: this.elapsedMs > 0 ? (this.clientCpuMs / this.elapsedMs) * 100 : Number.NaN,
      bytesPerSec: this.elapsedMs > 0 ? (this.bytes * 1000) / this.elapsedMs : Number.NaN,
    };
  }
}

/** Options of one HTTP measurement. */
export interface HttpLoadOptions {
  /** Slices per side, rounded up to an even number (default 4). */
  slices?: number;
  /** Unrecorded load on each side before the first slice, at least (default 500 ms). */
  warmupMs?: number;
}

/** Returns the requests a counted slice of about `sliceMs` needs at `rate` req/s: whole rounds of `connections`. */
function sliceRequests(rate: number, sliceMs: number, connections: number): number {
  const rounds = Math.max(1, Math.round((rate * sliceMs) / 1000 / connections));
  return rounds * connections;
}

/**
 * Warms `run` up with counted slices of 1, 2, 4 … rounds of `connections` requests until one
 * lasts `warmupMs`, and returns the rate of the last. Counted, because a timed run abandons the
 * requests in flight at its deadline, and a server still busy with 32 abandoned LISTs of 10,000
 * objects would slow the slices that follow.
 */
async function warmUp(run: HttpRun, connections: number, warmupMs: number): Promise<number> {
  for (let rounds = 1; ; rounds *= 2) {
    const { rate, elapsedMs } = await run.slice(connections, rounds * connections, false);
    if (elapsedMs >= warmupMs || rounds >= 4096) return rate;
  }
}

/**
 * Measures `cellA` on `a` and `cellB` on `b` at the same connection count for about
 * `durationMs` each, in alternating slices A B B A …, and returns both. Each side's warm-up
 * gives its rate; each recorded slice then sends the requests that rate answers in a slice's
 * time (whole rounds, at least one request per connection) and lasts until the last is
 * answered, so no request is cut off. Every latency sample is kept, so the percentiles are
 * those of all recorded requests of a side.
 */
export async function compareHttp(
  a: { target: HttpTarget; cell: HttpCell },
  b: { target: HttpTarget; cell: HttpCell },
  connections: number,
  durationMs: number,
  options: HttpLoadOptions = {},
): Promise<[HttpMeasurement, HttpMeasurement]> {
  const slices = Math.max(2, Math.ceil((options.slices ?? 4) / 2) * 2);
  const sliceMs = durationMs / slices;
  const runA = new HttpRun(a.target, a.cell);
  const runB = new HttpRun(b.target, b.cell);
  const warmupMs = options.warmupMs ?? 500;
  const requestsA = sliceRequests(await warmUp(runA, connections, warmupMs), sliceMs, connections);
  const requestsB = sliceRequests(await warmUp(runB, connections, warmupMs), sliceMs, connections);
  for (let i = 0; i < slices; i++) {
    const order: Array<[HttpRun, number]> = i % 2 === 0 ? [[runA, requestsA], [runB, requestsB]] : [[runB, requestsB], [runA, requestsA]];
    for (const [run, requests] of order) await run.slice(connections, requests, true);
  }
  return [runA.result(a.target.name, connections), runB.result(b.target.name, connections)];
}
