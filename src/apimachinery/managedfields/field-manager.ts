// The field manager the registry calls on every write (k8s.io/apimachinery
// pkg/util/managedfields/internal: fieldmanager.go and the managers it stacks). Upstream wraps
// one Manager in layers; here they are steps of two functions, outermost first:
//   last-applied updater → last-applied manager → skip-non-applied → cap managers →
//   build manager info → managed-fields updater (times) → strip meta → structured merge.

import { badRequest, StatusError } from '../errors.ts';
import type { KubeObject, ManagedFieldsEntry } from '../object.ts';
import type { Schema, SchemaResolver } from '../schema.ts';
import { ApplyConflicts, conflictError } from './conflicts.ts';
import { FieldSet } from './field-set.ts';
import { fieldsFromLastApplied, kubectlManager, syncLastApplied } from './last-applied.ts';
import {
  capUpdateManagers,
  copyManaged,
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  formatTime,
  managerIdentifier,
  stripMeta,
  type Managed,
} from './managers.ts';
import { fieldElement, isObject } from './path.ts';
import { cloneValue, TypedError, validateValue, valueEquals } from './typed.ts';
import { TypeResolver, type TypeNode } from './types.ts';
import { Updater } from './updater.ts';

/** FieldManagerOptions are what both operations need to know about the object and the request. */
export interface FieldManagerOptions {
  /** The field manager of the request (`?fieldManager=`, else derived from the user agent). */
  manager: string;
  /** The apiVersion the object is served at, "apps/v1" or "v1". */
  apiVersion: string;
  /** The subresource written ("status", "scale"), when not the main resource. */
  subresource?: string;
  /** When the change happens; recorded, to the second, as the entry's time. */
  now: Date | string;
  /** The object's schema (OpenAPI for built-in kinds, the structural schema for CRDs); undefined types it by its values. */
  schema: Schema | undefined;
  /** Follows `$ref`s in `schema`. */
  resolve: SchemaResolver;
  /**
   * Fields the strategy resets on this endpoint, which no manager may own (upstream's reset
   * fields): e.g. [['status']] for a main resource with a status subresource, [['spec']] for
   * the status subresource.
   */
  ignoredFields?: ReadonlyArray<readonly string[]>;
  /**
   * The object of this kind a create starts from, and that fields set before the first apply are
   * compared with (upstream: the kind's new, zero-valued object). Defaults to {}, which is right
   * for custom resources; for built-in kinds pass zeroObject(schema, resolve) to get exactly
   * upstream's entries (no `".": {}` under `f:spec` for a created Deployment).
   */
  emptyObject?: KubeObject;
}

/** UpdateManagedFieldsOptions describe a create, update or non-apply patch. */
export interface UpdateManagedFieldsOptions extends FieldManagerOptions {
  /** The stored object; undefined on create (which starts from `emptyObject`). */
  live?: KubeObject;
  /** The object about to be stored, with the managedFields the request carried (if any). */
  updated: KubeObject;
}

/** ApplyConfigurationOptions describe a server-side apply patch. */
export interface ApplyConfigurationOptions extends FieldManagerOptions {
  /** The stored object; undefined when the apply creates it. */
  live?: KubeObject;
  /** The applied configuration, parsed from the request body. */
  applied: KubeObject;
  /** `?force=true`: take contested fields instead of failing with a conflict. */
  force: boolean;
}

/** ApplyResult is the object to store, carrying its new managedFields. */
export interface ApplyResult {
  object: KubeObject;
  /** Whether anything other than managedFields differs from the live object. */
  changed: boolean;
}

const resolvers = new WeakMap<SchemaResolver, TypeResolver>();

/** Returns the type of objects described by `schema`, sharing resolved types per resolver. */
function objectType(schema: Schema | undefined, resolve: SchemaResolver): TypeNode {
  let resolver = resolvers.get(resolve);
  if (!resolver) {
    resolver = new TypeResolver(resolve);
    resolvers.set(resolve, resolver);
  }
  return resolver.root(schema);
}

/** Returns the set of ignored field paths. */
function ignoredSet(paths: ReadonlyArray<readonly string[]> | undefined): FieldSet | undefined {
  if (!paths?.length) return undefined;
  return FieldSet.of(...paths.map((p) => p.map(fieldElement)));
}

/** Returns a copy of `obj` without metadata.managedFields (RemoveObjectManagedFields). */
function withoutManagedFields(obj: KubeObject): KubeObject {
  const copy = cloneValue(obj);
  if (isObject(copy.metadata)) delete copy.metadata.managedFields;
  return copy;
}

/** Returns `obj` carrying `entries` as its managedFields, or none when empty (EncodeObjectManagedFields). */
function withManagedFields(obj: KubeObject, entries: ManagedFieldsEntry[]): KubeObject {
  const metadata = { ...obj.metadata };
  if (entries.length > 0) metadata.managedFields = entries;
  else delete metadata.managedFields;
  return { ...obj, metadata };
}

/** Returns "<namespace>/<name>; <group>/<version>, Kind=<kind>" as upstream names an object in errors (objectGVKNN). */
function describeObject(obj: KubeObject): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const gv = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}; ${gv}, Kind=${typeof obj.kind === 'string' ? obj.kind : ''}`;
}

/** Returns the error for a value that does not fit its type: a 500 without reason, as the apiserver reports non-Status errors. */
function typedFailure(what: string, obj: KubeObject, errors: ReadonlyArray<{ path: string; message: string }>): StatusError {
  return new StatusError(500, '', `failed to create typed ${what} object (${describeObject(obj)}): ${new TypedError(errors).message}`);
}

// The managed-fields updater hands the structured merge this placeholder as the manager of an
// update, so the manager's earlier entry is treated like anyone else's, then merges the two.
const currentOperation = 'current-operation';

interface Context {
  readonly updater: Updater;
  readonly apiVersion: string;
  readonly now: string;
  readonly emptyObject: KubeObject;
}

/** Returns the context both operations share. */
function context(opts: FieldManagerOptions, type: TypeNode): Context {
  return {
    updater: new Updater(type, ignoredSet(opts.ignoredFields)),
    apiVersion: opts.apiVersion,
    now: formatTime(opts.now),
    emptyObject: opts.emptyObject ? withoutManagedFields(opts.emptyObject) : {},
  };
}

/** Returns `managed` after an Update by manager `id` from `live` to `next`; the entry's time moves only when it gained fields (managedfieldsupdater.go). */
function trackUpdate(ctx: Context, live: unknown, next: unknown, managed: Managed, id: string): Managed {
  const out = copyManaged(managed);
  ctx.updater.updateOp(live, next, ctx.apiVersion, out.fields, currentOperation);
  stripMeta(out.fields, currentOperation);
  const vs = out.fields.get(currentOperation);
  if (vs) {
    out.fields.delete(currentOperation);
    const previous = out.fields.get(id);
    out.fields.set(id, previous ? { set: vs.set.union(previous.set), apiVersion: vs.apiVersion, applied: false } : vs);
    out.times.set(id, ctx.now);
  }
  return out;
}

/** Returns the applied object and managed fields; throws ApplyConflicts unless `force`. */
function trackApply(ctx: Context, live: KubeObject, applied: KubeObject, managed: Managed, id: string, force: boolean): { object: KubeObject; managed: Managed } {
  let start = managed;
  if (start.fields.size === 0) {
    // skipnonapplied.go: an object never tracked before (created before field management, or
    // its managedFields reset) gets its current fields assigned to "before-first-apply", so
    // that the first apply conflicts with values it did not set.
    const bfa = managerIdentifier({ manager: 'before-first-apply', operation: 'Update', apiVersion: ctx.apiVersion });
    start = capUpdateManagers(trackUpdate(ctx, ctx.emptyObject, live, start, bfa));
  }
  const out = copyManaged(start);
  const next = ctx.updater.applyOp(live, applied, ctx.apiVersion, out.fields, id, force);
  stripMeta(out.fields, id);
  if (next === undefined) return { object: cloneValue(live), managed: out };
  out.times.set(id, ctx.now);
  return { object: next as KubeObject, managed: out };
}

/** Returns whether the request asks to clear managedFields: an empty list, or a list of one empty entry. */
function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  if (entries.length !== 1 || !isObject(entries[0])) return false;
  return Object.values(entries[0]).every((v) => v === undefined || v === null || v === '');
}

/** Returns the managed fields an update starts from: the request's when it sets valid ones, else the live object's. */
function managedForUpdate(opts: UpdateManagedFieldsOptions): Managed {
  const fromLive = (): Managed => {
    try {
      return decodeManagedFields(opts.live?.metadata?.managedFields);
    } catch {
      return emptyManaged();
    }
  };
  // A subresource request cannot set managedFields; only the main resource can.
  if (opts.subresource) return fromLive();
  const requested = opts.updated.metadata?.managedFields;
  if (isResetManagedFields(requested)) return emptyManaged();
  try {
    const managed = decodeManagedFields(requested);
    if (managed.fields.size > 0) return managed;
  } catch {
    // Clients that do not understand managedFields must not lose them: fall back to live.
  }
  return fromLive();
}

/**
 * Returns the managedFields to store after a create, update or non-apply patch (Update
 * operation): `manager` owns every field it added or changed, other managers lose those and the
 * removed ones, managers left with nothing are dropped, and at most 10 Update entries are kept.
 * An empty result means the object carries no managedFields (omit the field). Never throws: like
 * upstream's UpdateNoErrors, a failure yields no managedFields rather than failing the write.
 */
export function updateManagedFields(opts: UpdateManagedFieldsOptions): ManagedFieldsEntry[] {
  try {
    const managed = managedForUpdate(opts);
    // skipnonapplied.go: an existing object without managed fields stays untracked until applied to.
    if (managed.fields.size === 0 && opts.live?.metadata?.uid) return [];
    const type = objectType(opts.schema, opts.resolve);
    const ctx = context(opts, type);
    const live = opts.live ? withoutManagedFields(opts.live) : ctx.emptyObject;
    const next = withoutManagedFields(opts.updated);
    if (validateValue(live, type, false).length > 0 || validateValue(next, type, false).length > 0) return [];
    const id = managerIdentifier({ manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, subresource: opts.subresource });
    return encodeManagedFields(capUpdateManagers(trackUpdate(ctx, live, next, managed, id)));
  } catch {
    return [];
  }
}

/**
 * Returns the object a server-side apply produces, with its new managedFields: `applied` merged
 * into `live` (maps by key, map-lists by key, set-lists by value, atomic values replaced), minus
 * what `manager` applied before and omits now when nobody else owns it. Throws a 409 with
 * FieldManagerConflict causes when another manager owns a field whose value would change and
 * `force` is false; 400 when the configuration names another apiVersion or carries managedFields;
 * 500 when a list in it cannot be keyed (duplicates, missing keys), as upstream.
 */
export function applyConfiguration(opts: ApplyConfigurationOptions): ApplyResult {
  const { applied, manager, apiVersion } = opts;
  // structuredmerge.go: the configuration must be at the served version and must not carry managedFields.
  const patchVersion = typeof applied.apiVersion === 'string' ? applied.apiVersion : '';
  if (patchVersion !== apiVersion) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${patchVersion}, expected: ${apiVersion}`);
  }
  const requested = applied.metadata?.managedFields;
  if (requested !== undefined && requested !== null) throw badRequest('metadata.managedFields must be nil');

  let managed: Managed;
  try {
    managed = decodeManagedFields(opts.live?.metadata?.managedFields);
  } catch (err) {
    throw new StatusError(500, '', `failed to decode managed fields: ${(err as Error).message}`);
  }
  const type = objectType(opts.schema, opts.resolve);
  const live = opts.live ? withoutManagedFields(opts.live) : {};
  const configErrors = validateValue(applied, type, true);
  if (configErrors.length > 0) throw typedFailure('patch', applied, configErrors);
  const liveErrors = validateValue(live, type, false);
  if (liveErrors.length > 0) throw typedFailure('live', live, liveErrors);

  const ctx = context(opts, type);
  const id = managerIdentifier({ manager, operation: 'Apply', subresource: opts.subresource });
  let result: { object: KubeObject; managed: Managed };
  try {
    result = trackApply(ctx, live, applied, managed, id, opts.force);
  } catch (err) {
    if (!(err instanceof ApplyConflicts)) throw err;
    // lastappliedmanager.go: fields kubectl set with client-side apply are not conflicts for kubectl.
    const allowed = manager === kubectlManager ? fieldsFromLastApplied(live, apiVersion, type) : undefined;
    const remaining = allowed ? err.conflicts.filter((c) => !allowed.has(c.path)) : err.conflicts;
    if (remaining.length > 0) throw conflictError(remaining);
    result = trackApply(ctx, live, applied, managed, id, true);
  }
  let object = result.object;
  if (manager === kubectlManager) object = syncLastApplied(object, applied);
  return {
    object: withManagedFields(object, encodeManagedFields(result.managed)),
    changed: !valueEquals(withoutManagedFields(object), live),
  };
}
