// startPlatform: assembles one running platform instance — storage, the catalog of kinds, the
// controllers, the HTTPS API server — and writes the admin kubeconfig once it is ready.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger as PinoLogger } from 'pino';
import type { KubeObject } from '../apimachinery/index.ts';
import {
  ApiServer,
  bootstrapRbac,
  ChainAuthenticator,
  ClusterRoleAggregationController,
  ensureTls,
  FilteredListAuthorizer,
  RbacAuthorizer,
  rbacEscalationCheck,
  RbacIndex,
  ServiceAccountTokens,
  tokenRequestHandler,
} from '../apiserver/index.ts';
import { ControllerManager, SystemClient, clusterControllers, bootstrapCluster } from '../controllers/index.ts';
import { builtinResources, Catalog, type AdmissionHooks } from '../registry/index.ts';
import { openStorage, startCompactor, type Storage } from '../storage/index.ts';
import { AccessController } from './access/index.ts';
import { ensureAdminAccessKey, ensurePasswordNamespace, platformAuth, withAccessKeyStrategy } from './auth/index.ts';
import { bootstrapPlatform } from './bootstrap.ts';
import { ProjectController } from './projects/project-controller.ts';
import { projectSubresources } from './projects/project-subresources.ts';
import { managementAdmission } from './management/admission.ts';
import { managementResources } from './management/index.ts';
import { managementAccessReview } from './management/virtual.ts';
import { kubeconfigFor, writePrivateFile } from './kubeconfig.ts';
import { deleteLogicalCluster } from './logical-clusters.ts';
import { InstanceIndex, kubeconfigSubresource, virtualClusterMounts } from './proxy/index.ts';
import { accessGroupsFor, logicalClusterName, VirtualClusterInstanceController } from './virtualclusters/index.ts';

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

/** Returns whether condition `type` of an object's status is True. */
function hasCondition(obj: KubeObject, type: string): boolean {
  const conditions = ((obj.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions) ?? [];
  return conditions.some((c) => c.type === type && c.status === 'True');
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

  catalog.setPlatformResources(loftCluster, withAccessKeyStrategy(managementResources()));
  const controllerLogger = logger.child({ component: 'controllers' });
  const system = new SystemClient(storage, catalog, {}, 'loft-controller-manager');
  const rbacIndex = new RbacIndex({ client: system });
  const rbac = new RbacAuthorizer(rbacIndex);
  const authorizer = new FilteredListAuthorizer(rbac, catalog);
  const admitRbac = rbacEscalationCheck(rbac, { client: system });
  const cluster = clusterControllers({ client: system, caPem: tls.caCert, catalog });
  const admitManagement = managementAdmission(system);
  const hooks: AdmissionHooks = {
    ...cluster.admission,
    admit: async (info, ctx, obj, old, subresource) => {
      await cluster.admission.admit?.(info, ctx, obj, old, subresource);
      await admitManagement(info, ctx, obj, old, subresource);
      await admitRbac(info, ctx, obj, old, subresource);
    },
  };
  const client = new SystemClient(storage, catalog, hooks, 'loft-controller-manager');
  const auth = platformAuth(client, { logger: logger.child({ component: 'auth' }) });
  const manager = new ControllerManager(storage, controllerLogger);
  manager.add(rbacIndex);
  manager.add(new ClusterRoleAggregationController(rbacIndex, client));
  const virtualClusters = new VirtualClusterInstanceController({
    client,
    bootstrapRbac,
    deleteLogicalCluster: (name) => deleteLogicalCluster(storage, catalog, name),
  });
  const instances = new InstanceIndex();
  for (const controller of [...cluster.controllers, new ProjectController(client), new AccessController(client), auth.index, virtualClusters, instances]) {
    manager.add(controller);
  }
  // Listen once the platform's own cluster is read and the request path's indexes (RBAC, access
  // keys, instances, CRDs) hold it. Every other logical cluster is read in the background, or
  // when a request or a change first touches it (controllers/runtime/cluster-load.ts): a
  // restart no longer decodes every object of 10,000 virtual clusters before serving.
  await manager.start({ until: 'serving', first: [loftCluster] });
  void manager.synced().then(() => logger.info('controllers synced'));
  await bootstrapCluster(client, loftCluster);
  await bootstrapRbac(client, loftCluster);
  await bootstrapPlatform(client, 'admin');
  await ensurePasswordNamespace(client);
  const admin = await ensureAdminAccessKey(client, dataDir, auth.index);

  const serviceAccounts = await ServiceAccountTokens.load(join(dataDir, 'pki'), async (clusterName, namespace, name) => {
    const sa = await client.resource(clusterName, '', 'serviceaccounts')?.get(namespace, name);
    return sa?.metadata?.uid;
  });
  const subresources = new Map(cluster.subresources);
  subresources.set('/serviceaccounts/token', tokenRequestHandler(serviceAccounts));
  subresources.set('management.loft.sh/virtualclusterinstances/kubeconfig', kubeconfigSubresource(tls.caCert));
  for (const [key, handler] of projectSubresources(client, authorizer)) subresources.set(key, handler);

  const server = new ApiServer({
    storage,
    catalog,
    tls,
    authenticator: new ChainAuthenticator([serviceAccounts, auth.authenticator]),
    authorizer,
    admission: hooks,
    subresources,
    virtualCreates: new Map([
      ...auth.virtualCreates,
      ['management.loft.sh/selfsubjectaccessreviews', (obj, ctx) => managementAccessReview(obj, ctx, authorizer)],
    ]),
    routes: auth.routes,
    clusterReady: (name) => manager.ensureCluster(name),
    resolveMount: virtualClusterMounts({
      instances,
      client,
      authorizer,
      logicalCluster: (vci) => (hasCondition(vci, 'VirtualClusterSynced') ? logicalClusterName(vci) : undefined),
      accessGroups: (vci, user) => accessGroupsFor((vci.status as { virtualCluster?: never } | undefined)?.virtualCluster, user),
    }),
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
      auth.index.stop();
      manager.stop();
      stopCompactor();
      await storage.close();
    },
  };
}
