// text/template's predefined functions (funcs.go): and, or, not, len, index, slice, print,
// printf, println, eq, ne, lt, le, gt, ge, call, html, js, urlquery. `and` and `or` are
// evaluated lazily by exec.ts; the entries here give their signatures.

import { formatV, isPrint, sprint, sprintf, sprintln } from './printf.ts';
import {
  GoError, byteLength, goTypeOf, intValue, isGoObject, isInt, isList, isMap, isTrue,
  utf8, zeroOf, elemTypeOf, byteSlice, measure,
  type CallContext, type FuncDef,
} from './values.ts';

type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string';

function basicKind(v: unknown): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (isInt(v)) return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return 'invalid';
}

/** indirectInterface: a nil interface becomes the invalid value. */
function indirect(v: unknown): unknown {
  return v === null ? undefined : v;
}

function isNilValue(v: unknown): boolean {
  return v === undefined || v === null;
}

function reflectKind(v: unknown): string {
  if (v === undefined || v === null) return 'invalid';
  if (isList(v)) return 'slice';
  if (isMap(v)) return 'map';
  if (isGoObject(v)) return v.goKind;
  return typeof v;
}

function numericEqual(a: unknown, b: unknown, k: Kind): boolean {
  switch (k) {
    case 'bool': return a === b;
    case 'int': return intValue(a as bigint) === intValue(b as bigint);
    case 'float': return a === b;
    case 'string': return a === b;
    default: return false;
  }
}

/** Returns eq(arg1, arg2...): arg1 == arg2 || arg1 == arg3 ..., with Go's type rules. */
export function goEq(arg1: unknown, ...rest: unknown[]): boolean {
  arg1 = indirect(arg1);
  if (rest.length === 0) throw new GoError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let arg of rest) {
    arg = indirect(arg);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (arg1 !== undefined && arg !== undefined) {
        throw new GoError(`incompatible types for comparison: ${goTypeOf(arg1)} and ${goTypeOf(arg)}`);
      }
    } else if (k1 !== 'invalid') {
      truth = numericEqual(arg1, arg, k1);
    } else {
      const kind1 = reflectKind(arg1);
      const kind2 = reflectKind(arg);
      if (kind1 !== kind2 && kind1 !== 'invalid' && kind2 !== 'invalid') {
        throw new GoError(`non-comparable types ${formatV(arg1)}: ${goTypeOf(arg1)}, ${goTypeOf(arg)}: ${formatV(arg)}`);
      }
      if (isNilValue(arg1) || isNilValue(arg)) truth = isNilValue(arg) === isNilValue(arg1);
      else if (isList(arg) || isMap(arg) || typeof arg === 'function') {
        throw new GoError(`non-comparable type ${formatV(arg)}: ${goTypeOf(arg)}`);
      } else if (isGoObject(arg1) && isGoObject(arg)) {
        truth = arg1.goKind === 'ptr' ? arg1 === arg : arg1.goType === arg.goType && arg1.goString() === arg.goString();
      } else truth = arg1 === arg;
    }
    if (truth) return true;
  }
  return false;
}

/** Returns lt(a, b) with Go's type rules. */
export function goLt(a: unknown, b: unknown): boolean {
  a = indirect(a);
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new GoError('invalid type for comparison');
  b = indirect(b);
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new GoError('invalid type for comparison');
  if (k1 !== k2) throw new GoError(`incompatible types for comparison: ${goTypeOf(a)} and ${goTypeOf(b)}`);
  switch (k1) {
    case 'bool': throw new GoError('invalid type for comparison');
    case 'float': return (a as number) < (b as number);
    case 'int': return intValue(a as bigint) < intValue(b as bigint);
    default: return compareBytes(a as string, b as string) < 0;
  }
}

function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const x = utf8(a);
  const y = utf8(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function goLe(a: unknown, b: unknown): boolean {
  if (goLt(a, b)) return true;
  return goEq(a, b);
}

/** Returns Go's len(x) for template values. */
export function goLen(item: unknown): bigint {
  if (item === undefined) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  if (item === null) throw new GoError('len of nil pointer');
  if (typeof item === 'string') return BigInt(byteLength(item));
  if (isList(item)) return BigInt(item.length);
  if (isMap(item)) return BigInt(Object.keys(item).length);
  throw new GoError(`len of type ${goTypeOf(item)}`);
}

function indexArg(index: unknown, cap: number): number {
  if (isInt(index)) {
    const x = intValue(index);
    if (x < 0n || x > BigInt(cap)) throw new GoError(`index out of range: ${x}`);
    return Number(x);
  }
  if (index === undefined || index === null) throw new GoError('cannot index slice/array with nil');
  throw new GoError(`cannot index slice/array with type ${goTypeOf(index)}`);
}

/** Returns index(item, i, j...) = item[i][j]... for lists, strings (bytes) and maps. */
export function goIndex(item: unknown, ...indexes: unknown[]): unknown {
  item = indirect(item);
  if (item === undefined) throw new GoError('index of untyped nil');
  for (let index of indexes) {
    index = indirect(index);
    if (item === null || item === undefined) throw new GoError('index of nil pointer');
    if (isList(item)) {
      const x = indexArg(index, item.length);
      if (x === item.length) throw new GoError('reflect: slice index out of range');
      item = item[x];
    } else if (typeof item === 'string') {
      const bytes = utf8(item);
      const x = indexArg(index, bytes.length);
      if (x === bytes.length) throw new GoError('reflect: string index out of range');
      item = BigInt(bytes[x]);
    } else if (isMap(item)) {
      let key: string;
      if (index === undefined) throw new GoError('value is nil; should be of type string');
      if (typeof index !== 'string') throw new GoError(`value has type ${goTypeOf(index)}; should be string`);
      else key = index;
      item = Object.hasOwn(item, key) ? item[key] : zeroOf(elemTypeOf(item));
    } else {
      throw new GoError(`can't index item of type ${goTypeOf(item)}`);
    }
  }
  return item;
}

/** Returns Go's slice builtin: x[i:j] / x[i:j:k] for strings and lists. */
export function goSlice(item: unknown, ...indexes: unknown[]): unknown {
  item = indirect(item);
  if (item === undefined) throw new GoError('slice of untyped nil');
  if (indexes.length > 3) throw new GoError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new GoError('cannot 3-index slice a string');
    len = byteLength(item);
  } else if (isList(item)) len = item.length;
  else throw new GoError(`can't slice item of type ${goTypeOf(item)}`);
  const idx = [0, len, len];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(indirect(ix), len);
  });
  if (idx[0] > idx[1]) throw new GoError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new GoError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string') return byteSlice(item, idx[0], idx[1]);
  return item.slice(idx[0], idx[1]);
}

/** Returns the text of the arguments as html/js/urlquery see it (evalArgs). */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

/** Returns template.HTMLEscapeString(s). */
export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => {
    switch (c) {
      case '\0': return '\uFFFD';
      case '"': return '&#34;';
      case "'": return '&#39;';
      case '&': return '&amp;';
      case '<': return '&lt;';
      default: return '&gt;';
    }
  });
}

/** Returns template.JSEscapeString(s). */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0) as number;
    switch (ch) {
      case '\\': out += '\\\\'; continue;
      case "'": out += "\\'"; continue;
      case '"': out += '\\"'; continue;
      case '<': out += '\\u003C'; continue;
      case '>': out += '\\u003E'; continue;
      case '&': out += '\\u0026'; continue;
      case '=': out += '\\u003D'; continue;
    }
    if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || isPrint(r)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** Returns url.QueryEscape(s). */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Returns args after checking that printing them stays within the value-size limit. */
function checkedAll(ctx: CallContext, args: unknown[]): unknown[] {
  let total = 0;
  for (const a of args) total += measure(a, ctx.maxBytes + 1 - total);
  ctx.checkLength(total);
  return args;
}

/** Returns the builtin function table of text/template. */
export function builtinFuncs(): Map<string, FuncDef> {
  const m = new Map<string, FuncDef>();
  const def = (name: string, f: FuncDef): void => {
    m.set(name, f);
  };
  const lazy = (): never => {
    throw new GoError('unreachable');
  };
  def('and', { params: ['reflect'], variadic: 'reflect', fn: lazy });
  def('or', { params: ['reflect'], variadic: 'reflect', fn: lazy });
  def('not', { params: ['reflect'], fn: (_c, v: unknown) => !isTrue(v) });
  def('len', { params: ['reflect'], fn: (_c, v: unknown) => goLen(v) });
  def('index', { params: ['reflect'], variadic: 'reflect', fn: (_c, item: unknown, ...ix: unknown[]) => goIndex(item, ...ix) });
  def('slice', { params: ['reflect'], variadic: 'reflect', fn: (_c, item: unknown, ...ix: unknown[]) => goSlice(item, ...ix) });
  def('print', { params: [], variadic: 'any', fn: (c, ...a: unknown[]) => sprint(checkedAll(c, a)) });
  def('printf', { params: ['string'], variadic: 'any', fn: (c, f: string, ...a: unknown[]) => sprintf(f, checkedAll(c, a)) });
  def('println', { params: [], variadic: 'any', fn: (c, ...a: unknown[]) => sprintln(checkedAll(c, a)) });
  def('eq', { params: ['reflect'], variadic: 'reflect', fn: (_c, a: unknown, ...b: unknown[]) => goEq(a, ...b) });
  def('ne', { params: ['reflect', 'reflect'], fn: (_c, a: unknown, b: unknown) => !goEq(a, b) });
  def('lt', { params: ['reflect', 'reflect'], fn: (_c, a: unknown, b: unknown) => goLt(a, b) });
  def('le', { params: ['reflect', 'reflect'], fn: (_c, a: unknown, b: unknown) => goLe(a, b) });
  def('gt', { params: ['reflect', 'reflect'], fn: (_c, a: unknown, b: unknown) => !goLe(a, b) });
  def('ge', { params: ['reflect', 'reflect'], fn: (_c, a: unknown, b: unknown) => !goLt(a, b) });
  def('html', { params: [], variadic: 'any', fn: (c, ...a: unknown[]) => htmlEscape(evalArgs(checkedAll(c, a))) });
  def('js', { params: [], variadic: 'any', fn: (c, ...a: unknown[]) => jsEscape(evalArgs(checkedAll(c, a))) });
  def('urlquery', { params: [], variadic: 'any', fn: (c, ...a: unknown[]) => queryEscape(evalArgs(checkedAll(c, a))) });
  def('call', {
    params: ['reflect'],
    variadic: 'reflect',
    fn: (_c, name: string, f: unknown, ...args: unknown[]) => {
      f = indirect(f);
      if (f === undefined) throw new GoError('call of nil');
      if (typeof f !== 'function') throw new GoError(`non-function ${name} of type ${goTypeOf(f)}`);
      return (f as (...a: unknown[]) => unknown)(...args.map((a) => (a === undefined ? null : a)));
    },
  });
  return m;
}
