// A real in-process setup for the auth tests: memory storage, the built-in and management kinds
// (with the access-key strategy), the cluster controllers and the AccessKeyIndex on one
// ControllerManager, loft-cluster bootstrapped with the admin User. No mocks.

import type { KubeObject } from '../../apimachinery/index.ts';
import { bootstrapCluster, clusterControllers, ControllerManager, SystemClient } from '../../controllers/index.ts';
import { builtinResources, Catalog } from '../../registry/index.ts';
import { openStorage, type Storage } from '../../storage/index.ts';
import { managementResources } from '../management/index.ts';
import { managementCluster, managementGroup, withAccessKeyStrategy } from './access-keys.ts';
import { AccessKeyIndex, type AccessKeyIndexOptions } from './access-key-index.ts';

/** A running auth test setup. */
export interface AuthEnv {
  storage: Storage;
  client: SystemClient;
  index: AccessKeyIndex;
  manager: ControllerManager;
  /** Creates a User (spec merged over a plain one). */
  createUser(name: string, spec?: Record<string, unknown>): Promise<KubeObject>;
  /** Creates a Team. */
  createTeam(name: string, spec?: Record<string, unknown>): Promise<KubeObject>;
  /** Merge-patches a User, Team or OwnedAccessKey. */
  patch(resource: 'users' | 'teams' | 'ownedaccesskeys', name: string, body: unknown): Promise<KubeObject>;
  /** Waits until every watch event so far reached the index. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

const testCaPem = '-----BEGIN CERTIFICATE-----\nMIIBdGVzdA==\n-----END CERTIFICATE-----\n';
const quietLogger = { warn: () => undefined, error: () => undefined };

/** Starts the setup; `options` go to the index. */
export async function startAuthEnv(options: AccessKeyIndexOptions = {}): Promise<AuthEnv> {
  const storage = openStorage('memory://');
  const catalog = new Catalog(builtinResources());
  catalog.setPlatformResources(managementCluster, withAccessKeyStrategy(managementResources()));
  const system = new SystemClient(storage, catalog, {}, 'test-controllers');
  const behaviour = clusterControllers({ client: system, caPem: testCaPem });
  const client = new SystemClient(storage, catalog, behaviour.admission, 'test-client');
  const index = new AccessKeyIndex(client, { sweepIntervalMs: 0, ...options });
  const manager = new ControllerManager(storage, quietLogger);
  for (const controller of behaviour.controllers) manager.add(controller);
  manager.add(index);
  await manager.start();
  await bootstrapCluster(client, managementCluster);
  const resource = (r: string) => client.must(managementCluster, managementGroup, r);
  const settle = async (): Promise<void> => {
    // Watch events travel through promise queues: a few macrotask turns deliver them.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const env: AuthEnv = {
    storage,
    client,
    index,
    manager,
    async createUser(name, spec = {}) {
      const user = await resource('users').create(undefined, { apiVersion: `${managementGroup}/v1`, kind: 'User', metadata: { name }, spec: { username: name, ...spec } });
      await index.waitUntil(() => index.user(name) !== undefined);
      return user;
    },
    async createTeam(name, spec = {}) {
      const team = await resource('teams').create(undefined, { apiVersion: `${managementGroup}/v1`, kind: 'Team', metadata: { name }, spec });
      await index.waitUntil(() => index.team(name) !== undefined);
      return team;
    },
    async patch(r, name, body) {
      const obj = await resource(r).patch(undefined, name, 'merge', body);
      await settle();
      return obj;
    },
    settle,
    async stop() {
      index.stop();
      manager.stop();
      await storage.close();
    },
  };
  await env.createUser('admin', { displayName: 'Admin', subject: 'admin', clusterRoles: [{ name: 'loft-management-admin' }] });
  return env;
}
