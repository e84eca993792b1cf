// Query parameters of API requests (metav1.ListOptions, CreateOptions, PatchOptions,
// DeleteOptions), validated the way kube-apiserver's decoder refuses bad values: 400.

import { badRequest } from '../apimachinery/index.ts';

/** Returns a non-negative integer query parameter, or undefined when absent. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`invalid value for ${name}: "${raw}": must be an integer`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw badRequest(`invalid value for ${name}: "${raw}": must be a non-negative integer`);
  return value;
}

/** Returns a boolean query parameter ("true"/"1"/"false"/"0"), or undefined when absent. */
export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw badRequest(`invalid value for ${name}: "${raw}": must be a boolean`);
}

/** Returns whether dryRun=All was asked (any other value is a bad request). */
export function dryRunParam(values: string[]): boolean {
  for (const v of values) {
    if (v !== 'All') throw badRequest(`Invalid dryRun value "${v}": the only supported value is "All"`);
  }
  return values.length > 0;
}

/** Returns the fieldValidation directive; the server default is Warn (KEP-2885). */
export function fieldValidationParam(query: URLSearchParams): 'Strict' | 'Warn' | 'Ignore' {
  const raw = query.get('fieldValidation');
  if (raw === null || raw === '') return 'Warn';
  if (raw === 'Strict' || raw === 'Warn' || raw === 'Ignore') return raw;
  throw badRequest(`fieldValidation must be one of Ignore, Warn or Strict, got "${raw}"`);
}

/** Returns the includeObject policy for Table responses. */
export function includeObjectParam(query: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const raw = query.get('includeObject');
  if (raw === null || raw === '' || raw === 'Metadata') return 'Metadata';
  if (raw === 'None' || raw === 'Object') return raw;
  throw badRequest(`includeObject must be one of None, Metadata or Object, got "${raw}"`);
}
