// `loft defaults set|get|view` (loftctl cmd/defaults): defaults.json in the CLI's folder; the
// project default is what every --project/-p falls back to.

import type { Command } from 'commander';
import { defaultsPath, readDefaults, writeDefaults } from '../config.ts';
import type { CliContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import type { GlobalOptions } from '../session.ts';

/** The keys defaults.json may hold. */
export const defaultKeys = ['project'] as const;

function checkKey(key: string): void {
  if (!(defaultKeys as readonly string[]).includes(key)) throw new UsageError(`unknown default "${key}": the defaults are ${defaultKeys.join(', ')}`);
}

/** Registers `loft defaults` with its subcommands on `program`. */
export function registerDefaults(program: Command, ctx: CliContext, addSubcommandOptions: (cmd: Command) => Command): void {
  const defaults = addSubcommandOptions(program.command('defaults').description('Set and show defaults of flags (defaults.json)'));
  defaults
    .command('set')
    .description('Set a default: `loft defaults set project NAME`')
    .argument('<key>', `one of: ${defaultKeys.join(', ')}`)
    .argument('<value>', 'the value')
    .action((key: string, value: string, _opts: unknown, cmd: Command) => {
      checkKey(key);
      writeDefaults(ctx.env, { ...readDefaults(ctx.env), [key]: value });
      if (!cmd.optsWithGlobals<GlobalOptions>().silent) ctx.stderr.write(`Successfully set default ${key} to ${value} (${defaultsPath(ctx.env)})\n`);
    });
  defaults
    .command('get')
    .description('Print a default')
    .argument('<key>', `one of: ${defaultKeys.join(', ')}`)
    .action((key: string) => {
      checkKey(key);
      const value = readDefaults(ctx.env)[key];
      ctx.stdout.write(`${typeof value === 'string' ? value : ''}\n`);
    });
  defaults
    .command('view')
    .description('Print defaults.json')
    .action(() => {
      ctx.stdout.write(`${JSON.stringify(readDefaults(ctx.env), null, 2)}\n`);
    });
}
