// Validation of custom resources against a CRD's structural schema, with kube-openapi's
// semantics and messages (k8s.io/kube-openapi pkg/validation/validate, as apiextensions-apiserver
// pkg/apiserver/validation converts its results to field errors). Written by hand rather than
// with ajv because the messages, the field paths ("spec.items[0].name") and the quirks
// (int-or-string, nullable, validators chosen by the value's kind, CRD validation ratcheting)
// are the contract users see, and ajv reports none of them in that shape.

import type { FieldError } from '../../apimachinery/index.ts';
import { jsonEqual } from '../object-meta.ts';
import { isSupportedFormat, matchesFormat } from './formats.ts';
import type { JSONSchemaProps } from './types.ts';

/** A kube-openapi validation result, before it becomes a field error. */
interface SchemaError {
  code: 'required' | 'enum' | 'tooLong' | 'tooMany' | 'type' | 'invalid' | 'composite';
  /** The path kube-openapi names ("spec.replicas", ".spec" for a required field at the root). */
  name: string;
  value?: unknown;
  message: string;
  values?: unknown[];
  max?: number;
  actual?: number;
}

/** The old value at the same place, when an update correlates one (CRD validation ratcheting). */
type Correlated = { value: unknown } | undefined;

type JsonType = 'null' | 'boolean' | 'string' | 'integer' | 'number' | 'array' | 'object';

/** Returns the JSON schema type of a decoded JSON value, as reflection on Go's decoding gives it. */
export function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'bigint':
      return 'integer';
    default:
      return 'object';
  }
}

const patterns = new Map<string, RegExp | Error>();

/** Returns the compiled ECMAScript form of a schema pattern (RE2 patterns are almost always valid ECMAScript). */
export function compilePattern(pattern: string): RegExp | Error {
  let re = patterns.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch (err) {
        re = err instanceof Error ? err : new Error(String(err));
      }
    }
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(pattern, re);
  }
  return re;
}

/** Renders a number as Go's %v renders a float64 or int64. */
function goNumber(n: number): string {
  return String(n);
}

function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(obj, key) && obj[key] !== undefined;
}

/** Returns the old list element that correlates with `item` (list-type map keys, or an equal set element). */
function correlateItem(s: JSONSchemaProps, item: unknown, old: Correlated): Correlated {
  if (!old || !Array.isArray(old.value)) return undefined;
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'map') {
    const keys = s['x-kubernetes-list-map-keys'] ?? [];
    if (!isObject(item) || keys.length === 0) return undefined;
    const match = old.value.find((o) => isObject(o) && keys.every((k) => jsonEqual(o[k], item[k])));
    return match === undefined ? undefined : { value: match };
  }
  if (listType === 'set') return old.value.some((o) => jsonEqual(o, item)) ? { value: item } : undefined;
  return undefined;
}

class Walker {
  readonly errors: SchemaError[] = [];

  /** Validates one node; an update leaves an unchanged correlated node alone (ratcheting). */
  node(value: unknown, s: JSONSchemaProps, path: string, old: Correlated): void {
    if (old && jsonEqual(value, old.value)) return;
    this.validators(value, s, path, old);
  }

  /** Runs kube-openapi's validators in their order: type, allOf/anyOf/oneOf/not, string, format, number, array, enum, object. */
  private validators(value: unknown, s: JSONSchemaProps, path: string, old: Correlated): void {
    const t = jsonType(value);
    this.type(value, t, s, path);
    if (t === 'null') {
      this.enumeration(value, s, path);
      return;
    }
    this.junctions(value, s, path, old);
    if (t === 'string') this.string(value as string, s, path);
    if (t === 'integer' || t === 'number') this.number(value as number, s, path);
    if (t === 'array') this.array(value as unknown[], s, path, old);
    this.enumeration(value, s, path);
    if (t === 'object') this.object(value as Record<string, unknown>, s, path, old);
  }

  private type(value: unknown, t: JsonType, s: JSONSchemaProps, path: string): void {
    const types = s['x-kubernetes-int-or-string'] ? ['integer', 'string'] : s.type ? [s.type] : [];
    if (types.length === 0) return;
    if (t === 'null') {
      if (!s.nullable) this.add('type', path, 'null', `${path} in body must be of type ${types.join(',')}: "null"`);
      return;
    }
    // A string or array under a checked format passes the type check unless the type is numeric.
    const numeric = types.includes('integer') || types.includes('number');
    if (!numeric && isSupportedFormat(s.format) && (t === 'string' || t === 'array')) return;
    if (types.includes(t) || (t === 'integer' && types.includes('number'))) return;
    this.add('type', path, t, `${path} in body must be of type ${types.join(',')}: "${t}"`);
  }

  private junctions(value: unknown, s: JSONSchemaProps, path: string, old: Correlated): void {
    const quoted = JSON.stringify(path);
    const run = (sub: JSONSchemaProps): SchemaError[] => {
      const w = new Walker();
      w.node(value, sub, path, old);
      return w.errors;
    };
    if (s.anyOf?.length) {
      let best: SchemaError[] | undefined;
      let ok = false;
      for (const sub of s.anyOf) {
        const errs = run(sub);
        if (errs.length === 0) {
          ok = true;
          break;
        }
        if (!best || errs.length < best.length) best = errs;
      }
      if (!ok) {
        this.errors.push({ code: 'composite', name: '', message: `${quoted} must validate at least one schema (anyOf)` });
        this.errors.push(...(best ?? []));
      }
    }
    if (s.oneOf?.length) {
      let valid = 0;
      let best: SchemaError[] | undefined;
      for (const sub of s.oneOf) {
        const errs = run(sub);
        if (errs.length === 0) valid++;
        else if (valid === 0 && (!best || errs.length < best.length)) best = errs;
      }
      if (valid !== 1) {
        const found = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
        this.errors.push({ code: 'composite', name: '', message: `${quoted} must validate one and only one schema (oneOf). ${found}` });
        if (valid === 0) this.errors.push(...(best ?? []));
      }
    }
    if (s.allOf?.length) {
      let valid = 0;
      for (const sub of s.allOf) {
        const errs = run(sub);
        if (errs.length === 0) valid++;
        this.errors.push(...errs);
      }
      if (valid !== s.allOf.length) {
        this.errors.push({ code: 'composite', name: '', message: `${quoted} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}` });
      }
    }
    if (s.not && run(s.not).length === 0) {
      this.errors.push({ code: 'composite', name: '', message: `${quoted} must not validate the schema (not)` });
    }
  }

  private string(value: string, s: JSONSchemaProps, path: string): void {
    const length = [...value].length;
    if (s.maxLength !== undefined && length > s.maxLength) {
      this.errors.push({ code: 'tooLong', name: path, value, max: s.maxLength, message: `${path} in body should be at most ${s.maxLength} chars long` });
    }
    if (s.minLength !== undefined && length < s.minLength) {
      this.add('invalid', path, value, `${path} in body should be at least ${s.minLength} chars long`);
    }
    if (s.pattern) {
      const re = compilePattern(s.pattern);
      if (re instanceof Error) this.add('invalid', path, value, `${path} in body should match '${s.pattern}, but pattern is invalid: ${re.message}'`);
      else if (!re.test(value)) this.add('invalid', path, value, `${path} in body should match '${s.pattern}'`);
    }
    if (isSupportedFormat(s.format) && !matchesFormat(s.format, value)) {
      this.add('type', path, value, `${path} in body must be of type ${s.format}: ${JSON.stringify(value)}`);
    }
  }

  private number(value: number, s: JSONSchemaProps, path: string): void {
    // An integral value is compared as an int64 against bounds truncated to integers (MinimumNativeType).
    const integral = Number.isInteger(value);
    const bound = (n: number): number => (integral ? Math.trunc(n) : n);
    if (s.multipleOf !== undefined) {
      const factor = s.multipleOf;
      if (factor < 0) {
        this.add('invalid', path, factor, `factor MultipleOf declared for ${path} must be positive: ${goNumber(factor)}`);
      } else if (integral && Math.trunc(factor) !== 0 ? value % Math.trunc(factor) !== 0 : !Number.isInteger(factor < 1 ? (1 / factor) * value : value / factor)) {
        this.add('invalid', path, value, `${path} in body should be a multiple of ${goNumber(bound(factor))}`);
      }
    }
    if (s.maximum !== undefined) {
      const max = bound(s.maximum);
      if (s.exclusiveMaximum ? value >= max : value > max) {
        this.add('invalid', path, value, `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${goNumber(max)}`);
      }
    }
    if (s.minimum !== undefined) {
      const min = bound(s.minimum);
      if (s.exclusiveMinimum ? value <= min : value < min) {
        this.add('invalid', path, value, `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${goNumber(min)}`);
      }
    }
  }

  private array(value: unknown[], s: JSONSchemaProps, path: string, old: Correlated): void {
    if (s.items) {
      const items = s.items;
      value.forEach((item, i) => this.node(item, items, `${path}[${i}]`, correlateItem(s, item, old)));
    }
    if (s.minItems !== undefined && value.length < s.minItems) {
      this.add('invalid', path, value.length, `${path} in body should have at least ${s.minItems} items`);
    }
    if (s.maxItems !== undefined && value.length > s.maxItems) {
      this.errors.push({ code: 'tooMany', name: path, actual: value.length, max: s.maxItems, message: `${path} in body should have at most ${s.maxItems} items` });
    }
    if (s.uniqueItems && value.some((v, i) => value.findIndex((w) => jsonEqual(v, w)) !== i)) {
      this.add('invalid', path, undefined, `${path} in body shouldn't contain duplicates`);
    }
  }

  private enumeration(value: unknown, s: JSONSchemaProps, path: string): void {
    if (!Array.isArray(s.enum) || s.enum.length === 0) return;
    if (value !== null && s.enum.some((e) => jsonEqual(e, value))) return;
    this.errors.push({ code: 'enum', name: path, value, values: s.enum, message: `${path} in body should be one of ${JSON.stringify(s.enum)}` });
  }

  private object(value: Record<string, unknown>, s: JSONSchemaProps, path: string, old: Correlated): void {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (s.minProperties !== undefined && keys.length < s.minProperties) {
      this.add('invalid', path, keys.length, `${path} in body should have at least ${s.minProperties} properties`);
      return;
    }
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) {
      this.errors.push({ code: 'tooMany', name: path, actual: keys.length, max: s.maxProperties, message: `${path} in body should have at most ${s.maxProperties} properties` });
      return;
    }
    const properties = s.properties ?? {};
    const oldObject = old && isObject(old.value) ? old.value : undefined;
    const correlate = (k: string): Correlated => (oldObject && has(oldObject, k) ? { value: oldObject[k] } : undefined);
    if (s.additionalProperties === false) {
      for (const k of keys) if (!Object.hasOwn(properties, k)) this.add('invalid', path, k, `${path}.${k} in body is a forbidden property`);
    } else if (isObject(s.additionalProperties)) {
      const additional = s.additionalProperties as JSONSchemaProps;
      for (const k of keys) if (!Object.hasOwn(properties, k)) this.node(value[k], additional, `${path}.${k}`, correlate(k));
    }
    for (const [k, sub] of Object.entries(properties)) {
      if (has(value, k)) this.node(value[k], sub, child(path, k), correlate(k));
    }
    for (const k of s.required ?? []) {
      if (!has(value, k)) this.errors.push({ code: 'required', name: `${path}.${k}`, message: `${path}.${k} in body is required` });
    }
  }

  private add(code: SchemaError['code'], name: string, value: unknown, message: string): void {
    this.errors.push({ code, name, value, message });
  }
}

/** Returns the field path apiextensions gives a kube-openapi error name under `prefix` ("<nil>" for the root). */
function fieldOf(name: string, prefix: string): string {
  const relative = name && name !== '.' ? name.replace(/^\./, '') : '';
  if (!prefix) return relative || '<nil>';
  return relative ? `${prefix}.${relative}` : prefix;
}

/** Returns `errors` as field errors, as apiextensions' kubeOpenAPIResultToFieldErrors converts them. */
function toFieldErrors(errors: SchemaError[], prefix: string): FieldError[] {
  return errors.map((e): FieldError => {
    const field = fieldOf(e.name, prefix);
    switch (e.code) {
      case 'required':
        return { type: 'FieldValueRequired', field, detail: '' };
      case 'enum': {
        const values = (e.values ?? []).map((v) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(JSON.stringify(v))));
        return { type: 'FieldValueNotSupported', field, value: e.value, detail: `supported values: ${values.join(', ')}` };
      }
      case 'tooLong':
        return { type: 'FieldValueTooLong', field, detail: `may not be more than ${e.max} ${e.max === 1 ? 'byte' : 'bytes'}` };
      case 'tooMany':
        return { type: 'FieldValueTooMany', field, value: e.actual, detail: `${e.actual}: must have at most ${e.max} ${e.max === 1 ? 'item' : 'items'}` };
      case 'type':
        return { type: 'FieldValueTypeInvalid', field, value: e.value ?? '', detail: e.message };
      case 'composite':
        return { type: 'FieldValueInvalid', field: prefix || '<nil>', value: '', detail: e.message };
      default:
        return { type: 'FieldValueInvalid', field, value: e.value ?? '', detail: e.message };
    }
  });
}

/**
 * Returns the errors of `value` against `schema`; with `old`, unchanged parts that correlate
 * with the old object are not checked again (KEP-4008 CRD validation ratcheting). `prefix`
 * roots the field paths (a default value is validated at ".default" of its schema).
 */
export function validateAgainstSchema(value: unknown, schema: JSONSchemaProps, old?: unknown, prefix = ''): FieldError[] {
  const walker = new Walker();
  walker.node(value, schema, '', old === undefined ? undefined : { value: old });
  return toFieldErrors(walker.errors, prefix);
}

/** Returns the errors of x-kubernetes-list-type set and map uniqueness (apiextensions schema/listtype). */
export function validateListSetsAndMaps(value: unknown, schema: JSONSchemaProps | undefined, path = ''): FieldError[] {
  if (!schema) return [];
  const errors: FieldError[] = [];
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set') {
      for (const i of duplicates(value)) errors.push({ type: 'FieldValueDuplicate', field: `${path}[${i}]`, value: value[i], detail: '' });
    } else if (listType === 'map') {
      const bad = value.findIndex((x) => x !== null && !isObject(x));
      if (bad >= 0) {
        errors.push({ type: 'FieldValueInvalid', field: `${path}[${bad}]`, value: value[bad], detail: 'must be an object for an array of list-type map' });
      } else {
        const keyFields = schema['x-kubernetes-list-map-keys'] ?? [];
        const keys = value.map((x) => {
          const key: Record<string, unknown> = {};
          if (isObject(x)) for (const k of keyFields) if (has(x, k)) key[k] = x[k];
          return key;
        });
        for (const i of duplicates(keys)) errors.push({ type: 'FieldValueDuplicate', field: `${path}[${i}]`, value: keys[i], detail: '' });
      }
    }
    if (schema.items) value.forEach((item, i) => errors.push(...validateListSetsAndMaps(item, schema.items, `${path}[${i}]`)));
  } else if (isObject(value)) {
    const additional = isObject(schema.additionalProperties) ? (schema.additionalProperties as JSONSchemaProps) : undefined;
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k];
      if (sub) errors.push(...validateListSetsAndMaps(v, sub, child(path, k)));
      else if (additional) errors.push(...validateListSetsAndMaps(v, additional, `${path}[${k}]`));
    }
  }
  return errors;
}

/** Returns the index of each element's second appearance (the first duplicate of each value). */
function duplicates(values: unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((v, i) => {
    const key = JSON.stringify(v);
    const times = seen.get(key) ?? 0;
    if (times === 1) out.push(i);
    seen.set(key, times + 1);
  });
  return out;
}
