// The service accounts controller (pkg/controller/serviceaccount serviceaccounts_controller.go):
// every active namespace has a ServiceAccount named `default`; deleting it brings it back.

import { isStatusError } from '../../apimachinery/index.ts';
import type { SystemClient } from '../runtime/client.ts';
import type { Controller, ObjectEvent } from '../runtime/manager.ts';
import type { ReconcileResult } from '../runtime/work-queue.ts';
import { activeNamespace, isActive, namespaceKey, parseNamespaceKey } from './active-namespace.ts';

/** The service account every namespace gets. */
export const defaultServiceAccountName = 'default';

/** ServiceAccountsController ensures the `default` ServiceAccount in every active namespace of every cluster. */
export class ServiceAccountsController implements Controller {
  readonly name = 'serviceaccount';
  readonly watches = ['/namespaces', '/serviceaccounts'];
  private readonly client: SystemClient;

  constructor(client: SystemClient) {
    this.client = client;
  }

  /** Returns the namespace key for an active namespace or a deleted `default` ServiceAccount. */
  keys(event: ObjectEvent): string[] {
    const meta = event.object.metadata ?? {};
    if (event.resource === 'namespaces') {
      return event.type !== 'DELETED' && isActive(event.object) ? [namespaceKey(event.cluster, meta.name ?? '')] : [];
    }
    return event.type === 'DELETED' && meta.name === defaultServiceAccountName && meta.namespace ? [namespaceKey(event.cluster, meta.namespace)] : [];
  }

  /** Creates the `default` ServiceAccount of the namespace when it is missing. */
  async reconcile(key: string): Promise<ReconcileResult> {
    const { cluster, namespace } = parseNamespaceKey(key);
    if (!(await activeNamespace(this.client, cluster, namespace))) return {};
    const serviceAccounts = this.client.resource(cluster, '', 'serviceaccounts');
    if (!serviceAccounts || (await serviceAccounts.get(namespace, defaultServiceAccountName))) return {};
    try {
      await serviceAccounts.ensure(namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: defaultServiceAccountName, namespace } });
    } catch (err) {
      // The namespace went away or started terminating meanwhile: nothing to do there any more.
      if (isStatusError(err, 'NotFound') || isStatusError(err, 'Forbidden')) return {};
      throw err;
    }
    return {};
  }
}
