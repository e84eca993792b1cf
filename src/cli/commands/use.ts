// `loft use vcluster [NAME]` and `loft use management` (loft-platform-api.md §7.4, §7.6): write
// (or --print) the kube context and make it current. Without a project (flag or defaults.json)
// the virtual cluster is looked for in every project; without a name, the only usable one is
// taken, or a terminal may choose. Like create, it wakes a sleeping instance and waits for Ready.

import type { Command } from 'commander';
import { projectNamespace, type KubeObject } from '../api.ts';
import { readDefaults } from '../config.ts';
import type { CliContext } from '../context.ts';
import { managementTarget, provideContext, vclusterTarget } from '../contexts.ts';
import { CliError, UsageError } from '../errors.ts';
import { choose } from '../prompt.ts';
import { openSession, progressOf, type GlobalOptions, type Session } from '../session.ts';
import { waitForVirtualCluster } from '../wait.ts';
import { usableVirtualClusters } from './list.ts';

interface UseVclusterOptions {
  project?: string;
  print?: boolean;
  skipWait?: boolean;
}

/** Returns the instance `loft use vcluster` means, and its project. */
export async function findVirtualCluster(ctx: CliContext, session: Session, name: string | undefined, project: string | undefined): Promise<{ project: string; vci: KubeObject }> {
  if (name && project) {
    const vci = await session.api.find<KubeObject>('virtualclusterinstances', name, projectNamespace(project), { extended: 'true' });
    if (!vci || vci.status?.canUse === false) throw new CliError(`couldn't find or access virtual cluster ${name} in project ${project}`);
    return { project, vci };
  }
  const usable = await usableVirtualClusters(session, project);
  const candidates = name ? usable.filter((e) => e.vci.metadata?.name === name) : usable;
  if (candidates.length === 0) {
    throw new CliError(name ? `couldn't find or access virtual cluster ${name}` : "couldn't find a virtual cluster you have access to");
  }
  if (candidates.length === 1) return candidates[0] as { project: string; vci: KubeObject };
  const labels = candidates.map((e) => `vcluster: ${e.vci.metadata?.name} | project: ${e.project}`);
  if (!ctx.stdinIsTTY) {
    throw new UsageError(
      name
        ? `virtual cluster ${name} exists in several projects (${candidates.map((e) => e.project).join(', ')}): pass --project`
        : `you can use several virtual clusters (${candidates.map((e) => `${e.vci.metadata?.name} in ${e.project}`).join(', ')}): name one`,
    );
  }
  const picked = await choose(ctx, 'Please choose a virtual cluster', labels);
  return candidates[labels.indexOf(picked)] as { project: string; vci: KubeObject };
}

/** Runs `loft use vcluster [NAME]`. */
export async function useVcluster(ctx: CliContext, globals: GlobalOptions, name: string | undefined, opts: UseVclusterOptions): Promise<void> {
  const session = openSession(ctx, globals);
  const progress = progressOf(ctx, globals);
  const found = await findVirtualCluster(ctx, session, name, opts.project || readDefaults(ctx.env).project);
  const vciName = found.vci.metadata?.name ?? '';
  if (!opts.skipWait) await waitForVirtualCluster(ctx, session.api, found.project, vciName, progress);
  provideContext(ctx, globals, session, vclusterTarget(vciName, found.project), { print: opts.print }, progress);
}

/** Runs `loft use management`. */
export function useManagement(ctx: CliContext, globals: GlobalOptions, opts: { print?: boolean }): void {
  const session = openSession(ctx, globals);
  provideContext(ctx, globals, session, managementTarget, { print: opts.print }, progressOf(ctx, globals));
}

/** Registers `loft use vcluster` and `loft use management` on the `use` command. */
export function registerUse(use: Command, ctx: CliContext): void {
  use
    .command('vcluster')
    .alias('vc')
    .description('Add the kube context of a virtual cluster and make it current')
    .argument('[name]', 'the virtual cluster (default: the only one you can use)')
    .option('-p, --project <project>', 'the project (default: defaults.json, else every project)')
    .option('--print', 'print the kubeconfig on stdout instead of writing it')
    .option('--skip-wait', 'do not wait until the virtual cluster is ready')
    .action((name: string | undefined, opts: UseVclusterOptions, cmd: Command) => useVcluster(ctx, cmd.optsWithGlobals<GlobalOptions>(), name, opts));
  use
    .command('management')
    .description('Add the kube context loft-management (the management API) and make it current')
    .option('--print', 'print the kubeconfig on stdout instead of writing it')
    .action((opts: { print?: boolean }, cmd: Command) => useManagement(ctx, cmd.optsWithGlobals<GlobalOptions>(), opts));
}
