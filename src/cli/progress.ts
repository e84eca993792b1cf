// Progress on stderr, kind's rules (aesthetics-ecosystem.md B2 item 4): a spinner only when
// stderr is a terminal, NO_COLOR is unset and TERM is not "dumb"; otherwise one plain line per
// step and per change of what is being waited for. --silent prints nothing. Data never goes here.

import type { CliContext } from './context.ts';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Progress of one command. */
export interface Progress {
  /** Starts a step (a spinner, or a line ending in "..."). */
  start(text: string): void;
  /** Changes what the running step says (plain mode prints it when it changes, and every 20 s). */
  update(text: string): void;
  /** Ends the running step as done and prints `text`. */
  succeed(text: string): void;
  /** Ends the running step as failed (the error itself is printed by main). */
  fail(): void;
  /** Prints a line (stops and restarts a running spinner around it). */
  info(text: string): void;
}

/** Returns whether `ctx` gets a spinner: stderr a TTY, NO_COLOR unset, TERM not dumb. */
export function wantsSpinner(ctx: Pick<CliContext, 'stderrIsTTY' | 'env'>): boolean {
  return ctx.stderrIsTTY && !ctx.env.NO_COLOR && ctx.env.TERM !== 'dumb';
}

/** Returns the progress reporter for `ctx`. */
export function createProgress(ctx: Pick<CliContext, 'stderr' | 'stderrIsTTY' | 'env'>, options: { silent?: boolean; intervalMs?: number } = {}): Progress {
  if (options.silent) return { start() {}, update() {}, succeed() {}, fail() {}, info() {} };
  return wantsSpinner(ctx) ? new Spinner(ctx.stderr, options.intervalMs ?? 80) : new PlainProgress(ctx.stderr);
}

/** One line per step and per distinct update. */
class PlainProgress implements Progress {
  private readonly out: NodeJS.WritableStream;
  private last = '';
  private lastAt = 0;

  constructor(out: NodeJS.WritableStream) {
    this.out = out;
  }

  start(text: string): void {
    this.last = text;
    this.lastAt = Date.now();
    this.out.write(`${text}...\n`);
  }

  update(text: string): void {
    // loftctl repeats its waiting message every 20 s; a log shows the wait is alive.
    if (text === this.last && Date.now() - this.lastAt < 20_000) return;
    this.last = text;
    this.lastAt = Date.now();
    this.out.write(`${text}\n`);
  }

  succeed(text: string): void {
    this.last = '';
    this.out.write(`${text}\n`);
  }

  fail(): void {
    this.last = '';
  }

  info(text: string): void {
    this.out.write(`${text}\n`);
  }
}

/** Spinners drawing right now (an error must not be printed onto a spinner's line). */
const running = new Set<Spinner>();

/** Stops every running spinner, leaving its last line marked as failed. */
export function stopSpinners(): void {
  for (const spinner of running) spinner.fail();
}

/** A braille spinner redrawn in place with \r and erase-line. */
class Spinner implements Progress {
  private readonly out: NodeJS.WritableStream;
  private readonly intervalMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private frame = 0;
  private text = '';

  constructor(out: NodeJS.WritableStream, intervalMs: number) {
    this.out = out;
    this.intervalMs = intervalMs;
  }

  private draw(): void {
    this.out.write(`\r\x1b[2K${frames[this.frame % frames.length]} ${this.text}`);
    this.frame++;
  }

  private clear(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    running.delete(this);
    this.out.write('\r\x1b[2K');
  }

  start(text: string): void {
    this.clear();
    this.text = text;
    this.draw();
    this.timer = setInterval(() => this.draw(), this.intervalMs);
    // A spinner never keeps the process alive on its own.
    this.timer.unref();
    running.add(this);
  }

  update(text: string): void {
    this.text = text;
    if (this.timer !== undefined) this.draw();
  }

  succeed(text: string): void {
    this.clear();
    this.out.write(`✓ ${text}\n`);
  }

  fail(): void {
    if (this.timer === undefined) return;
    this.clear();
    this.out.write(`✗ ${this.text}\n`);
  }

  info(text: string): void {
    const running = this.timer !== undefined;
    this.clear();
    this.out.write(`${text}\n`);
    if (running) this.start(this.text);
  }
}
