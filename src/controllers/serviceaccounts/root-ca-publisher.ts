// The root CA publisher (pkg/controller/certificates/rootcacertpublisher): every active
// namespace has a ConfigMap `kube-root-ca.crt` holding the CA that verifies the API server, so
// pods (and tools reading projected service-account volumes) can trust it. Edits to its data are
// undone; a deleted one is recreated.

import { isStatusError, type KubeObject } from '../../apimachinery/index.ts';
import { jsonEqual } from '../../registry/index.ts';
import type { SystemClient } from '../runtime/client.ts';
import type { Controller, ObjectEvent } from '../runtime/manager.ts';
import type { ReconcileResult } from '../runtime/work-queue.ts';
import { activeNamespace, isActive, namespaceKey, parseNamespaceKey } from './active-namespace.ts';

/** The ConfigMap name upstream publishes the root CA under. */
export const rootCACertConfigMapName = 'kube-root-ca.crt';
/** The annotation describing what the ConfigMap is for. */
export const descriptionAnnotation = 'kubernetes.io/description';
/** Upstream's description text, verbatim (users search for it). */
export const rootCADescription =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/** RootCACertPublisher keeps `kube-root-ca.crt` with the platform CA in every active namespace of every cluster. */
export class RootCACertPublisher implements Controller {
  readonly name = 'root-ca-cert-publisher';
  readonly watches = ['/namespaces', '/configmaps'];
  private readonly client: SystemClient;
  private readonly data: Record<string, string>;

  /** `caPem` is the PEM bundle of the platform CA. */
  constructor(client: SystemClient, caPem: string) {
    this.client = client;
    this.data = { 'ca.crt': caPem };
  }

  /** Returns the namespace key for an active namespace or any change to its `kube-root-ca.crt`. */
  keys(event: ObjectEvent): string[] {
    const meta = event.object.metadata ?? {};
    if (event.resource === 'namespaces') {
      return event.type !== 'DELETED' && isActive(event.object) ? [namespaceKey(event.cluster, meta.name ?? '')] : [];
    }
    if (meta.name !== rootCACertConfigMapName || !meta.namespace) return [];
    if (event.type !== 'DELETED' && this.upToDate(event.object)) return [];
    return [namespaceKey(event.cluster, meta.namespace)];
  }

  private upToDate(cm: KubeObject): boolean {
    return jsonEqual(cm.data, this.data) && Boolean(cm.metadata?.annotations?.[descriptionAnnotation]);
  }

  /** Creates the ConfigMap, or puts its data and description back. */
  async reconcile(key: string): Promise<ReconcileResult> {
    const { cluster, namespace } = parseNamespaceKey(key);
    if (!(await activeNamespace(this.client, cluster, namespace))) return {};
    const configMaps = this.client.resource(cluster, '', 'configmaps');
    if (!configMaps) return {};
    const cm = await configMaps.get(namespace, rootCACertConfigMapName);
    try {
      if (!cm) {
        await configMaps.ensure(namespace, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: rootCACertConfigMapName, namespace, annotations: { [descriptionAnnotation]: rootCADescription } },
          data: { ...this.data },
        });
        return {};
      }
      if (this.upToDate(cm) || cm.metadata?.deletionTimestamp) return {};
      // Only the data and the one annotation are ours; other annotations and labels stay.
      const annotations = { ...(cm.metadata?.annotations ?? {}) };
      if (!annotations[descriptionAnnotation]) annotations[descriptionAnnotation] = rootCADescription;
      await configMaps.update({ ...cm, metadata: { ...cm.metadata, annotations }, data: { ...this.data } });
    } catch (err) {
      if (isStatusError(err, 'NotFound') || isStatusError(err, 'Forbidden')) return {};
      throw err;
    }
    return {};
  }
}
