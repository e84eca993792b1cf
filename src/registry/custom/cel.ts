// x-kubernetes-validations: CEL rules on CRD schemas (Kubernetes docs "Validation Rules";
// apiextensions-apiserver pkg/apiserver/schema/cel/validation.go), evaluated with
// @marcbachmann/cel-js. `self` is the value at the rule's schema node, `oldSelf` the correlated
// old value on updates (transition rules run only when one exists). Integers are CEL ints
// (BigInt), date-time strings timestamps, byte strings bytes, as upstream's value model has it.

import { isIP } from 'node:net';
import { Environment, Optional, type ASTNode, type ParseResult } from '@marcbachmann/cel-js';
import type { FieldError } from '../../apimachinery/index.ts';
import { jsonEqual } from '../object-meta.ts';
import type { JSONSchemaProps, ValidationRule } from './types.ts';

/** A rule compiled once per schema node (the schema object is per CRD generation). */
interface CompiledRule {
  rule: ValidationRule;
  program?: ParseResult;
  message?: ParseResult;
  usesOldSelf: boolean;
  /** A compile error, reported at CRD validation and, should one slip through, at evaluation. */
  error?: string;
  /** The rule's fieldPath as a field path relative to the node ("spec.replicas"). */
  fieldPath?: string;
}

let environment: Environment | undefined;

/** Returns the shared CEL environment: `self`, `oldSelf` and the Kubernetes library functions cel-js lacks. */
function env(): Environment {
  if (environment) return environment;
  const e = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  e.registerVariable('self', 'dyn');
  e.registerVariable('oldSelf', 'dyn');
  const register = (signature: string, handler: (...args: never[]) => unknown): void => {
    try {
      e.registerFunction(signature, handler as never);
    } catch {
      // Already provided by cel-js (its overload would conflict): keep the built-in one.
    }
  };
  const compare = (a: unknown, b: unknown): number => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
  // Kubernetes CEL library: lists (isSorted, sum, min, max, indexOf, lastIndexOf).
  register('list.isSorted(): bool', (l: unknown[]) => l.every((v, i) => i === 0 || compare(l[i - 1], v) <= 0));
  register('list.sum(): dyn', (l: unknown[]) => (l.length > 0 && typeof l[0] === 'bigint' ? (l as bigint[]).reduce((a, b) => a + b, 0n) : (l as number[]).reduce((a, b) => a + b, 0)));
  register('list.min(): dyn', (l: unknown[]) => {
    if (l.length === 0) throw new Error('min called on empty list');
    return l.reduce((a, b) => (compare(b, a) < 0 ? b : a));
  });
  register('list.max(): dyn', (l: unknown[]) => {
    if (l.length === 0) throw new Error('max called on empty list');
    return l.reduce((a, b) => (compare(b, a) > 0 ? b : a));
  });
  register('list.indexOf(dyn): int', (l: unknown[], v: unknown) => BigInt(l.findIndex((x) => celEqual(x, v))));
  register('list.lastIndexOf(dyn): int', (l: unknown[], v: unknown) => BigInt(l.findLastIndex((x) => celEqual(x, v))));
  // Strings extension (cel-go ext.Strings) and the Kubernetes regex library.
  register('string.charAt(int): string', (s: string, i: bigint) => {
    if (i < 0n || i > BigInt(s.length)) throw new Error(`index out of range: ${i}`);
    return [...s][Number(i)] ?? '';
  });
  register('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b));
  register('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) => {
    if (n < 0n) return s.split(a).join(b);
    let out = s;
    let from = 0;
    for (let k = 0n; k < n; k++) {
      const i = out.indexOf(a, from);
      if (i < 0) break;
      out = out.slice(0, i) + b + out.slice(i + a.length);
      from = i + b.length;
    }
    return out;
  });
  register('string.split(string, int): list<string>', (s: string, sep: string, n: bigint) => {
    if (n === 0n) return [];
    const parts = s.split(sep);
    if (n < 0n || BigInt(parts.length) <= n) return parts;
    const k = Number(n);
    return [...parts.slice(0, k - 1), parts.slice(k - 1).join(sep)];
  });
  register('string.reverse(): string', (s: string) => [...s].reverse().join(''));
  register('string.find(string): string', (s: string, re: string) => new RegExp(re, 'u').exec(s)?.[0] ?? '');
  register('string.findAll(string): list<string>', (s: string, re: string) => [...s.matchAll(new RegExp(re, 'gu'))].map((m) => m[0]));
  register('string.findAll(string, int): list<string>', (s: string, re: string, n: bigint) => {
    const all = [...s.matchAll(new RegExp(re, 'gu'))].map((m) => m[0]);
    return n < 0n ? all : all.slice(0, Number(n));
  });
  // Kubernetes IP, CIDR, URL and quantity libraries: the predicates (the typed values are not modelled).
  register('isIP(string): bool', (v: string) => isIP(v) !== 0);
  register('isCIDR(string): bool', (v: string) => {
    const [ip, bits, extra] = v.split('/');
    if (extra !== undefined || !ip || !bits || !/^\d{1,3}$/.test(bits)) return false;
    const family = isIP(ip);
    return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
  });
  register('isURL(string): bool', (v: string) => URL.canParse(v) || (v.startsWith('/') && URL.canParse(v, 'http://host')));
  register('isQuantity(string): bool', (v: string) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/.test(v));
  environment = e;
  return e;
}

function celEqual(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && jsonEqual(a, b));
}

/** Returns whether an expression refers to `oldSelf` (a transition rule). */
function refersToOldSelf(node: ASTNode | unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(refersToOldSelf);
  const n = node as { op?: string; args?: unknown };
  if (n.op === 'id') return n.args === 'oldSelf';
  if (n.op === 'value') return false;
  return refersToOldSelf(n.args);
}

/** Returns the first line of a CEL error, as upstream's error strings read. */
function celErrorText(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.trim() ?? '';
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const compiledRules = new WeakMap<JSONSchemaProps, CompiledRule[]>();

/** Returns the compiled x-kubernetes-validations of one schema node. */
function rulesOf(s: JSONSchemaProps): CompiledRule[] {
  let compiled = compiledRules.get(s);
  if (compiled) return compiled;
  compiled = (s['x-kubernetes-validations'] ?? []).map((rule) => compileRule(rule, s));
  compiledRules.set(s, compiled);
  return compiled;
}

/** Compiles one rule (and its messageExpression) for the node `s`. */
function compileRule(rule: ValidationRule, s: JSONSchemaProps): CompiledRule {
  const out: CompiledRule = { rule, usesOldSelf: false };
  if (!rule.rule || !rule.rule.trim()) return out;
  try {
    out.program = env().parse(rule.rule);
    out.usesOldSelf = refersToOldSelf(out.program.ast);
  } catch (err) {
    out.error = celErrorText(err);
  }
  if (rule.messageExpression) {
    try {
      out.message = env().parse(rule.messageExpression);
    } catch {
      // Reported at CRD validation; at evaluation the static message stands in.
    }
  }
  if (rule.fieldPath) {
    const path = normalizeFieldPath(rule.fieldPath, s);
    if (typeof path === 'string') out.fieldPath = path;
  }
  return out;
}

/**
 * Returns a rule's fieldPath (".spec.replicas", "['a.b']") as a field path, or an Error when
 * it names no field of the schema (apiextensions cel.ValidFieldPath).
 */
export function normalizeFieldPath(fieldPath: string, s: JSONSchemaProps): string | Error {
  const tokens = fieldPath.match(/'(?:[^'\\]|\\.)*'|[.[\]]|[^.[\]']+/g) ?? [];
  let path = '';
  let node: JSONSchemaProps | undefined = s;
  const step = (name: string): Error | undefined => {
    if (!node) return new Error('does not refer to a valid field');
    if (node.properties) {
      const next: JSONSchemaProps | undefined = node.properties[name];
      if (!next) return new Error('does not refer to a valid field');
      path = path ? `${path}.${name}` : name;
      node = next;
    } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      path = `${path}[${name}]`;
      node = node.additionalProperties;
    } else {
      return new Error('does not refer to a valid field');
    }
    return undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    if (tok === '.') {
      const name = tokens[++i];
      if (name === undefined) return new Error('unexpected end of JSON path');
      const err = step(name);
      if (err) return err;
    } else if (tok === '[') {
      const quoted = tokens[++i];
      if (!quoted || quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) return new Error(`expected single quoted string but got ${quoted ?? ''}`);
      const err = step(quoted.slice(1, -1).replace(/\\(.)/g, '$1'));
      if (err) return err;
      if (tokens[++i] !== ']') return new Error(`expected ] but got ${tokens[i] ?? ''}`);
    } else {
      return new Error(`expected [ or . but got: ${tok}`);
    }
  }
  return path;
}

const celReserved = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/** Returns how CEL names a property (cel.Escape: "foo-bar" is self.foo__dash__bar), or undefined if it cannot. */
function celEscape(name: string): string | undefined {
  if (celReserved.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__|\.|-|\//g, (m) => ({ __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' })[m] as string);
}

let durationOf: ParseResult | undefined;

/** Returns `value` as a CEL value shaped by `s`; at a resource root, metadata shows only name and generateName. */
export function celValue(value: unknown, s: JSONSchemaProps | undefined, resourceRoot: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (s?.type === 'number') return value;
    return Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string') {
    if (s?.format === 'date-time' || s?.format === 'datetime') {
      const t = Date.parse(value);
      if (!Number.isNaN(t)) return new Date(t);
    } else if (s?.format === 'byte') {
      return new Uint8Array(Buffer.from(value, 'base64'));
    } else if (s?.format === 'duration') {
      try {
        durationOf ??= env().parse('duration(s)');
        return durationOf({ s: value });
      } catch {
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => celValue(item, s?.items, s?.items?.['x-kubernetes-embedded-resource'] === true));
  if (typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const additional = s?.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (resourceRoot && k === 'metadata' && typeof v === 'object' && v !== null) {
      const meta = v as Record<string, unknown>;
      const visible: Record<string, unknown> = {};
      if (typeof meta.name === 'string') visible.name = meta.name;
      if (typeof meta.generateName === 'string') visible.generateName = meta.generateName;
      out.metadata = visible;
      continue;
    }
    const prop = s?.properties?.[k];
    const sub = prop ?? additional;
    // A declared property is a field of an object type, under its escaped name; a property
    // name CEL cannot express is left out, as upstream leaves it out of the type.
    const key = prop ? celEscape(k) : k;
    if (key === undefined) continue;
    out[key] = celValue(v, sub, sub?.['x-kubernetes-embedded-resource'] === true);
  }
  return out;
}

const ruleBearing = new WeakMap<JSONSchemaProps, boolean>();

/** Returns whether `s` or anything below it carries x-kubernetes-validations. */
export function hasRules(s: JSONSchemaProps | undefined): boolean {
  if (!s) return false;
  const known = ruleBearing.get(s);
  if (known !== undefined) return known;
  ruleBearing.set(s, false);
  const additional = s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  const result =
    (s['x-kubernetes-validations']?.length ?? 0) > 0 ||
    (s.allOf ?? []).some(hasRules) ||
    hasRules(s.items) ||
    hasRules(additional) ||
    Object.values(s.properties ?? {}).some(hasRules);
  ruleBearing.set(s, result);
  return result;
}

type Correlated = { value: unknown } | undefined;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ruleErrorString(rule: ValidationRule): string {
  return rule.message?.trim() ? rule.message.trim() : rule.rule.trim();
}

/** Returns the field error a failed rule's reason asks for (fieldErrorForReason). */
function errorForReason(field: string, type: string, detail: string, reason: ValidationRule['reason']): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return { type: 'FieldValueForbidden', field, detail };
    case 'FieldValueRequired':
      return { type: 'FieldValueRequired', field, detail };
    case 'FieldValueDuplicate':
      return { type: 'FieldValueDuplicate', field, value: type, detail: '' };
    default:
      return { type: 'FieldValueInvalid', field, value: type, detail };
  }
}

/** Returns the message of a failed rule: its messageExpression when that yields a usable string, else its message. */
function failureDetail(compiled: CompiledRule, activation: Record<string, unknown>): string {
  if (compiled.message) {
    try {
      const text = compiled.message(activation);
      if (typeof text === 'string' && text.trim() && !text.includes('\n') && text.trim().length <= 5 * 1024) return text.trim();
    } catch {
      // messageExpression evaluation failed: the static message is used, as upstream does.
    }
  }
  return compiled.rule.message?.trim() ? compiled.rule.message.trim() : `failed rule: ${ruleErrorString(compiled.rule)}`;
}

class CelWalker {
  readonly errors: FieldError[] = [];

  node(value: unknown, old: Correlated, s: JSONSchemaProps, path: string, resourceRoot: boolean): void {
    if (value === null || value === undefined || !hasRules(s)) return;
    this.rules(value, old, s, s, path, resourceRoot);
    for (const sub of s.allOf ?? []) this.rules(value, old, sub, s, path, resourceRoot);
    if (Array.isArray(value)) {
      const items = s.items;
      if (!items) return;
      const oldList = old && Array.isArray(old.value) ? old.value : undefined;
      const keys = s['x-kubernetes-list-type'] === 'map' ? (s['x-kubernetes-list-map-keys'] ?? []) : [];
      value.forEach((item, i) => {
        // Only list-type map items correlate with old items (by their keys).
        let itemOld: Correlated;
        if (oldList && keys.length > 0 && isObject(item)) {
          const match = oldList.find((o) => isObject(o) && keys.every((k) => jsonEqual(o[k], item[k])));
          if (match !== undefined) itemOld = { value: match };
        }
        this.node(item, itemOld, items, `${path}[${i}]`, items['x-kubernetes-embedded-resource'] === true);
      });
      return;
    }
    if (!isObject(value)) return;
    const oldObject = old && isObject(old.value) && s['x-kubernetes-map-type'] !== 'atomic' ? old.value : undefined;
    const correlate = (k: string): Correlated => (oldObject && Object.hasOwn(oldObject, k) ? { value: oldObject[k] } : undefined);
    const additional = s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    for (const [k, v] of Object.entries(value)) {
      const prop = s.properties?.[k];
      if (prop) this.node(v, correlate(k), prop, path ? `${path}.${k}` : k, prop['x-kubernetes-embedded-resource'] === true);
      else if (additional) this.node(v, correlate(k), additional, `${path}[${k}]`, additional['x-kubernetes-embedded-resource'] === true);
    }
  }

  /** Evaluates the rules of `ruleSchema` against the value shaped by `nodeSchema`. */
  private rules(value: unknown, old: Correlated, ruleSchema: JSONSchemaProps, nodeSchema: JSONSchemaProps, path: string, resourceRoot: boolean): void {
    const rules = rulesOf(ruleSchema);
    if (rules.length === 0) return;
    const type = nodeSchema.type ?? '';
    const field = path || '<nil>';
    // Errors of non-transition rules on an unchanged correlated value are ratcheted away.
    const unchanged = old !== undefined && jsonEqual(value, old.value);
    let self: unknown;
    let oldSelf: unknown;
    for (const compiled of rules) {
      if (compiled.error) {
        this.errors.push({ type: 'FieldValueInvalid', field, value: type, detail: `rule compile error: ${compiled.error}` });
        continue;
      }
      if (!compiled.program) continue;
      const optional = compiled.rule.optionalOldSelf === true;
      if (compiled.usesOldSelf && old === undefined && !optional) continue;
      if (!compiled.usesOldSelf && unchanged) continue;
      self ??= celValue(value, nodeSchema, resourceRoot);
      if (old !== undefined) oldSelf ??= celValue(old.value, nodeSchema, resourceRoot);
      const activation: Record<string, unknown> = { self };
      if (optional) activation.oldSelf = old === undefined ? Optional.none() : Optional.of(oldSelf);
      else if (old !== undefined) activation.oldSelf = oldSelf;
      let result: unknown;
      try {
        result = compiled.program(activation);
      } catch (err) {
        const text = celErrorText(err);
        const detail = /no (such|matching) overload/.test(text)
          ? `'no such overload': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(compiled.rule)}`
          : `${text} evaluating rule: ${ruleErrorString(compiled.rule)}`;
        this.errors.push({ type: 'FieldValueInvalid', field, value: type, detail });
        continue;
      }
      if (result === true) continue;
      const failedField = compiled.fieldPath ? (path ? `${path}.${compiled.fieldPath}`.replace(/\.\[/g, '[') : compiled.fieldPath) : field;
      this.errors.push(errorForReason(failedField, type, failureDetail(compiled, activation), compiled.rule.reason));
    }
  }
}

/** Returns the errors of every x-kubernetes-validations rule of `schema` for `value` (and `old` on updates). */
export function validateRules(value: unknown, schema: JSONSchemaProps, old?: unknown): FieldError[] {
  const walker = new CelWalker();
  walker.node(value, old === undefined ? undefined : { value: old }, schema, '', true);
  return walker.errors;
}

/** Returns the errors of compiling the rules of `schema` (CRD validation), at `path` in the CRD. */
export function checkRules(schema: JSONSchemaProps, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules)) {
    rules.forEach((rule, i) => {
      const at = `${path}.x-kubernetes-validations[${i}]`;
      if (typeof rule?.rule !== 'string' || !rule.rule.trim()) {
        errors.push({ type: 'FieldValueRequired', field: `${at}.rule`, detail: 'rule is not specified' });
        return;
      }
      try {
        env().parse(rule.rule);
      } catch (err) {
        errors.push({ type: 'FieldValueInvalid', field: `${at}.rule`, value: rule.rule, detail: `compilation failed: ${celErrorText(err)}` });
      }
      if (rule.message !== undefined && (rule.message.includes('\n') || !rule.message.trim())) {
        errors.push({ type: 'FieldValueInvalid', field: `${at}.message`, value: rule.message, detail: 'message must be non-empty and may not contain line breaks' });
      }
      if (rule.messageExpression !== undefined) {
        try {
          env().parse(rule.messageExpression);
        } catch (err) {
          errors.push({ type: 'FieldValueInvalid', field: `${at}.messageExpression`, value: rule.messageExpression, detail: `messageExpression compilation failed: ${celErrorText(err)}` });
        }
      }
      if (rule.reason !== undefined && !['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate'].includes(rule.reason)) {
        errors.push({
          type: 'FieldValueNotSupported',
          field: `${at}.reason`,
          value: rule.reason,
          detail: 'supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"',
        });
      }
      if (rule.fieldPath !== undefined) {
        const normalized = normalizeFieldPath(rule.fieldPath, schema);
        if (normalized instanceof Error) {
          errors.push({ type: 'FieldValueInvalid', field: `${at}.fieldPath`, value: rule.fieldPath, detail: `fieldPath must be a valid path: ${normalized.message}` });
        }
      }
    });
  }
  return errors;
}
