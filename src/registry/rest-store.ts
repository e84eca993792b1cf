// RestStore: the REST verbs of one resource over Storage, written once for every kind
// (k8s.io/apiserver pkg/registry/generic/registry/store.go). Per-kind behaviour comes from the
// resource's strategy; every update goes through storage.guaranteedUpdate.

import {
  badRequest,
  conflict,
  fieldInvalid,
  invalid,
  isStatusError,
  managedFields,
  methodNotSupported,
  notFound,
  optimisticLockErrorMsg,
  patch as patches,
  pruneUnknownFields,
  StatusError,
  validation,
  type FieldError,
  type KubeObject,
  type ObjectMeta,
} from '../apimachinery/index.ts';
import { mapWatcher, shareWatchObject, type Storage, type WatchEvent, type Watcher } from '../storage/index.ts';
import { objectKey, resourcePrefix } from './keys.ts';
import {
  clone,
  generateName,
  jsonEqual,
  keepSystemMetadata,
  newUid,
  rfc3339,
  specChanged,
  withoutManagedFields,
} from './object-meta.ts';
import { apiVersionOf, type RequestContext, type ResourceInfo } from './resource.ts';
import { selectionPredicate } from './selection.ts';
import { storedAsStorage } from './stored-as.ts';
import { interpretStorageError } from './storage-errors.ts';

/** ListOptions as the query string carries them (metav1.ListOptions). */
export interface RestListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

/** WatchOptions add the watch-only parameters. */
export interface RestWatchOptions extends RestListOptions {
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

/** DeleteOptions (metav1.DeleteOptions) from the body or the query. */
export interface RestDeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  orphanDependents?: boolean;
}

/** The patch media types (k8s.io/apimachinery pkg/types/patch.go). */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Admission is called on every write after defaulting and before validation and storage. */
export interface AdmissionHooks {
  /** Refuse or mutate an object about to be created or updated (old is set for updates). */
  admit?: (info: ResourceInfo, ctx: RequestContext, obj: KubeObject, old: KubeObject | undefined, subresource: string) => Promise<void>;
  /** Refuse creating objects in missing or terminating namespaces (NamespaceLifecycle). */
  checkNamespace?: (ctx: RequestContext, namespace: string, resource: { group: string; resource: string }, name: string) => Promise<void>;
  /** Refuse deleting an object (e.g. the system namespaces). */
  validateDelete?: (info: ResourceInfo, ctx: RequestContext, obj: KubeObject) => Promise<void>;
}

/** Thrown inside guaranteedUpdate to end a dry run with the object that would be written. */
class DryRunResult {
  readonly object: KubeObject;
  constructor(object: KubeObject) {
    this.object = object;
  }
}

/** The options every field-manager call of a resource shares. */
interface FieldTracking {
  apiVersion: string;
  subresource: string | undefined;
  now: string;
  schema: ResourceInfo['schema'];
  resolve: ResourceInfo['resolve'];
  emptyObject?: KubeObject;
  ignoredFields?: string[][];
}

/** WriteResult reports an update or patch: whether it created the object. */
export interface WriteOutcome {
  object: KubeObject;
  created: boolean;
}

/** DeleteOutcome reports a delete: `deleted` false means it is waiting on finalizers. */
export interface DeleteOutcome {
  object: KubeObject;
  deleted: boolean;
}

const maxDeleteRetries = 20;

/** RestStore serves one resource of one logical cluster's worth of keys. */
export class RestStore {
  readonly info: ResourceInfo;
  private readonly storage: Storage;
  private readonly hooks: AdmissionHooks;
  private zero: KubeObject | undefined;
  /** Served copies of stored objects whose apiVersion or kind this version rewrites (watch). */
  private readonly servedCopies = new WeakMap<KubeObject, KubeObject>();

  constructor(storage: Storage, info: ResourceInfo, hooks: AdmissionHooks = {}) {
    this.storage = info.storedAs ? storedAsStorage(storage, `${info.group || 'core'}/${info.resource}`, info.storedAs) : storage;
    this.info = info;
    this.hooks = hooks;
  }

  private get gr(): { group: string; resource: string } {
    return { group: this.info.group, resource: this.info.resource };
  }

  private key(ctx: RequestContext, namespace: string | undefined, name: string): string {
    return objectKey(ctx.cluster, this.info.group, this.info.resource, this.info.namespaced ? namespace : undefined, name);
  }

  /** Returns the object as this version serves it (apiVersion rewritten for multi-version CRDs). */
  private served(obj: KubeObject): KubeObject {
    obj.apiVersion = apiVersionOf(this.info);
    obj.kind = this.info.kind;
    return obj;
  }

  /** Returns one object. */
  async get(ctx: RequestContext, namespace: string | undefined, name: string, resourceVersion?: string): Promise<KubeObject> {
    try {
      return this.served(await this.storage.get(this.key(ctx, namespace, name), { resourceVersion }));
    } catch (err) {
      throw interpretStorageError(err, this.gr, name);
    }
  }

  /** Returns the list object (`<Kind>List`) of the namespace, or of all namespaces when undefined. */
  async list(ctx: RequestContext, namespace: string | undefined, opts: RestListOptions): Promise<KubeObject> {
    const predicate = selectionPredicate(this.info, opts.labelSelector, opts.fieldSelector);
    try {
      const result = await this.storage.list(resourcePrefix(ctx.cluster, this.info.group, this.info.resource, this.info.namespaced ? namespace : undefined), {
        limit: opts.limit,
        continue: opts.continue,
        resourceVersion: opts.resourceVersion,
        resourceVersionMatch: opts.resourceVersionMatch as 'Exact' | 'NotOlderThan' | '' | undefined,
        predicate: predicate.everything ? undefined : predicate.match,
      });
      const metadata: Record<string, unknown> = { resourceVersion: result.resourceVersion };
      if (result.continue) metadata.continue = result.continue;
      return {
        apiVersion: apiVersionOf(this.info),
        kind: this.info.listKind,
        metadata,
        items: result.items.map((item) => this.served(item)),
      };
    } catch (err) {
      throw interpretStorageError(err, this.gr, '');
    }
  }

  /** Starts a watch of the namespace (or all namespaces), narrowed to one key when a metadata.name selector pins it. */
  watch(ctx: RequestContext, namespace: string | undefined, opts: RestWatchOptions): Watcher {
    const predicate = selectionPredicate(this.info, opts.labelSelector, opts.fieldSelector);
    const ns = this.info.namespaced ? namespace : undefined;
    const single = predicate.name !== undefined && (ns !== undefined || !this.info.namespaced);
    const key = single ? this.key(ctx, ns, predicate.name as string) : resourcePrefix(ctx.cluster, this.info.group, this.info.resource, ns);
    const inner = this.storage.watch(key, {
      recursive: !single,
      resourceVersion: opts.resourceVersion,
      predicate: predicate.everything ? undefined : predicate.match,
      sendInitialEvents: opts.sendInitialEvents,
      bookmarks: opts.allowWatchBookmarks,
    });
    const gr = this.gr;
    return mapWatcher(
      inner,
      (event) => (event.type === 'BOOKMARK' ? event : this.servedEvent(event)),
      (err) => interpretStorageError(err, gr, ''),
    );
  }

  /**
   * Returns a watch event with its object as this version serves it. The stored object is
   * shared by every watcher of the change (and the controllers), so it is never changed: when
   * its apiVersion or kind differ (another version of a CRD, an object stored without them)
   * one served copy per stored object is made and shared in turn.
   */
  private servedEvent(event: Exclude<WatchEvent, { type: 'BOOKMARK' }>): WatchEvent {
    const stored = event.object;
    const apiVersion = apiVersionOf(this.info);
    if (stored.apiVersion === apiVersion && stored.kind === this.info.kind) return event;
    let served = this.servedCopies.get(stored);
    if (!served) {
      served = shareWatchObject({ ...stored, apiVersion, kind: this.info.kind });
      this.servedCopies.set(stored, served);
    }
    return { ...event, object: served };
  }

  /** Creates `input` in `namespace`; returns the stored object. */
  async create(ctx: RequestContext, namespace: string | undefined, input: KubeObject): Promise<KubeObject> {
    const obj = clone(input);
    this.checkTypeMeta(obj);
    this.checkUnknownFields(ctx, obj);
    const meta = this.checkNamespace(obj, namespace);
    if (this.hooks.checkNamespace && this.info.namespaced && meta.namespace) {
      await this.hooks.checkNamespace(ctx, meta.namespace, this.gr, meta.name || meta.generateName || 'Unknown');
    }
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    const name = meta.name ?? '';
    // rest.BeforeCreate: system fields are the server's, whatever the client sent.
    meta.uid = newUid();
    meta.creationTimestamp = rfc3339(new Date());
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (this.info.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    if (this.info.strategy.hasStatusSubresource && !this.info.strategy.prepareForCreate) delete obj.status;
    this.info.strategy.prepareForCreate?.(obj, ctx);
    this.info.strategy.defaults?.(obj);
    await this.hooks.admit?.(this.info, ctx, obj, undefined, '');
    this.validate(obj, [...this.validateMeta(obj), ...(this.info.strategy.validate?.(obj, ctx) ?? [])]);
    this.trackFields(ctx, obj, undefined, '', 'Update');
    if (ctx.dryRun) return this.served({ ...obj, metadata: { ...obj.metadata } });
    try {
      return this.served(await this.storage.create(this.key(ctx, meta.namespace, name), obj));
    } catch (err) {
      throw interpretStorageError(err, this.gr, name);
    }
  }

  /** Replaces the object (PUT), or its status or scale with `subresource`. */
  async update(ctx: RequestContext, namespace: string | undefined, name: string, input: KubeObject, subresource = ''): Promise<WriteOutcome> {
    const obj = clone(input);
    if (subresource !== 'scale') {
      this.checkTypeMeta(obj);
      this.checkUnknownFields(ctx, obj);
      const meta = this.checkNamespace(obj, namespace);
      if (meta.name !== name) {
        throw badRequest(`the name of the object (${meta.name ?? ''}) does not match the name on the URL (${name})`);
      }
    }
    const requestedVersion = obj.metadata?.resourceVersion;
    return this.write(ctx, namespace, name, subresource, false, async (current) => {
      if (!current) throw notFound(this.gr, name);
      // An update carrying a resourceVersion is conditional on it (optimistic concurrency);
      // without one it is unconditional, as `kubectl replace` expects.
      if (requestedVersion && requestedVersion !== current.metadata?.resourceVersion) {
        throw conflict(this.gr, name, optimisticLockErrorMsg);
      }
      return subresource === 'scale' ? this.applyScale(current, obj) : obj;
    });
  }

  /** Applies a patch of `type` to the object, or to its status or scale with `subresource`. */
  async patch(
    ctx: RequestContext,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    opts: { subresource?: string; force?: boolean } = {},
  ): Promise<WriteOutcome> {
    const subresource = opts.subresource ?? '';
    if (type === 'apply') return this.apply(ctx, namespace, name, body, subresource, opts.force ?? false);
    return this.write(ctx, namespace, name, subresource, false, async (current) => {
      if (!current) throw notFound(this.gr, name);
      const base = subresource === 'scale' ? this.scaleOf(current) : current;
      const patched = this.applyPatch(type, base, body) as KubeObject;
      if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) {
        throw new StatusError(422, 'Invalid', 'the patched object is not a JSON object');
      }
      const requestedVersion = patched.metadata?.resourceVersion;
      if (requestedVersion && requestedVersion !== current.metadata?.resourceVersion) {
        throw conflict(this.gr, name, optimisticLockErrorMsg);
      }
      if (subresource === 'scale') return this.applyScale(current, patched);
      this.checkUnknownFields(ctx, patched);
      if (patched.metadata?.name !== name) {
        throw badRequest(`the name of the object (${patched.metadata?.name ?? ''}) does not match the name on the URL (${name})`);
      }
      return patched;
    });
  }

  /** Deletes the object, or marks it terminating while finalizers run. */
  async delete(ctx: RequestContext, namespace: string | undefined, name: string, options: RestDeleteOptions = {}): Promise<DeleteOutcome> {
    const key = this.key(ctx, namespace, name);
    for (let attempt = 0; ; attempt++) {
      let current: KubeObject;
      try {
        current = await this.storage.get(key);
      } catch (err) {
        throw interpretStorageError(err, this.gr, name);
      }
      const meta = current.metadata ?? {};
      if (attempt === 0) await this.hooks.validateDelete?.(this.info, ctx, current);
      const pre = options.preconditions;
      if (pre?.uid && pre.uid !== meta.uid) {
        throw conflict(this.gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid ?? ''}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
        throw conflict(
          this.gr,
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`,
        );
      }
      const next = clone(current);
      const nextMeta = next.metadata as ObjectMeta;
      const finalizers = new Set(nextMeta.finalizers ?? []);
      // api-concepts "Cascading deletion": the policy is recorded as a finalizer that the
      // garbage collector honours (orphan, foregroundDeletion); Background needs none.
      const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : undefined);
      if (!meta.deletionTimestamp || policy) {
        if (policy === 'Orphan') {
          finalizers.add('orphan');
          finalizers.delete('foregroundDeletion');
        } else if (policy === 'Foreground') {
          finalizers.add('foregroundDeletion');
          finalizers.delete('orphan');
        } else if (policy === 'Background') {
          finalizers.delete('orphan');
          finalizers.delete('foregroundDeletion');
        }
      }
      if (finalizers.size > 0) nextMeta.finalizers = [...finalizers];
      else delete nextMeta.finalizers;
      const pending = finalizers.size > 0 || (this.info.strategy.pendingFinalizers?.(next) ?? false);
      if (pending) {
        if (!nextMeta.deletionTimestamp) {
          nextMeta.deletionTimestamp = rfc3339(new Date());
          nextMeta.deletionGracePeriodSeconds = 0;
        }
        this.info.strategy.prepareForDelete?.(next);
        if (ctx.dryRun) return { object: this.served(next), deleted: false };
        if (jsonEqual(next, current)) return { object: this.served(current), deleted: false };
        try {
          const updated = await this.storage.guaranteedUpdate(key, () => next, { preconditions: { resourceVersion: meta.resourceVersion, uid: meta.uid } });
          return { object: this.served(updated), deleted: false };
        } catch (err) {
          if (isStatusError(err) || !(err as { code?: string }).code || (err as { code?: string }).code !== 'Conflict' || attempt >= maxDeleteRetries) {
            throw interpretStorageError(err, this.gr, name);
          }
          continue;
        }
      }
      if (ctx.dryRun) return { object: this.served(current), deleted: true };
      try {
        const deleted = await this.storage.delete(key, { preconditions: { uid: meta.uid, resourceVersion: meta.resourceVersion } });
        return { object: this.served(deleted), deleted: true };
      } catch (err) {
        if ((err as { code?: string }).code === 'Conflict' && attempt < maxDeleteRetries) continue;
        throw interpretStorageError(err, this.gr, name);
      }
    }
  }

  /** Deletes every object a list selects; returns the list of what was deleted. */
  async deleteCollection(ctx: RequestContext, namespace: string | undefined, listOptions: RestListOptions, options: RestDeleteOptions): Promise<KubeObject> {
    const list = await this.list(ctx, namespace, { labelSelector: listOptions.labelSelector, fieldSelector: listOptions.fieldSelector });
    const items: KubeObject[] = [];
    for (const item of list.items as KubeObject[]) {
      try {
        const outcome = await this.delete(ctx, item.metadata?.namespace, item.metadata?.name as string, { propagationPolicy: options.propagationPolicy });
        items.push(outcome.object);
      } catch (err) {
        if (!isStatusError(err, 'NotFound')) throw err;
      }
    }
    return { ...list, items };
  }

  /** Removes the object if it is terminating and its last finalizer is gone (after an update). */
  private async finishDeletion(ctx: RequestContext, obj: KubeObject): Promise<KubeObject> {
    const meta = obj.metadata ?? {};
    if (!meta.deletionTimestamp || (meta.finalizers?.length ?? 0) > 0 || this.info.strategy.pendingFinalizers?.(obj)) return obj;
    try {
      return await this.storage.delete(this.key(ctx, meta.namespace, meta.name as string), {
        preconditions: { uid: meta.uid, resourceVersion: meta.resourceVersion },
      });
    } catch (err) {
      // Someone changed or removed it meanwhile; their write decides.
      const code = (err as { code?: string }).code;
      if (code === 'Conflict' || code === 'KeyNotFound') return obj;
      throw interpretStorageError(err, this.gr, meta.name ?? '');
    }
  }

  /**
   * Runs an update: `compute` turns the current object into the requested one, then the store
   * keeps what the client may not change, bumps generation, validates, admits and tracks fields.
   */
  private async write(
    ctx: RequestContext,
    namespace: string | undefined,
    name: string,
    subresource: string,
    allowCreate: boolean,
    compute: (current: KubeObject | undefined) => Promise<KubeObject>,
    operation: 'Update' | 'Apply' = 'Update',
  ): Promise<WriteOutcome> {
    const key = this.key(ctx, namespace, name);
    let created = false;
    const tryUpdate = async (current: KubeObject | undefined): Promise<KubeObject> => {
      created = current === undefined;
      const requested = await compute(current);
      const obj = current ? this.prepareUpdate(ctx, requested, current, subresource) : requested;
      if (!current) {
        if (!allowCreate) throw notFound(this.gr, name);
        // An apply that creates passes the same admission as a create.
        if (this.hooks.checkNamespace && this.info.namespaced && namespace) await this.hooks.checkNamespace(ctx, namespace, this.gr, name);
        return this.prepareCreateFromWrite(ctx, obj, namespace, operation);
      }
      this.info.strategy.defaults?.(obj);
      await this.hooks.admit?.(this.info, ctx, obj, current, subresource);
      // The update check covers labels and annotations too; resourceVersion is the current one.
      const errors = validation.validateObjectMetaUpdate({ ...obj.metadata, resourceVersion: current.metadata?.resourceVersion }, current.metadata ?? {});
      errors.push(...(this.info.strategy.validateUpdate?.(obj, current, ctx) ?? this.info.strategy.validate?.(obj, ctx) ?? []));
      this.validate(obj, errors);
      // A write that changes nothing keeps the stored object byte for byte (same
      // resourceVersion, no event): kubectl prints "patched (no change)" / "unchanged".
      if (operation === 'Update' && jsonEqual(withoutManagedFields(obj), withoutManagedFields(current))) {
        if (ctx.dryRun) throw new DryRunResult(current);
        return current;
      }
      if (operation === 'Update') this.trackFields(ctx, obj, current, subresource, 'Update');
      if (ctx.dryRun) throw new DryRunResult({ ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata?.resourceVersion } });
      return obj;
    };
    try {
      let result: KubeObject;
      if (ctx.dryRun) {
        let current: KubeObject | undefined;
        try {
          current = await this.storage.get(key);
        } catch (err) {
          if ((err as { code?: string }).code !== 'KeyNotFound') throw err;
        }
        try {
          result = await tryUpdate(current);
        } catch (err) {
          if (err instanceof DryRunResult) result = err.object;
          else throw err;
        }
        return { object: this.served(result), created };
      }
      result = await this.storage.guaranteedUpdate(key, tryUpdate, { ignoreNotFound: allowCreate });
      result = await this.finishDeletion(ctx, result);
      return { object: this.served(result), created };
    } catch (err) {
      throw interpretStorageError(err, this.gr, name);
    }
  }

  /** Server-side apply (PATCH application/apply-patch+yaml): creates the object when absent. */
  private async apply(ctx: RequestContext, namespace: string | undefined, name: string, body: unknown, subresource: string, force: boolean): Promise<WriteOutcome> {
    if (!ctx.fieldManager) {
      throw new StatusError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
      });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the apply configuration must be an object');
    const applied = clone(body as KubeObject);
    this.checkTypeMeta(applied);
    this.checkUnknownFields(ctx, applied);
    const appliedMeta = this.checkNamespace(applied, namespace);
    if (appliedMeta.name !== undefined && appliedMeta.name !== name) {
      throw badRequest(`the name of the object (${appliedMeta.name}) does not match the name on the URL (${name})`);
    }
    appliedMeta.name = name;
    delete appliedMeta.managedFields;
    return this.write(
      ctx,
      namespace,
      name,
      subresource,
      true,
      async (current) => {
        const live = current ? clone(current) : undefined;
        const { object } = managedFields.applyConfiguration({
          live,
          applied,
          manager: ctx.fieldManager as string,
          force,
          ...this.fieldTracking(subresource),
        });
        return object;
      },
      'Apply',
    );
  }

  /** Applies a JSON, merge or strategic merge patch; patch errors are API errors already. */
  private applyPatch(type: PatchType, current: KubeObject, body: unknown): unknown {
    switch (type) {
      case 'json':
        return patches.applyJsonPatch(current, body);
      case 'merge':
        return patches.applyMergePatch(current, body);
      case 'strategic':
        return patches.applyStrategicMergePatch(current, body, this.info.schema, this.info.resolve);
      default:
        throw badRequest(`unsupported patch type ${type}`);
    }
  }

  /** Returns the object to store for an update: what the client may change, on top of `current`. */
  private prepareUpdate(ctx: RequestContext, requested: KubeObject, current: KubeObject, subresource: string): KubeObject {
    let obj: KubeObject;
    if (subresource === 'status') {
      // The status subresource changes status only (api-conventions "spec and status").
      obj = { ...clone(current), status: clone(requested.status) };
      if (requested.status === undefined) delete obj.status;
      obj.metadata = { ...obj.metadata, managedFields: requested.metadata?.managedFields ?? current.metadata?.managedFields };
    } else if (subresource === 'scale' || subresource === '') {
      obj = requested;
      if (subresource === '' && this.info.strategy.hasStatusSubresource) {
        if (current.status === undefined) delete obj.status;
        else obj.status = clone(current.status);
      }
    } else {
      throw methodNotSupported(this.gr, `update of subresource ${subresource}`);
    }
    obj.apiVersion = current.apiVersion;
    obj.kind = current.kind;
    const meta = (obj.metadata ??= {});
    keepSystemMetadata(meta, current.metadata ?? {});
    meta.namespace = current.metadata?.namespace;
    meta.name = current.metadata?.name;
    delete meta.resourceVersion;
    if (meta.deletionTimestamp && meta.finalizers) {
      // A terminating object may lose finalizers but not gain new ones.
      const had = new Set(current.metadata?.finalizers ?? []);
      const added = meta.finalizers.filter((f) => !had.has(f));
      if (added.length > 0) {
        throw invalid(this.info, meta.name ?? '', [
          { type: 'FieldValueForbidden', field: 'metadata.finalizers', detail: `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}` },
        ]);
      }
    }
    if (subresource === '') this.info.strategy.prepareForUpdate?.(obj, current, ctx);
    if (this.info.strategy.tracksGeneration && specChanged(obj, current)) meta.generation = (current.metadata?.generation ?? 0) + 1;
    return obj;
  }

  /** Completes an object that an apply creates (the create path's system fields and checks). */
  private async prepareCreateFromWrite(ctx: RequestContext, obj: KubeObject, namespace: string | undefined, operation: 'Update' | 'Apply'): Promise<KubeObject> {
    const meta = (obj.metadata ??= {});
    meta.uid = newUid();
    meta.creationTimestamp = rfc3339(new Date());
    if (this.info.namespaced) meta.namespace = namespace;
    if (this.info.strategy.tracksGeneration) meta.generation = 1;
    if (this.info.strategy.hasStatusSubresource) delete obj.status;
    this.info.strategy.prepareForCreate?.(obj, ctx);
    this.info.strategy.defaults?.(obj);
    await this.hooks.admit?.(this.info, ctx, obj, undefined, '');
    this.validate(obj, [...this.validateMeta(obj), ...(this.info.strategy.validate?.(obj, ctx) ?? [])]);
    if (operation === 'Update') this.trackFields(ctx, obj, undefined, '', 'Update');
    if (ctx.dryRun) throw new DryRunResult(obj);
    return obj;
  }

  /** Records field ownership of a non-apply write (metadata.managedFields). */
  private trackFields(ctx: RequestContext, obj: KubeObject, current: KubeObject | undefined, subresource: string, _operation: 'Update'): void {
    const manager = ctx.fieldManager || defaultManager(ctx);
    const meta = (obj.metadata ??= {});
    if (current) meta.managedFields = current.metadata?.managedFields;
    else delete meta.managedFields;
    meta.managedFields = managedFields.updateManagedFields({
      live: current,
      updated: obj,
      manager,
      ...this.fieldTracking(subresource),
    });
    if (!meta.managedFields || meta.managedFields.length === 0) delete meta.managedFields;
  }

  /**
   * Returns the field-manager options of this kind: its version and schema; built-in kinds start
   * from their Go zero value, and the part a subresource strategy resets (status on the main
   * resource, spec on /status) can be owned by nobody.
   */
  private fieldTracking(subresource: string): FieldTracking {
    const options: FieldTracking = {
      apiVersion: apiVersionOf(this.info),
      subresource: subresource || undefined,
      now: rfc3339(new Date()),
      schema: this.info.schema,
      resolve: this.info.resolve,
    };
    if (this.info.pruneMode !== 'structural' && this.info.schema) {
      this.zero ??= managedFields.zeroObject(this.info.schema, this.info.resolve) as KubeObject;
      options.emptyObject = this.zero;
    }
    if (this.info.strategy.hasStatusSubresource) {
      if (subresource === '') options.ignoredFields = [['status']];
      else if (subresource === 'status') options.ignoredFields = [['spec']];
    }
    return options;
  }

  /** Returns the autoscaling/v1 Scale of an object with a scale subresource. */
  scaleOf(obj: KubeObject): KubeObject {
    const scale = this.info.strategy.scale;
    if (!scale) throw notFound(this.gr, obj.metadata?.name ?? '');
    const replicas = readPath(obj, scale.specReplicasPath);
    const status: Record<string, unknown> = { replicas: readPath(obj, scale.statusReplicasPath) ?? 0 };
    const selector = scale.labelSelectorPath ? readPath(obj, scale.labelSelectorPath) : undefined;
    if (selector !== undefined) status.selector = typeof selector === 'string' ? selector : labelSelectorString(selector);
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: {
        name: obj.metadata?.name,
        namespace: obj.metadata?.namespace,
        uid: obj.metadata?.uid,
        resourceVersion: obj.metadata?.resourceVersion,
        creationTimestamp: obj.metadata?.creationTimestamp,
      },
      spec: { replicas: replicas ?? 0 },
      status,
    };
  }

  /** Returns `current` with the replicas of `scale` written into it. */
  private applyScale(current: KubeObject, scale: KubeObject): KubeObject {
    const info = this.info.strategy.scale;
    if (!info) throw notFound(this.gr, current.metadata?.name ?? '');
    const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
    if (!Number.isInteger(replicas) || (replicas as number) < 0) {
      throw invalid({ group: 'autoscaling', kind: 'Scale' }, current.metadata?.name ?? '', [
        fieldInvalid('spec.replicas', replicas, 'must be greater than or equal to 0'),
      ]);
    }
    const obj = clone(current);
    writePath(obj, info.specReplicasPath, replicas);
    return obj;
  }

  private checkTypeMeta(obj: KubeObject): void {
    const apiVersion = apiVersionOf(this.info);
    if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== apiVersion) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`);
    }
    if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== this.info.kind) {
      throw badRequest(`${obj.kind} in version "${this.info.version}" cannot be handled as a ${this.info.kind}`);
    }
    obj.apiVersion = apiVersion;
    obj.kind = this.info.kind;
  }

  /** Returns the object's metadata with the namespace checked against the URL (and defaulted from it). */
  private checkNamespace(obj: KubeObject, namespace: string | undefined): ObjectMeta {
    if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata))) {
      throw badRequest('metadata must be an object');
    }
    const meta = (obj.metadata ??= {});
    if (!this.info.namespaced) {
      delete meta.namespace;
      return meta;
    }
    if (meta.namespace && namespace && meta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = meta.namespace || namespace;
    return meta;
  }

  /**
   * Drops fields the schema does not declare; fieldValidation=Strict refuses them and Warn
   * reports each in a Warning header (KEP-2885).
   */
  private checkUnknownFields(ctx: RequestContext, obj: KubeObject): void {
    if (!this.info.schema) return;
    const unknown = pruneUnknownFields(obj, this.info.schema, this.info.resolve, this.info.pruneMode ?? 'builtin');
    if (unknown.length === 0 || ctx.fieldValidation === 'Ignore') return;
    const messages = unknown.map((path) => `unknown field "${path}"`);
    if (ctx.fieldValidation === 'Strict') throw badRequest(`strict decoding error: ${messages.join(', ')}`);
    ctx.warnings.push(...messages);
  }

  private validateMeta(obj: KubeObject): FieldError[] {
    return validation.validateObjectMeta(obj.metadata ?? {}, {
      namespaced: this.info.namespaced,
      nameValidator: this.info.strategy.nameValidation,
    });
  }

  private validate(obj: KubeObject, errors: FieldError[]): void {
    if (errors.length > 0) throw invalid(this.info, obj.metadata?.name ?? obj.metadata?.generateName ?? '', errors);
  }
}

/** Returns the manager name kube-apiserver derives from the user agent when none is given. */
function defaultManager(ctx: RequestContext): string {
  return ctx.userAgent ? ctx.userAgent.split('/')[0] || 'unknown' : 'unknown';
}

function readPath(obj: unknown, path: string[]): unknown {
  let cur: unknown = obj;
  for (const part of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function writePath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const part of path.slice(0, -1)) {
    if (typeof cur[part] !== 'object' || cur[part] === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[path[path.length - 1] as string] = value;
}

/** Returns a metav1.LabelSelector in its string form (for Scale.status.selector). */
function labelSelectorString(selector: unknown): string {
  const sel = selector as { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const expr of sel.matchExpressions ?? []) {
    if (expr.operator === 'In') parts.push(`${expr.key} in (${(expr.values ?? []).join(',')})`);
    else if (expr.operator === 'NotIn') parts.push(`${expr.key} notin (${(expr.values ?? []).join(',')})`);
    else if (expr.operator === 'Exists') parts.push(expr.key);
    else if (expr.operator === 'DoesNotExist') parts.push(`!${expr.key}`);
  }
  return parts.join(',');
}
