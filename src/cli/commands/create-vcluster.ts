// `loft create vcluster NAME` (loft-platform-api.md §7.1, project flow):
//   1. the project: --project, else defaults.json, else "default"; instances live in loft-p-<project>;
//   2. --recreate deletes an existing instance first; a terminating one is waited out;
//   3. an existing instance without --update or --use is an error;
//   4. the template: --template, else the project's default, else its only allowed template (a
//      terminal may choose among several); a project that allows none gets an instance without
//      template (the v4 CLI's behaviour, subject to the server's admission); the parameters of
//      the chosen version are filled from --set and --parameters and checked here (§4.2);
//   5. create with templateRef {name, version as typed}, clusterRef.cluster, parameters, owner,
//      labels, annotations, links and the sleepmode.loft.sh/timezone annotation;
//   6. --update merge-patches what changed, or says it skipped;
//   7. wait until Ready unless --skip-wait (wait.ts);
//   8. write the kube context loft-vcluster_<name>_<project> (or --print it).

import type { Command } from 'commander';
import { parse } from 'yaml';
import { managementApiVersion, projectNamespace, type KubeObject, type ManagementClient, type VirtualClusterTemplate } from '../api.ts';
import { resolveProject } from '../config.ts';
import type { CliContext } from '../context.ts';
import { provideContext, vclusterTarget } from '../contexts.ts';
import { CliError, UsageError } from '../errors.ts';
import { fillParameters, parametersYaml, readParametersFile, templateParameters } from '../parameters.ts';
import type { Progress } from '../progress.ts';
import { choose } from '../prompt.ts';
import { openSession, progressOf, type GlobalOptions } from '../session.ts';
import { loftTimeout, waitForVirtualCluster } from '../wait.ts';
import { collect, commaList, parseKeyValues } from './flags.ts';

/** The flags of `loft create vcluster`. */
export interface CreateVclusterOptions {
  project?: string;
  template?: string;
  version?: string;
  set: string[];
  parameters?: string;
  displayName?: string;
  description?: string;
  user?: string;
  team?: string;
  cluster?: string;
  link: string[];
  labels: string[];
  annotations: string[];
  recreate?: boolean;
  update?: boolean;
  use?: boolean;
  skipWait?: boolean;
  createContext: boolean;
  switchContext: boolean;
  print?: boolean;
}

/** Returns the sleepmode.loft.sh/timezone annotation loftctl sets on create: "<zone>#<UTC offset in seconds>". */
export function timezoneAnnotation(now: Date = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return `${zone}#${-now.getTimezoneOffset() * 60}`;
}

/** Returns the value of the loft.sh/custom-links annotation for --link values (newline separated). */
export function customLinks(links: string[]): string | undefined {
  const trimmed = links.map((l) => l.trim()).filter((l) => l !== '');
  for (const link of trimmed) if (!link.includes('=')) throw new UsageError(`invalid --link "${link}": need Label=URL`);
  return trimmed.length > 0 ? trimmed.join('\n') : undefined;
}

// `wanted`, else the project's default, else its only allowed template, else (on a terminal)
// the one the user picks; undefined when the project allows none.
/** Returns the template a new instance in `project` uses. */
export async function resolveTemplate(ctx: CliContext, api: ManagementClient, project: string, wanted: string | undefined): Promise<VirtualClusterTemplate | undefined> {
  const allowed = await api.projectTemplates(project);
  const templates = allowed.virtualClusterTemplates ?? [];
  const name = wanted || allowed.defaultVirtualClusterTemplate;
  if (name) {
    const found = templates.find((t) => t.metadata?.name === name);
    if (!found) throw new CliError(`couldn't find template ${name} as allowed template in project ${project}`);
    return found;
  }
  if (templates.length <= 1) return templates[0];
  const label = (t: VirtualClusterTemplate): string => {
    const display = t.spec?.displayName;
    return display && display !== t.metadata?.name ? `${display} (${t.metadata?.name})` : (t.metadata?.name ?? '');
  };
  if (!ctx.stdinIsTTY) {
    throw new UsageError(`project ${project} allows several templates and none is the default: choose one with --template (${templates.map((t) => t.metadata?.name).join(', ')})`);
  }
  const picked = await choose(ctx, 'Please choose a template to use', templates.map(label));
  return templates.find((t) => label(t) === picked);
}

/** Resolves until instance `name` is gone (after a delete), within LOFT_TIMEOUT. */
export async function waitUntilGone(ctx: CliContext, api: ManagementClient, project: string, name: string): Promise<void> {
  const timeout = loftTimeout(ctx.env);
  const deadline = ctx.now() + timeout.ms;
  let delay = 100;
  while (await api.find('virtualclusterinstances', name, projectNamespace(project))) {
    if (ctx.now() >= deadline) throw new CliError(`timed out after ${timeout.text} waiting for virtual cluster ${name} in project ${project} to be deleted`);
    await ctx.sleep(delay);
    delay = Math.min(delay * 2, 1000);
  }
}

function checkFlags(opts: CreateVclusterOptions): void {
  if (opts.user && opts.team) throw new UsageError('--user and --team cannot be used together');
  if (opts.update && opts.use) throw new UsageError('--update and --use cannot be used together');
  if (opts.recreate && (opts.update || opts.use)) throw new UsageError('--recreate cannot be used together with --update or --use');
}

/** Returns the owner the flags ask for, if any. */
function ownerOf(opts: CreateVclusterOptions): Record<string, string> | undefined {
  if (opts.user) return { user: opts.user };
  if (opts.team) return { team: opts.team };
  return undefined;
}

/** Returns the parameters YAML for `template` from the flags (and `base` values kept from before). */
function resolveParameters(template: VirtualClusterTemplate, opts: CreateVclusterOptions, version: string | undefined, base: Record<string, unknown> = {}): string | undefined {
  const fileValues = opts.parameters ? readParametersFile(opts.parameters) : {};
  const values = fillParameters(templateParameters(template, version), opts.set, { ...base, ...fileValues });
  return parametersYaml(values);
}

/** Returns the new instance object the flags describe. */
async function newInstance(ctx: CliContext, api: ManagementClient, name: string, project: string, opts: CreateVclusterOptions): Promise<KubeObject> {
  const template = await resolveTemplate(ctx, api, project, opts.template);
  const spec: Record<string, unknown> = {};
  if (opts.displayName) spec.displayName = opts.displayName;
  if (opts.description) spec.description = opts.description;
  const owner = ownerOf(opts);
  if (owner) spec.owner = owner;
  if (template) {
    spec.templateRef = { name: template.metadata?.name, ...(opts.version ? { version: opts.version } : {}) };
    const parameters = resolveParameters(template, opts, opts.version);
    if (parameters) spec.parameters = parameters;
  } else {
    if (opts.version || opts.set.length > 0 || opts.parameters) {
      throw new CliError(`there are no allowed virtual cluster templates in project ${project}: --version, --set and --parameters need one`);
    }
    // No template allowed: an instance with an empty inline template, which the platform renders with its defaults.
    spec.template = {};
  }
  if (opts.cluster) spec.clusterRef = { cluster: opts.cluster };
  const labels = parseKeyValues(opts.labels, 'label');
  const annotations: Record<string, string> = { 'sleepmode.loft.sh/timezone': timezoneAnnotation(new Date(ctx.now())), ...parseKeyValues(opts.annotations, 'annotation') };
  const links = customLinks(opts.link);
  if (links) annotations['loft.sh/custom-links'] = links;
  return {
    apiVersion: managementApiVersion,
    kind: 'VirtualClusterInstance',
    metadata: { name, namespace: projectNamespace(project), ...(Object.keys(labels).length > 0 ? { labels } : {}), annotations },
    spec,
  };
}

function parseParameters(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string' || text.trim() === '') return {};
  try {
    const values: unknown = parse(text);
    return typeof values === 'object' && values !== null && !Array.isArray(values) ? (values as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// Covers template name and version, parameters (existing values kept unless the flags change
// them), display name, description, owner, labels, annotations and links.
/** Returns the merge patch --update needs for `existing`, or undefined when nothing changes. */
export async function updatePatch(ctx: CliContext, api: ManagementClient, existing: KubeObject, project: string, opts: CreateVclusterOptions): Promise<Record<string, unknown> | undefined> {
  const spec = existing.spec ?? {};
  const ref = (spec.templateRef ?? undefined) as { name?: string; version?: string } | undefined;
  const specPatch: Record<string, unknown> = {};
  if (opts.template || opts.version || opts.set.length > 0 || opts.parameters) {
    if (!ref?.name && !opts.template) throw new CliError("virtual cluster instance doesn't use a template, cannot update virtual cluster");
    const template = await resolveTemplate(ctx, api, project, opts.template || ref?.name);
    if (!template) throw new CliError(`couldn't find template ${opts.template || ref?.name} as allowed template in project ${project}`);
    const templateName = template.metadata?.name;
    const version = opts.version ?? (templateName === ref?.name ? ref?.version : undefined);
    if (templateName !== ref?.name || (version ?? '') !== (ref?.version ?? '')) {
      specPatch.templateRef = { name: templateName, version: version ?? null };
      if (!ref?.name) specPatch.template = null;
    }
    const base = templateName === ref?.name ? parseParameters(spec.parameters) : {};
    const parameters = resolveParameters(template, opts, version, base);
    if ((parametersYaml(parseParameters(spec.parameters)) ?? '') !== (parameters ?? '')) specPatch.parameters = parameters ?? null;
  }
  if (opts.displayName && opts.displayName !== spec.displayName) specPatch.displayName = opts.displayName;
  if (opts.description && opts.description !== spec.description) specPatch.description = opts.description;
  const owner = ownerOf(opts);
  if (owner && JSON.stringify(owner) !== JSON.stringify(spec.owner ?? {})) specPatch.owner = { user: owner.user ?? null, team: owner.team ?? null };
  const existingCluster = (spec.clusterRef as { cluster?: string } | undefined)?.cluster;
  if (opts.cluster && existingCluster && opts.cluster !== existingCluster) {
    throw new CliError(`virtual cluster ${existing.metadata?.name} runs in cluster ${existingCluster}; the cluster of an instance cannot change`);
  }

  const metaPatch: Record<string, Record<string, string>> = {};
  const changed = (field: 'labels' | 'annotations', values: Record<string, string>): void => {
    const current = existing.metadata?.[field] ?? {};
    for (const [k, v] of Object.entries(values)) {
      if (current[k] !== v) (metaPatch[field] ??= {})[k] = v;
    }
  };
  changed('labels', parseKeyValues(opts.labels, 'label'));
  const annotations = parseKeyValues(opts.annotations, 'annotation');
  const links = customLinks(opts.link);
  if (links) annotations['loft.sh/custom-links'] = links;
  changed('annotations', annotations);

  if (Object.keys(specPatch).length === 0 && Object.keys(metaPatch).length === 0) return undefined;
  return { ...(Object.keys(metaPatch).length > 0 ? { metadata: metaPatch } : {}), ...(Object.keys(specPatch).length > 0 ? { spec: specPatch } : {}) };
}

/** Runs `loft create vcluster NAME`. */
export async function createVcluster(ctx: CliContext, globals: GlobalOptions, name: string, opts: CreateVclusterOptions): Promise<void> {
  checkFlags(opts);
  const session = openSession(ctx, globals);
  const { api } = session;
  const project = resolveProject(ctx.env, opts.project);
  const namespace = projectNamespace(project);
  const progress: Progress = progressOf(ctx, globals);

  let existing = await api.find<KubeObject>('virtualclusterinstances', name, namespace);
  if (existing?.metadata?.deletionTimestamp) {
    progress.start(`Waiting for virtual cluster ${name} in project ${project} to finish deleting`);
    await waitUntilGone(ctx, api, project, name);
    progress.succeed(`Virtual cluster ${name} in project ${project} is deleted`);
    existing = undefined;
  }
  if (existing && opts.recreate) {
    progress.start(`Deleting virtual cluster ${name} in project ${project}`);
    await api.delete('virtualclusterinstances', name, namespace);
    await waitUntilGone(ctx, api, project, name);
    progress.succeed(`Deleted virtual cluster ${name} in project ${project}`);
    existing = undefined;
  }
  if (existing && !opts.update && !opts.use) throw new CliError(`virtual cluster ${name} already exists in project ${project}`);

  if (existing && opts.update) {
    const patch = await updatePatch(ctx, api, existing, project, opts);
    if (patch) {
      await api.mergePatch('virtualclusterinstances', name, namespace, patch);
      progress.info(`Successfully updated the virtual cluster ${name} in project ${project}`);
    } else {
      progress.info(`Skip updating the virtual cluster ${name} in project ${project}: nothing changed`);
    }
  } else if (existing) {
    progress.info(`Using the existing virtual cluster ${name} in project ${project}`);
  } else {
    const obj = await newInstance(ctx, api, name, project, opts);
    await api.create('virtualclusterinstances', obj, namespace);
    progress.info(`Successfully created the virtual cluster ${name} in project ${project}`);
  }

  if (!opts.skipWait) await waitForVirtualCluster(ctx, api, project, name, progress);
  provideContext(ctx, globals, session, vclusterTarget(name, project), { print: opts.print, create: opts.createContext, switchContext: opts.switchContext }, progress);
}

/** Registers `loft create vcluster` on the `create` command. */
export function registerCreateVcluster(create: Command, ctx: CliContext): void {
  create
    .command('vcluster')
    .alias('vc')
    .description('Create a virtual cluster in a project and add a kube context for it')
    .argument('<name>', 'the name of the virtual cluster')
    .option('-p, --project <project>', 'the project (default: defaults.json, else "default")')
    .option('--template <name>', "the virtual cluster template (default: the project's default or only template)")
    .option('--version <pattern>', 'the template version, e.g. 1.0.0 or 1.x.x (default: the latest)')
    .option('--set <param=value>', 'a template parameter (repeatable)', collect)
    .option('--parameters <file>', 'a YAML file of template parameters (--set wins)')
    .option('--display-name <name>', 'the display name')
    .option('--description <text>', 'the description')
    .option('--user <user>', 'the owning user (default: you)')
    .option('--team <team>', 'the owning team')
    .option('--cluster <cluster>', 'the connected cluster to run in (default: the platform schedules)')
    .option('--link <Label=URL>', 'a link shown in the UI (repeatable, comma separated)', commaList)
    .option('-l, --labels <k=v>', 'labels of the instance (repeatable, comma separated)', commaList)
    .option('--annotations <k=v>', 'annotations of the instance (repeatable, comma separated)', commaList)
    .option('--recreate', 'delete an existing virtual cluster of that name first')
    .option('--update', 'update an existing virtual cluster of that name')
    .option('--use', 'use an existing virtual cluster of that name as it is')
    .option('--skip-wait', 'do not wait until the virtual cluster is ready')
    .option('--create-context', 'write a kube context', true)
    .option('--no-create-context', 'do not write a kube context')
    .option('--switch-context', 'make the new kube context current', true)
    .option('--no-switch-context', 'keep the current kube context')
    .option('--print', 'print the kubeconfig on stdout instead of writing it')
    .addHelpText('after', '\nWaits until the virtual cluster is ready (LOFT_TIMEOUT, a Go duration, default 10m).\n\nExamples:\n  loft create vcluster demo\n  loft create vcluster demo --project team-a --template isolated --set replicas=2\n  loft create vcluster demo --update --set replicas=3\n')
    .action((name: string, opts: Partial<CreateVclusterOptions>, cmd: Command) =>
      createVcluster(ctx, cmd.optsWithGlobals<GlobalOptions>(), name, {
        ...opts,
        set: opts.set ?? [],
        link: opts.link ?? [],
        labels: opts.labels ?? [],
        annotations: opts.annotations ?? [],
        createContext: opts.createContext !== false,
        switchContext: opts.switchContext !== false,
      }),
    );
}
