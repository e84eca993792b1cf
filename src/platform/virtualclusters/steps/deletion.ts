// Step 0, deletion (issue #6 item 7; loft-platform-api.md §10 step 7): an instance with a
// deletionTimestamp and the loft.sh/cleanup finalizer
//   1. deletes its logical cluster: every key under /registry/vc-<uid>/ in one range delete (the
//      deleteLogicalCluster option), and forgets the cluster's custom resources in the catalog;
//   2. deletes its host namespace, unless annotated loft.sh/preserve-namespace-on-deletion: "true"
//      (only a namespace carrying this instance's labels), and waits until the namespace is gone
//      (the namespace watch requeues; 5 s fallback);
//   3. removes the finalizer, which lets the registry delete the instance.

import type { KubeObject } from '../../../apimachinery/index.ts';
import type { SystemClient } from '../../../controllers/index.ts';
import { clusterRefOf } from '../context.ts';
import type { VirtualClusterControllerOptions } from '../context.ts';
import { cleanupFinalizer, logicalClusterName, managementCluster, managementGroup, preserveNamespaceAnnotation } from '../names.ts';
import { ownsNamespace } from './space.ts';

/** Returns "again after N ms" while the host namespace is going away, undefined when the instance is released. */
export async function finalizeInstance(client: SystemClient, options: VirtualClusterControllerOptions, vci: KubeObject): Promise<number | undefined> {
  const meta = vci.metadata ?? {};
  const finalizers = meta.finalizers ?? [];
  if (!finalizers.includes(cleanupFinalizer)) return undefined;

  if (meta.uid) {
    const cluster = logicalClusterName(vci);
    await options.deleteLogicalCluster(cluster);
    client.catalog.dropCluster(cluster);
  }

  const { namespace: name } = clusterRefOf(vci);
  if (name && meta.annotations?.[preserveNamespaceAnnotation] !== 'true') {
    const namespaces = client.must(managementCluster, '', 'namespaces');
    const ns = await namespaces.get(undefined, name);
    if (ns && ownsNamespace(vci, ns)) {
      if (!ns.metadata?.deletionTimestamp) await namespaces.delete(undefined, name, { preconditions: { uid: ns.metadata?.uid } });
      const still = await namespaces.get(undefined, name);
      if (still && still.metadata?.uid === ns.metadata?.uid) return 5_000;
    }
  }

  await client.must(managementCluster, managementGroup, 'virtualclusterinstances').update({
    ...vci,
    metadata: { ...meta, finalizers: finalizers.filter((f) => f !== cleanupFinalizer) },
  });
  return undefined;
}
