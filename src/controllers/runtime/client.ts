// SystemClient: how controllers read and write objects — through the registry's RestStore
// (same validation, defaulting, admission and field tracking as API requests), in-process,
// with a system identity. Never straight to storage keys.

import { isStatusError, type KubeObject } from '../../apimachinery/index.ts';
import {
  RestStore,
  type AdmissionHooks,
  type Catalog,
  type PatchType,
  type RequestContext,
  type ResourceInfo,
  type RestDeleteOptions,
  type RestListOptions,
} from '../../registry/index.ts';
import type { Storage } from '../../storage/index.ts';

/** The identity controllers act as. */
export const controllerUser = { name: 'system:loft-controller-manager', groups: ['system:masters', 'system:authenticated'] };

/** ResourceClient reads and writes one resource of one logical cluster. */
export class ResourceClient {
  readonly info: ResourceInfo;
  private readonly store: RestStore;
  private readonly ctx: RequestContext;

  constructor(store: RestStore, ctx: RequestContext) {
    this.store = store;
    this.info = store.info;
    this.ctx = ctx;
  }

  private context(): RequestContext {
    return { ...this.ctx, warnings: [] };
  }

  /** Returns the object, or undefined if it does not exist. */
  async get(namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.store.get(this.context(), namespace, name);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return undefined;
      throw err;
    }
  }

  /** Returns every object (of a namespace, or all) matching the options; pages internally. */
  async list(namespace?: string, opts: RestListOptions = {}): Promise<KubeObject[]> {
    const items: KubeObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.store.list(this.context(), namespace, { ...opts, limit: 1000, continue: token });
      items.push(...(page.items as KubeObject[]));
      token = (page.metadata as { continue?: string }).continue;
    } while (token);
    return items;
  }

  /** Creates the object; returns the stored object. */
  create(namespace: string | undefined, obj: KubeObject): Promise<KubeObject> {
    return this.store.create(this.context(), namespace, obj);
  }

  /** Creates the object unless it exists; returns whether it created it. */
  async ensure(namespace: string | undefined, obj: KubeObject): Promise<boolean> {
    try {
      await this.store.create(this.context(), namespace, obj);
      return true;
    } catch (err) {
      if (isStatusError(err, 'AlreadyExists')) return false;
      throw err;
    }
  }

  /** Replaces the object (its resourceVersion makes it conditional). */
  async update(obj: KubeObject, subresource = ''): Promise<KubeObject> {
    return (await this.store.update(this.context(), obj.metadata?.namespace, obj.metadata?.name as string, obj, subresource)).object;
  }

  /** Patches the object. */
  async patch(namespace: string | undefined, name: string, type: PatchType, body: unknown, subresource = ''): Promise<KubeObject> {
    return (await this.store.patch(this.context(), namespace, name, type, body, { subresource })).object;
  }

  /** Deletes the object; a missing object is not an error. Returns whether it was removed now. */
  async delete(namespace: string | undefined, name: string, options: RestDeleteOptions = {}): Promise<boolean> {
    try {
      return (await this.store.delete(this.context(), namespace, name, options)).deleted;
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return true;
      throw err;
    }
  }
}

/** SystemClient hands out ResourceClients for any cluster. */
export class SystemClient {
  readonly catalog: Catalog;
  private readonly storage: Storage;
  private readonly hooks: AdmissionHooks;
  private readonly fieldManager: string;
  private readonly stores = new WeakMap<ResourceInfo, RestStore>();

  constructor(storage: Storage, catalog: Catalog, hooks: AdmissionHooks, fieldManager: string) {
    this.storage = storage;
    this.catalog = catalog;
    this.hooks = hooks;
    this.fieldManager = fieldManager;
  }

  /** Returns a client for a resource of `cluster`, or undefined if the cluster does not serve it. */
  resource(cluster: string, group: string, resource: string, version?: string): ResourceClient | undefined {
    const resources = this.catalog.forCluster(cluster);
    const info = version ? resources.lookup(group, version, resource) : resources.all.find((r) => r.group === group && r.resource === resource);
    return info ? this.forInfo(cluster, info) : undefined;
  }

  /** Returns a client for `info` in `cluster`, also for infos the catalog does not list (a subresource's own strategy). */
  forInfo(cluster: string, info: ResourceInfo): ResourceClient {
    return new ResourceClient(this.store(info), {
      cluster,
      user: controllerUser,
      dryRun: false,
      fieldManager: this.fieldManager,
      fieldValidation: 'Ignore',
      warnings: [],
    });
  }

  /** Returns the RestStore serving `info` (one per ResourceInfo, with this client's admission hooks). */
  store(info: ResourceInfo): RestStore {
    let store = this.stores.get(info);
    if (!store) {
      store = new RestStore(this.storage, info, this.hooks);
      this.stores.set(info, store);
    }
    return store;
  }

  /** Like resource(), but throws when the resource is not served. */
  must(cluster: string, group: string, resource: string): ResourceClient {
    const client = this.resource(cluster, group, resource);
    if (!client) throw new Error(`cluster ${cluster} does not serve ${resource}${group ? `.${group}` : ''}`);
    return client;
  }
}
