// `npm run bench`: every benchmark, one after another, each in its own Node process (so one's
// heap, JIT state and leftover servers cannot colour the next), with the pinned Node. Tables go
// to stdout, progress to stderr, figures to bench/results/<name>.json. A benchmark that fails
// does not stop the others; the run then exits non-zero.
//
//   npm run bench                               # about 15 minutes on 2 cores
//   npm run bench -- --markdown                 # the tables as Markdown
//   BENCH_ONLY=api,watch-fanout npm run bench   # a subset

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The benchmarks in run order: the short ones first, density (the longest) last. */
const benchmarks = ['storage', 'create-to-ready', 'api', 'watch-fanout', 'density'] as const;

/** Runs one benchmark script to completion; resolves to its exit code. */
function run(name: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, `${name}.ts`), ...args], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const unknown = only?.filter((name) => !(benchmarks as readonly string[]).includes(name)) ?? [];
  if (unknown.length > 0) throw new Error(`BENCH_ONLY names unknown benchmarks: ${unknown.join(', ')} (known: ${benchmarks.join(', ')})`);
  const selected = benchmarks.filter((name) => !only || only.includes(name));
  const args = process.argv.slice(2);
  const summary: string[] = [];
  let failed = 0;
  for (const name of selected) {
    process.stderr.write(`\n=== ${name} ===\n`);
    const started = performance.now();
    const code = await run(name, args);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) failed++;
    summary.push(`  ${name.padEnd(16)} ${code === 0 ? 'ok    ' : `FAILED (exit ${code})`} ${seconds.toFixed(0).padStart(5)} s`);
  }
  process.stderr.write(`\nbenchmarks:\n${summary.join('\n')}\n`);
  if (failed > 0) process.exitCode = 1;
}

await main();
