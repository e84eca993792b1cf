// A CliContext for in-process tests: captured stdout and stderr, a temp HOME, stdin from a
// string, and a virtual clock whose sleep returns at once (waits and timeouts take no time).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliContext } from '../context.ts';
import { run } from '../program.ts';

/** A test context and what was written to it. */
export interface TestContext extends CliContext {
  home: string;
  out(): string;
  err(): string;
}

/** Returns a context with a fresh temp HOME (KUBECONFIG unset unless `env` sets it). */
export function testContext(options: { env?: Record<string, string | undefined>; stdin?: string; stdinIsTTY?: boolean; stderrIsTTY?: boolean; home?: string } = {}): TestContext {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'loft-cli-home-'));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  let offset = 0;
  return {
    home,
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: { HOME: home, PATH: process.env.PATH, ...options.env },
    stdinIsTTY: options.stdinIsTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    now: () => Date.now() + offset,
    sleep: async (ms) => {
      offset += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    out: () => out,
    err: () => err,
  };
}

/** Runs the CLI in-process with `argv`; returns the exit code and the captured output. */
export async function runCli(argv: string[], ctx: TestContext = testContext()): Promise<{ code: number; stdout: string; stderr: string; ctx: TestContext }> {
  const before = { out: ctx.out().length, err: ctx.err().length };
  const code = await run(argv, ctx);
  // PassThrough delivers 'data' on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: ctx.out().slice(before.out), stderr: ctx.err().slice(before.err), ctx };
}
