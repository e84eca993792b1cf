// startPlatform: assembles one running platform instance — storage, the catalog of kinds, the
// controllers, the HTTPS API server — and writes the admin kubeconfig once it is ready.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger as PinoLogger } from 'pino';
import { ApiServer, ChainAuthenticator, ensureTls, MastersAuthorizer, ServiceAccountTokens, StaticTokenAuthenticator, tokenRequestHandler } from '../apiserver/index.ts';
import { ControllerManager, SystemClient, clusterControllers, bootstrapCluster } from '../controllers/index.ts';
import { builtinResources, Catalog, type AdmissionHooks } from '../registry/index.ts';
import { openStorage, startCompactor, type Storage } from '../storage/index.ts';
import { loadOrCreateAdminToken } from './admin-token.ts';
import { bootstrapPlatform } from './bootstrap.ts';
import { ProjectController } from './projects/project-controller.ts';
import { managementAdmission } from './management/admission.ts';
import { managementResources } from './management/index.ts';
import { managementAccessReview, selfFor } from './management/virtual.ts';
import { kubeconfigFor, writePrivateFile } from './kubeconfig.ts';

/** The platform's own logical cluster: management kinds, project namespaces, host namespaces. */
export const loftCluster = 'loft-cluster';

/** Options of a platform instance. */
export interface PlatformOptions {
  dataDir: string;
  host: string;
  port: number;
  /** Storage URL; default sqlite://<dataDir>/loft.db. */
  storageUrl?: string;
  logger: PinoLogger;
}

/** A running platform. */
export interface Platform {
  url: string;
  port: number;
  adminKubeconfigPath: string;
  storage: Storage;
  stop(): Promise<void>;
}

/** Starts the platform and resolves once it serves requests. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const { dataDir, logger } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const storage = openStorage(options.storageUrl ?? `sqlite://${join(dataDir, 'loft.db')}`);
  const stopCompactor = startCompactor(storage, { onError: (err) => logger.warn({ err: String(err) }, 'compaction failed') });
  const tls = await ensureTls(join(dataDir, 'pki'), [options.host]);
  const catalog = new Catalog(builtinResources());
  const adminKubeconfigPath = join(dataDir, 'admin.kubeconfig');
  const admin = loadOrCreateAdminToken(join(dataDir, 'auth', 'admin-token.sha256'), adminKubeconfigPath);
  const adminUser = { name: 'admin', groups: ['system:masters', 'loft:admins', 'loft:user:admin', 'loft:authenticated', 'system:authenticated'] };

  catalog.setPlatformResources(loftCluster, managementResources());
  const authorizer = new MastersAuthorizer();

  const controllerLogger = logger.child({ component: 'controllers' });
  const system = new SystemClient(storage, catalog, {}, 'loft-controller-manager');
  const cluster = clusterControllers({ client: system, caPem: tls.caCert, catalog });
  const admitManagement = managementAdmission(system);
  const hooks: AdmissionHooks = {
    ...cluster.admission,
    admit: async (info, ctx, obj, old, subresource) => {
      await cluster.admission.admit?.(info, ctx, obj, old, subresource);
      await admitManagement(info, ctx, obj, old, subresource);
    },
  };
  const client = new SystemClient(storage, catalog, hooks, 'loft-controller-manager');
  const manager = new ControllerManager(storage, controllerLogger);
  for (const controller of [...cluster.controllers, new ProjectController(client)]) manager.add(controller);
  await manager.start();
  await bootstrapCluster(client, loftCluster);
  await bootstrapPlatform(client, adminUser.name);

  const serviceAccounts = await ServiceAccountTokens.load(join(dataDir, 'pki'), async (clusterName, namespace, name) => {
    const sa = await client.resource(clusterName, '', 'serviceaccounts')?.get(namespace, name);
    return sa?.metadata?.uid;
  });
  const subresources = new Map(cluster.subresources);
  subresources.set('/serviceaccounts/token', tokenRequestHandler(serviceAccounts));

  const server = new ApiServer({
    storage,
    catalog,
    tls,
    authenticator: new ChainAuthenticator([serviceAccounts, new StaticTokenAuthenticator(admin.hash, adminUser)]),
    authorizer,
    admission: hooks,
    subresources,
    virtualCreates: new Map([
      ['management.loft.sh/selves', async (obj, ctx) => selfFor(obj, ctx)],
      ['management.loft.sh/selfsubjectaccessreviews', (obj, ctx) => managementAccessReview(obj, ctx, authorizer)],
    ]),
    logger: logger.child({ component: 'apiserver' }),
  });
  const port = await server.listen(options.port, options.host);
  const url = `https://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  writePrivateFile(adminKubeconfigPath, kubeconfigFor({ name: 'loft-management', server: url, caPem: readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8'), token: admin.token }));
  logger.info({ url, dataDir, storage: storage.backend }, 'platform ready');

  return {
    url,
    port,
    adminKubeconfigPath,
    storage,
    async stop() {
      await server.close();
      manager.stop();
      stopCompactor();
      await storage.close();
    },
  };
}
