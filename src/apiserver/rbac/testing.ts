// A real in-process setup for the RBAC tests: memory storage, the built-in catalog, the
// registry's RestStore behind a SystemClient, and the ControllerManager running the policy index
// and the aggregation controller, wired as the platform wires them. No mocks.
//
// The ControllerManager and SystemClient live a layer above (controllers/); the tests use them
// because the index and the aggregation controller are meant to run under them.
/* eslint-disable no-restricted-imports */

import type { KubeObject } from '../../apimachinery/index.ts';
import { ControllerManager, SystemClient } from '../../controllers/index.ts';
import { builtinResources, Catalog, RestStore, type AdmissionHooks, type PatchType, type RequestContext, type ResourceInfo, type UserInfo } from '../../registry/index.ts';
import { openStorage, type Storage } from '../../storage/index.ts';
import { ClusterRoleAggregationController } from './aggregation.ts';
import { RbacAuthorizer } from './authorizer.ts';
import { rbacEscalationCheck } from './escalation.ts';
import { RbacIndex } from './policy-index.ts';
import { rbacGroup } from './rules.ts';

/** A running RBAC test setup. */
export interface RbacTestEnv {
  storage: Storage;
  catalog: Catalog;
  index: RbacIndex;
  authorizer: RbacAuthorizer;
  /** Acts as the controllers do (system:masters), through the same admission as API requests. */
  system: SystemClient;
  manager: ControllerManager;
  hooks: AdmissionHooks;
  /** Returns a client acting as `user` in `cluster` through RestStore and admission. */
  as(user: UserInfo, cluster: string): UserClient;
  stop(): Promise<void>;
}

/** UserClient writes objects as one user, as the API server's handlers would. */
export interface UserClient {
  create(resource: string, namespace: string | undefined, obj: KubeObject, group?: string): Promise<KubeObject>;
  update(resource: string, obj: KubeObject, group?: string): Promise<KubeObject>;
  patch(resource: string, namespace: string | undefined, name: string, type: PatchType, body: unknown, group?: string): Promise<KubeObject>;
}

const quietLogger = { warn: () => undefined, error: () => undefined };

/** Starts the setup; `seed` runs (as system) before the manager's initial list. */
export async function startRbacEnv(seed?: (system: SystemClient) => Promise<void>): Promise<RbacTestEnv> {
  const storage = openStorage('memory://');
  const catalog = new Catalog(builtinResources());
  const hooks: AdmissionHooks = {};
  const system = new SystemClient(storage, catalog, hooks, 'test-rbac');
  const index = new RbacIndex({ relistQuietMs: 50, client: system });
  const authorizer = new RbacAuthorizer(index);
  hooks.admit = rbacEscalationCheck(authorizer, { client: system });
  await seed?.(system);
  const manager = new ControllerManager(storage, quietLogger);
  manager.add(index);
  manager.add(new ClusterRoleAggregationController(index, system));
  await manager.start();
  const stores = new Map<ResourceInfo, RestStore>();
  const storeFor = (cluster: string, group: string, resource: string): RestStore => {
    const info = catalog.forCluster(cluster).all.find((r) => r.group === group && r.resource === resource);
    if (!info) throw new Error(`no resource ${resource}.${group}`);
    let store = stores.get(info);
    if (!store) {
      store = new RestStore(storage, info, hooks);
      stores.set(info, store);
    }
    return store;
  };
  return {
    storage,
    catalog,
    index,
    authorizer,
    system,
    manager,
    hooks,
    as(user, cluster) {
      const ctx = (): RequestContext => ({ cluster, user, dryRun: false, fieldValidation: 'Strict', warnings: [], fieldManager: 'test' });
      return {
        create: (resource, namespace, obj, group = rbacGroup) => storeFor(cluster, group, resource).create(ctx(), namespace, obj),
        update: async (resource, obj, group = rbacGroup) =>
          (await storeFor(cluster, group, resource).update(ctx(), obj.metadata?.namespace, obj.metadata?.name ?? '', obj)).object,
        patch: async (resource, namespace, name, type, body, group = rbacGroup) => (await storeFor(cluster, group, resource).patch(ctx(), namespace, name, type, body)).object,
      };
    },
    async stop() {
      manager.stop();
      await storage.close();
    },
  };
}

/** Returns a ClusterRole object. */
export function clusterRoleObject(name: string, rules: unknown[], extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: `${rbacGroup}/v1`, kind: 'ClusterRole', ...extra, metadata: { name, ...(extra.metadata ?? {}) }, rules };
}

/** Returns a Role object. */
export function roleObject(namespace: string, name: string, rules: unknown[]): KubeObject {
  return { apiVersion: `${rbacGroup}/v1`, kind: 'Role', metadata: { name, namespace }, rules };
}

/** Returns a ClusterRoleBinding object. */
export function clusterRoleBindingObject(name: string, role: string, subjects: unknown[]): KubeObject {
  return { apiVersion: `${rbacGroup}/v1`, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: role }, subjects };
}

/** Returns a RoleBinding object. */
export function roleBindingObject(namespace: string, name: string, roleRef: { kind: 'Role' | 'ClusterRole'; name: string }, subjects: unknown[]): KubeObject {
  return { apiVersion: `${rbacGroup}/v1`, kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: rbacGroup, ...roleRef }, subjects };
}

/** Resolves with the first truthy result of `probe`, polling; rejects after `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
