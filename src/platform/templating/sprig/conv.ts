// Conversions Sprig builds on: strval, strslice, empty, and spf13/cast's ToInt64/ToInt/
// ToFloat64 (what `int`, `int64`, `float64`, `add` and friends do to their arguments).

import { parseFloat64, parseInt64 } from '../parser.ts';
import { formatV } from '../printf.ts';
import { GoError, Int64, goKindOf, intValue, isGoObject, isInt, isList, isMap, withGoType, type FuncDef, type ParamType } from '../values.ts';

/** Returns Sprig's strval(v): strings as they are, Stringers' String(), else fmt's %v. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isGoObject(v)) return v.goString();
  return formatV(v === undefined ? null : v);
}

/** Returns Sprig's strslice(v) as a []string. */
export function strslice(v: unknown): string[] {
  if (isList(v)) {
    const out: string[] = [];
    for (const e of v) if (e !== null && e !== undefined) out.push(strval(e));
    return withGoType(out, '[]string');
  }
  if (v === null || v === undefined) return withGoType([], '[]string');
  return withGoType([strval(v)], '[]string');
}

/** Returns Sprig's empty(v): the zero value of its type (nil, "", 0, false, empty list/map). */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (typeof v) {
    case 'string': return v.length === 0;
    case 'boolean': return !v;
    case 'bigint': return v === 0n;
    case 'number': return v === 0;
    case 'function': return false;
  }
  if (v instanceof Int64) return v.value === 0n;
  if (isList(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  if (isGoObject(v)) return v.goKind === 'int64' ? v.goJson() === 0 : v.goKind === 'struct' ? false : false;
  return false;
}

/** Returns Go's int64(f) conversion of a float (amd64: out of range gives MinInt64). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 9223372036854775808 || f < -9223372036854775808) return -9223372036854775808n;
  return BigInt(Math.trunc(f));
}

/** Returns cast's trimZeroDecimal: "12.000" -> "12". */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    switch (s[i - 1]) {
      case '.':
        if (foundZero) return s.slice(0, i - 1);
        break;
      case '0':
        foundZero = true;
        break;
      default:
        return s;
    }
  }
  return s;
}

/** Returns cast.ToInt64(v): numbers truncated, strings parsed (base prefixes allowed), else 0. */
export function toInt64(v: unknown): bigint {
  if (isInt(v)) return intValue(v);
  if (typeof v === 'number') return floatToInt64(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return parseInt64(trimZeroDecimal(v)) ?? 0n;
  return 0n;
}

/** Returns cast.ToFloat64(v): numbers as float, strings parsed, else 0. */
export function toFloat64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (isInt(v)) return Number(intValue(v));
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseFloat64(v) ?? 0;
  return 0;
}

/** Returns reflect.TypeOf(v).Kind() as Sprig's list functions use it; nil panics as in Go. */
export function kindOrPanic(v: unknown): string {
  if (v === undefined || v === null) throw new GoError('runtime error: invalid memory address or nil pointer dereference');
  return goKindOf(v);
}

/** Returns a slice's elements, or throws `${prefix} ${kind}` like Sprig's must* functions. */
export function listOrError(v: unknown, message: (kind: string) => string): unknown[] {
  const kind = kindOrPanic(v);
  if (!isList(v)) throw new GoError(message(kind));
  return v;
}

/** Returns a FuncDef (shorthand for the function tables). */
export function fn(params: ParamType[], impl: FuncDef['fn'], variadic?: ParamType): FuncDef {
  return variadic === undefined ? { params, fn: impl } : { params, variadic, fn: impl };
}

/** Returns a Go runtime panic message for s[a:b] out of range, or undefined when in range. */
export function sliceBoundsError(len: number, start: number | undefined, end: number | undefined): string | undefined {
  if (start === undefined && end !== undefined) {
    if (end < 0) return `runtime error: slice bounds out of range [:${end}]`;
    if (end > len) return `runtime error: slice bounds out of range [:${end}] with length ${len}`;
    return undefined;
  }
  if (start !== undefined && end === undefined) {
    if (start < 0) return `runtime error: slice bounds out of range [${start}:]`;
    if (start > len) return `runtime error: slice bounds out of range [${start}:${len}]`;
    return undefined;
  }
  if (start !== undefined && end !== undefined) {
    if (end < 0) return `runtime error: slice bounds out of range [:${end}]`;
    if (end > len) return `runtime error: slice bounds out of range [:${end}] with length ${len}`;
    if (start < 0) return `runtime error: slice bounds out of range [${start}:]`;
    if (start > end) return `runtime error: slice bounds out of range [${start}:${end}]`;
  }
  return undefined;
}

/** Converts a Go int argument to a JS number, clamping absurd sizes. */
export function num(v: bigint | Int64): number {
  const n = intValue(v);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
  if (n < BigInt(Number.MIN_SAFE_INTEGER)) return Number.MIN_SAFE_INTEGER;
  return Number(n);
}
