// What every logical cluster gets: its system namespaces (bootstrapCluster, the apiserver's own
// bootstrap upstream) and the controllers, admission checks and subresources that give it the
// behaviour clients rely on (clusterControllers).

import type { SubresourceHandler } from '../apiserver/index.ts';
import type { AdmissionHooks, Catalog } from '../registry/index.ts';
import { crdController } from './crd/index.ts';
import { GarbageCollector } from './garbagecollector/garbage-collector.ts';
import { checkNamespaceDeletion, namespaceLifecycleCheck } from './namespace/admission.ts';
import { namespaceFinalizeEndpoint } from './namespace/finalize.ts';
import { NamespaceController } from './namespace/namespace-controller.ts';
import type { SystemClient } from './runtime/client.ts';
import type { Controller } from './runtime/manager.ts';
import { RootCACertPublisher } from './serviceaccounts/root-ca-publisher.ts';
import { ServiceAccountsController } from './serviceaccounts/serviceaccounts-controller.ts';

/** The namespaces every cluster has (kube-apiserver's system namespaces controller). */
export const systemNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Creates the system namespaces of `cluster` that do not exist yet; returns the ones it created. */
export async function bootstrapCluster(client: SystemClient, cluster: string): Promise<string[]> {
  const namespaces = client.must(cluster, '', 'namespaces');
  // Create first, tolerate AlreadyExists: one write per namespace for a new cluster, which is
  // the case this runs for.
  const created = await Promise.all(systemNamespaces.map((name) => namespaces.ensure(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })));
  return systemNamespaces.filter((_, i) => created[i]);
}

/** Options of clusterControllers. */
export interface ClusterControllerOptions {
  /** The client controllers act through (a system identity). */
  client: SystemClient;
  /** The platform CA (PEM) published as kube-root-ca.crt in every namespace. */
  caPem: string;
  /** Defaults to client.catalog. */
  catalog?: Catalog;
}

/** What the API server and the controller manager are wired with. */
export interface ClusterBehaviour {
  /** Add each to the ControllerManager. */
  controllers: Controller[];
  /** NamespaceLifecycle, for ApiServerOptions.admission and every SystemClient that creates objects. */
  admission: AdmissionHooks;
  /** The namespaces/finalize endpoint, for ApiServerOptions.subresources. */
  subresources: Map<string, SubresourceHandler>;
}

/** Returns the per-cluster controllers, admission hooks and subresource endpoints, shared by every logical cluster. */
export function clusterControllers(options: ClusterControllerOptions): ClusterBehaviour {
  const { client, caPem } = options;
  return {
    controllers: [new NamespaceController(client), new GarbageCollector(client), new ServiceAccountsController(client), new RootCACertPublisher(client, caPem), crdController(client)],
    admission: {
      checkNamespace: namespaceLifecycleCheck(client),
      validateDelete: async (info, _ctx, obj) => checkNamespaceDeletion(info, obj.metadata?.name ?? ''),
    },
    subresources: new Map([['/namespaces/finalize', namespaceFinalizeEndpoint(client)]]),
  };
}
