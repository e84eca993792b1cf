// The virtual cluster endpoint: /kubernetes/project/<project>/virtualcluster/<name>/… serves
// the instance's logical cluster (DESIGN "One HTTPS endpoint"). The platform user is checked
// for `use` on the instance (RBAC in loft-cluster, loft-platform-api.md §8.1) and enters the cluster with the groups of the instance's rendered
// access rules — never with platform-admin groups — so inside it only the virtual cluster's
// own RBAC decides. Service-account tokens of that cluster enter as themselves.

import { forbidden, notFound, serviceUnavailable, type KubeObject } from '../../apimachinery/index.ts';
import { clusterExtraKey, type Authorizer, type DynamicMount, type MountResolver } from '../../apiserver/index.ts';
import type { UserInfo } from '../../registry/index.ts';
import { projectNamespace } from '../names.ts';
import type { SystemClient } from '../../controllers/index.ts';
import { isPlatformAdmin, teamsOf } from './identity.ts';
import type { InstanceIndex } from './instance-index.ts';

const pathPattern = /^\/kubernetes\/project\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/virtualcluster\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)(?=\/|$)/;
const vciResource = { group: 'management.loft.sh', resource: 'virtualclusterinstances' };

/** What the mount needs from the virtual cluster controller. */
export interface VirtualClusterMountOptions {
  /** Where instances are looked up first (the shared watch keeps it current). */
  instances: InstanceIndex;
  /** Reads an instance from storage when the index does not (yet) show it provisioned. */
  client: SystemClient;
  /** Decides `use` on the instance (owner, project admins, spec.access, sharing: all RBAC). */
  authorizer: Authorizer;
  /** Returns the logical cluster of a provisioned instance, or undefined while it is not. */
  logicalCluster: (vci: KubeObject) => string | undefined;
  /** Returns the in-cluster groups the instance's access rules give `user`. */
  accessGroups: (vci: KubeObject, user: { name: string; teams: string[] }) => string[];
}

/** Returns the resolver of virtual cluster endpoints. */
export function virtualClusterMounts(options: VirtualClusterMountOptions): MountResolver {
  // Per instance object (the index replaces the object on every change): its logical cluster,
  // and per platform identity (cached identities are shared objects; see AccessKeyAuthenticator)
  // the identity it has inside. Both are pure functions of the two objects, so they are computed
  // once per pair instead of on every request; `use` on the instance is still decided every time.
  const clusters = new WeakMap<KubeObject, string | null>();
  const identities = new WeakMap<KubeObject, WeakMap<UserInfo, UserInfo>>();
  const clusterOf = (vci: KubeObject): string | undefined => {
    let cluster = clusters.get(vci);
    if (cluster === undefined) {
      cluster = options.logicalCluster(vci) ?? null;
      clusters.set(vci, cluster);
    }
    return cluster ?? undefined;
  };
  const identityIn = (vci: KubeObject, user: UserInfo): UserInfo => {
    let byUser = identities.get(vci);
    if (!byUser) {
      byUser = new WeakMap();
      identities.set(vci, byUser);
    }
    let inside = byUser.get(user);
    if (!inside) {
      const teams = teamsOf(user);
      const groups = [
        'system:authenticated',
        'loft:authenticated',
        `loft:user:${user.name}`,
        ...teams.map((t) => `loft:team:${t}`),
        ...options.accessGroups(vci, { name: user.name, teams }),
      ];
      inside = Object.freeze({ name: user.name, uid: user.uid, groups: Object.freeze([...new Set(groups)]) as string[] });
      byUser.set(user, inside);
    }
    return inside;
  };
  return (path: string): DynamicMount | undefined => {
    const match = pathPattern.exec(path);
    if (!match) return undefined;
    const project = match[1] as string;
    const name = match[3] as string;
    let lookup: Promise<KubeObject | undefined> | undefined;
    // The index answers almost every request; an instance it does not show provisioned yet is
    // read from storage, since the index may trail a commit the caller has already seen.
    const instance = (): Promise<KubeObject | undefined> =>
      (lookup ??= (async () => {
        const cached = options.instances.get(projectNamespace(project), name);
        if (cached && clusterOf(cached)) return cached;
        return options.client.must('loft-cluster', 'management.loft.sh', 'virtualclusterinstances').get(projectNamespace(project), name);
      })());
    return {
      prefix: match[0],
      cluster: async () => {
        const vci = await instance();
        return vci ? clusterOf(vci) : undefined;
      },
      admit: async (user: UserInfo, cluster: string | undefined) => {
        // A service account of this very cluster (its token was checked against the cluster).
        if (cluster && user.extra?.[clusterExtraKey]?.[0] === cluster) return { cluster, user };
        if (user.extra?.[clusterExtraKey]) throw forbidden(vciResource, name, 'service account tokens are valid only in the cluster that issued them');
        const vci = await instance();
        const decision = await options.authorizer.authorize({
          user,
          cluster: 'loft-cluster',
          verb: 'use',
          isResourceRequest: true,
          path: path,
          apiGroup: vciResource.group,
          apiVersion: 'v1',
          namespace: projectNamespace(project),
          resource: vciResource.resource,
          subresource: '',
          name,
        });
        // Missing and forbidden look the same to someone who may not see the instance.
        if (!vci || !decision.allowed) {
          if (!vci && isPlatformAdmin(user)) throw notFound(vciResource, name);
          throw forbidden(vciResource, name, `User "${user.name}" cannot use virtual cluster "${name}" in project "${project}"`);
        }
        if (!cluster) {
          const phase = (vci.status as { phase?: string } | undefined)?.phase ?? 'Pending';
          throw serviceUnavailable(`virtual cluster ${name} is not ready yet (phase ${phase})`, 1);
        }
        return { cluster, user: identityIn(vci, user) };
      },
    };
  };
}
