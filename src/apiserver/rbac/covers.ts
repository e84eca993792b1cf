// Rule coverage for escalation prevention (k8s.io/component-helpers/auth/rbac/validation
// policy_comparator.go Covers, and pkg/registry/rbac/validation/rule.go CompactRules /
// rbacv1helpers.CompactString): the servant rules are broken into atomic rules (one verb, one
// group, one resource, at most one name, or one verb and one URL); each must be covered by a
// single owner rule. Because the breakdown is atomic, one owner rule either covers an atomic rule
// or does not, so the union of owner rules covers exactly when every atomic rule is covered.

import { trimStars, type Rule } from './rules.ts';

function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames: string[], nonResourceURLs: string[]): Rule {
  return { verbs, apiGroups, resources, resourceNames, nonResourceURLs };
}

/** BreakdownRule: the atomic rules equivalent to `r`, in upstream's order (group, resource, verb, name; then URLs). */
export function breakdownRule(r: Rule): Rule[] {
  const out: Rule[] = [];
  for (const group of r.apiGroups) {
    for (const resource of r.resources) {
      for (const verb of r.verbs) {
        if (r.resourceNames.length > 0) {
          for (const name of r.resourceNames) out.push(rule([verb], [group], [resource], [name], []));
        } else {
          out.push(rule([verb], [group], [resource], [], []));
        }
      }
    }
  }
  // Non-resource URLs combine with verbs only.
  for (const url of r.nonResourceURLs) {
    for (const verb of r.verbs) out.push(rule([verb], [], [], [], [url]));
  }
  return out;
}

function hasAll(set: readonly string[], contains: readonly string[]): boolean {
  for (const c of contains) if (!set.includes(c)) return false;
  return true;
}

function resourceCoversAll(set: readonly string[], covers: readonly string[]): boolean {
  // A star or an exact match on every resource matches.
  if (set.includes('*') || hasAll(set, covers)) return true;
  for (const path of covers) {
    if (set.includes(path)) continue;
    // Not a subresource: no match. A subresource is also covered by "*/subresource".
    const slash = path.indexOf('/');
    if (slash < 0) return false;
    if (!set.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

/** nonResourceURLCovers: equal, or the owner ends in `*` and the path starts with its prefix. */
export function nonResourceURLCovers(owner: string, sub: string): boolean {
  if (owner === sub) return true;
  return owner.endsWith('*') && sub.startsWith(trimStars(owner));
}

function nonResourceURLsCoverAll(set: readonly string[], covers: readonly string[]): boolean {
  for (const path of covers) {
    if (!set.some((owner) => nonResourceURLCovers(owner, path))) return false;
  }
  return true;
}

/** ruleCovers: whether one owner rule covers an atomic `sub` rule. */
export function ruleCovers(owner: Rule, sub: Rule): boolean {
  const verbMatches = owner.verbs.includes('*') || hasAll(owner.verbs, sub.verbs);
  const groupMatches = owner.apiGroups.includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resourceMatches = resourceCoversAll(owner.resources, sub.resources);
  const urlMatches = nonResourceURLsCoverAll(owner.nonResourceURLs, sub.nonResourceURLs);
  const nameMatches = sub.resourceNames.length === 0 ? owner.resourceNames.length === 0 : owner.resourceNames.length === 0 || hasAll(owner.resourceNames, sub.resourceNames);
  return verbMatches && groupMatches && resourceMatches && nameMatches && urlMatches;
}

/** Covers: whether `owner` rules cover every `servant` rule; `missing` lists the atomic rules they do not. */
export function covers(owner: readonly Rule[], servant: readonly Rule[]): { covered: boolean; missing: Rule[] } {
  const missing: Rule[] = [];
  for (const s of servant) {
    for (const sub of breakdownRule(s)) {
      if (!owner.some((o) => ruleCovers(o, sub))) missing.push(sub);
    }
  }
  return { covered: missing.length === 0, missing };
}

/**
 * CompactRules: merges "simple" rules (one group, one resource, at most one name, nothing else)
 * that differ only by verb; others pass through. Merged rules follow the unmerged ones.
 */
export function compactRules(rules: readonly Rule[]): Rule[] {
  const compacted: Rule[] = [];
  const simple = new Map<string, { verbs: string[]; rule: Rule }>();
  for (const r of rules) {
    const isSimple = r.resourceNames.length <= 1 && r.nonResourceURLs.length === 0 && r.apiGroups.length === 1 && r.resources.length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames.length > 0, r.resourceNames[0] ?? '']);
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      simple.set(key, { verbs: [...r.verbs], rule: r });
    }
  }
  for (const { verbs, rule: r } of simple.values()) compacted.push({ ...r, verbs });
  return compacted;
}

/** Go's %q of a string (strconv.Quote, for the printable ASCII and UTF-8 text names hold). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's %q of a []string: `["a" "b"]`. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** CompactString: `{APIGroups:[""], Resources:["secrets"], Verbs:["delete"]}` as escalation errors print a rule. */
export function compactString(r: Rule): string {
  const parts: string[] = [];
  if (r.apiGroups.length > 0) parts.push(`APIGroups:${goQuoteList(r.apiGroups)}`);
  if (r.resources.length > 0) parts.push(`Resources:${goQuoteList(r.resources)}`);
  if (r.nonResourceURLs.length > 0) parts.push(`NonResourceURLs:${goQuoteList(r.nonResourceURLs)}`);
  if (r.resourceNames.length > 0) parts.push(`ResourceNames:${goQuoteList(r.resourceNames)}`);
  if (r.verbs.length > 0) parts.push(`Verbs:${goQuoteList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** Returns the sorted, de-duplicated compact descriptions of missing rules (sets.NewString(...).List()). */
export function describeMissing(missing: readonly Rule[]): string[] {
  const set = new Set(compactRules(missing).map(compactString));
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
