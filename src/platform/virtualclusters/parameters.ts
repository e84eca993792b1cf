// Template parameters (loft-platform-api.md §4.2, loftctl pkg/parameters VerifyValue): the
// instance's spec.parameters is a YAML mapping; each parameter the template declares is read at
// its dotted `variable` path, checked by type and written back typed, so `.Values` holds bool,
// int and string values where the template expects them. Keys the template does not declare are
// kept as they are. Failures become TemplateResolved=False, reason ErrorSyncingParameters.
//
// Per type ("" = string):
//   string, multiline, password: empty → defaultValue; required and empty → error; a value in
//     `options` is accepted at once (loftctl skips the regexes then); a non-empty value outside
//     non-empty `options` is rejected (the server enforces what the CLI does not); `validation`
//     must match and `invalidation` must not (Go regexes, guarded in safe-regex.ts);
//   boolean: empty → defaultValue; Go's strconv.ParseBool spellings;
//   number: empty → defaultValue; integers only (strconv.Atoi), then min and max.

import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { goRegExp, safeMatch } from './safe-regex.ts';
import { asObject, type AppParameter, type Obj } from './types.ts';

/** A parameter failed validation; the message names the parameter. */
export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParameterError';
  }
}

/** YAML aliases expanded while reading parameters at most (the yaml package's alias-bomb guard). */
const maxAliasCount = 100;

/** Returns .Values for rendering: the instance's parameters with every declared parameter checked and typed. */
export function resolveParameters(parametersYaml: unknown, declared: readonly AppParameter[]): Obj {
  const doc = parseParameters(parametersYaml);
  const values = asObject(doc?.toJS({ maxAliasCount })) ?? {};
  for (const param of declared) {
    const variable = typeof param?.variable === 'string' ? param.variable : '';
    if (!variable) continue;
    const path = variable.split('.');
    if (path.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype' || key === '')) {
      throw new ParameterError(`parameter "${variable}" has an invalid variable path`);
    }
    const raw = doc ? rawValue(doc, variable, path) : '';
    setDeep(values, path, verifyValue(param, variable, raw));
  }
  return values;
}

/** Returns the parsed parameters document (undefined when empty); throws ParameterError. */
function parseParameters(text: unknown): Document | undefined {
  if (text === undefined || text === null || text === '') return undefined;
  if (typeof text !== 'string') throw new ParameterError('spec.parameters must be a YAML string');
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const [first] = doc.errors;
  if (first) throw new ParameterError(`spec.parameters is not valid YAML: ${first.message.split('\n')[0]}`);
  if (doc.contents === null) return undefined;
  if (!isMap(doc.contents)) throw new ParameterError('spec.parameters must be a YAML mapping of parameter names to values');
  try {
    doc.toJS({ maxAliasCount });
  } catch (err) {
    throw new ParameterError(`spec.parameters cannot be read: ${(err as Error).message}`);
  }
  return doc;
}

/**
 * Returns the value at a dotted path as the text the user wrote: scalars keep their source
 * spelling (`k8sVersion: 1.30` stays "1.30", not the float 1.3), nested maps are followed, and a
 * literal dotted key is the fallback.
 */
function rawValue(doc: Document, variable: string, path: string[]): string {
  let node = doc.getIn(path, true) as unknown;
  if (node === undefined && path.length > 1) node = doc.get(variable, true);
  if (node === undefined || node === null) return '';
  if (!isScalar(node)) throw new ParameterError(`parameter "${variable}" must be a string, number or boolean, not a ${isMap(node) ? 'mapping' : 'list'}`);
  const value = node.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && typeof node.source === 'string' && node.source !== '') return node.source;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new ParameterError(`parameter "${variable}" must be a string, number or boolean`);
}

/** Returns the typed value of one parameter; throws ParameterError naming it. */
function verifyValue(param: AppParameter, variable: string, input: string): string | number | boolean {
  const name = `parameter "${variable}"`;
  const type = param.type ?? '';
  const fallback = typeof param.defaultValue === 'string' ? param.defaultValue : '';
  const value = input === '' ? fallback : input;
  switch (type) {
    case '':
    case 'string':
    case 'multiline':
    case 'password': {
      if (value === '') {
        if (param.required) throw new ParameterError(`${name} is required`);
        return '';
      }
      const options = Array.isArray(param.options) ? param.options.filter((o) => typeof o === 'string') : [];
      if (options.includes(value)) return value;
      if (options.length > 0) throw new ParameterError(`${name} must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${JSON.stringify(value)}`);
      if (param.validation && !matchRegex(name, 'validation', param.validation, value)) {
        throw new ParameterError(`${name} needs to match regex ${param.validation}`);
      }
      if (param.invalidation && matchRegex(name, 'invalidation', param.invalidation, value)) {
        throw new ParameterError(`${name} cannot match regex ${param.invalidation}`);
      }
      return value;
    }
    case 'boolean': {
      if (value === '') {
        if (param.required) throw new ParameterError(`${name} is required`);
        return false;
      }
      if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
      if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
      throw new ParameterError(`${name} is not a boolean: ${JSON.stringify(value)}`);
    }
    case 'number': {
      if (value === '') {
        if (param.required) throw new ParameterError(`${name} is required`);
        return 0;
      }
      // strconv.Atoi: an optional sign and decimal digits, within int64.
      if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new ParameterError(`${name} is not an integer: ${JSON.stringify(value)}`);
      const n = Number(value);
      if (typeof param.min === 'number' && n < param.min) throw new ParameterError(`${name} cannot be smaller than ${param.min}`);
      if (typeof param.max === 'number' && n > param.max) throw new ParameterError(`${name} cannot be greater than ${param.max}`);
      return n;
    }
    default:
      throw new ParameterError(`${name} has an unrecognized type ${JSON.stringify(type)}`);
  }
}

/** Returns whether a parameter's regex matches; throws ParameterError for a bad or too slow regex. */
function matchRegex(name: string, which: string, source: string, value: string): boolean {
  let re: RegExp;
  try {
    re = goRegExp(source);
  } catch (err) {
    throw new ParameterError(`${name} has an invalid ${which} regex ${source}: ${(err as Error).message}`);
  }
  try {
    return safeMatch(re, value);
  } catch (err) {
    throw new ParameterError(`${name} cannot be checked against its ${which} regex: ${(err as Error).message}`);
  }
}

/** Sets `value` at `path` inside `target`, creating (or replacing non-object) intermediate maps. */
function setDeep(target: Obj, path: string[], value: unknown): void {
  let cur = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      cur[key] = value;
      return;
    }
    const next = asObject(cur[key]);
    cur = next ?? (cur[key] = {});
  });
}
