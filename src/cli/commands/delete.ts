// `loft delete vcluster NAME` (loft-platform-api.md §7.2): deletes the instance, then its kube
// context loft-vcluster_<name>_<project> (another context becomes current if it was). --wait
// polls until the instance is gone. A context left behind by an instance deleted elsewhere is
// removed too, and the server's NotFound is still reported.

import type { Command } from 'commander';
import { projectNamespace } from '../api.ts';
import { resolveProject } from '../config.ts';
import type { CliContext } from '../context.ts';
import { dropContext, vclusterTarget } from '../contexts.ts';
import { isStatus } from '../errors.ts';
import { openSession, progressOf, type GlobalOptions } from '../session.ts';
import { waitUntilGone } from './create-vcluster.ts';

interface DeleteVclusterOptions {
  project?: string;
  deleteContext: boolean;
  wait?: boolean;
}

/** Runs `loft delete vcluster NAME`. */
export async function deleteVcluster(ctx: CliContext, globals: GlobalOptions, name: string, opts: DeleteVclusterOptions): Promise<void> {
  const session = openSession(ctx, globals);
  const project = resolveProject(ctx.env, opts.project);
  const progress = progressOf(ctx, globals);
  try {
    await session.api.delete('virtualclusterinstances', name, projectNamespace(project));
  } catch (err) {
    if (isStatus(err, 404) && opts.deleteContext) dropContext(ctx, globals, vclusterTarget(name, project), progress);
    throw err;
  }
  if (opts.wait) {
    progress.start(`Waiting for virtual cluster ${name} in project ${project} to be deleted`);
    await waitUntilGone(ctx, session.api, project, name);
    progress.succeed(`Virtual cluster ${name} in project ${project} is gone`);
  }
  progress.info(`Successfully deleted virtual cluster ${name} in project ${project}`);
  if (opts.deleteContext) dropContext(ctx, globals, vclusterTarget(name, project), progress);
}

/** Registers `loft delete vcluster` on the `delete` command. */
export function registerDelete(del: Command, ctx: CliContext): void {
  del
    .command('vcluster')
    .alias('vc')
    .description('Delete a virtual cluster and its kube context')
    .argument('<name>', 'the name of the virtual cluster')
    .option('-p, --project <project>', 'the project (default: defaults.json, else "default")')
    .option('--delete-context', 'delete the kube context of the virtual cluster', true)
    .option('--no-delete-context', 'keep the kube context')
    .option('--wait', 'wait until the virtual cluster is gone')
    .action((name: string, opts: DeleteVclusterOptions, cmd: Command) => deleteVcluster(ctx, cmd.optsWithGlobals<GlobalOptions>(), name, opts));
}
