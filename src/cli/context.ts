// What a CLI run talks to: its streams, its environment and the clock. Commands never touch
// process.* directly, so the whole CLI runs in-process in unit tests with fake streams.

import type { Readable, Writable } from 'node:stream';

/** The streams, environment and terminal facts of one CLI run. */
export interface CliContext {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: Record<string, string | undefined>;
  /** Whether stdin is a terminal a person types into (prompts are allowed). */
  stdinIsTTY: boolean;
  /** Whether stderr is a terminal (spinners are allowed). */
  stderrIsTTY: boolean;
  /** Milliseconds since the epoch; tests may freeze it. */
  now(): number;
  /** Resolves after `ms` milliseconds; tests may speed it up. */
  sleep(ms: number): Promise<void>;
}

/** Returns the context of the real process. */
export function processContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
