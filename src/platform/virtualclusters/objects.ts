// Applying a template's `objects` (multi-document YAML) into a cluster and pruning what a later
// render dropped (loft-platform-api.md §9.2: lastAppliedObjects "used to delete objects removed
// from the template"). Objects are applied with server-side apply under the controller's own
// field manager, forced: the template owns the fields it sets, a field a new render leaves out
// is removed, and fields others set (status, defaults, a user's extra labels) stay.
//
// An object whose rendered document is unchanged since the last apply and whose live state
// already holds every field of it is not written again, so a steady-state reconcile writes nothing.

import { isMap, isSeq, parseAllDocuments, stringify } from 'yaml';
import { isStatusError, type KubeObject } from '../../apimachinery/index.ts';
import { controllerUser, type SystemClient } from '../../controllers/index.ts';
import { jsonEqual, type RequestContext, type ResourceInfo } from '../../registry/index.ts';
import { permanentErrorMessage, settleAll } from './context.ts';
import { asObject } from './types.ts';

/** The field manager of objects the virtual cluster controller applies. */
export const objectsFieldManager = 'loft-virtualcluster-controller';

const maxAliasCount = 100;

/** Returns the objects of a multi-document YAML string (empty documents skipped, v1 List expanded); throws on bad input. */
export function parseManifests(text: string): KubeObject[] {
  const objects: KubeObject[] = [];
  parseAllDocuments(text, { prettyErrors: false }).forEach((doc, i) => {
    const where = `document ${i + 1}`;
    const [first] = doc.errors;
    if (first) throw new Error(`${where}: ${first.message.split('\n')[0]}`);
    if (doc.contents === null) return;
    if (!isMap(doc.contents)) throw new Error(`${where}: ${isSeq(doc.contents) ? 'a list' : 'a scalar'} is not a Kubernetes object`);
    const obj = doc.toJS({ maxAliasCount }) as KubeObject;
    const items = obj.kind === 'List' && (obj.apiVersion === 'v1' || obj.apiVersion === undefined) && Array.isArray(obj.items) ? (obj.items as unknown[]) : [obj];
    items.forEach((item, j) => {
      const at = items.length > 1 || item !== obj ? `${where} item ${j + 1}` : where;
      const o = asObject(item) as KubeObject | undefined;
      if (!o) throw new Error(`${at}: not a Kubernetes object`);
      if (typeof o.apiVersion !== 'string' || o.apiVersion === '') throw new Error(`${at}: apiVersion is required`);
      if (typeof o.kind !== 'string' || o.kind === '') throw new Error(`${at}: kind is required`);
      const meta = asObject(o.metadata);
      if (!meta || typeof meta.name !== 'string' || meta.name === '') throw new Error(`${at}: metadata.name is required (generateName cannot be tracked)`);
      if (meta.namespace !== undefined && typeof meta.namespace !== 'string') throw new Error(`${at}: metadata.namespace must be a string`);
      objects.push(o);
    });
  });
  return objects;
}

/** Returns the objects of a lastAppliedObjects string; unreadable bookkeeping counts as nothing applied. */
export function parseApplied(text: string | undefined): KubeObject[] {
  if (!text) return [];
  try {
    return parseManifests(text);
  } catch {
    return [];
  }
}

/** Returns a multi-document YAML string of `objects`. */
export function manifestsYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}

/** Where manifests go. */
export interface ApplyTarget {
  client: SystemClient;
  cluster: string;
  /** The namespace of namespaced objects that name none. */
  defaultNamespace: string;
  /** When set, objects must be namespaced and in this namespace (space objects stay in their space). */
  onlyNamespace?: string;
}

/** One manifest located in the target cluster. */
interface Located {
  object: KubeObject;
  info: ResourceInfo | undefined;
  namespace: string | undefined;
  key: string;
}

/** The outcome of applying manifests. */
export interface ApplyResult {
  /** Objects now in place (written or already in sync), as applied. */
  applied: KubeObject[];
  /** Kinds the cluster does not serve (yet): "<kind>.<group>/<version>". */
  waiting: string[];
  /** Failures, one message per object. */
  failed: string[];
}

function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Returns where `obj` lives in the target: its resource (if served), namespace and identity key. */
function locate(target: ApplyTarget, obj: KubeObject): Located {
  const { group, version } = groupVersion(obj.apiVersion ?? '');
  const all = target.client.catalog.forCluster(target.cluster).all;
  // Any served version identifies the object (apps/v1 and apps/v1beta1 name the same Deployment);
  // the exact version is needed to apply.
  const info = all.find((r) => r.group === group && r.version === version && r.kind === obj.kind) ?? all.find((r) => r.group === group && r.kind === obj.kind);
  const written = obj.metadata?.namespace || undefined;
  const namespaced = info ? info.namespaced : written !== undefined;
  const namespace = namespaced ? (written ?? target.defaultNamespace) : undefined;
  return { object: obj, info, namespace, key: `${group}/${obj.kind}/${namespace ?? ''}/${obj.metadata?.name ?? ''}` };
}

/** Returns the identity keys of `objects` in the target (for pruning). */
export function identities(target: ApplyTarget, objects: readonly KubeObject[]): Set<string> {
  return new Set(objects.map((o) => locate(target, o).key));
}

function contextFor(cluster: string): RequestContext {
  return { cluster, user: controllerUser, dryRun: false, fieldManager: objectsFieldManager, fieldValidation: 'Ignore', warnings: [] };
}

/** Returns whether every field of `want` has the same value in `have` (maps recursively, lists element-wise). */
function holds(have: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(have) && have.length === want.length && want.every((w, i) => holds(have[i], w));
  const w = asObject(want);
  if (w) {
    const h = asObject(have);
    return !!h && Object.entries(w).every(([k, v]) => holds(h[k], v));
  }
  return have === want;
}

/** Applies `objects` (Namespaces and CRDs first, the rest after, each group concurrently). */
export async function applyManifests(target: ApplyTarget, objects: readonly KubeObject[], previous: readonly KubeObject[]): Promise<ApplyResult> {
  const result: ApplyResult = { applied: [], waiting: [], failed: [] };
  const before = new Map(previous.map((o) => [locate(target, o).key, o]));
  const located = objects.map((o) => locate(target, o));
  const first = (l: Located): boolean => l.info?.group === '' && l.info.resource === 'namespaces' || l.info?.group === 'apiextensions.k8s.io' && l.info.resource === 'customresourcedefinitions';
  const outcomes = new Map<Located, KubeObject | undefined>();
  for (const tier of [located.filter(first), located.filter((l) => !first(l))]) {
    await settleAll(tier.map(async (l) => outcomes.set(l, await applyOne(target, l, before.get(l.key), result))));
  }
  // Report in document order.
  for (const l of located) {
    const applied = outcomes.get(l);
    if (applied) result.applied.push(applied);
  }
  return result;
}

/** Applies one object; returns it when it is in place, records why not otherwise. */
async function applyOne(target: ApplyTarget, l: Located, last: KubeObject | undefined, result: ApplyResult): Promise<KubeObject | undefined> {
  const { object, info, namespace } = l;
  const name = object.metadata?.name as string;
  const what = `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
  if (!info || info.version !== groupVersion(object.apiVersion ?? '').version) {
    result.waiting.push(`${object.kind}.${object.apiVersion}`);
    return undefined;
  }
  if (target.onlyNamespace !== undefined) {
    if (!info.namespaced) {
      result.failed.push(`${what}: only namespaced objects can be applied to the space, and ${object.kind} is cluster-scoped`);
      return undefined;
    }
    if (info.group === 'management.loft.sh') {
      // Server-side apply creates without admission; platform objects never come from a template.
      result.failed.push(`${what}: ${info.group} objects cannot be applied to the space`);
      return undefined;
    }
    if (namespace !== target.onlyNamespace) {
      result.failed.push(`${what}: space objects must be in the space namespace ${target.onlyNamespace}`);
      return undefined;
    }
  }
  const body: KubeObject = { ...object, metadata: { ...object.metadata, name, ...(namespace ? { namespace } : {}) } };
  for (const field of ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields', 'deletionTimestamp', 'generation'] as const) delete body.metadata?.[field];
  if (!info.namespaced && body.metadata) delete body.metadata.namespace;
  try {
    if (last && jsonEqual(last, object)) {
      const live = await target.client.forInfo(target.cluster, info).get(namespace, name);
      if (live && holds(live, body)) return object;
    }
    await target.client.store(info).patch(contextFor(target.cluster), namespace, name, 'apply', body, { force: true });
    return object;
  } catch (err) {
    // What retrying cannot fix (an invalid object, say) is reported; the rest is retried.
    const message = permanentErrorMessage(err);
    if (message === undefined) throw err;
    result.failed.push(`${what}: ${message}`);
    return undefined;
  }
}

/** Deletes the `previous` objects whose identity is not in `keep`; returns the ones still there. */
export async function pruneManifests(target: ApplyTarget, previous: readonly KubeObject[], keep: ReadonlySet<string>, failed: string[]): Promise<KubeObject[]> {
  const remaining: KubeObject[] = [];
  await settleAll(
    previous.map(async (o) => {
      const l = locate(target, o);
      if (keep.has(l.key)) return;
      // A kind the cluster no longer serves has no objects left to delete.
      if (!l.info) return;
      if (target.onlyNamespace !== undefined && l.namespace !== target.onlyNamespace) return;
      try {
        await target.client.forInfo(target.cluster, l.info).delete(l.namespace, o.metadata?.name as string, { propagationPolicy: 'Background' });
      } catch (err) {
        if (isStatusError(err, 'NotFound')) return;
        const message = permanentErrorMessage(err);
        if (message === undefined) throw err;
        failed.push(`deleting ${o.kind} ${l.namespace ? `${l.namespace}/` : ''}${o.metadata?.name ?? ''}: ${message}`);
        remaining.push(o);
      }
    }),
  );
  return remaining;
}

/** Returns "2 charts and 1 app recorded; installing charts and apps is not supported yet", or '' when there are none. */
export function chartsAndAppsNote(charts: unknown, apps: unknown): string {
  const c = Array.isArray(charts) ? charts.length : 0;
  const a = Array.isArray(apps) ? apps.length : 0;
  if (c === 0 && a === 0) return '';
  const parts = [c > 0 ? `${c} chart${c === 1 ? '' : 's'}` : '', a > 0 ? `${a} app${a === 1 ? '' : 's'}` : ''].filter(Boolean);
  return `${parts.join(' and ')} recorded; installing charts and apps is not supported yet`;
}
