// measure(): the closed-loop load generator every benchmark shares. `concurrency` callers each
// run `fn` back to back until the duration (or the op count) is used up, the way
// `wrk`/autocannon drive a server: a caller starts its next operation only when the previous
// one has returned, so latency includes any queueing behind the other callers. compare()
// measures two operations (a system and its raw reference) in interleaved slices.

import { performance } from 'node:perf_hooks';

/** Latency percentiles of one measurement, in milliseconds. */
export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Measurement is what one cell of a benchmark table reports. */
export interface Measurement {
  name: string;
  concurrency: number;
  /** Operations completed while recording (warm-up excluded). */
  ops: number;
  /** Wall time of the recorded phases, each from its first start to its last completion, in ms. */
  elapsedMs: number;
  opsPerSec: number;
  latencyMs: Latency;
}

/** MeasureOptions refine when a measurement stops and whether it warms up first. */
export interface MeasureOptions {
  /** Stop after this many recorded operations even if time remains. */
  maxOps?: number;
  /** Run the same load for this long first without recording (JIT, caches, connections). */
  warmupMs?: number;
}

/** An operation under test; `i` is unique across all callers of one measure() call. */
export type Operation = (i: number) => unknown;

/** Samples is a growable array of latencies, kept as doubles so millions stay compact. */
export class Samples {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/** Returns the `q`-quantile (0 < q ≤ 1) of ascending `sorted` by the nearest-rank method. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Returns the latency summary of ascending `sorted` samples. */
export function summarize(sorted: ArrayLike<number>): Latency {
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i] as number;
  return {
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
  };
}

/**
 * Runs `fn` from `concurrency` callers for `durationMs` and returns its throughput and latency
 * percentiles. Operations in flight at the deadline finish and count. The first error stops
 * every caller and is rethrown: a benchmark that fails must not report a figure.
 */
export async function measure(
  name: string,
  concurrency: number,
  durationMs: number,
  fn: Operation,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const run = new Run(fn);
  if (options.warmupMs && options.warmupMs > 0) await run.phase(concurrency, options.warmupMs, Number.POSITIVE_INFINITY, false);
  await run.phase(concurrency, durationMs, options.maxOps ?? Number.POSITIVE_INFINITY, true);
  return run.result(name, concurrency);
}

/** CompareOptions shape a compare() run. */
export interface CompareOptions {
  /** Slices each side runs in; rounded up to an even number (default 4). */
  slices?: number;
  /** Warm-up of each side before the first slice. */
  warmupMs?: number;
}

/**
 * Measures `a` and `b` at the same concurrency for `durationMs` each, in alternating slices
 * A B B A A B B A …, and returns both. Interleaving puts both sides in the same windows of
 * machine state, so a drift or a burst of disk latency on a shared host lands on both instead
 * of on whichever ran second; the ABBA order cancels a linear drift exactly.
 */
export async function compare(
  a: { name: string; fn: Operation },
  b: { name: string; fn: Operation },
  concurrency: number,
  durationMs: number,
  options: CompareOptions = {},
): Promise<[Measurement, Measurement]> {
  const slices = Math.max(2, Math.ceil((options.slices ?? 4) / 2) * 2);
  const sliceMs = durationMs / slices;
  const runA = new Run(a.fn);
  const runB = new Run(b.fn);
  if (options.warmupMs && options.warmupMs > 0) {
    await runA.phase(concurrency, options.warmupMs, Number.POSITIVE_INFINITY, false);
    await runB.phase(concurrency, options.warmupMs, Number.POSITIVE_INFINITY, false);
  }
  for (let i = 0; i < slices; i++) {
    const [first, second] = i % 2 === 0 ? [runA, runB] : [runB, runA];
    await first.phase(concurrency, sliceMs, Number.POSITIVE_INFINITY, true);
    await second.phase(concurrency, sliceMs, Number.POSITIVE_INFINITY, true);
  }
  return [runA.result(a.name, concurrency), runB.result(b.name, concurrency)];
}

/** Run accumulates the recorded phases of one operation: samples, wall time, next index. */
class Run {
  private readonly fn: Operation;
  private readonly samples = new Samples();
  private elapsedMs = 0;
  private next = 0;

  constructor(fn: Operation) {
    this.fn = fn;
  }

  /** Runs one closed-loop phase of `concurrency` callers; records it when `record`. */
  async phase(concurrency: number, durationMs: number, maxOps: number, record: boolean): Promise<void> {
    const last = this.next + maxOps;
    let stopped = false;
    let failure: { err: unknown } | undefined;
    const start = performance.now();
    const deadline = start + durationMs;
    let end = start;
    const caller = async (): Promise<void> => {
      while (!stopped && this.next < last) {
        const i = this.next++;
        const t0 = performance.now();
        try {
          await this.fn(i);
        } catch (err) {
          failure ??= { err };
          stopped = true;
          return;
        }
        const t1 = performance.now();
        if (record) this.samples.push(t1 - t0);
        if (t1 > end) end = t1;
        if (t1 >= deadline) stopped = true;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, caller));
    if (failure) throw failure.err;
    if (record) this.elapsedMs += end - start;
  }

  /** Returns the measurement of every recorded phase so far. */
  result(name: string, concurrency: number): Measurement {
    const ops = this.samples.length;
    return {
      name,
      concurrency,
      ops,
      elapsedMs: this.elapsedMs,
      opsPerSec: this.elapsedMs > 0 ? (ops * 1000) / this.elapsedMs : Number.NaN,
      latencyMs: summarize(this.samples.sorted()),
    };
  }
}
