// Catalog: which resources a logical cluster serves. Built-in kinds are shared by every cluster;
// CustomResourceDefinitions add resources to one cluster only, so two virtual clusters may
// define the same CRD differently without seeing each other's.

import type { ResourceInfo } from './resource.ts';

/** The per-cluster view of served resources. */
export interface ClusterResources {
  /** Every served resource, in discovery (preference) order. */
  all: ResourceInfo[];
  /** Finds a resource by group, version and plural name. */
  lookup(group: string, version: string, resource: string): ResourceInfo | undefined;
  /** A number that changes whenever this cluster's resources change (for discovery/OpenAPI caches). */
  generation: number;
}

interface Indexed {
  all: ResourceInfo[];
  byKey: Map<string, ResourceInfo>;
}

function index(resources: ResourceInfo[]): Indexed {
  const byKey = new Map<string, ResourceInfo>();
  for (const r of resources) byKey.set(`${r.group}/${r.version}/${r.resource}`, r);
  return { all: resources, byKey };
}

/** Catalog holds the built-in resources and each cluster's custom ones. */
export class Catalog {
  private readonly builtins: Indexed;
  /** Kinds a platform layer serves in some clusters only (management.loft.sh in loft-cluster). */
  private readonly platform = new Map<string, Indexed>();
  private readonly custom = new Map<string, Indexed>();
  private generations = new Map<string, number>();
  /** forCluster() results, rebuilt only when a cluster's resources change (hot request path). */
  private readonly views = new Map<string, ClusterResources>();
  private readonly listeners = new Set<(cluster: string) => void>();

  private readonly builtinView: ClusterResources;

  constructor(builtins: ResourceInfo[]) {
    this.builtins = index(builtins);
    this.builtinView = this.buildView('');
  }

  /** Returns the resources `cluster` serves. */
  forCluster(cluster: string): ClusterResources {
    // Clusters without kinds of their own (most virtual clusters) share one view.
    if (!this.custom.has(cluster) && !this.platform.has(cluster)) return this.builtinView;
    let view = this.views.get(cluster);
    if (!view) {
      view = this.buildView(cluster);
      this.views.set(cluster, view);
    }
    return view;
  }

  private buildView(cluster: string): ClusterResources {
    const custom = this.custom.get(cluster);
    const platform = this.platform.get(cluster);
    const builtins = this.builtins;
    return {
      all: custom || platform ? [...builtins.all, ...(platform?.all ?? []), ...(custom?.all ?? [])] : builtins.all,
      lookup: (group, version, resource) => {
        const key = `${group}/${version}/${resource}`;
        return builtins.byKey.get(key) ?? platform?.byKey.get(key) ?? custom?.byKey.get(key);
      },
      generation: this.generations.get(cluster) ?? 0,
    };
  }

  /** Returns the built-in resources. */
  builtinResources(): ResourceInfo[] {
    return this.builtins.all;
  }

  /** Serves `resources` in `cluster` besides the built-ins (set once at start). */
  setPlatformResources(cluster: string, resources: ResourceInfo[]): void {
    this.platform.set(cluster, index(resources));
    this.views.delete(cluster);
    this.generations.set(cluster, (this.generations.get(cluster) ?? 0) + 1);
    for (const listener of this.listeners) listener(cluster);
  }

  /** Returns the built-in and platform resources of `cluster`, which CRDs may not shadow. */
  reservedResources(cluster: string): ResourceInfo[] {
    return [...this.builtins.all, ...(this.platform.get(cluster)?.all ?? [])];
  }

  /** Replaces the custom resources of `cluster` (the CRD controller calls this). */
  setCustomResources(cluster: string, resources: ResourceInfo[]): void {
    if (resources.length === 0) this.custom.delete(cluster);
    else this.custom.set(cluster, index(resources));
    this.views.delete(cluster);
    this.generations.set(cluster, (this.generations.get(cluster) ?? 0) + 1);
    for (const listener of this.listeners) listener(cluster);
  }

  /** Forgets every custom resource of a cluster that no longer exists. */
  dropCluster(cluster: string): void {
    this.custom.delete(cluster);
    this.views.delete(cluster);
    this.generations.delete(cluster);
  }

  /** Calls `listener` whenever a cluster's resources change. */
  onChange(listener: (cluster: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
