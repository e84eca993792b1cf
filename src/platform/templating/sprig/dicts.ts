// Sprig's dict functions (dict.go): dict, get, set, unset, hasKey, pluck, keys, pick, omit,
// merge/mergeOverwrite (mergo semantics), values, deepCopy, dig. Like Go maps they mutate in
// place (`set $d "k" 1` changes $d). Key order is unspecified in Go; here keys come sorted.

import { GoError, goTypeOf, isList, isMap, newMap, sortedKeys, withGoType, type CallContext, type FuncDef } from '../values.ts';
import { fn, isEmpty, strval } from './conv.ts';

const maxDepth = 10_000;

function dict(ctx: CallContext, v: unknown[]): Record<string, unknown> {
  ctx.charge(v.length);
  const d = newMap();
  for (let i = 0; i < v.length; i += 2) {
    const key = strval(v[i] ?? null);
    d[key] = i + 1 >= v.length ? '' : v[i + 1];
  }
  return d;
}

function set(d: Record<string, unknown> | null, key: string, value: unknown): Record<string, unknown> {
  if (d === null) throw new GoError('assignment to entry in nil map');
  d[key] = value;
  return d;
}

/** Returns Go's copystructure.Copy of a value (maps and slices copied deeply). */
export function deepCopy(ctx: CallContext, v: unknown, depth = 0): unknown {
  if (depth > maxDepth) throw new GoError('deepCopy: value nests too deeply');
  ctx.charge(1);
  if (isList(v)) {
    const out = v.map((e) => deepCopy(ctx, e, depth + 1));
    const t = goTypeOf(v);
    return t === '[]interface {}' ? out : withGoType(out, t);
  }
  if (isMap(v)) {
    const out = newMap();
    for (const k of Object.keys(v)) out[k] = deepCopy(ctx, v[k], depth + 1);
    const t = goTypeOf(v);
    return t === 'map[string]interface {}' ? out : withGoType(out, t);
  }
  return v;
}

/**
 * Merges src into dst like mergo.Merge (overwrite=false: fill missing or empty keys) or
 * mergo.MergeWithOverwrite (overwrite=true: src wins, except that nested maps merge).
 */
export function mergeInto(ctx: CallContext, dst: Record<string, unknown>, src: Record<string, unknown>, overwrite: boolean, depth = 0): void {
  if (depth > maxDepth) throw new GoError('merge: value nests too deeply');
  for (const key of Object.keys(src)) {
    ctx.charge(1);
    const s = src[key];
    const has = Object.hasOwn(dst, key);
    const d = dst[key];
    if (s === null || s === undefined) {
      if (overwrite) dst[key] = null;
      continue;
    }
    if (isMap(s) && has && isMap(d)) mergeInto(ctx, d, s, overwrite, depth + 1);
    if (has && !isEmpty(d)) {
      if (isList(s)) continue;
      if (isMap(s) && isMap(d)) continue;
    }
    if (overwrite || !has || isEmpty(d)) dst[key] = s;
  }
}

function merge(ctx: CallContext, dst: Record<string, unknown> | null, srcs: (Record<string, unknown> | null)[], overwrite: boolean): Record<string, unknown> {
  const out = dst ?? newMap();
  for (const src of srcs) if (src !== null) mergeInto(ctx, out, src, overwrite);
  return out;
}

function assertionError(v: unknown, want: string): GoError {
  const got = v === null || v === undefined ? 'nil' : goTypeOf(v);
  return new GoError(`interface conversion: interface {} is ${got}, not ${want}`);
}

function dig(ps: unknown[]): unknown {
  if (ps.length < 3) throw new GoError('dig needs at least three arguments');
  const dictArg = ps[ps.length - 1];
  if (!isMap(dictArg) || goTypeOf(dictArg) !== 'map[string]interface {}') throw assertionError(dictArg, 'map[string]interface {}');
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw assertionError(k, 'string');
    return k;
  });
  let d: Record<string, unknown> = dictArg;
  for (let i = 0; i < keys.length; i++) {
    if (!Object.hasOwn(d, keys[i])) return def;
    const step = d[keys[i]];
    if (i === keys.length - 1) return step;
    if (!isMap(step) || goTypeOf(step) !== 'map[string]interface {}') throw assertionError(step, 'map[string]interface {}');
    d = step;
  }
  return def;
}

/** Returns the Sprig dict functions. */
export function dictFuncs(): Record<string, FuncDef> {
  const mergeFn = fn(['map'], (c, d: Record<string, unknown> | null, ...s: (Record<string, unknown> | null)[]) => merge(c, d, s, false), 'map');
  const mergeOverwrite = fn(['map'], (c, d: Record<string, unknown> | null, ...s: (Record<string, unknown> | null)[]) => merge(c, d, s, true), 'map');
  const copy = fn(['any'], (c, v: unknown) => deepCopy(c, v));
  return {
    dict: fn([], (c, ...v: unknown[]) => dict(c, v), 'any'),
    get: fn(['map', 'string'], (_c, d: Record<string, unknown> | null, k: string) => (d !== null && Object.hasOwn(d, k) ? d[k] : '')),
    set: fn(['map', 'string', 'any'], (_c, d: Record<string, unknown> | null, k: string, v: unknown) => set(d, k, v)),
    unset: fn(['map', 'string'], (_c, d: Record<string, unknown> | null, k: string) => {
      if (d !== null) delete d[k];
      return d;
    }),
    hasKey: fn(['map', 'string'], (_c, d: Record<string, unknown> | null, k: string) => d !== null && Object.hasOwn(d, k)),
    pluck: fn(['string'], (c, k: string, ...ds: (Record<string, unknown> | null)[]) => {
      c.charge(ds.length);
      return ds.filter((d) => d !== null && Object.hasOwn(d, k)).map((d) => (d as Record<string, unknown>)[k]);
    }, 'map'),
    keys: fn([], (c, ...ds: (Record<string, unknown> | null)[]) => {
      const out: string[] = [];
      for (const d of ds) if (d !== null) out.push(...sortedKeys(d));
      c.charge(out.length);
      return withGoType(out, '[]string');
    }, 'map'),
    pick: fn(['map'], (_c, d: Record<string, unknown> | null, ...ks: string[]) => {
      const out = newMap();
      for (const k of ks) if (d !== null && Object.hasOwn(d, k)) out[k] = d[k];
      return out;
    }, 'string'),
    omit: fn(['map'], (c, d: Record<string, unknown> | null, ...ks: string[]) => {
      const out = newMap();
      if (d === null) return out;
      const skip = new Set(ks);
      for (const k of Object.keys(d)) if (!skip.has(k)) out[k] = d[k];
      c.charge(Object.keys(out).length);
      return out;
    }, 'string'),
    merge: mergeFn,
    mustMerge: mergeFn,
    mergeOverwrite,
    mustMergeOverwrite: mergeOverwrite,
    values: fn(['map'], (_c, d: Record<string, unknown> | null) => (d === null ? [] : sortedKeys(d).map((k) => d[k]))),
    deepCopy: copy,
    mustDeepCopy: copy,
    dig: fn([], (_c, ...ps: unknown[]) => dig(ps), 'any'),
  };
}
