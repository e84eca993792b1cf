// Builds the `loft` command tree (commander) and runs it, mapping failures to exit codes:
// 0 success, 1 error, 2 usage error (aesthetics-ecosystem.md B2).
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { registerStart } from './commands/start.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Returns the root command with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command('loft')
    .description('Self-service virtual Kubernetes clusters')
    .version(pkg.version, '-v, --version', 'print the loft version')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerStart(program);
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the process exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
}
