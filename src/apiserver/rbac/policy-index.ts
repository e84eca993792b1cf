// RbacIndex: the RBAC objects of every logical cluster, kept in memory for the authorizer (the
// role of upstream's informer listers behind plugin/pkg/auth/authorizer/rbac). It is fed by the
// ControllerManager's one storage watch: `keys()` applies each event synchronously, in revision
// order, so a binding created or deleted takes effect for the next request without a reconcile.
//
// Layout, per cluster: roles by name, bindings by name, and bindings by subject (user name,
// service-account user name, group name) for cluster-wide bindings and per namespace for
// RoleBindings. A lookup touches only the bindings of the requesting user and its groups.
//
// Memory: identical roles and bindings are shared across clusters (interned by content with a
// reference count). Every virtual cluster starts with the same bootstrap policy, so an idle
// cluster costs its maps and their keys, not copies of the rules.

import { labels, type KubeObject } from '../../apimachinery/index.ts';
import type { RbacClient } from './client.ts';
import { normalizeRules, rbacGroup, type Rule } from './rules.ts';

type LabelSelector = labels.LabelSelector;

/** Subject as a binding carries it (rbacv1.Subject). */
export interface Subject {
  readonly kind: string;
  readonly apiGroup?: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A Role or ClusterRole as the index keeps it; shared between clusters holding identical ones. */
export interface RoleEntry {
  readonly name: string;
  readonly rules: readonly Rule[];
  readonly labels: Readonly<Record<string, string>> | undefined;
  /** Selectors of `aggregationRule.clusterRoleSelectors`; undefined when the role is not aggregated. */
  readonly aggregation: readonly LabelSelector[] | undefined;
}

/** A RoleBinding or ClusterRoleBinding as the index keeps it; shared like roles. */
export interface BindingEntry {
  readonly kind: 'ClusterRoleBinding' | 'RoleBinding';
  readonly name: string;
  /** "" for ClusterRoleBindings. */
  readonly namespace: string;
  readonly roleKind: string;
  readonly roleName: string;
  readonly subjects: readonly Subject[];
  /** User names the binding applies to: User subjects and service-account user names. */
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

/** Bindings by the subject they name. */
export interface SubjectIndex {
  readonly users: Map<string, BindingEntry[]>;
  readonly groups: Map<string, BindingEntry[]>;
}

/** ClusterPolicy is the RBAC state of one logical cluster. */
export interface ClusterPolicy {
  readonly clusterRoles: ReadonlyMap<string, RoleEntry>;
  /** Namespace → name → Role. */
  readonly roles: ReadonlyMap<string, ReadonlyMap<string, RoleEntry>>;
  readonly clusterBindings: ReadonlyMap<string, BindingEntry>;
  /** Namespace → name → RoleBinding. */
  readonly roleBindings: ReadonlyMap<string, ReadonlyMap<string, BindingEntry>>;
  /** ClusterRoleBindings by subject. */
  readonly clusterSubjects: SubjectIndex;
  /** Namespace → RoleBindings of that namespace by subject. */
  readonly namespaceSubjects: ReadonlyMap<string, SubjectIndex>;
}

/** An event of one RBAC object (the ControllerManager's ObjectEvent, structurally). */
export interface RbacObjectEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  cluster: string;
  group: string;
  resource: string;
  object: KubeObject;
}

/** The four RBAC resources, as ControllerManager watch keys. */
export const rbacWatches: readonly string[] = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'].map((r) => `${rbacGroup}/${r}`);

function seenKey(cluster: string, resource: string, namespace: string, name: string): string {
  return `${cluster}\u0000${resource}\u0000${namespace}/${name}`;
}

/** Returns the user name of a service account (serviceaccount.MakeUsername). */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

class MutablePolicy implements ClusterPolicy {
  readonly clusterRoles = new Map<string, RoleEntry>();
  readonly roles = new Map<string, Map<string, RoleEntry>>();
  readonly clusterBindings = new Map<string, BindingEntry>();
  readonly roleBindings = new Map<string, Map<string, BindingEntry>>();
  readonly clusterSubjects: SubjectIndex = { users: new Map(), groups: new Map() };
  readonly namespaceSubjects = new Map<string, SubjectIndex>();

  get empty(): boolean {
    return this.clusterRoles.size === 0 && this.roles.size === 0 && this.clusterBindings.size === 0 && this.roleBindings.size === 0;
  }
}

// Copy-on-write lists: a lookup in progress keeps iterating the list it started with.
function addTo(map: Map<string, BindingEntry[]>, key: string, binding: BindingEntry): void {
  const list = map.get(key);
  map.set(key, list ? [...list, binding] : [binding]);
}

function removeFrom(map: Map<string, BindingEntry[]>, key: string, binding: BindingEntry): void {
  const list = map.get(key);
  if (!list) return;
  const next = list.filter((b) => b !== binding);
  if (next.length === 0) map.delete(key);
  else map.set(key, next);
}

function index(subjects: SubjectIndex, binding: BindingEntry): void {
  for (const u of binding.users) addTo(subjects.users, u, binding);
  for (const g of binding.groups) addTo(subjects.groups, g, binding);
}

function unindex(subjects: SubjectIndex, binding: BindingEntry): void {
  for (const u of binding.users) removeFrom(subjects.users, u, binding);
  for (const g of binding.groups) removeFrom(subjects.groups, g, binding);
}

function stringOr(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function labelsOf(obj: KubeObject): Record<string, string> | undefined {
  const l = obj.metadata?.labels;
  return l && typeof l === 'object' && Object.keys(l).length > 0 ? l : undefined;
}

/** Returns the selectors of an aggregationRule; an invalid selector selects nothing (the controller reports it). */
function aggregationOf(obj: KubeObject): LabelSelector[] | undefined {
  const rule = obj.aggregationRule as { clusterRoleSelectors?: unknown } | undefined | null;
  if (!rule || typeof rule !== 'object') return undefined;
  const selectors = Array.isArray(rule.clusterRoleSelectors) ? rule.clusterRoleSelectors : [];
  return selectors.map((s) => {
    try {
      return labels.selectorFromLabelSelector(s as labels.LabelSelectorStruct);
    } catch {
      return labels.nothing();
    }
  });
}

function subjectsOf(obj: KubeObject): Subject[] {
  const raw = Array.isArray(obj.subjects) ? obj.subjects : [];
  return raw
    .filter((s): s is Record<string, unknown> => Boolean(s) && typeof s === 'object')
    .map((s) => {
      const subject: { kind: string; name: string; apiGroup?: string; namespace?: string } = { kind: stringOr(s.kind), name: stringOr(s.name) };
      if (typeof s.apiGroup === 'string') subject.apiGroup = s.apiGroup;
      if (typeof s.namespace === 'string' && s.namespace) subject.namespace = s.namespace;
      return subject;
    });
}

/** Returns the user and group names `subjects` apply to (rule.go appliesToUser, turned into keys). */
function subjectKeys(subjects: readonly Subject[], bindingNamespace: string): { users: string[]; groups: string[] } {
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const s of subjects) {
    if (s.kind === 'User') users.add(s.name);
    else if (s.kind === 'Group') groups.add(s.name);
    else if (s.kind === 'ServiceAccount') {
      // A RoleBinding may name a service account of its own namespace without a namespace.
      const ns = s.namespace || bindingNamespace;
      if (ns) users.add(serviceAccountUsername(ns, s.name));
    }
  }
  return { users: [...users], groups: [...groups] };
}

/** Returns whether two JSON values are equal, without allocating (content comparison for interning). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    count++;
    if (!sameJson(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) count--;
  return count === 0;
}

/**
 * Interns values by content, counting references so unused ones are freed. Candidates are found
 * by name and compared structurally with the raw content they were made from: cheaper than a
 * serialized key, which would cost a string of the whole rule list per event.
 */
class InternTable<T extends object> {
  private readonly byName = new Map<string, Array<{ content: unknown; value: T; refs: number }>>();
  private readonly names = new WeakMap<T, string>();
  private count = 0;

  acquire(name: string, content: unknown, make: () => T): T {
    const candidates = this.byName.get(name);
    if (candidates) {
      for (const c of candidates) {
        if (sameJson(c.content, content)) {
          c.refs++;
          return c.value;
        }
      }
    }
    const value = make();
    const entry = { content, value, refs: 1 };
    if (candidates) candidates.push(entry);
    else this.byName.set(name, [entry]);
    this.names.set(value, name);
    this.count++;
    return value;
  }

  release(value: T): void {
    const name = this.names.get(value);
    if (name === undefined) return;
    const candidates = this.byName.get(name) ?? [];
    const i = candidates.findIndex((c) => c.value === value);
    if (i < 0 || --(candidates[i] as { refs: number }).refs > 0) return;
    candidates.splice(i, 1);
    if (candidates.length === 0) this.byName.delete(name);
    this.count--;
  }

  get size(): number {
    return this.count;
  }
}

/** Index sizes, for tests and benchmarks. */
export interface RbacIndexStats {
  clusters: number;
  roles: number;
  bindings: number;
  internedRoles: number;
  internedBindings: number;
}

/**
 * RbacIndex keeps the RBAC policy of every cluster in memory. It is a Controller for the
 * ControllerManager (structurally: name, watches, keys, reconcile) whose `keys()` applies the
 * event and queues nothing, except the sweep after a relist (see `keys`).
 */
export class RbacIndex {
  readonly name = 'rbac-policy-index';
  readonly watches = rbacWatches;
  readonly concurrency = 1;
  private readonly clusters = new Map<string, MutablePolicy>();
  private readonly roleTable = new InternTable<RoleEntry>();
  private readonly bindingTable = new InternTable<BindingEntry>();
  /** Keys seen since a relist began (cluster \0 resource \0 namespace/name); undefined when none is in progress. */
  private relistSeen: Set<string> | undefined;
  private lastRelistEvent = 0;
  private readonly relistQuietMs: number;
  private readonly client: RbacClient | undefined;

  /**
   * `relistQuietMs`: how long after the last re-listed object a relist is taken as complete;
   * `client`: reads storage before the sweep after a relist drops an object (see `keys`).
   */
  constructor(options: { relistQuietMs?: number; client?: RbacClient } = {}) {
    this.relistQuietMs = options.relistQuietMs ?? 5_000;
    this.client = options.client;
  }

  /** Returns the policy of `cluster`, or undefined when it holds no RBAC objects. */
  policy(cluster: string): ClusterPolicy | undefined {
    return this.clusters.get(cluster);
  }

  /** Returns the ClusterRoles of `cluster`. */
  clusterRoles(cluster: string): Iterable<RoleEntry> {
    return this.clusters.get(cluster)?.clusterRoles.values() ?? [];
  }

  /** Returns the sizes of the index. */
  stats(): RbacIndexStats {
    let roles = 0;
    let bindings = 0;
    for (const p of this.clusters.values()) {
      roles += p.clusterRoles.size;
      for (const m of p.roles.values()) roles += m.size;
      bindings += p.clusterBindings.size;
      for (const m of p.roleBindings.values()) bindings += m.size;
    }
    return { clusters: this.clusters.size, roles, bindings, internedRoles: this.roleTable.size, internedBindings: this.bindingTable.size };
  }

  /**
   * Applies the event; returns no reconcile keys, except "relist" while a relist is in progress.
   *
   * The manager re-lists after a broken watch and then sends ADDED for every existing object but
   * nothing for objects deleted in the gap. An ADDED for an object the index already holds can
   * only come from such a relist, so it starts a sweep: once no re-listed object arrived for
   * `relistQuietMs`, objects not seen since are removed (client-go's Replace does the same with
   * DeletedFinalStateUnknown) unless storage still has them (objects new in the relist that came
   * before the first known one). Until then a deleted binding may linger: removal errs late.
   */
  keys(event: RbacObjectEvent): string[] {
    if (event.group !== rbacGroup) return [];
    const meta = event.object.metadata ?? {};
    const name = stringOr(meta.name);
    const namespace = stringOr(meta.namespace);
    const relisted = event.type === 'ADDED' && this.has(event.cluster, event.resource, namespace, name);
    if (relisted) {
      this.relistSeen ??= new Set();
      this.lastRelistEvent = Date.now();
    }
    this.relistSeen?.add(seenKey(event.cluster, event.resource, namespace, name));
    this.apply(event.type, event.cluster, event.resource, namespace, name, event.object);
    return relisted ? ['relist'] : [];
  }

  /** Sweeps after a relist (the only key queued). */
  async reconcile(_key: string): Promise<{ requeueAfterMs?: number }> {
    const seen = this.relistSeen;
    if (!seen) return {};
    const waited = Date.now() - this.lastRelistEvent;
    if (waited < this.relistQuietMs) return { requeueAfterMs: this.relistQuietMs - waited };
    for (const [cluster, resource, namespace, name] of this.unseen(seen)) {
      const stored = await this.client?.resource(cluster, rbacGroup, resource)?.get(namespace || undefined, name);
      // Events keep arriving meanwhile; one for this object proves it alive.
      if (stored || seen.has(seenKey(cluster, resource, namespace, name))) continue;
      this.apply('DELETED', cluster, resource, namespace, name, undefined);
    }
    if (this.relistSeen === seen) this.relistSeen = undefined;
    return {};
  }

  /** Returns every indexed object whose key is not in `seen`. */
  private unseen(seen: Set<string>): Array<[string, string, string, string]> {
    const out: Array<[string, string, string, string]> = [];
    for (const [cluster, p] of this.clusters) {
      const check = (resource: string, namespace: string, name: string): void => {
        if (!seen.has(seenKey(cluster, resource, namespace, name))) out.push([cluster, resource, namespace, name]);
      };
      for (const name of p.clusterRoles.keys()) check('clusterroles', '', name);
      for (const name of p.clusterBindings.keys()) check('clusterrolebindings', '', name);
      for (const [ns, m] of p.roles) for (const name of m.keys()) check('roles', ns, name);
      for (const [ns, m] of p.roleBindings) for (const name of m.keys()) check('rolebindings', ns, name);
    }
    return out;
  }

  private has(cluster: string, resource: string, namespace: string, name: string): boolean {
    const p = this.clusters.get(cluster);
    if (!p) return false;
    switch (resource) {
      case 'clusterroles':
        return p.clusterRoles.has(name);
      case 'roles':
        return p.roles.get(namespace)?.has(name) ?? false;
      case 'clusterrolebindings':
        return p.clusterBindings.has(name);
      case 'rolebindings':
        return p.roleBindings.get(namespace)?.has(name) ?? false;
      default:
        return false;
    }
  }

  private apply(type: RbacObjectEvent['type'], cluster: string, resource: string, namespace: string, name: string, obj: KubeObject | undefined): void {
    let p = this.clusters.get(cluster);
    if (!p) {
      if (type === 'DELETED') return;
      p = new MutablePolicy();
      this.clusters.set(cluster, p);
    }
    const live = type === 'DELETED' ? undefined : obj;
    switch (resource) {
      case 'clusterroles':
        this.setRole(p.clusterRoles, name, live);
        break;
      case 'roles': {
        let m = p.roles.get(namespace);
        if (!m) {
          if (!live) break;
          m = new Map();
          p.roles.set(namespace, m);
        }
        this.setRole(m, name, live);
        if (m.size === 0) p.roles.delete(namespace);
        break;
      }
      case 'clusterrolebindings':
        this.setBinding(p.clusterBindings, p.clusterSubjects, 'ClusterRoleBinding', '', name, live);
        break;
      case 'rolebindings': {
        let m = p.roleBindings.get(namespace);
        let subjects = p.namespaceSubjects.get(namespace);
        if (!m || !subjects) {
          if (!live) break;
          m = new Map();
          subjects = { users: new Map(), groups: new Map() };
          p.roleBindings.set(namespace, m);
          p.namespaceSubjects.set(namespace, subjects);
        }
        this.setBinding(m, subjects, 'RoleBinding', namespace, name, live);
        if (m.size === 0) {
          p.roleBindings.delete(namespace);
          p.namespaceSubjects.delete(namespace);
        }
        break;
      }
      default:
        return;
    }
    if (p.empty) this.clusters.delete(cluster);
  }

  private setRole(map: Map<string, RoleEntry>, name: string, obj: KubeObject | undefined): void {
    const previous = map.get(name);
    if (obj) {
      // Normalizing happens only for content not seen before.
      const roleLabels = labelsOf(obj);
      const content = [obj.rules, roleLabels, obj.aggregationRule];
      const entry = this.roleTable.acquire(name, content, () => Object.freeze({ name, rules: normalizeRules(obj.rules), labels: roleLabels, aggregation: aggregationOf(obj) }));
      map.set(entry.name, entry);
    } else {
      map.delete(name);
    }
    if (previous) this.roleTable.release(previous);
  }

  private setBinding(map: Map<string, BindingEntry>, subjects: SubjectIndex, kind: BindingEntry['kind'], namespace: string, name: string, obj: KubeObject | undefined): void {
    const previous = map.get(name);
    if (previous) unindex(subjects, previous);
    if (obj) {
      const entry = this.bindingTable.acquire(name, [kind, namespace, obj.roleRef, obj.subjects], () => {
        const roleRef = (obj.roleRef ?? {}) as Record<string, unknown>;
        const subjectList = subjectsOf(obj);
        return Object.freeze({ kind, name, namespace, roleKind: stringOr(roleRef.kind), roleName: stringOr(roleRef.name), subjects: subjectList, ...subjectKeys(subjectList, namespace) });
      });
      map.set(entry.name, entry);
      index(subjects, entry);
    } else {
      map.delete(name);
    }
    if (previous) this.bindingTable.release(previous);
  }
}
