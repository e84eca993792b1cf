// PolicyRule semantics of the rbac.authorization.k8s.io API (k8s.io/kubernetes
// plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows and pkg/apis/rbac/v1/evaluation_helpers.go):
// what one rule allows, and how rules read from stored objects are normalized so that every
// later check can rely on arrays being present.

import type { AuthorizationAttributes } from '../auth.ts';

/** The API group of the RBAC kinds. */
export const rbacGroup = 'rbac.authorization.k8s.io';

/** PolicyRule as the API carries it (rbacv1.PolicyRule); absent lists are omitted. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Rule is a PolicyRule with every list present (possibly empty), shared and never mutated. */
export interface Rule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** The attributes RuleAllows reads. */
export type RuleAttributes = Pick<AuthorizationAttributes, 'verb' | 'isResourceRequest' | 'path' | 'apiGroup' | 'resource' | 'subresource' | 'name'>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Returns the rule with every list present; non-string entries (invalid input) are dropped. */
export function normalizeRule(raw: unknown): Rule {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    verbs: strings(r.verbs),
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  };
}

/** Returns the normalized rules of a Role or ClusterRole object's `rules` field. */
export function normalizeRules(raw: unknown): Rule[] {
  return Array.isArray(raw) ? raw.map(normalizeRule) : [];
}

/** Returns the API form of a rule: empty lists are omitted, as the API serializes them. */
export function toPolicyRule(rule: Rule): PolicyRule {
  const out: PolicyRule = { verbs: [...rule.verbs] };
  if (rule.apiGroups.length > 0) out.apiGroups = [...rule.apiGroups];
  if (rule.resources.length > 0) out.resources = [...rule.resources];
  if (rule.resourceNames.length > 0) out.resourceNames = [...rule.resourceNames];
  if (rule.nonResourceURLs.length > 0) out.nonResourceURLs = [...rule.nonResourceURLs];
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Returns whether two rules are equal (equality.Semantic: an absent list equals an empty one). */
export function rulesEqual(a: Rule, b: Rule): boolean {
  return (
    sameList(a.verbs, b.verbs) &&
    sameList(a.apiGroups, b.apiGroups) &&
    sameList(a.resources, b.resources) &&
    sameList(a.resourceNames, b.resourceNames) &&
    sameList(a.nonResourceURLs, b.nonResourceURLs)
  );
}

/** Returns whether two rule lists are equal element by element. */
export function ruleListsEqual(a: readonly Rule[], b: readonly Rule[]): boolean {
  return a.length === b.length && a.every((rule, i) => rulesEqual(rule, b[i] as Rule));
}

/** VerbMatches: `*` or the exact verb. */
export function verbMatches(rule: Rule, verb: string): boolean {
  for (const v of rule.verbs) if (v === '*' || v === verb) return true;
  return false;
}

/** APIGroupMatches: `*` or the exact group ("" is the core group). */
export function apiGroupMatches(rule: Rule, group: string): boolean {
  for (const g of rule.apiGroups) if (g === '*' || g === group) return true;
  return false;
}

/**
 * ResourceMatches: `*`, the exact "resource" or "resource/subresource", or "*\/subresource" for a
 * request of that subresource of any resource. "pods/*" is not a wildcard upstream: it matches only
 * a subresource literally named "*".
 */
export function resourceMatches(rule: Rule, combined: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === '*' || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** ResourceNameMatches: no names means every name; otherwise the exact name (so never a list). */
export function resourceNameMatches(rule: Rule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  for (const n of rule.resourceNames) if (n === name) return true;
  return false;
}

/** NonResourceURLMatches: `*`, the exact path, or a prefix rule ending in `*`. */
export function nonResourceURLMatches(rule: Rule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(trimStars(u))) return true;
  }
  return false;
}

/** strings.TrimRight(s, "*"). */
export function trimStars(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 42) end--;
  return s.slice(0, end);
}

/** RuleAllows: whether one rule allows the request (`combined` is "resource[/subresource]"). */
export function ruleAllows(attrs: RuleAttributes, rule: Rule, combined: string): boolean {
  if (attrs.isResourceRequest) {
    return (
      verbMatches(rule, attrs.verb) &&
      apiGroupMatches(rule, attrs.apiGroup) &&
      resourceMatches(rule, combined, attrs.subresource) &&
      resourceNameMatches(rule, attrs.name)
    );
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}

/** Returns "resource/subresource", or the resource alone. */
export function combinedResource(attrs: Pick<AuthorizationAttributes, 'resource' | 'subresource'>): string {
  return attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
}
