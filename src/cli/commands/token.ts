// `loft token` (loft-platform-api.md §6): the exec credential plugin of loft kube contexts. It
// prints a client.authentication.k8s.io/v1beta1 ExecCredential whose status.token is the access
// key of config.json. kubectl runs it for every command through a loft context, so the usual
// form `loft token --silent --config PATH` is answered before the command tree is even loaded.

import type { Command } from 'commander';
import { configPath, readConfig } from '../config.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';

/** Returns the ExecCredential kubectl's exec plugin protocol expects, holding `token`. */
export function execCredential(token: string): object {
  return { kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: {}, status: { token } };
}

/** Prints the ExecCredential of the config at `configFile` (given or default); errors when it holds no key. */
export function token(ctx: Pick<CliContext, 'stdout' | 'env'>, configFile?: string): void {
  const file = configPath(ctx.env, configFile);
  const config = readConfig(file);
  if (!config.accesskey) throw new CliError(`not logged in (${file} has no access key): run loft login <url> first`);
  ctx.stdout.write(`${JSON.stringify(execCredential(config.accesskey))}\n`);
}

// Any other command line returns undefined, and the full CLI parses it.
/** Returns the exit code of `loft token [--silent] [--debug] [--config PATH]`, answered without commander. */
export function fastToken(argv: string[], ctx: Pick<CliContext, 'stdout' | 'stderr' | 'env'>): number | undefined {
  if (argv[0] !== 'token') return undefined;
  let config: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--silent' || arg === '--debug') continue;
    if (arg === '--config' && i + 1 < argv.length) config = argv[++i];
    else if (arg.startsWith('--config=')) config = arg.slice('--config='.length);
    else return undefined;
  }
  try {
    token(ctx, config);
    return 0;
  } catch (err) {
    ctx.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
}

/** Registers `loft token` on `program` (for --help and unusual flag spellings). */
export function registerToken(program: Command, ctx: CliContext): void {
  program
    .command('token')
    .description('Print an ExecCredential holding the access key (the kubectl exec plugin of loft contexts)')
    .action((_opts: unknown, cmd: Command) => token(ctx, cmd.optsWithGlobals<{ config?: string }>().config));
}
