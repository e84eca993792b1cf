// Kube contexts the CLI writes (loft-platform-api.md §5 and §6): `loft-vcluster_<name>_<project>`
// and `loft-management`, each a cluster, a user and a context sharing the context's name, merged
// into the kubeconfig kubectl uses (the first path of $KUBECONFIG, else ~/.kube/config). Users do
// not hold the access key: they run `loft token --silent --config <abs path>` as an exec plugin.

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { homeDir, writePrivate, type LoftConfig } from './config.ts';
import { CliError } from './errors.ts';

/** The context `loft use management` writes. */
export const managementContextName = 'loft-management';

/** Returns the context name of a project virtual cluster: loft-vcluster_<name>_<project>. */
export function vclusterContextName(name: string, project: string): string {
  return `loft-vcluster_${name}_${project}`;
}

/** Returns the proxy path of a project virtual cluster. */
export function vclusterServerPath(name: string, project: string): string {
  return `/kubernetes/project/${encodeURIComponent(project)}/virtualcluster/${encodeURIComponent(name)}`;
}

/** The proxy path of the management API. */
export const managementServerPath = '/kubernetes/management';

/** A kubeconfig as YAML has it (fields this CLI does not know are kept). */
export interface KubeconfigDoc {
  apiVersion?: string;
  kind?: string;
  clusters?: Array<{ name: string; cluster: Record<string, unknown> }> | null;
  contexts?: Array<{ name: string; context: Record<string, unknown> }> | null;
  users?: Array<{ name: string; user: Record<string, unknown> }> | null;
  'current-context'?: string;
  preferences?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Everything one loft context needs. */
export interface ContextSpec {
  name: string;
  server: string;
  caData?: string;
  insecure?: boolean;
  command: string;
  args: string[];
}

/** Returns the kubeconfig file to write: --kubeconfig, else the first path of $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigPath(env: Record<string, string | undefined>, override?: string): string {
  if (override) return resolve(override);
  const first = (env.KUBECONFIG ?? '').split(':').find((p) => p !== '');
  return resolve(first ?? join(homeDir(env), '.kube', 'config'));
}

/** Returns the command kubeconfigs run for credentials: bin/loft of this checkout, else node + this script. */
export function selfCommand(): { command: string; args: string[] } {
  const bin = fileURLToPath(new URL('../../bin/loft', import.meta.url));
  if (existsSync(bin)) return { command: bin, args: [] };
  return { command: process.execPath, args: [fileURLToPath(new URL('./main.ts', import.meta.url))] };
}

/** Returns the spec of context `name` at `path` on the logged-in platform of `config`. */
export function contextSpec(config: LoftConfig, configFile: string, name: string, path: string): ContextSpec {
  if (!config.host) throw new CliError('not logged in: run loft login first');
  const self = selfCommand();
  return {
    name,
    server: `${config.host}${path}`,
    ...(config.insecure ? { insecure: true } : config.certificateAuthorityData ? { caData: config.certificateAuthorityData } : {}),
    command: self.command,
    args: [...self.args, 'token', '--silent', '--config', resolve(configFile)],
  };
}

/** Returns the three named entries of `spec` as kubeconfig YAML has them. */
function entries(spec: ContextSpec): { cluster: Record<string, unknown>; user: Record<string, unknown>; context: Record<string, unknown> } {
  const cluster: Record<string, unknown> = { server: spec.server };
  if (spec.insecure) cluster['insecure-skip-tls-verify'] = true;
  else if (spec.caData) cluster['certificate-authority-data'] = spec.caData;
  return {
    cluster,
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: spec.command,
        args: spec.args,
        interactiveMode: 'Never',
      },
    },
    // loftctl leaves the namespace empty for virtual clusters: a host namespace would not exist inside.
    context: { cluster: spec.name, user: spec.name },
  };
}

/** Returns an empty kubeconfig document. */
export function emptyKubeconfig(): KubeconfigDoc {
  return { apiVersion: 'v1', clusters: [], contexts: [], 'current-context': '', kind: 'Config', preferences: {}, users: [] };
}

/** Returns a kubeconfig holding only `spec`'s context, current (what --print writes to stdout). */
export function standaloneKubeconfig(spec: ContextSpec): string {
  const doc = emptyKubeconfig();
  setContext(doc, spec, true);
  return renderKubeconfig(doc);
}

/** Returns `doc` as YAML. */
export function renderKubeconfig(doc: KubeconfigDoc): string {
  return stringify(doc, { lineWidth: 0, indentSeq: false });
}

/** Returns the kubeconfig at `path` (an empty one if the file is missing or empty). */
export function readKubeconfig(path: string): KubeconfigDoc {
  if (!existsSync(path)) return emptyKubeconfig();
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') return emptyKubeconfig();
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new CliError(`cannot read kubeconfig ${path}: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new CliError(`cannot read kubeconfig ${path}: not a YAML mapping`);
  return doc as KubeconfigDoc;
}

function upsert<T extends { name: string }>(list: T[] | null | undefined, item: T): T[] {
  const items = Array.isArray(list) ? list : [];
  const index = items.findIndex((i) => i?.name === item.name);
  if (index >= 0) items[index] = item;
  else items.push(item);
  return items;
}

/** Adds or replaces `spec`'s cluster, user and context in `doc`; makes it current when `makeCurrent`. */
export function setContext(doc: KubeconfigDoc, spec: ContextSpec, makeCurrent: boolean): void {
  const e = entries(spec);
  doc.apiVersion ??= 'v1';
  doc.kind ??= 'Config';
  doc.clusters = upsert(doc.clusters, { name: spec.name, cluster: e.cluster });
  doc.users = upsert(doc.users, { name: spec.name, user: e.user });
  doc.contexts = upsert(doc.contexts, { name: spec.name, context: e.context });
  if (makeCurrent) doc['current-context'] = spec.name;
}

/** Removes context `name` and the cluster and user of the same name; if it was current, another context becomes current. */
export function removeContext(doc: KubeconfigDoc, name: string): { removed: boolean; current?: string } {
  const before = (doc.contexts ?? []).length + (doc.clusters ?? []).length + (doc.users ?? []).length;
  doc.contexts = (doc.contexts ?? []).filter((c) => c?.name !== name);
  doc.clusters = (doc.clusters ?? []).filter((c) => c?.name !== name);
  doc.users = (doc.users ?? []).filter((u) => u?.name !== name);
  const removed = before !== doc.contexts.length + doc.clusters.length + doc.users.length;
  if (doc['current-context'] === name) {
    doc['current-context'] = doc.contexts[0]?.name ?? '';
    return { removed, current: doc['current-context'] };
  }
  return { removed };
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// client-go's lock file (<path>.lock, created exclusively) keeps a concurrent kubectl or loft
// from losing the edit.
/** Returns what `change` returned after applying it to the kubeconfig at `path` under its lock file. */
export function updateKubeconfig<T>(path: string, change: (doc: KubeconfigDoc) => T): T {
  // Symlinked kubeconfigs stay symlinks: write through to the real file.
  const target = existsSync(path) ? realpathSync(path) : path;
  const lock = `${target}.lock`;
  const deadline = Date.now() + 5000;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      fd = openSync(lock, 'wx', 0o600);
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw new CliError(`cannot lock kubeconfig ${target}: ${(err as Error).message}`);
      if (Date.now() > deadline) throw new CliError(`kubeconfig ${target} is locked (${lock} exists); remove that file if no kubectl or loft is running`);
      sleepSync(25);
    }
  }
  try {
    const doc = readKubeconfig(target);
    const result = change(doc);
    const mode = existsSync(target) ? statSync(target).mode & 0o777 : 0o600;
    writePrivate(target, renderKubeconfig(doc), mode);
    return result;
  } finally {
    closeSync(fd);
    try {
      unlinkSync(lock);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
