// `loft list vclusters|projects|templates|clusters|users|teams` (loft-platform-api.md §7.3):
// virtual clusters come from every project (or --project), listed with ?extended=true and kept
// only where the caller may use them (status.canUse, when the server reports it); a project the
// caller cannot read is skipped, as loftctl does.

import type { Command } from 'commander';
import { projectNamespace, type KubeObject, type VirtualClusterTemplate } from '../api.ts';
import type { CliContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { age, cell, parseOutputFormat, printList, type ListPrinter } from '../output.ts';
import { openSession, type GlobalOptions, type Session } from '../session.ts';

interface ListOptions {
  output?: string;
  headers?: boolean;
  project?: string;
}

type Get = (obj: KubeObject, ...path: string[]) => unknown;
const get: Get = (obj, ...path) => path.reduce<unknown>((cur, p) => (typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[p] : undefined), obj);

/** Returns the virtual cluster instances the caller may use, in `project` or in every project. */
export async function usableVirtualClusters(session: Session, project?: string): Promise<Array<{ project: string; vci: KubeObject }>> {
  const projects = project ? [project] : (await session.api.list('projects')).map((p) => p.metadata?.name ?? '').filter((n) => n !== '');
  const perProject = await Promise.all(
    projects.map(async (p) => {
      try {
        const items = await session.api.list('virtualclusterinstances', projectNamespace(p), { extended: 'true' });
        return items.filter((vci) => get(vci, 'status', 'canUse') !== false).map((vci) => ({ project: p, vci }));
      } catch (err) {
        // An explicitly named project must be readable; others the caller cannot see are skipped.
        if (!project && err instanceof ApiError && (err.code === 403 || err.code === 404)) return [];
        throw err;
      }
    }),
  );
  return perProject.flat();
}

const printers = (now: number): Record<string, ListPrinter> => ({
  vclusters: {
    plural: 'virtual clusters',
    resource: 'virtualclusterinstance.management.loft.sh',
    headers: ['NAME', 'PROJECT', 'CLUSTER', 'NAMESPACE', 'STATUS', 'AGE'],
    row: (o) => [
      cell(o.metadata?.name),
      cell(o.metadata?.namespace?.replace(/^loft-p-/, '')),
      cell(get(o, 'spec', 'clusterRef', 'cluster')),
      cell(get(o, 'spec', 'clusterRef', 'namespace')),
      cell(get(o, 'status', 'phase')),
      age(o, now),
    ],
  },
  projects: {
    plural: 'projects',
    resource: 'project.management.loft.sh',
    headers: ['NAME', 'DISPLAY NAME', 'AGE'],
    row: (o) => [cell(o.metadata?.name), cell(get(o, 'spec', 'displayName')), age(o, now)],
  },
  templates: {
    plural: 'virtual cluster templates',
    resource: 'virtualclustertemplate.management.loft.sh',
    headers: ['NAME', 'DISPLAY NAME', 'VERSIONS', 'AGE'],
    row: (o) => {
      const versions = ((o as VirtualClusterTemplate).spec?.versions ?? []).map((v) => v.version ?? '?');
      return [cell(o.metadata?.name), cell(get(o, 'spec', 'displayName')), versions.length > 0 ? versions.join(',') : '<none>', age(o, now)];
    },
  },
  clusters: {
    plural: 'clusters',
    resource: 'cluster.management.loft.sh',
    headers: ['NAME', 'DISPLAY NAME', 'AGE'],
    row: (o) => [cell(o.metadata?.name), cell(get(o, 'spec', 'displayName')), age(o, now)],
  },
  users: {
    plural: 'users',
    resource: 'user.management.loft.sh',
    headers: ['NAME', 'USERNAME', 'DISPLAY NAME', 'EMAIL', 'AGE'],
    row: (o) => [cell(o.metadata?.name), cell(get(o, 'spec', 'username')), cell(get(o, 'spec', 'displayName')), cell(get(o, 'spec', 'email')), age(o, now)],
  },
  teams: {
    plural: 'teams',
    resource: 'team.management.loft.sh',
    headers: ['NAME', 'DISPLAY NAME', 'USERS', 'AGE'],
    row: (o) => {
      const users = (get(o, 'spec', 'users') as string[] | undefined) ?? [];
      return [cell(o.metadata?.name), cell(get(o, 'spec', 'displayName')), users.length > 0 ? users.join(',') : '<none>', age(o, now)];
    },
  },
});

/** Returns the objects `loft list <what>` prints. */
async function fetch(session: Session, what: string, opts: ListOptions): Promise<KubeObject[]> {
  switch (what) {
    case 'vclusters':
      return (await usableVirtualClusters(session, opts.project)).map((e) => e.vci);
    case 'templates':
      return opts.project ? ((await session.api.projectTemplates(opts.project)).virtualClusterTemplates ?? []) : session.api.list('virtualclustertemplates');
    case 'projects':
    case 'clusters':
    case 'users':
    case 'teams':
      return session.api.list(what);
    default:
      throw new Error(`unknown list ${what}`);
  }
}

/** Runs `loft list <what>`. */
export async function list(ctx: CliContext, globals: GlobalOptions, what: string, opts: ListOptions): Promise<void> {
  const format = parseOutputFormat(opts.output);
  const session = openSession(ctx, globals);
  const items = await fetch(session, what, opts);
  items.sort((a, b) => (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  printList(ctx.stdout, ctx.stderr, items, format, printers(ctx.now())[what] as ListPrinter, opts.headers === false);
}

/** Registers `loft list ...` on the `list` command. */
export function registerList(listCmd: Command, ctx: CliContext): void {
  const kinds: Array<{ name: string; aliases: string[]; description: string; project?: string }> = [
    { name: 'vclusters', aliases: ['vcluster', 'vc', 'vcs'], description: 'List the virtual clusters you can use, in every project', project: 'only this project' },
    { name: 'projects', aliases: ['project'], description: 'List projects' },
    { name: 'templates', aliases: ['template', 'virtualclustertemplates'], description: 'List virtual cluster templates', project: 'only the templates this project allows' },
    { name: 'clusters', aliases: ['cluster'], description: 'List connected clusters' },
    { name: 'users', aliases: ['user'], description: 'List users' },
    { name: 'teams', aliases: ['team'], description: 'List teams' },
  ];
  for (const kind of kinds) {
    const cmd = listCmd
      .command(kind.name)
      .aliases(kind.aliases)
      .description(kind.description)
      .option('-o, --output <format>', 'table, json, yaml or name', 'table')
      .option('--no-headers', 'print table rows without the header line');
    if (kind.project) cmd.option('-p, --project <project>', kind.project);
    cmd.action((opts: ListOptions, c: Command) => list(ctx, c.optsWithGlobals<GlobalOptions>(), kind.name, opts));
  }
}
