// A real in-process platform for the controller's tests: memory storage, the registry with the
// management kinds and their admission, every per-cluster controller, the project namespace and
// the VirtualClusterInstance controller. No mocks; deleteLogicalCluster is a storage list+delete
// over the cluster's prefix (the platform does it as one range delete).

import type { KubeObject } from '../../apimachinery/index.ts';
import { bootstrapCluster, SystemClient, type ResourceClient } from '../../controllers/index.ts';
// eslint-disable-next-line no-restricted-imports -- the controllers' test environment is test-only and deliberately not part of controllers/index.ts.
import { eventually, startEnv, type TestEnv } from '../../controllers/testing.ts';
import { clusterPrefix, type AdmissionHooks } from '../../registry/index.ts';
import type { Storage } from '../../storage/index.ts';
import { managementAdmission } from '../management/admission.ts';
import { managementResources } from '../management/index.ts';
import { projectNamespaceObject } from '../projects/project-controller.ts';
import { VirtualClusterInstanceController } from './controller.ts';
import type { VirtualClusterControllerOptions } from './context.ts';
import { managementCluster, managementGroup } from './names.ts';

export { eventually };

/** A running platform for the tests. */
export interface VcEnv {
  env: TestEnv;
  /** Acts as an API client: NamespaceLifecycle and management admission apply. */
  api: SystemClient;
  controller: VirtualClusterInstanceController;
  /** Clusters passed to deleteLogicalCluster, with the key counts it returned. */
  deleted: Array<{ cluster: string; keys: number }>;
  /** Clusters passed to bootstrapRbac. */
  rbacBootstrapped: string[];
  vcis(): ResourceClient;
  templates(): ResourceClient;
  stop(): Promise<void>;
}

/** Deletes every key under the cluster's prefix, namespaces first (so no controller refills one); returns the count. */
export async function deleteClusterKeys(storage: Storage, cluster: string): Promise<number> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await storage.list(clusterPrefix(cluster), { limit: 1000, continue: token });
    keys.push(...page.keys);
    token = page.continue;
  } while (token);
  const first = keys.filter((k) => k.startsWith(`${clusterPrefix(cluster)}core/namespaces/`));
  const rest = keys.filter((k) => !first.includes(k));
  let n = 0;
  for (const key of [...first, ...rest]) {
    try {
      await storage.delete(key);
      n++;
    } catch (err) {
      if ((err as { code?: string }).code !== 'KeyNotFound') throw err;
    }
  }
  return n;
}

/** A stand-in for the RBAC bootstrap: the four user-facing default ClusterRoles. */
async function bootstrapDefaultRoles(client: SystemClient, cluster: string): Promise<void> {
  const roles = client.must(cluster, 'rbac.authorization.k8s.io', 'clusterroles');
  await Promise.all(
    ['cluster-admin', 'admin', 'edit', 'view'].map((name) =>
      roles.ensure(undefined, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [] }),
    ),
  );
}

/** Starts the platform with project `p` (any cluster, any template) and the loft-cluster Cluster. */
export async function startVcEnv(extra: Partial<VirtualClusterControllerOptions> = {}): Promise<VcEnv> {
  const deleted: VcEnv['deleted'] = [];
  const rbacBootstrapped: string[] = [];
  let api: SystemClient | undefined;
  let controller: VirtualClusterInstanceController | undefined;
  const env = await startEnv(async (e) => {
    e.catalog.setPlatformResources(managementCluster, managementResources());
    const admitManagement = managementAdmission(e.system);
    const hooks: AdmissionHooks = {
      ...e.behaviour.admission,
      admit: async (info, ctx, obj, old, subresource) => {
        await e.behaviour.admission.admit?.(info, ctx, obj, old, subresource);
        await admitManagement(info, ctx, obj, old, subresource);
      },
    };
    api = new SystemClient(e.storage, e.catalog, hooks, 'test-client');
    const client = new SystemClient(e.storage, e.catalog, hooks, 'loft-controller-manager');
    controller = new VirtualClusterInstanceController({
      client,
      deleteLogicalCluster: async (cluster) => {
        const keys = await deleteClusterKeys(e.storage, cluster);
        deleted.push({ cluster, keys });
        return keys;
      },
      bootstrapRbac: async (c, cluster) => {
        rbacBootstrapped.push(cluster);
        await bootstrapDefaultRoles(c, cluster);
      },
      ...extra,
    });
    const reconcile = controller.reconcile.bind(controller);
    controller.reconcile = async (key) => {
      try {
        return await reconcile(key);
      } catch (err) {
        if (process.env.VC_DEBUG) console.log('reconcile error', key, (err as Error).stack);
        throw err;
      }
    };
    e.behaviour.controllers.push(controller);
  });
  const apiClient = api as SystemClient;
  await bootstrapCluster(apiClient, managementCluster);
  await apiClient.must(managementCluster, managementGroup, 'clusters').create(undefined, {
    apiVersion: 'management.loft.sh/v1',
    kind: 'Cluster',
    metadata: { name: 'loft-cluster', annotations: { 'loft.sh/ingress-suffix': 'example.com' } },
    spec: { local: true },
  });
  await createProject(apiClient, 'p');
  return {
    env,
    api: apiClient,
    controller: controller as VirtualClusterInstanceController,
    deleted,
    rbacBootstrapped,
    vcis: () => apiClient.must(managementCluster, managementGroup, 'virtualclusterinstances'),
    templates: () => apiClient.must(managementCluster, managementGroup, 'virtualclustertemplates'),
    stop: () => env.stop(),
  };
}

/** Creates a project allowing every cluster and template, and its namespace loft-p-<name>. */
export async function createProject(api: SystemClient, name: string, spec: Record<string, unknown> = {}): Promise<void> {
  await api.must(managementCluster, managementGroup, 'projects').create(undefined, {
    apiVersion: 'management.loft.sh/v1',
    kind: 'Project',
    metadata: { name },
    spec: {
      allowedClusters: [{ name: '*' }],
      allowedTemplates: [{ kind: 'VirtualClusterTemplate', group: 'storage.loft.sh', name: '*' }],
      ...spec,
    },
  });
  await api.must(managementCluster, '', 'namespaces').ensure(undefined, projectNamespaceObject(name));
}

/** Returns the condition of `type` of an instance. */
export function conditionOf(vci: KubeObject | undefined, type: string): Record<string, unknown> | undefined {
  const conditions = ((vci?.status as { conditions?: Array<Record<string, unknown>> } | undefined)?.conditions ?? []);
  return conditions.find((c) => c.type === type);
}

/** Resolves with the instance once `probe` accepts it. */
export function waitForInstance(vc: VcEnv, name: string, probe: (vci: KubeObject) => boolean, what: string, namespace = 'loft-p-p'): Promise<KubeObject> {
  return eventually(async () => {
    const vci = await vc.vcis().get(namespace, name);
    return vci && probe(vci) ? vci : undefined;
  }, what);
}

/** Returns the phase of an instance. */
export function phaseOf(vci: KubeObject | undefined): string | undefined {
  return (vci?.status as { phase?: string } | undefined)?.phase;
}
