// Template versions and parameters, resolved on the client the way loftctl does it
// (loft-platform-api.md §4.1 and §4.2): the server validates again, but a typo in --set fails
// here, before anything is created.

import { readFileSync } from 'node:fs';
import semver from 'semver';
import { parse, stringify } from 'yaml';
import type { AppParameter, VirtualClusterTemplate } from './api.ts';
import { CliError, UsageError } from './errors.ts';

type Version = { version?: string; parameters?: AppParameter[] };

/** Returns the version entry with the highest semver (leading "v" stripped, unparsable ones skipped). */
export function latestVersion<V extends Version>(versions: V[]): V | undefined {
  let best: { entry: V; parsed: semver.SemVer } | undefined;
  for (const entry of versions) {
    const parsed = semver.parse((entry.version ?? '').replace(/^v/, ''));
    if (parsed && (!best || semver.gt(parsed, best.parsed))) best = { entry, parsed };
  }
  return best?.entry;
}

// A pattern has three parts, each a number or x/X ("1.x.x", "1.2.X", "v1.2.3"); anything else
// is an error ("expected version in format: 0.0.0").
/** Returns the highest version matching `pattern`, or undefined. */
export function latestMatchedVersion<V extends Version>(versions: V[], pattern: string): V | undefined {
  const parts = pattern.toLowerCase().replace(/^v/, '').split('.');
  if (parts.length !== 3) throw new CliError('expected version in format: 0.0.0');
  const matching = versions.filter((entry) => {
    const parsed = semver.parse((entry.version ?? '').replace(/^v/, ''));
    if (!parsed) return false;
    const actual = [parsed.major, parsed.minor, parsed.patch];
    return parts.every((part, i) => part === 'x' || (/^\d+$/.test(part) && Number(part) === actual[i]));
  });
  return latestVersion(matching);
}

/** Returns the parameters to fill for `template` at version pattern `version` (empty: the latest version). */
export function templateParameters(template: VirtualClusterTemplate, version: string | undefined): AppParameter[] {
  const versions = template.spec?.versions ?? [];
  if (versions.length === 0) {
    // Unversioned templates have no versions to match a --version against.
    if (version) throw new CliError(`template ${template.metadata?.name} has no versions, --version ${version} cannot match`);
    return template.spec?.parameters ?? [];
  }
  if (!version) {
    const latest = latestVersion(versions);
    if (!latest) throw new CliError("couldn't find any version in template");
    return latest.parameters ?? [];
  }
  const matched = latestMatchedVersion(versions, version);
  if (!matched) throw new CliError(`couldn't find any matching version to ${version}`);
  return matched.parameters ?? [];
}

/** Go's strconv.ParseBool. */
function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** Go's strconv.Atoi (optional sign, decimal digits, 64-bit range). */
function parseInteger(value: string): number | undefined {
  if (!/^[+-]?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

function describe(p: AppParameter): string {
  return `${p.label ?? ''} (${p.variable})`;
}

// loftctl VerifyValue: strings get the default when empty, are accepted at once when they equal
// an option, then must match `validation` and must not match `invalidation`; booleans and
// integers are parsed; numbers honour min and max. A string outside `options` is left to the
// server, as loftctl does.
/** Returns `value` checked and typed for parameter `p`. */
export function verifyValue(value: string, p: AppParameter): string | number | boolean {
  switch (p.type ?? '') {
    case '':
    case 'string':
    case 'password':
    case 'multiline': {
      if (p.defaultValue && value === '') value = p.defaultValue;
      if (p.required && value === '') throw new CliError(`parameter ${describe(p)} is required`);
      if ((p.options ?? []).includes(value)) return value;
      if (p.validation) {
        if (!compile(p.validation, 'validation').test(value)) throw new CliError(`parameter ${describe(p)} needs to match regex ${p.validation}`);
      }
      if (p.invalidation) {
        if (compile(p.invalidation, 'invalidation').test(value)) throw new CliError(`parameter ${describe(p)} cannot match regex ${p.invalidation}`);
      }
      return value;
    }
    case 'boolean': {
      if (p.defaultValue && value === '') {
        const parsed = parseBool(p.defaultValue);
        if (parsed === undefined) throw new CliError(`parse default value for parameter ${describe(p)}: invalid syntax "${p.defaultValue}"`);
        return parsed;
      }
      if (p.required && value === '') throw new CliError(`parameter ${describe(p)} is required`);
      const parsed = parseBool(value);
      if (parsed === undefined) throw new CliError(`parse value for parameter ${describe(p)}: "${value}" is not a boolean`);
      return parsed;
    }
    case 'number': {
      if (p.defaultValue && value === '') {
        const parsed = parseInteger(p.defaultValue);
        if (parsed === undefined) throw new CliError(`parse default value for parameter ${describe(p)}: "${p.defaultValue}" is not an integer`);
        return parsed;
      }
      if (p.required && value === '') throw new CliError(`parameter ${describe(p)} is required`);
      const num = parseInteger(value);
      if (num === undefined) throw new CliError(`parse value for parameter ${describe(p)}: "${value}" is not an integer`);
      if (p.min != null && num < p.min) throw new CliError(`parameter ${describe(p)} cannot be smaller than ${p.min}`);
      if (p.max != null && num > p.max) throw new CliError(`parameter ${describe(p)} cannot be greater than ${p.max}`);
      return num;
    }
    default:
      throw new CliError(`unrecognized type ${p.type} for parameter ${describe(p)}`);
  }
}

function compile(source: string, what: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw new CliError(`compile ${what} regex ${source}: ${(err as Error).message}`);
  }
}

/** Returns --set values keyed by variable; refuses undeclared names ("parameter X doesn't exist on template"). */
export function parseSet(parameters: AppParameter[], set: string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const entry of set) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new UsageError(`error parsing --set ${entry}: need parameter=value format`);
    const key = entry.slice(0, at);
    if (!parameters.some((p) => p.variable === key)) throw new CliError(`parameter ${key} doesn't exist on template`);
    values.set(key, entry.slice(at + 1));
  }
  return values;
}

/** Returns the value at dotted `path` in `values` (list indices allowed), or undefined. */
export function getDeepValue(values: unknown, path: string): unknown {
  let current = values;
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (typeof current === 'object' && current !== null) {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

// Like loftctl's SetDeepValue it only descends into maps: a list or scalar in the way leaves
// `values` unchanged.
/** Sets dotted `path` in `values`, creating missing maps on the way. */
export function setDeepValue(values: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let current: Record<string, unknown> = values;
  for (const segment of segments.slice(0, -1)) {
    if (!Object.hasOwn(current, segment)) current[segment] = {};
    const next = current[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) return;
    current = next as Record<string, unknown>;
  }
  current[segments[segments.length - 1] as string] = value;
}

/** Returns the parameters file (a YAML map) at `file`. */
export function readParametersFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`read parameters file: ${(err as Error).message}`);
  }
  let values: unknown;
  try {
    values = parse(text) ?? {};
  } catch (err) {
    throw new CliError(`parse parameters file: ${(err as Error).message}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new CliError('parse parameters file: the file must hold a YAML map');
  return values as Record<string, unknown>;
}

// File values are looked up by dotted variable and must be strings, integers or booleans; keys
// of the file that no parameter declares are kept.
/** Returns the verified, typed values of `parameters` from --set (wins) and the file's values. */
export function fillParameters(parameters: AppParameter[], set: string[], fileValues: Record<string, unknown> = {}): Record<string, unknown> {
  const values = structuredClone(fileValues);
  const setValues = parseSet(parameters, set);
  for (const p of parameters) {
    let text = setValues.get(p.variable);
    if (text === undefined) {
      const value = getDeepValue(values, p.variable);
      if (value === undefined || value === null) text = '';
      else if (typeof value === 'string') text = value;
      else if (typeof value === 'number' && Number.isInteger(value)) text = String(value);
      else if (typeof value === 'boolean') text = String(value);
      else throw new CliError(`unrecognized type for parameter ${describe(p)} in file: ${JSON.stringify(value)}`);
    }
    setDeepValue(values, p.variable, verifyValue(text, p));
  }
  return values;
}

/** Returns parameter values as spec.parameters stores them: a YAML document, keys sorted; undefined when empty. */
export function parametersYaml(values: Record<string, unknown>): string | undefined {
  if (Object.keys(values).length === 0) return undefined;
  return stringify(values, { sortMapEntries: true, lineWidth: 0 });
}
