// Discovery (contract §3): aggregated discovery v2 at /api and /apis when the client asks for it
// (kubectl 1.32 does, and needs the exact Content-Type), the legacy APIVersions/APIGroupList
// otherwise, and the per-group-version APIResourceList that `kubectl auth can-i` still fetches.

import type { ClusterResources, ResourceInfo } from '../registry/index.ts';
import { parseMediaTypes } from './negotiate.ts';

/** The Content-Type of an aggregated discovery response, which kubectl requires verbatim. */
export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/** Returns which aggregated discovery version the Accept header asks for, if any. */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const range of parseMediaTypes(accept)) {
    if (range.params.as === 'APIGroupDiscoveryList' && range.params.g === 'apidiscovery.k8s.io') {
      if (range.params.v === 'v2' || range.params.v === 'v2beta1') return range.params.v;
    }
    if (range.type === 'application/json' && !range.params.as) return undefined;
  }
  return undefined;
}

interface GroupVersions {
  group: string;
  versions: Map<string, ResourceInfo[]>;
}

/** Returns the groups (core first, then in registration order) with their versions' resources. */
function groupsOf(resources: ClusterResources, core: boolean): GroupVersions[] {
  const groups = new Map<string, GroupVersions>();
  for (const r of resources.all) {
    if ((r.group === '') !== core) continue;
    let g = groups.get(r.group);
    if (!g) {
      g = { group: r.group, versions: new Map() };
      groups.set(r.group, g);
    }
    let list = g.versions.get(r.version);
    if (!list) {
      list = [];
      g.versions.set(r.version, list);
    }
    list.push(r);
  }
  for (const g of groups.values()) {
    g.versions = new Map([...g.versions.entries()].sort((a, b) => compareVersions(a[0], b[0])));
  }
  return [...groups.values()];
}

/** Orders Kubernetes versions by preference: GA > beta > alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    const stability = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [sa, ma, na] = parse(a);
  const [sb, mb, nb] = parse(b);
  return sb - sa || mb - ma || nb - na || a.localeCompare(b);
}

function responseKind(r: ResourceInfo): { group: string; version: string; kind: string } {
  return { group: r.group, version: r.version, kind: r.kind };
}

function aggregatedResource(r: ResourceInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: r.resource,
    responseKind: responseKind(r),
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singularResource,
    verbs: r.verbs,
  };
  if (r.shortNames.length > 0) out.shortNames = r.shortNames;
  if (r.categories.length > 0) out.categories = r.categories;
  if (r.subresources.length > 0) {
    out.subresources = r.subresources.map((s) => ({ subresource: s.subresource, responseKind: s.kind, verbs: s.verbs }));
  }
  return out;
}

/** Returns the APIGroupDiscoveryList for /api (core) or /apis (named groups). */
export function aggregatedDiscovery(resources: ClusterResources, core: boolean, version: 'v2' | 'v2beta1'): unknown {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groupsOf(resources, core).map((g) => ({
      metadata: core ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: [...g.versions.entries()].map(([v, list]) => ({
        version: v,
        resources: list.filter((r) => r.verbs.length > 0 || r.subresources.length > 0).map(aggregatedResource),
        freshness: 'Current',
      })),
    })),
  };
}

/** Returns the legacy APIVersions object for /api. */
export function legacyCoreVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(g: GroupVersions): Record<string, unknown> {
  const versions = [...g.versions.keys()].map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

/** Returns the legacy APIGroupList for /apis. */
export function legacyGroupList(resources: ClusterResources): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupsOf(resources, false).map(apiGroup) };
}

/** Returns the APIGroup for /apis/<group>, or undefined. */
export function legacyGroup(resources: ClusterResources, group: string): unknown {
  const g = groupsOf(resources, false).find((x) => x.group === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

/** Returns the APIResourceList for /api/v1 or /apis/<group>/<version>, or undefined. */
export function resourceList(resources: ClusterResources, group: string, version: string): unknown {
  const list = resources.all.filter((r) => r.group === group && r.version === version);
  if (list.length === 0) return undefined;
  const entries: Array<Record<string, unknown>> = [];
  for (const r of list) {
    const entry: Record<string, unknown> = {
      name: r.resource,
      singularName: r.singularResource,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
    if (r.categories.length > 0) entry.categories = r.categories;
    entries.push(entry);
    for (const s of r.subresources) {
      entries.push({
        name: `${r.resource}/${s.subresource}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(s.kind.group !== r.group || s.kind.version !== r.version ? { group: s.kind.group, version: s.kind.version } : {}),
        kind: s.kind.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: entries };
}
