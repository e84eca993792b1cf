// ClusterRole aggregation (k8s.io/kubernetes pkg/controller/clusterroleaggregation): a ClusterRole
// with `aggregationRule.clusterRoleSelectors` gets as `rules` the rules of every other ClusterRole
// of its cluster whose labels match a selector. Per selector, matching roles are taken in name
// order and each rule is added once (first occurrence wins), so the result is deterministic; the
// role is written only when its rules differ. Any ClusterRole change in a cluster queues every
// aggregated ClusterRole of that cluster (upstream's enqueue-all, scoped to the cluster).

import { isStatusError, labels, type KubeObject } from '../../apimachinery/index.ts';
import type { RbacClient } from './client.ts';
import type { RbacIndex, RbacObjectEvent } from './policy-index.ts';
import { normalizeRules, rbacGroup, ruleListsEqual, rulesEqual, toPolicyRule, type Rule } from './rules.ts';

/** A ClusterRole as aggregation reads it. */
export interface AggregationSource {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly rules: readonly Rule[];
}

/** Returns the aggregated rules of `target` over `roles` (clusterroleaggregation_controller.go syncClusterRole). */
export function aggregateRules(target: { name: string; aggregation: readonly labels.LabelSelector[] }, roles: Iterable<AggregationSource>): Rule[] {
  const all = [...roles];
  const result: Rule[] = [];
  for (const selector of target.aggregation) {
    const matching = all.filter((r) => labels.matches(selector, r.labels as Record<string, string> | undefined)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const role of matching) {
      if (role.name === target.name) continue;
      for (const rule of role.rules) {
        if (!result.some((r) => rulesEqual(r, rule))) result.push(rule);
      }
    }
  }
  return result;
}

function clusterKey(cluster: string, name: string): string {
  return JSON.stringify([cluster, name]);
}

/** ClusterRoleAggregationController fills the rules of aggregated ClusterRoles, in every cluster. */
export class ClusterRoleAggregationController {
  readonly name = 'clusterrole-aggregation';
  readonly watches = [`${rbacGroup}/clusterroles`];
  private readonly index: RbacIndex;
  private readonly client: RbacClient;
  private readonly settleMs: number;
  /** When each cluster's ClusterRoles last changed; entries leave once settled. */
  private readonly lastChange = new Map<string, number>();

  /** Reads roles from `index` (which must be fed by the same manager) and writes through `client`. */
  constructor(index: RbacIndex, client: RbacClient, options: { settleMs?: number } = {}) {
    this.index = index;
    this.client = client;
    this.settleMs = options.settleMs ?? 50;
  }

  /** Returns a key for every aggregated ClusterRole of the event's cluster. */
  keys(event: RbacObjectEvent): string[] {
    this.lastChange.set(event.cluster, Date.now());
    const keys = new Set<string>();
    // The index may see this event after us (controller order): take the object itself too.
    if (event.type !== 'DELETED' && event.object.aggregationRule) keys.add(clusterKey(event.cluster, event.object.metadata?.name ?? ''));
    for (const role of this.index.clusterRoles(event.cluster)) {
      if (role.aggregation) keys.add(clusterKey(event.cluster, role.name));
    }
    return [...keys];
  }

  /** Writes the aggregated rules of one ClusterRole when they differ from its current rules. */
  async reconcile(key: string): Promise<{ requeueAfterMs?: number }> {
    const [cluster, name] = JSON.parse(key) as [string, string];
    const changed = this.lastChange.get(cluster);
    if (changed !== undefined) {
      const quiet = Date.now() - changed;
      if (quiet < this.settleMs) return { requeueAfterMs: this.settleMs - quiet };
      this.lastChange.delete(cluster);
    }
    const indexed = this.index.policy(cluster)?.clusterRoles.get(name);
    if (!indexed?.aggregation) return {};
    const desired = aggregateRules({ name, aggregation: indexed.aggregation }, this.index.clusterRoles(cluster));
    if (ruleListsEqual(desired, indexed.rules)) return {};
    // The index may lag storage: compare with the stored object before writing.
    const clusterRoles = this.client.resource(cluster, rbacGroup, 'clusterroles');
    if (!clusterRoles) return {};
    const current = await clusterRoles.get(undefined, name);
    if (!current?.aggregationRule || ruleListsEqual(desired, normalizeRules(current.rules))) return {};
    try {
      await clusterRoles.update({ ...current, rules: desired.map(toPolicyRule) });
    } catch (err) {
      // Deleted meanwhile: nothing to do. A conflict is retried by the queue with backoff.
      if (isStatusError(err, 'NotFound')) return {};
      throw err;
    }
    return {};
  }
}

/** Returns the rules every aggregated role in `roles` converges to, by aggregating until nothing changes. */
export function convergedRules(roles: readonly KubeObject[]): Map<string, Rule[]> {
  const sources = new Map<string, { name: string; labels: Record<string, string> | undefined; rules: Rule[]; aggregation?: labels.LabelSelector[] }>();
  for (const r of roles) {
    const name = r.metadata?.name ?? '';
    const rule = r.aggregationRule as { clusterRoleSelectors?: labels.LabelSelectorStruct[] } | undefined;
    sources.set(name, {
      name,
      labels: r.metadata?.labels,
      rules: normalizeRules(r.rules),
      aggregation: rule ? (rule.clusterRoleSelectors ?? []).map((s) => labels.selectorFromLabelSelector(s)) : undefined,
    });
  }
  for (let round = 0; round < 16; round++) {
    let changed = false;
    for (const source of sources.values()) {
      if (!source.aggregation) continue;
      const next = aggregateRules({ name: source.name, aggregation: source.aggregation }, sources.values());
      if (!ruleListsEqual(next, source.rules)) {
        source.rules = next;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const out = new Map<string, Rule[]>();
  for (const s of sources.values()) if (s.aggregation) out.set(s.name, s.rules);
  return out;
}
