// Finding the owner an ownerReference names (garbagecollector.go isDangling): the reference's
// apiVersion and kind give the resource (through the cluster's catalog, custom resources
// included); a namespaced owner is looked for in the dependent's namespace; the owner exists
// only if an object of that name has the referenced uid — a namesake with another uid is a
// different object, and the reference is dangling.

import type { KubeObject, OwnerReference } from '../../apimachinery/index.ts';
import type { ResourceInfo } from '../../registry/index.ts';
import type { SystemClient } from '../runtime/client.ts';
import type { ObjectRef } from './graph.ts';

/** What looking up an owner found. */
export type OwnerLookup =
  | { state: 'present'; owner: KubeObject; ref: ObjectRef }
  /** Verified absent: no object with that uid where the reference points. */
  | { state: 'absent' }
  /** The kind is not served (yet): neither present nor verified absent. */
  | { state: 'unresolvable' }
  /** A cluster-scoped dependent names a namespaced kind: invalid, and retrying will not help. */
  | { state: 'invalid' };

/** Returns the served resource of an apiVersion and kind, preferring the exact version. */
export function resourceForKind(client: SystemClient, cluster: string, apiVersion: string, kind: string): ResourceInfo | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  let sameKind: ResourceInfo | undefined;
  for (const info of client.catalog.forCluster(cluster).all) {
    if (info.group !== group || info.kind !== kind) continue;
    if (info.version === version) return info;
    sameKind ??= info;
  }
  return sameKind;
}

/** Looks up the owner `reference` names for a dependent in `namespace` (undefined = cluster-scoped). */
export async function lookupOwner(client: SystemClient, cluster: string, namespace: string | undefined, reference: OwnerReference): Promise<OwnerLookup> {
  const info = resourceForKind(client, cluster, reference.apiVersion ?? '', reference.kind ?? '');
  if (!info) return { state: 'unresolvable' };
  if (info.namespaced && !namespace) return { state: 'invalid' };
  const ownerNamespace = info.namespaced ? namespace : undefined;
  const owner = await client.forInfo(cluster, info).get(ownerNamespace, reference.name);
  if (!owner || owner.metadata?.uid !== reference.uid) return { state: 'absent' };
  return {
    state: 'present',
    owner,
    ref: { cluster, group: info.group, resource: info.resource, namespace: ownerNamespace, name: reference.name, uid: reference.uid },
  };
}
