// Field errors print their bad value the way Go's field.Error does: strings quoted, numbers and
// bools bare, and anything else (maps, structs, slices) with fmt's %#v, e.g.
//   spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` ...
//   roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef
// apimachinery's fieldErrorBody renders objects as JSON and knows no NotFound type, so the
// helpers here carry a pre-rendered value and a NotFound error through it. When errors.ts learns
// both (see the validation README), goValue can return a plain value object instead.

import type { FieldError, FieldErrorType } from '../../../apimachinery/index.ts';
import { objOf, str } from './util.ts';

/**
 * Returns a value that fieldErrorBody prints as `rendered` and JSON.stringify serialises as
 * `value`. fieldErrorBody prints non-object values with String(), and a function is not an
 * object to typeof, so a function whose toString is the rendering passes through unchanged.
 */
export function goValue(rendered: string, value: unknown): unknown {
  const carrier = (): unknown => value;
  carrier.toString = (): string => rendered;
  carrier.toJSON = (): unknown => value;
  return carrier;
}

/** Returns a NotFound field error (field.NotFound: `Not found: "x"`), reason FieldValueNotFound. */
export function fieldNotFound(path: string, value: unknown): FieldError {
  // errors.ts has no NotFound case yet; the reason is upstream's so that clients switching on
  // causes[].reason see the right one, and the message becomes right once errors.ts has the case.
  return { type: 'FieldValueNotFound' as string as FieldErrorType, field: path, value, detail: '' };
}

/** Returns `s` as Go's strconv.Quote writes it (%q, and %#v of a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else if ((c >= 0x80 && c < 0xa0) || c === 0xad) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Returns %#v of a map[string]string: keys sorted, nil as `map[string]string(nil)`. */
export function goStringMap(m: unknown): string {
  const o = objOf(m);
  if (!o) return 'map[string]string(nil)';
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(str(o[k]))}`).join(', ')}}`;
}

/** Returns %#v of a []string: nil as `[]string(nil)`. */
export function goStringSlice(list: unknown): string {
  if (!Array.isArray(list)) return '[]string(nil)';
  return `[]string{${list.map((v) => goQuote(str(v))).join(', ')}}`;
}

/** Returns %#v of a metav1.LabelSelector (the value of selector errors). */
export function goLabelSelector(selector: unknown): string {
  const sel = objOf(selector) ?? {};
  const exprs = sel.matchExpressions;
  const requirements = Array.isArray(exprs)
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map((e) => {
          const r = objOf(e) ?? {};
          return `v1.LabelSelectorRequirement{Key:${goQuote(str(r.key))}, Operator:${goQuote(str(r.operator))}, Values:${goStringSlice(r.values)}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${requirements}}`;
}

/** Returns %#v of an intstr.IntOrString (Type 0 = Int, 1 = String). */
export function goIntOrString(value: unknown): string {
  if (typeof value === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`;
  return `intstr.IntOrString{Type:0, IntVal:${typeof value === 'number' ? value : 0}, StrVal:""}`;
}

/** Returns a field-error value rendered as a LabelSelector. */
export function labelSelectorValue(selector: unknown): unknown {
  return goValue(goLabelSelector(selector), selector);
}

/** Returns a field-error value rendered as a map[string]string. */
export function stringMapValue(m: unknown): unknown {
  return goValue(goStringMap(m), m ?? null);
}

/** Returns a field-error value rendered as an IntOrString. */
export function intOrStringValue(v: unknown): unknown {
  return goValue(goIntOrString(v), v ?? null);
}
