// The Go value model the template engine works on. Template data is JSON-like, but Go
// text/template and Sprig behave differently for `int`, `int64` and `float64`, for
// `[]interface{}` and `[]string`, and for a missing map key versus a nil one, so those
// distinctions are kept here:
//
//   Go                          JS
//   invalid reflect.Value       undefined   (a missing key: prints "<no value>")
//   nil interface{}             null
//   string / bool               string / boolean
//   int                         bigint
//   int64                       Int64        (Sprig arithmetic returns int64)
//   float64                     number
//   map[string]interface{}      null-prototype object (other element types via goTypeOf)
//   []interface{}               array (other element types via goTypeOf)
//   time.Time, *semver.Version  GoObject instances with Go methods
//
// Maps are always null-prototype objects, so a key such as "__proto__" is an ordinary key.

/** A Go int64 (Sprig's arithmetic results); plain Go `int` values are bigints. */
export class Int64 {
  readonly value: bigint;
  constructor(value: bigint) {
    this.value = BigInt.asIntN(64, value);
  }
}

/** A Go value with a named Go type and methods callable from templates (`.Major`). */
export interface GoObject {
  readonly goType: string;
  readonly goKind: string;
  /** Returns the method named `name`, or undefined. */
  goMethod(name: string): FuncDef | undefined;
  /** Returns what fmt's %v prints (the String method of a fmt.Stringer). */
  goString(): string;
  /** Returns the value encoding/json produces for it (before encoding). */
  goJson(): unknown;
}

/** The declared Go type of one parameter of a template function. */
export type ParamType =
  | 'any'      // interface{}
  | 'reflect'  // reflect.Value: gets invalid values as they are
  | 'string'
  | 'int'
  | 'int64'
  | 'uint32'
  | 'float64'
  | 'bool'
  | 'map'      // map[string]interface{}
  | 'list'     // []interface{}
  | 'time';    // time.Time

/** A template function: its Go signature and its implementation. */
export interface FuncDef {
  params: ParamType[];
  /** The element type of a trailing `...T` parameter. */
  variadic?: ParamType;
  /** Returns the result; throws a GoError (or anything) for Go's error result or a panic. */
  fn: (ctx: CallContext, ...args: never[]) => unknown;
}

/** What a template function may use from the running execution. */
export interface CallContext {
  /** Charges `units` of work against the step budget; throws when it is exhausted. */
  charge(units: number): void;
  /** Throws when a produced string is larger than the value-size limit; returns s. */
  checkSize(s: string): string;
  /** Throws when a value of `bytes` bytes would be larger than the value-size limit. */
  checkLength(bytes: number): void;
  /** The value-size limit in bytes. */
  readonly maxBytes: number;
  readonly options: RuntimeOptions;
  /** Runs a named template of the current set (Helm's include). */
  include(name: string, data: unknown): string;
  /** Parses and runs a template string in a copy of the current set (Helm's tpl). */
  tpl(source: string, data: unknown): string;
}

/** Options the functions read: clock, randomness, time zone. */
export interface RuntimeOptions {
  /** Returns the current time in milliseconds (Date.now by default). */
  now: () => number;
  /** Returns `n` random bytes (crypto.randomBytes by default). */
  randomBytes: (n: number) => Uint8Array;
  /** The IANA zone Go's "Local" stands for (UTC by default). */
  localZone: string;
}

/** An error a template function returns; text/template reports it as "error calling NAME: MSG". */
export class GoError extends Error {}

const typeTags = new WeakMap<object, string>();

/** Marks an array or map as having a Go type other than []interface{} / map[string]interface{}. */
export function withGoType<T extends object>(value: T, goType: string): T {
  typeTags.set(value, goType);
  return value;
}

/** Returns a new empty map[string]interface{}. */
export function newMap(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** Returns whether v is a Go map. */
export function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

/** Returns whether v is a Go slice. */
export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** Returns whether v is a GoObject (time.Time, *semver.Version, ...). */
export function isGoObject(v: unknown): v is GoObject {
  return v !== null && typeof v === 'object' && typeof (v as GoObject).goMethod === 'function';
}

/** Returns whether v is a Go integer (int or int64). */
export function isInt(v: unknown): v is bigint | Int64 {
  return typeof v === 'bigint' || v instanceof Int64;
}

/** Returns the integer value of an int or int64. */
export function intValue(v: bigint | Int64): bigint {
  return typeof v === 'bigint' ? v : v.value;
}

/** Returns a Go int (wrapping to 64 bits like Go does). */
export function goInt(n: bigint | number): bigint {
  return BigInt.asIntN(64, typeof n === 'bigint' ? n : BigInt(Math.trunc(n)));
}

/** Returns the Go type name fmt's %T prints for v. */
export function goTypeOf(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float64';
    case 'function': return 'func(...interface {}) (interface {}, error)';
  }
  if (v instanceof Int64) return 'int64';
  if (isGoObject(v)) return v.goType;
  const tag = typeTags.get(v as object);
  if (tag) return tag;
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Returns the reflect.Kind name of v (Sprig's kindOf). */
export function goKindOf(v: unknown): string {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float64';
    case 'function': return 'func';
  }
  if (v instanceof Int64) return 'int64';
  if (isGoObject(v)) return v.goKind;
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/** Returns the element type of a slice or map value, from its Go type name. */
export function elemTypeOf(container: object): string {
  const t = goTypeOf(container);
  if (t.startsWith('[]')) return t.slice(2);
  const close = t.indexOf(']');
  return t.slice(close + 1);
}

/** Returns whether the elements of a container are interface values (nil-able, "interface {}"). */
export function holdsInterfaces(container: object): boolean {
  return elemTypeOf(container) === 'interface {}';
}

/** Returns the zero value of a Go element type name. */
export function zeroOf(goType: string): unknown {
  switch (goType) {
    case 'string': return '';
    case 'int': return 0n;
    case 'int64': return new Int64(0n);
    case 'float64': return 0;
    case 'bool': return false;
    default: return null;
  }
}

/** Returns text/template's truth of v (if/with/and/or/not). */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'string': return v.length > 0;
    case 'boolean': return v;
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
    case 'function': return true;
  }
  if (v instanceof Int64) return v.value !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (isGoObject(v)) return v.goKind === 'int64' ? (v.goJson() as number) !== 0 : true;
  return Object.keys(v as object).length > 0;
}

/** Returns the keys of a map in Go's sorted order (byte order of the UTF-8 encoding). */
export function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

/** Compares two strings the way Go compares them: by their UTF-8 bytes (= code points). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (an astral code point) sorts after every BMP character.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Returns reflect.DeepEqual(a, b) for Go values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (goTypeOf(a) !== goTypeOf(b)) return false;
  if (a instanceof Int64) return a.value === (b as Int64).value;
  if (typeof a === 'number') return a === b;
  if (Array.isArray(a)) {
    const bl = b as unknown[];
    if (a.length !== bl.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bl[i])) return false;
    return true;
  }
  if (isGoObject(a)) return a.goString() === (b as GoObject).goString();
  if (isMap(a)) {
    const bm = b as Record<string, unknown>;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(bm).length) return false;
    for (const k of ka) {
      if (!Object.hasOwn(bm, k) || !deepEqual(a[k], bm[k])) return false;
    }
    return true;
  }
  return false;
}

/**
 * Returns an estimate of the bytes needed to print v, walking at most until `limit` is passed
 * (so cyclic or huge values are cheap to reject).
 */
export function measure(v: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [v];
  while (stack.length > 0 && total <= limit) {
    const x = stack.pop();
    if (typeof x === 'string') total += x.length + 2;
    else if (Array.isArray(x)) {
      total += 2 + x.length;
      for (const e of x) stack.push(e);
    } else if (isMap(x)) {
      total += 5;
      for (const k of Object.keys(x)) {
        total += k.length + 4;
        stack.push(x[k]);
      }
    } else total += 24;
  }
  return total;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Returns the UTF-8 bytes of s. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Returns the string of UTF-8 bytes (invalid sequences become U+FFFD). */
export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

/** Returns len(s) in Go: the number of UTF-8 bytes. */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n += 4; i++; } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Returns s[start:end] in Go (byte offsets); a cut multi-byte character becomes U+FFFD. */
export function byteSlice(s: string, start: number, end?: number): string {
  if (isAscii(s)) return s.slice(start, end);
  return fromUtf8(utf8(s).subarray(start, end));
}

/** Returns whether every character of s is ASCII. */
export function isAscii(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s);
}

/** Returns the code points ("runes") of s. */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) as number);
  return out;
}

/**
 * Returns data converted into the engine's value model: integral numbers become Go ints
 * (or float64 with numbers:'float64'), maps become null-prototype objects, undefined map
 * entries are dropped. Charges one unit per node so huge inputs hit the step budget.
 */
export function fromJs(data: unknown, numbers: 'int' | 'float64', charge: (n: number) => void, depth = 0): unknown {
  if (depth > 10_000) throw new GoError('data nests too deeply');
  charge(1);
  if (data === undefined || data === null) return null;
  switch (typeof data) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return data;
    case 'number':
      return numbers === 'int' && Number.isInteger(data) && Math.abs(data) <= Number.MAX_SAFE_INTEGER * 1024 ? BigInt(data) : data;
    case 'function':
      return data;
    case 'symbol':
    case 'undefined':
      return null;
  }
  if (data instanceof Int64 || isGoObject(data)) return data;
  if (Array.isArray(data)) {
    const out = data.map((v) => fromJs(v, numbers, charge, depth + 1));
    const tag = typeTags.get(data);
    return tag ? withGoType(out, tag) : out;
  }
  if (data instanceof Date) return data.toISOString();
  if (data instanceof Map) {
    const out = newMap();
    for (const [k, v] of data) if (v !== undefined) out[String(k)] = fromJs(v, numbers, charge, depth + 1);
    return out;
  }
  const out = newMap();
  for (const k of Object.keys(data as object)) {
    const v = (data as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = fromJs(v, numbers, charge, depth + 1);
  }
  const tag = typeTags.get(data as object);
  return tag ? withGoType(out, tag) : out;
}

/** Returns a Go value as plain JSON-like JS (ints become numbers, int64 beyond 2^53 strings). */
export function toJs(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Int64) return toJs(v.value);
  if (Array.isArray(v)) return v.map(toJs);
  if (isGoObject(v)) return v.goJson();
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (k === '__proto__') Object.defineProperty(out, k, { value: toJs(v[k]), enumerable: true, writable: true, configurable: true });
      else out[k] = toJs(v[k]);
    }
    return out;
  }
  return v;
}
