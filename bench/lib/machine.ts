// The machine a benchmark ran on, recorded beside its figures: numbers without the machine
// (cores, CPU, Node version) cannot be compared with the next run.

import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname } from 'node:path';

/** Machine describes where a benchmark ran. */
export interface Machine {
  /** What `nproc` prints: the CPUs this process may use. */
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
}

/** Returns the description of the machine this process runs on. */
export function machine(): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

/** Returns the one-line summary of `m` printed above a results table. */
export function describeMachine(m: Machine): string {
  return `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}`;
}

/**
 * Returns the 1-minute load average, rounded. Recorded at the start and end of a run: a load
 * near or above the CPU count means other work shared the machine and the figures are low.
 */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/** Writes `data` as indented JSON to `path`, creating its directory. */
export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
}
