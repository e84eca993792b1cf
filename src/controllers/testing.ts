// A real in-process setup for the controllers' tests: memory storage, the built-in catalog,
// a SystemClient and the ControllerManager running every cluster controller. No mocks.

import { isStatusError, type KubeObject, type OwnerReference, type StatusError } from '../apimachinery/index.ts';
import { builtinResources, Catalog, type ResourceInfo } from '../registry/index.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import { clusterControllers, type ClusterBehaviour } from './bootstrap.ts';
import { SystemClient } from './runtime/client.ts';
import { ControllerManager } from './runtime/manager.ts';

/** A stand-in CA bundle (the controllers copy it, never parse it). */
export const testCaPem = '-----BEGIN CERTIFICATE-----\nMIIBdGVzdA==\n-----END CERTIFICATE-----\n';

/** A running test setup. */
export interface TestEnv {
  storage: Storage;
  catalog: Catalog;
  /** Acts as the controllers do (no admission). */
  system: SystemClient;
  /** Acts as an API client would: NamespaceLifecycle admission applies. */
  client: SystemClient;
  behaviour: ClusterBehaviour;
  manager: ControllerManager;
  stop(): Promise<void>;
}

const quietLogger = { warn: () => undefined, error: () => undefined };

/** Starts storage, catalog and the cluster controllers; `prepare` runs before the manager starts. */
export async function startEnv(prepare?: (env: Omit<TestEnv, 'manager' | 'stop'>) => Promise<void>): Promise<TestEnv> {
  const storage = openStorage('memory://');
  const catalog = new Catalog(builtinResources());
  const system = new SystemClient(storage, catalog, {}, 'test-controllers');
  const behaviour = clusterControllers({ client: system, caPem: testCaPem });
  const client = new SystemClient(storage, catalog, behaviour.admission, 'test-client');
  await prepare?.({ storage, catalog, system, client, behaviour });
  const manager = new ControllerManager(storage, quietLogger);
  for (const controller of behaviour.controllers) manager.add(controller);
  await manager.start();
  return {
    storage,
    catalog,
    system,
    client,
    behaviour,
    manager,
    async stop() {
      manager.stop();
      await storage.close();
    },
  };
}

/** Resolves with the first truthy result of `probe`, polling; rejects after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Returns the StatusError a promise rejects with (fails when it resolves or throws something else). */
export async function statusErrorOf(promise: Promise<unknown>): Promise<StatusError> {
  try {
    await promise;
  } catch (err) {
    if (isStatusError(err)) return err;
    throw err;
  }
  throw new Error('expected a StatusError, got success');
}

/** Returns an ownerReference to `owner`. */
export function ownerRef(owner: KubeObject, extra: { blockOwnerDeletion?: boolean; controller?: boolean } = {}): OwnerReference {
  return { apiVersion: owner.apiVersion ?? '', kind: owner.kind ?? '', name: owner.metadata?.name ?? '', uid: owner.metadata?.uid ?? '', ...extra };
}

/** A namespaced custom resource (widgets.example.com/v1) without a schema, as a CRD would define it. */
export const widgets: ResourceInfo = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  listKind: 'WidgetList',
  resource: 'widgets',
  singularResource: 'widget',
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: [],
  categories: [],
  subresources: [],
  schema: undefined,
  resolve: () => undefined,
  strategy: { nameValidation: 'DNS1123Subdomain', hasStatusSubresource: false, tracksGeneration: true },
  acceptsStrategicMerge: false,
  returnDeletedObject: true,
  pruneMode: 'structural',
};
