// Sprig's list functions (list.go). Like Sprig they accept any slice ([]string from
// splitList, []int from until...) and return []interface{}; a nil list panics the way
// reflect.TypeOf(nil).Kind() does in Go.

import { GoError, byteLength, byteSlice, deepEqual, goTypeOf, isList, withGoType, type CallContext, type FuncDef } from '../values.ts';
import { fn, isEmpty, kindOrPanic, listOrError, num, toInt64 } from './conv.ts';

function push(ctx: CallContext, list: unknown, v: unknown): unknown[] {
  const l = listOrError(list, (k) => `Cannot push on type ${k}`);
  ctx.charge(l.length);
  return [...l, v];
}

function prepend(ctx: CallContext, list: unknown, v: unknown): unknown[] {
  const l = listOrError(list, (k) => `Cannot prepend on type ${k}`);
  ctx.charge(l.length);
  return [v, ...l];
}

function chunk(ctx: CallContext, size: number, list: unknown): unknown[] {
  const l = listOrError(list, (k) => `Cannot chunk type ${k}`);
  if (size <= 0) throw new GoError('runtime error: makeslice: len out of range');
  ctx.charge(l.length);
  const out: unknown[] = [];
  for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
  return withGoType(out, '[][]interface {}');
}

function first(list: unknown): unknown {
  const l = listOrError(list, (k) => `Cannot find first on type ${k}`);
  return l.length === 0 ? null : l[0];
}

function last(list: unknown): unknown {
  const l = listOrError(list, (k) => `Cannot find last on type ${k}`);
  return l.length === 0 ? null : l[l.length - 1];
}

function rest(list: unknown): unknown[] {
  const l = listOrError(list, (k) => `Cannot find rest on type ${k}`);
  return l.slice(1);
}

function initial(list: unknown): unknown[] {
  const l = listOrError(list, (k) => `Cannot find initial on type ${k}`);
  return l.slice(0, -1);
}

function reverse(list: unknown): unknown[] {
  const l = listOrError(list, (k) => `Cannot find reverse on type ${k}`);
  return [...l].reverse();
}

function compact(list: unknown): unknown[] {
  const l = listOrError(list, (k) => `Cannot compact on type ${k}`);
  return l.filter((x) => !isEmpty(x));
}

function uniq(ctx: CallContext, list: unknown): unknown[] {
  const l = listOrError(list, (k) => `Cannot find uniq on type ${k}`);
  const out: unknown[] = [];
  for (const item of l) {
    ctx.charge(out.length + 1);
    if (!out.some((x) => deepEqual(item, x))) out.push(item);
  }
  return out;
}

function without(ctx: CallContext, list: unknown, omit: unknown[]): unknown[] {
  const l = listOrError(list, (k) => `Cannot find without on type ${k}`);
  ctx.charge(l.length * (omit.length + 1));
  return l.filter((item) => !omit.some((o) => deepEqual(item, o)));
}

function has(ctx: CallContext, needle: unknown, haystack: unknown): boolean {
  if (haystack === null || haystack === undefined) return false;
  const l = listOrError(haystack, (k) => `Cannot find has on type ${k}`);
  ctx.charge(l.length);
  return l.some((item) => deepEqual(needle, item));
}

function sliceList(list: unknown, indices: unknown[]): unknown {
  const kind = kindOrPanic(list);
  if (!isList(list) && typeof list !== 'string') throw new GoError(`list should be type of string, slice or array but ${kind}`);
  const len = typeof list === 'string' ? byteLength(list) : list.length;
  if (len === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
  const end = indices.length < 2 ? len : Number(toInt64(indices[1]));
  if (start < 0 || end < start || end > len) {
    throw new GoError(typeof list === 'string' ? 'reflect.Value.Slice: string slice index out of range' : 'reflect.Value.Slice: slice index out of range');
  }
  if (typeof list === 'string') return byteSlice(list, start, end);
  // A slice of a []string is still a []string.
  const out = list.slice(start, end);
  const t = goTypeOf(list);
  return t === '[]interface {}' ? out : withGoType(out, t);
}

function concat(ctx: CallContext, lists: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const l of lists) {
    const kind = kindOrPanic(l);
    if (!isList(l)) throw new GoError(`Cannot concat type ${kind} as list`);
    ctx.charge(l.length);
    out.push(...l);
  }
  return out;
}

function until(ctx: CallContext, count: number): unknown[] {
  return untilStep(ctx, 0, count, count < 0 ? -1 : 1);
}

function untilStep(ctx: CallContext, start: number, stop: number, step: number): unknown[] {
  const out: bigint[] = [];
  if (stop < start) {
    if (step >= 0) return withGoType(out, '[]int');
    ctx.charge(Math.ceil((start - stop) / -step));
    for (let i = start; i > stop; i += step) out.push(BigInt(i));
    return withGoType(out, '[]int');
  }
  if (step <= 0) return withGoType(out, '[]int');
  ctx.charge(Math.ceil((stop - start) / step));
  for (let i = start; i < stop; i += step) out.push(BigInt(i));
  return withGoType(out, '[]int');
}

/** Returns Sprig's untilStep as numbers (used by seq). */
export function untilStepNumbers(ctx: CallContext, start: number, stop: number, step: number): bigint[] {
  return untilStep(ctx, start, stop, step) as bigint[];
}

/** Returns the Sprig list functions. */
export function listFuncs(): Record<string, FuncDef> {
  const mustFirst = fn(['any'], (_c, l: unknown) => first(l));
  const append = fn(['any', 'any'], (c, l: unknown, v: unknown) => push(c, l, v));
  return {
    list: fn([], (_c, ...v: unknown[]) => v, 'any'),
    tuple: fn([], (_c, ...v: unknown[]) => v, 'any'),
    append, push: append, mustAppend: append, mustPush: append,
    prepend: fn(['any', 'any'], (c, l: unknown, v: unknown) => prepend(c, l, v)),
    mustPrepend: fn(['any', 'any'], (c, l: unknown, v: unknown) => prepend(c, l, v)),
    first: mustFirst, mustFirst,
    rest: fn(['any'], (_c, l: unknown) => rest(l)),
    mustRest: fn(['any'], (_c, l: unknown) => rest(l)),
    last: fn(['any'], (_c, l: unknown) => last(l)),
    mustLast: fn(['any'], (_c, l: unknown) => last(l)),
    initial: fn(['any'], (_c, l: unknown) => initial(l)),
    mustInitial: fn(['any'], (_c, l: unknown) => initial(l)),
    reverse: fn(['any'], (_c, l: unknown) => reverse(l)),
    mustReverse: fn(['any'], (_c, l: unknown) => reverse(l)),
    uniq: fn(['any'], (c, l: unknown) => uniq(c, l)),
    mustUniq: fn(['any'], (c, l: unknown) => uniq(c, l)),
    without: fn(['any'], (c, l: unknown, ...o: unknown[]) => without(c, l, o), 'any'),
    mustWithout: fn(['any'], (c, l: unknown, ...o: unknown[]) => without(c, l, o), 'any'),
    has: fn(['any', 'any'], (c, n: unknown, h: unknown) => has(c, n, h)),
    mustHas: fn(['any', 'any'], (c, n: unknown, h: unknown) => has(c, n, h)),
    compact: fn(['any'], (_c, l: unknown) => compact(l)),
    mustCompact: fn(['any'], (_c, l: unknown) => compact(l)),
    slice: fn(['any'], (_c, l: unknown, ...ix: unknown[]) => sliceList(l, ix), 'any'),
    mustSlice: fn(['any'], (_c, l: unknown, ...ix: unknown[]) => sliceList(l, ix), 'any'),
    concat: fn([], (c, ...l: unknown[]) => concat(c, l), 'any'),
    chunk: fn(['int', 'any'], (c, n: bigint, l: unknown) => chunk(c, num(n), l)),
    mustChunk: fn(['int', 'any'], (c, n: bigint, l: unknown) => chunk(c, num(n), l)),
    until: fn(['int'], (c, n: bigint) => until(c, num(n))),
    untilStep: fn(['int', 'int', 'int'], (c, a: bigint, b: bigint, s: bigint) => untilStep(c, num(a), num(b), num(s))),
  };
}
