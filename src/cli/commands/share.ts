// `loft share vcluster NAME --user U | --team T` (loft-platform-api.md §7.5, §8.2): appends one
// rule {users: [U]} or {teams: [T]} with --cluster-role to spec.extraAccessRules, and sets
// templateRef.syncOnce so the platform renders the instance again and the rule lands inside the
// virtual cluster. It does not touch spec.access. A conflicting concurrent update is retried.

import type { Command } from 'commander';
import { projectNamespace, type KubeObject } from '../api.ts';
import { resolveProject } from '../config.ts';
import type { CliContext } from '../context.ts';
import { isStatus, UsageError } from '../errors.ts';
import { openSession, progressOf, type GlobalOptions } from '../session.ts';

interface ShareVclusterOptions {
  project?: string;
  user?: string;
  team?: string;
  clusterRole: string;
}

/** Returns `vci` with the access rule appended (and templateRef.syncOnce set when it uses a template). */
export function withSharedAccess(vci: KubeObject, rule: { users?: string[]; teams?: string[]; clusterRole: string }): KubeObject {
  const spec = { ...(vci.spec ?? {}) };
  const rules = Array.isArray(spec.extraAccessRules) ? [...(spec.extraAccessRules as unknown[])] : [];
  rules.push(rule);
  spec.extraAccessRules = rules;
  if (typeof spec.templateRef === 'object' && spec.templateRef !== null) spec.templateRef = { ...(spec.templateRef as object), syncOnce: true };
  return { ...vci, spec };
}

/** Runs `loft share vcluster NAME`. */
export async function shareVcluster(ctx: CliContext, globals: GlobalOptions, name: string, opts: ShareVclusterOptions): Promise<void> {
  if (!opts.user === !opts.team) throw new UsageError('pass exactly one of --user and --team');
  const session = openSession(ctx, globals);
  const project = resolveProject(ctx.env, opts.project);
  const namespace = projectNamespace(project);
  const rule = { ...(opts.user ? { users: [opts.user] } : { teams: [opts.team as string] }), clusterRole: opts.clusterRole };
  for (let attempt = 0; ; attempt++) {
    const vci = await session.api.get<KubeObject>('virtualclusterinstances', name, namespace);
    try {
      await session.api.update('virtualclusterinstances', withSharedAccess(vci, rule));
      break;
    } catch (err) {
      if (!isStatus(err, 409) || attempt >= 4) throw err;
    }
  }
  const progress = progressOf(ctx, globals);
  progress.info(`Successfully granted ${opts.user ? `user ${opts.user}` : `team ${opts.team}`} access to virtual cluster ${name} in project ${project} (cluster role ${opts.clusterRole})`);
  progress.info(`They can access it via: loft use vcluster ${name} --project ${project}`);
}

/** Registers `loft share vcluster` on the `share` command. */
export function registerShare(share: Command, ctx: CliContext): void {
  share
    .command('vcluster')
    .alias('vc')
    .description('Give a user or a team access inside a virtual cluster')
    .argument('<name>', 'the virtual cluster')
    .option('-p, --project <project>', 'the project (default: defaults.json, else "default")')
    .option('--user <user>', 'the user to share with')
    .option('--team <team>', 'the team to share with')
    .option('--cluster-role <role>', 'the cluster role they get inside the virtual cluster', 'loft-cluster-space-admin')
    .action((name: string, opts: ShareVclusterOptions, cmd: Command) => shareVcluster(ctx, cmd.optsWithGlobals<GlobalOptions>(), name, opts));
}
