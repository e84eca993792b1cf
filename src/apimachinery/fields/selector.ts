// Field selectors (k8s.io/apimachinery pkg/fields/selector.go, Kubernetes 1.32): comma-separated
// `field=value`, `field==value` or `field!=value` terms, ANDed. In a value, `\` escapes `\`, `,`
// and `=`; any other escape is an error, as is an unescaped `,` or `=` (after splitting). The
// field part has no escaping: the first operator splits the term.
//
// Which fields a kind supports is the registry's business: it reads `requirements` and rejects
// unknown ones with unsupportedFieldSelector, before any matching.

import { badRequest, type StatusError } from '../errors.ts';

/** FieldRequirement is one term: `field = value` or `field != value` ("==" is read as "="). */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** FieldSelector is an AND of field requirements; none means everything. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

/** Returns the selector that matches everything (fields.Everything). */
export function everything(): FieldSelector {
  return { requirements: [] };
}

/** Returns whether `selector` places no restriction (Selector.Empty). */
export function isEverything(selector: FieldSelector): boolean {
  return selector.requirements.length === 0;
}

/** Returns the terms of `selector`, so a registry can check each field is supported (Selector.Requirements). */
export function requirements(selector: FieldSelector): readonly FieldRequirement[] {
  return selector.requirements;
}

/** Returns `value` with `\`, `,` and `=` backslash-escaped for use in a field selector (fields.EscapeValue). */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

/** Returns the literal value of an escaped field selector value, or throws a 400 (fields.UnescapeValue). */
export function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let inSlash = false;
  for (const ch of value) {
    if (inSlash) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${ch}`);
      out += ch;
      inSlash = false;
    } else if (ch === '\\') {
      inSlash = true;
    } else if (ch === ',' || ch === '=') {
      // Upstream prints the rune with %v, which is its code point number ("61" for '=').
      throw badRequest(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    } else {
      out += ch;
    }
  }
  // Ending with a single backslash is an invalid sequence.
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Returns the comma-separated terms of `selector`; an escaped comma stays inside its term, backslash kept (splitTerms). */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (inSlash) inSlash = false;
    else if (ch === '\\') inSlash = true;
    else if (ch === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

/** Returns [field, operator, raw value] split at the first operator, or undefined (splitTerm). */
function splitTerm(term: string): [string, (typeof termOperators)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Returns <0, 0 or >0 comparing by code point, the order of Go's sort.Strings. */
function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0) as number);
  const cb = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = (ca[i] as number) - (cb[i] as number);
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

/**
 * Returns the selector a field selector string describes (fields.ParseSelector); "" selects
 * everything. Terms come out sorted by their text, as upstream sorts them. Throws a 400 StatusError
 * with upstream's message: "invalid selector: 'x'; can't understand 'x'" or "invalid field
 * selector: ...".
 */
export function parseFieldSelector(text: string): FieldSelector {
  const terms = splitTerms(text).sort(compareCodePoints);
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (split === undefined) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [field, op, raw] = split;
    requirements.push({ field, operator: op === '!=' ? '!=' : '=', value: unescapeFieldValue(raw) });
  }
  return { requirements };
}

/** Returns the canonical string of `selector`, values escaped, which parseFieldSelector reads back. */
export function fieldSelectorToString(selector: FieldSelector): string {
  return selector.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
}

/** Returns whether every requirement holds, reading fields with `getField`; a missing field is "" (Selector.Matches). */
export function matchesFields(selector: FieldSelector, getField: (path: string) => string | undefined): boolean {
  return selector.requirements.every((r) => ((getField(r.field) ?? '') === r.value) === (r.operator === '='));
}

/** Returns the value `field` must equal for `selector` to match, if a "=" term pins it (RequiresExactMatch). */
export function fieldRequiresExactMatch(selector: FieldSelector, field: string): string | undefined {
  return selector.requirements.find((r) => r.field === field && r.operator === '=')?.value;
}

/** Returns a field getter over an object's metadata.name and metadata.namespace, the fields every kind supports. */
export function objectMetaFields(obj: { metadata?: { name?: string; namespace?: string } }): (path: string) => string | undefined {
  return (path) => {
    if (path === 'metadata.name') return obj.metadata?.name;
    if (path === 'metadata.namespace') return obj.metadata?.namespace;
    return undefined;
  };
}

/** The fields every kind can be selected by (runtime.DefaultMetaV1FieldSelectorConversion). */
export const defaultSelectableFields: readonly string[] = ['metadata.name', 'metadata.namespace'];

/** Options for unsupportedFieldSelector. */
export interface UnsupportedFieldSelectorOptions {
  /**
   * Which upstream conversion the kind uses. 'default' (built-in kinds without their own field
   * conversion) says `"x" is not a known field selector: only "metadata.name", "metadata.namespace"`;
   * 'kind' (custom resources, and built-ins with their own conversion such as pods or events) says
   * `field label not supported: x`. Defaults to 'default' when `supported` is exactly the two
   * metadata fields, otherwise 'kind'.
   */
  style?: 'default' | 'kind';
}

/**
 * Returns the 400 kube-apiserver sends for a field selector on a field the kind does not support
 * (the error of scheme.ConvertFieldLabel, wrapped by the list handler with NewBadRequest).
 * `resource` is the plural name; upstream's message does not name it, kubectl adds it itself.
 */
export function unsupportedFieldSelector(
  _resource: string,
  field: string,
  supported: readonly string[],
  opts: UnsupportedFieldSelectorOptions = {},
): StatusError {
  const isDefaultSet =
    supported.length === defaultSelectableFields.length && defaultSelectableFields.every((f) => supported.includes(f));
  const style = opts.style ?? (isDefaultSet ? 'default' : 'kind');
  if (style === 'kind') return badRequest(`field label not supported: ${field}`);
  return badRequest(`${JSON.stringify(field)} is not a known field selector: only ${supported.map((f) => JSON.stringify(f)).join(', ')}`);
}

/** Throws unsupportedFieldSelector for the first requirement whose field is not in `supported`; returns `selector` otherwise. */
export function checkSupportedFields(
  selector: FieldSelector,
  resource: string,
  supported: readonly string[],
  opts: UnsupportedFieldSelectorOptions = {},
): FieldSelector {
  for (const r of selector.requirements) {
    if (!supported.includes(r.field)) throw unsupportedFieldSelector(resource, r.field, supported, opts);
  }
  return selector;
}
