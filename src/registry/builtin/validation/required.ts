// Fields a kind's OpenAPI schema lists as required (fields without omitempty in k8s.io/api),
// reported as `<path>: Required value` when absent or null. Upstream has no such generic pass:
// its hand-written validation covers the fields users get wrong, with its own wording. So a kind
// validator's error at or under a required path replaces this one, and the generic check stays
// out of what a hand-written rule decides:
//   - metadata (validated by the object-meta rules) and status (written by controllers);
//   - numbers and booleans, whose Go zero value is a value upstream judges (port 0 is "must be
//     between 1 and 65535", a zero revision is fine).

import { derefSchema, fieldRequired, type FieldError, type Schema, type SchemaResolver } from '../../../apimachinery/index.ts';
import { child, index, isNil, objOf } from './util.ts';

/** Returns whether the schema of a field holds a number or a boolean. */
function isScalarNumberOrBool(schema: Schema | undefined): boolean {
  return schema?.type === 'integer' || schema?.type === 'number' || schema?.type === 'boolean';
}

/** Walks `value` against `raw`, collecting the paths of missing required fields. */
function walk(value: unknown, raw: Schema | undefined, resolve: SchemaResolver, path: string, out: string[], depth: number): void {
  if (depth > 64 || !raw) return;
  const schema = derefSchema(raw, resolve);
  if (!schema) return;
  if (Array.isArray(value)) {
    // A null element decodes to an empty struct, which still misses its required fields.
    if (schema.items) value.forEach((item, i) => walk(item ?? {}, schema.items, resolve, index(path, i), out, depth + 1));
    return;
  }
  const obj = objOf(value);
  if (!obj) return;
  if (schema.properties) {
    for (const field of schema.required ?? []) {
      if (!isNil(obj[field])) continue;
      const fieldSchema = derefSchema(schema.properties[field], resolve);
      if (!isScalarNumberOrBool(fieldSchema)) out.push(child(path, field));
    }
    for (const [key, child_] of Object.entries(obj)) {
      if (depth === 0 && (key === 'metadata' || key === 'status')) continue;
      const property = schema.properties[key];
      if (property && !isNil(child_)) walk(child_, property, resolve, child(path, key), out, depth + 1);
    }
    return;
  }
  const additional = schema.additionalProperties;
  if (additional && typeof additional === 'object') {
    for (const [key, child_] of Object.entries(obj)) walk(child_, additional, resolve, index(path, key), out, depth + 1);
  }
}

/** Returns the paths of required fields missing from `obj` (outside metadata and status). */
export function missingRequiredFields(obj: unknown, schema: Schema, resolve: SchemaResolver): string[] {
  const out: string[] = [];
  walk(obj, schema, resolve, '', out, 0);
  return out;
}

/** Returns `errors` followed by Required errors for the missing fields no error already covers. */
export function withRequiredFields(errors: FieldError[], missing: string[]): FieldError[] {
  const covered = (path: string): boolean =>
    errors.some((e) => e.field === path || e.field.startsWith(`${path}.`) || e.field.startsWith(`${path}[`));
  return [...errors, ...missing.filter((p) => !covered(p)).map((p) => fieldRequired(p))];
}
