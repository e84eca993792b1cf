// Label selectors (k8s.io/apimachinery pkg/labels/selector.go and pkg/selection, Kubernetes 1.32):
// requirements ANDed together, how they match a label map, and their canonical string form.
// A selector is plain data so it can be logged, compared and sent between layers.

import { badRequest } from '../errors.ts';
import { isQualifiedName, isValidLabelValue, stringOf } from '../validation/index.ts';

/** Operator is a selection.Operator, spelled as upstream spells it. */
export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** Requirement is one condition on one label key. */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** In/NotIn: the set; =, ==, !=, gt, lt: exactly one value; exists and '!': none. */
  readonly values: readonly string[];
}

/** LabelSelector is an AND of requirements; `matchesNothing` is labels.Nothing() (a null metav1.LabelSelector). */
export interface LabelSelector {
  readonly requirements: readonly Requirement[];
  readonly matchesNothing: boolean;
}

/** The binary operators in the order upstream lists them in parse errors. */
export const binaryOperators: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

const allOperators: readonly string[] = [...binaryOperators, 'exists', '!'];

/** Returns the selector that matches every label set (labels.Everything). */
export function everything(): LabelSelector {
  return { requirements: [], matchesNothing: false };
}

/** Returns the selector that matches no label set (labels.Nothing). */
export function nothing(): LabelSelector {
  return { requirements: [], matchesNothing: true };
}

/** Returns whether `selector` places no restriction: it matches every label set, including none. */
export function isEverything(selector: LabelSelector): boolean {
  return !selector.matchesNothing && selector.requirements.length === 0;
}

// ---- construction ----

/** Returns how Go's %#v prints a []string, which upstream puts in some messages. */
function goStringSlice(values: readonly string[] | null): string {
  if (values === null) return '[]string(nil)';
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/** Returns a 64-bit signed integer as strconv.ParseInt(s, 10, 64) reads it, or undefined. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

/** Returns upstream's field error strings for a requirement, with `root` the field path upstream would use ("" for none). */
export function requirementErrors(key: string, operator: string, values: readonly string[] | null, root = ''): string[] {
  const errs: string[] = [];
  const at = (name: string): string => (root ? `${root}.${name}` : name);
  const vals = values ?? [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errs.push(`${at('key')}: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);

  const valuesPath = at('values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (vals.length === 0) {
        errs.push(`${valuesPath}: Invalid value: ${goStringSlice(values)}: for 'in', 'notin' operators, values set can't be empty`);
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) {
        errs.push(`${valuesPath}: Invalid value: ${goStringSlice(values)}: exact-match compatibility requires one single value`);
      }
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) {
        errs.push(`${valuesPath}: Invalid value: ${goStringSlice(values)}: values set must be empty for exists and does not exist`);
      }
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) {
        errs.push(`${valuesPath}: Invalid value: ${goStringSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      }
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(`${valuesPath}[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
        }
      });
      break;
    default:
      errs.push(
        `${at('operator')}: Unsupported value: ${JSON.stringify(operator)}: supported values: ${allOperators.map((o) => JSON.stringify(o)).join(', ')}`,
      );
  }
  vals.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errs.push(`${valuesPath}[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${valueErrs.join('; ')}`);
  });
  return errs;
}

/** Returns errors joined as utilerrors.NewAggregate prints them: one as is, several as "[a, b]", duplicates once. */
export function aggregateMessage(errs: readonly string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}

/** Returns a validated requirement, or throws a 400 StatusError with upstream's message (labels.NewRequirement). */
export function newRequirement(key: string, operator: Operator, values: readonly string[]): Requirement {
  const errs = requirementErrors(key, operator, values);
  if (errs.length > 0) throw badRequest(aggregateMessage(errs));
  return { key, operator, values: [...values] };
}

/** Returns `requirements` ordered by key, keeping the given order among equal keys (ByKey, made stable). */
export function sortByKey(requirements: readonly Requirement[]): Requirement[] {
  return [...requirements].sort((a, b) => compareStrings(a.key, b.key));
}

/** Returns <0, 0 or >0 comparing strings by code point, the order Go's byte-wise string comparison gives. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done) return cb.done ? 0 : -1;
    if (cb.done) return 1;
    const d = (ca.value.codePointAt(0) as number) - (cb.value.codePointAt(0) as number);
    if (d !== 0) return d;
  }
}

/** Returns a selector that matches exactly the given labels; no validation, like labels.SelectorFromSet. */
export function selectorFromSet(set: Record<string, string> | undefined): LabelSelector {
  const requirements = Object.entries(set ?? {}).map(([key, value]): Requirement => ({ key, operator: '=', values: [value] }));
  return { requirements: sortByKey(requirements), matchesNothing: false };
}

/** The metav1.LabelSelector struct as selectorFromLabelSelector reads it. */
export interface LabelSelectorStruct {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

const structOperators: ReadonlyMap<unknown, Operator> = new Map<unknown, Operator>([
  ['In', 'in'],
  ['NotIn', 'notin'],
  ['Exists', 'exists'],
  ['DoesNotExist', '!'],
]);

/**
 * Returns the selector a metav1.LabelSelector describes (LabelSelectorAsSelector): null matches
 * nothing, an empty one everything. Throws a 400 StatusError with upstream's message when a key,
 * value or operator is invalid; use validateLabelSelector for per-field errors in an object.
 */
export function selectorFromLabelSelector(spec: LabelSelectorStruct | null | undefined): LabelSelector {
  if (spec === null || spec === undefined) return nothing();
  const matchLabels = spec.matchLabels && typeof spec.matchLabels === 'object' ? Object.entries(spec.matchLabels) : [];
  const matchExpressions = Array.isArray(spec.matchExpressions) ? spec.matchExpressions : [];
  if (matchLabels.length + matchExpressions.length === 0) return everything();
  const requirements: Requirement[] = [];
  for (const [key, value] of matchLabels) {
    const values = [stringOf(value)];
    const errs = requirementErrors(key, '=', values);
    if (errs.length > 0) throw badRequest(aggregateMessage(errs));
    requirements.push({ key, operator: '=', values });
  }
  for (const expr of matchExpressions) {
    const operator = structOperators.get(expr?.operator);
    if (operator === undefined) {
      const shown = typeof expr?.operator === 'string' ? expr.operator : '';
      throw badRequest(`${JSON.stringify(shown)} is not a valid pod selector operator`);
    }
    // Upstream copies with append([]string(nil), values...): an empty list prints as nil.
    const values = Array.isArray(expr.values) && expr.values.length > 0 ? expr.values.map(stringOf) : null;
    const key = stringOf(expr.key);
    const errs = requirementErrors(key, operator, values);
    if (errs.length > 0) throw badRequest(aggregateMessage(errs));
    requirements.push({ key, operator, values: values ?? [] });
  }
  return { requirements: sortByKey(requirements), matchesNothing: false };
}

// ---- matching ----

/** Returns whether one requirement holds for `labels` (Requirement.Matches). */
export function requirementMatches(r: Requirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && labels !== null && Object.hasOwn(labels, r.key);
  const value = has ? (labels as Record<string, string>)[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value as string);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const actual = parseInt64(value as string);
      const bound = parseInt64(r.values[0] as string);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** Returns whether every requirement of `selector` holds for `labels` (Selector.Matches). */
export function matches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  if (selector.matchesNothing) return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

/** Returns the value `key` must have for `selector` to match, if it pins one (RequiresExactMatch). */
export function requiresExactMatch(selector: LabelSelector, key: string): string | undefined {
  const r = selector.requirements.find((req) => req.key === key);
  if (r === undefined) return undefined;
  if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
  return undefined;
}

// ---- printing ----

/** Returns the canonical string of one requirement, values sorted (Requirement.String). */
export function requirementToString(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    default: {
      const values = r.values.length === 1 ? (r.values[0] as string) : [...r.values].sort(compareStrings).join(',');
      switch (r.operator) {
        case 'in':
          return `${r.key} in (${values})`;
        case 'notin':
          return `${r.key} notin (${values})`;
        case 'gt':
          return `${r.key}>${values}`;
        case 'lt':
          return `${r.key}<${values}`;
        default:
          return `${r.key}${r.operator}${values}`;
      }
    }
  }
}

/** Returns the canonical string form of `selector`, which parseSelector reads back ("" for everything and nothing). */
export function selectorToString(selector: LabelSelector): string {
  if (selector.matchesNothing) return '';
  return selector.requirements.map(requirementToString).join(',');
}
