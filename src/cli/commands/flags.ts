// Flag helpers shared by the commands: repeatable and comma-separated values (pflag's
// StringSlice, which loftctl's --labels, --annotations and --link are), key=value maps, the
// global flags every command accepts, and Go-style `--flag=false` for boolean flags.

import type { Command, Option } from 'commander';
import { UsageError } from '../errors.ts';

/** Commander reducer for a repeatable flag: appends each value. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Commander reducer for a repeatable, comma-separated flag (pflag StringSlice). */
export function commaList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').filter((v) => v !== '')];
}

/** Returns `k=v` entries as a map; a usage error names the bad entry. */
export function parseKeyValues(entries: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new UsageError(`invalid ${what} "${entry}": need key=value`);
    out[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return out;
}

/** Adds the global flags to `cmd` (they are accepted before and after any subcommand). */
export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option('--config <path>', 'the loft config file (default $LOFT_CONFIG, else ~/.loft/config.json)')
    .option('--kubeconfig <path>', 'the kubeconfig to write contexts into (default: first path of $KUBECONFIG, else ~/.kube/config)')
    .option('--silent', 'print no progress, only data and errors')
    .option('--debug', 'print more details on errors');
}

/** Returns the names of the boolean flags of `root` and its subcommands, by their positive long name. */
function booleanFlags(root: Command): Map<string, { negatable: boolean }> {
  const flags = new Map<string, { negatable: boolean }>();
  const walk = (cmd: Command): void => {
    for (const opt of cmd.options as Option[]) {
      if (opt.required || opt.optional || !opt.long) continue;
      const name = opt.long.replace(/^--(no-)?/, '');
      const entry = flags.get(name) ?? { negatable: false };
      if (opt.negate) entry.negatable = true;
      flags.set(name, entry);
    }
    cmd.commands.forEach(walk);
  };
  walk(root);
  return flags;
}

const truthy = new Set(['1', 't', 'true']);
const falsy = new Set(['0', 'f', 'false']);

// `--flag=true` becomes `--flag`, `--flag=false` becomes `--no-flag` (or is dropped for a flag
// that defaults to false), so `--create-context=false` works as it does with loftctl.
/** Returns `argv` with Go/pflag boolean syntax turned into commander's. */
export function rewriteBooleanFlags(root: Command, argv: string[]): string[] {
  const flags = booleanFlags(root);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const m = /^--([a-z0-9][a-z0-9-]*)=(.*)$/i.exec(arg);
    const flag = m ? flags.get(m[1] as string) : undefined;
    const value = m?.[2]?.toLowerCase() ?? '';
    if (m && flag && truthy.has(value)) out.push(`--${m[1]}`);
    else if (m && flag && falsy.has(value)) {
      if (flag.negatable) out.push(`--no-${m[1]}`);
    } else out.push(arg);
  }
  return out;
}
