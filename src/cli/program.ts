// Builds the `loft` command tree (commander) and runs it, mapping failures to exit codes:
// 0 success, 1 error, 2 usage error (aesthetics-ecosystem.md B2 item 9). Data goes to stdout;
// progress, prompts and errors go to stderr, errors as kubectl prints them: "error: <message>".

import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { processContext, type CliContext } from './context.ts';
import { CliError } from './errors.ts';
import { stopSpinners } from './progress.ts';
import { registerCompletion } from './commands/completion.ts';
import { registerCreateOther } from './commands/create-other.ts';
import { registerCreateVcluster } from './commands/create-vcluster.ts';
import { registerDefaults } from './commands/defaults.ts';
import { registerDelete } from './commands/delete.ts';
import { addGlobalOptions, rewriteBooleanFlags } from './commands/flags.ts';
import { registerList } from './commands/list.ts';
import { registerLogin } from './commands/login.ts';
import { registerShare } from './commands/share.ts';
import { registerSleep } from './commands/sleep.ts';
import { registerStart } from './commands/start.ts';
import { registerToken } from './commands/token.ts';
import { registerUse } from './commands/use.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const exitCodes = `
Exit codes: 0 success, 1 error, 2 usage error (unknown command or flag, bad flag value).
Environment: LOFT_CACHE_FOLDER (folder of config.json and defaults.json, default ~/.loft),
LOFT_CONFIG, LOFT_URL, LOFT_TIMEOUT (how long to wait, a Go duration, default 10m), KUBECONFIG.
`;

/** Applies `fn` to every command below `cmd`. */
function eachSubcommand(cmd: Command, fn: (c: Command) => void): void {
  for (const c of cmd.commands) {
    fn(c);
    eachSubcommand(c, fn);
  }
}

/** Returns the root command with every subcommand registered, talking to `ctx`. */
export function buildProgram(ctx: CliContext = processContext()): Command {
  const program = new Command('loft')
    .description('Self-service virtual Kubernetes clusters: the Loft platform and its CLI')
    .version(pkg.version, '-v, --version', 'print the loft version')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeOut: (text) => ctx.stdout.write(text), writeErr: (text) => ctx.stderr.write(text) })
    .addHelpText('after', exitCodes);
  addGlobalOptions(program);

  registerStart(program, ctx);
  registerLogin(program, ctx);
  registerToken(program, ctx);
  const create = program.command('create').description('Create a virtual cluster, project, user or team');
  registerCreateVcluster(create, ctx);
  registerCreateOther(create, ctx);
  registerDelete(program.command('delete').description('Delete a virtual cluster'), ctx);
  registerList(program.command('list').alias('ls').description('List virtual clusters, projects, templates, clusters, users or teams'), ctx);
  registerUse(program.command('use').description('Add a kube context for a virtual cluster or the management API and switch to it'), ctx);
  registerShare(program.command('share').description('Share a virtual cluster with a user or team'), ctx);
  registerDefaults(program, ctx, (cmd) => cmd);
  registerSleep(
    program.command('sleep').description('Put a virtual cluster to sleep (not supported yet)'),
    program.command('wakeup').description('Wake up a virtual cluster (not supported yet)'),
  );
  registerCompletion(program, ctx);

  // Global flags work before and after subcommands (`loft token --silent --config PATH` is what
  // kubeconfigs run). Each command parses its own, so a subcommand's --version is its own.
  program.enablePositionalOptions();
  eachSubcommand(program, (c) => {
    addGlobalOptions(c);
    if (c.commands.length > 0) c.enablePositionalOptions();
  });
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the process exit code. */
export async function run(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    // Bare `loft` is a question, not a mistake: help on stdout, like kubectl.
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(rewriteBooleanFlags(program, argv), { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed its message (or the help) already.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    stopSpinners();
    ctx.stderr.write(`error: ${message}\n`);
    if (argv.includes('--debug') && err instanceof Error && !(err instanceof CliError)) ctx.stderr.write(`${err.stack ?? ''}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}
