// `loft sleep vcluster` and `loft wakeup vcluster`: sleep mode is not implemented by the platform
// yet, so both say so and exit 1 rather than pretend (their help says it too).

import type { Command } from 'commander';
import { CliError } from '../errors.ts';

/** Registers `loft sleep vcluster` and `loft wakeup vcluster` (not supported yet) on their parents. */
export function registerSleep(sleep: Command, wakeup: Command): void {
  for (const [parent, verb] of [
    [sleep, 'sleep'],
    [wakeup, 'wakeup'],
  ] as const) {
    parent
      .command('vcluster')
      .alias('vc')
      .description(`${verb === 'sleep' ? 'Put a virtual cluster to sleep' : 'Wake up a sleeping virtual cluster'} (not supported yet: exits 1)`)
      .argument('<name>', 'the virtual cluster')
      .option('-p, --project <project>', 'the project')
      .action(() => {
        throw new CliError(`loft ${verb} vcluster is not supported yet: sleep mode is not implemented by this platform`);
      });
  }
  sleep.commands.find((c) => c.name() === 'vcluster')?.option('--prevent-wakeup <seconds>', 'sleep at least this long');
}
