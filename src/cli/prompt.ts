// Questions on a terminal: asked on stderr, answered on stdin, only when stdin is a TTY (the
// CLI is non-interactive otherwise, aesthetics-ecosystem.md B2 item 5). Hidden answers turn the
// terminal's echo off with raw mode.

import type { Readable } from 'node:stream';
import type { CliContext } from './context.ts';
import { CliError } from './errors.ts';

type TtyInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void };

/** Returns one line typed on stdin after printing `question` on stderr; `hidden` does not echo it. */
export function ask(ctx: Pick<CliContext, 'stdin' | 'stderr'>, question: string, options: { hidden?: boolean } = {}): Promise<string> {
  const input = ctx.stdin as TtyInput;
  const raw = Boolean(options.hidden && input.isTTY && typeof input.setRawMode === 'function');
  ctx.stderr.write(question);
  if (raw) input.setRawMode?.(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      if (raw) {
        input.setRawMode?.(false);
        // Echo was off, so the user's Enter did not move to a new line.
        ctx.stderr.write('\n');
      }
      input.pause();
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(line);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new CliError('interrupted'));
          return;
        }
        if (ch === '\u0004' && line === '') {
          finish();
          reject(new CliError('no answer: input ended'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else if (ch >= ' ') line += ch;
      }
    };
    const onEnd = (): void => {
      finish();
      if (line) resolve(line);
      else reject(new CliError('no answer: input ended'));
    };
    input.on('data', onData);
    input.on('end', onEnd);
  });
}

/** Returns the option the user picks from a numbered list (Enter picks the first). */
export async function choose(ctx: Pick<CliContext, 'stdin' | 'stderr'>, question: string, options: string[]): Promise<string> {
  ctx.stderr.write(`${question}\n`);
  options.forEach((o, i) => ctx.stderr.write(`  ${i + 1}) ${o}\n`));
  for (;;) {
    const answer = (await ask(ctx, `Enter a number [1]: `)).trim();
    const index = answer === '' ? 0 : Number(answer) - 1;
    const picked = Number.isInteger(index) ? options[index] : undefined;
    if (picked !== undefined) return picked;
    ctx.stderr.write(`Please enter a number from 1 to ${options.length}.\n`);
  }
}
