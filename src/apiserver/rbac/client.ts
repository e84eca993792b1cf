// The slice of the controllers' SystemClient the RBAC code reads and writes through. It is
// declared here, structurally, because controllers/ is a layer above apiserver/: the platform
// passes its SystemClient, which satisfies these interfaces.

import type { KubeObject } from '../../apimachinery/index.ts';

/** The slice of a ResourceClient (controllers/runtime/client.ts) the RBAC code uses. */
export interface RbacResourceClient {
  get(namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  create(namespace: string | undefined, obj: KubeObject): Promise<KubeObject>;
  ensure(namespace: string | undefined, obj: KubeObject): Promise<boolean>;
  update(obj: KubeObject): Promise<KubeObject>;
}

/** The slice of a SystemClient (controllers/runtime/client.ts) the RBAC code uses. */
export interface RbacClient {
  resource(cluster: string, group: string, resource: string): RbacResourceClient | undefined;
}
