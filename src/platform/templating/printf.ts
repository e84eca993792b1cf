// Go's fmt package for template values: Sprint, Sprintln, Sprintf with the verbs
// %v %+v %#v %T %t %d %b %o %O %x %X %c %q %U %e %E %f %F %g %G %s %% and the flags
// + - # space 0, width, precision, `*` and `[n]` argument indexes, plus strconv's
// FormatFloat and Quote. Errors are written inline the way fmt writes them
// ("%!d(string=x)", "%!s(MISSING)", "%!(EXTRA int=1)").

import { Int64, byteLength, goTypeOf, intValue, isGoObject, isInt, isList, isMap, runes, sortedKeys, utf8 } from './values.ts';

// ---------------------------------------------------------------------------------------------
// strconv.FormatFloat

interface Digits {
  d: string; // significant digits without trailing zeros ("" for zero)
  dp: number; // position of the decimal point relative to d
}

/** Returns the exact decimal expansion of a finite x >= 0. */
function exactDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biasedExp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biasedExp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { d: trimmed, dp };
}

/** Returns the shortest decimal digits that round-trip to x (x > 0, finite). */
function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const s = x.toExponential();
  const e = s.indexOf('e');
  const mant = s.slice(0, e).replace('.', '');
  const exp = Number(s.slice(e + 1));
  return { d: mant.replace(/0+$/, ''), dp: exp + 1 };
}

/** Rounds digits to nd significant digits, half to even on exact ties (Go's decimal.Round). */
function roundDigits(g: Digits, nd: number): Digits {
  const { d } = g;
  if (nd < 0 || nd >= d.length) return nd < 0 ? { d: '', dp: g.dp } : g;
  let up: boolean;
  if (d[nd] === '5' && nd + 1 === d.length) {
    // Exactly halfway: round to even.
    up = nd > 0 && (d.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else up = d[nd] >= '5';
  if (!up) return { d: d.slice(0, nd).replace(/0+$/, ''), dp: g.dp };
  const arr = d.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && arr[i] === '9') i--;
  if (i < 0) return { d: '1', dp: g.dp + 1 };
  arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
  return { d: arr.slice(0, i + 1).join(''), dp: g.dp };
}

function fmtE(digs: Digits, prec: number, fmtChar: string): string {
  let s = digs.d.length === 0 ? '0' : digs.d[0];
  if (prec > 0) {
    s += '.';
    let i = 1;
    const m = Math.min(digs.d.length, prec + 1);
    if (i < m) { s += digs.d.slice(i, m); i = m; }
    for (; i <= prec; i++) s += '0';
  }
  s += fmtChar;
  const exp = digs.d.length === 0 ? 0 : digs.dp - 1;
  s += exp < 0 ? '-' : '+';
  const ae = Math.abs(exp);
  s += ae < 10 ? '0' + ae : String(ae);
  return s;
}

function fmtF(digs: Digits, prec: number): string {
  let s = '';
  if (digs.dp > 0) {
    const m = Math.min(digs.d.length, digs.dp);
    s += digs.d.slice(0, m);
    for (let i = m; i < digs.dp; i++) s += '0';
  } else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = digs.dp + i - 1;
      s += j >= 0 && j < digs.d.length ? digs.d[j] : '0';
    }
  }
  return s;
}

/** Returns strconv.FormatFloat(x, fmt, prec, 64); prec -1 means the shortest representation. */
export function formatFloat(x: number, fmt: 'e' | 'E' | 'f' | 'F' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  const shortest = prec < 0;
  let digs: Digits;
  const lower = fmt.toLowerCase();
  if (shortest) {
    digs = shortestDigits(ax);
    if (lower === 'e') prec = Math.max(digs.d.length - 1, 0);
    else if (lower === 'f') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    const exact = exactDigits(ax);
    if (lower === 'e') digs = roundDigits(exact, prec + 1);
    else if (lower === 'f') digs = roundDigits(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = roundDigits(exact, prec);
    }
  }
  let out: string;
  if (lower === 'e') out = fmtE(digs, prec, fmt === 'E' ? 'E' : 'e');
  else if (lower === 'f') out = fmtF(digs, prec);
  else {
    let eprec = prec;
    if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
    if (shortest) eprec = 6;
    const exp = digs.dp - 1;
    if (digs.d.length !== 0 && (exp < -4 || exp >= eprec)) {
      if (prec > digs.d.length) prec = digs.d.length;
      out = fmtE(digs, prec - 1, fmt === 'G' ? 'E' : 'e');
    } else {
      if (prec > digs.dp) prec = digs.d.length;
      out = fmtF(digs, Math.max(prec - digs.dp, 0));
    }
  }
  return neg ? '-' + out : out;
}

/** Returns the %v text of a float64: 'g' with the shortest digits. */
export function formatFloatV(x: number): string {
  return formatFloat(x, 'g', -1);
}

// ---------------------------------------------------------------------------------------------
// strconv.Quote

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Returns whether Go's unicode.IsPrint(r) holds. */
export function isPrint(r: number): boolean {
  if (r === 0x20) return true;
  if (r < 0x20 || r === 0x7f) return false;
  if (r < 0x7f) return true;
  return printable.test(String.fromCodePoint(r));
}

function appendEscaped(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCodePoint(r);
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 7: return '\\a';
    case 8: return '\\b';
    case 12: return '\\f';
    case 10: return '\\n';
    case 13: return '\\r';
    case 9: return '\\t';
    case 11: return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + r.toString(16).padStart(2, '0');
  if (r >= 0xd800 && r <= 0xdfff) {
    // A lone surrogate is not valid UTF-8; Go escapes each byte of its encoding.
    const bytes = [0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f)];
    return bytes.map((b) => '\\x' + b.toString(16)).join('');
  }
  if (r < 0x10000) return '\\u' + r.toString(16).padStart(4, '0');
  return '\\U' + r.toString(16).padStart(8, '0');
}

/** Returns strconv.Quote(s): a double-quoted Go string literal. */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const r of runes(s)) out += appendEscaped(r, 0x22, asciiOnly);
  return out + '"';
}

/** Returns strconv.QuoteRune(r): a single-quoted Go rune literal. */
export function quoteRune(r: number, asciiOnly = false): string {
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) || r < 0) r = 0xfffd;
  return "'" + appendEscaped(r, 0x27, asciiOnly) + "'";
}

/** Returns whether strconv.CanBackquote(s) holds. */
export function canBackquote(s: string): boolean {
  for (const r of runes(s)) {
    if (r === 0x60 || r === 0xfeff) return false;
    if ((r < 0x20 && r !== 9) || r === 0x7f) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// fmt

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  width: number | undefined;
  prec: number | undefined;
}

function noFlags(): Flags {
  return { plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false, width: undefined, prec: undefined };
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function pad(s: string, f: Flags, zeroOk = false): string {
  if (f.width === undefined) return s;
  const n = f.width - runeCount(s);
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  return (f.zero && zeroOk ? '0' : ' ').repeat(n) + s;
}

/** Pads a number: zero padding goes after the sign. */
function padNumber(s: string, f: Flags): string {
  if (f.width === undefined || f.minus || !f.zero) return pad(s, f);
  const n = f.width - runeCount(s);
  if (n <= 0) return s;
  const signLen = s[0] === '-' || s[0] === '+' || s[0] === ' ' ? 1 : 0;
  return s.slice(0, signLen) + '0'.repeat(n) + s.slice(signLen);
}

function fmtInteger(v: bigint, verb: string, f: Flags, typeName: string): string {
  let base = 10;
  switch (verb) {
    case 'd': case 'v': base = 10; break;
    case 'b': base = 2; break;
    case 'o': case 'O': base = 8; break;
    case 'x': case 'X': base = 16; break;
    case 'c': return pad(String.fromCodePoint(validRune(v)), f);
    case 'q': return pad(quoteRune(validRune(v), f.plus), f);
    case 'U': {
      let s = 'U+' + (v < 0n ? '-' + (-v).toString(16) : v.toString(16)).toUpperCase().padStart(4, '0');
      if (f.sharp && v >= 0n && v <= 0x10ffffn && isPrint(Number(v))) s += " '" + String.fromCodePoint(Number(v)) + "'";
      return pad(s, f);
    }
    default: return badVerb(verb, typeName, v.toString());
  }
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  if (f.prec !== undefined) {
    if (f.prec === 0 && v === 0n) digits = '';
    else if (digits.length < f.prec) digits = '0'.repeat(f.prec - digits.length) + digits;
  } else if (f.zero && !f.minus && f.width !== undefined) {
    const room = f.width - (neg || f.plus || f.space ? 1 : 0) - (f.sharp && base === 16 ? 2 : 0);
    if (digits.length < room) digits = '0'.repeat(room - digits.length) + digits;
  }
  let prefix = '';
  if (f.sharp) {
    if (base === 8 && digits[0] !== '0') prefix = '0';
    else if (base === 16) prefix = verb === 'X' ? '0X' : '0x';
    else if (base === 2) prefix = '0b';
  }
  if (verb === 'O') prefix = '0o';
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  const zero = f.zero;
  f.zero = false;
  const out = pad(sign + prefix + digits, f);
  f.zero = zero;
  return out;
}

function validRune(v: bigint): number {
  if (v < 0n || v > 0x10ffffn) return 0xfffd;
  const n = Number(v);
  return n >= 0xd800 && n <= 0xdfff ? 0xfffd : n;
}

function fmtFloatVerb(x: number, verb: string, f: Flags): string {
  let s: string;
  const prec = f.prec;
  switch (verb) {
    case 'v': s = formatFloat(x, 'g', prec ?? -1); break;
    case 'g': case 'G': s = formatFloat(x, verb, prec ?? -1); break;
    case 'e': case 'E': s = formatFloat(x, verb, prec ?? 6); break;
    case 'f': case 'F': s = formatFloat(x, 'f', prec ?? 6); break;
    default: return badVerb(verb, 'float64', formatFloatV(x));
  }
  if (f.sharp && verb !== 'v' && !s.includes('.') && Number.isFinite(x)) {
    // %#g keeps the decimal point.
    const e = s.search(/[eE]/);
    s = e < 0 ? s + '.' : s.slice(0, e) + '.' + s.slice(e);
  }
  if (s[0] !== '-' && s[0] !== '+') s = (f.plus ? '+' : f.space ? ' ' : '') + s;
  else if (s[0] === '+' && !f.plus) s = f.space ? ' ' + s.slice(1) : s.slice(1);
  if (!Number.isFinite(x)) {
    const zero = f.zero;
    f.zero = false;
    const out = pad(s, f);
    f.zero = zero;
    return out;
  }
  return padNumber(s, f);
}

function fmtString(s: string, verb: string, f: Flags, typeName: string): string {
  switch (verb) {
    case 'v':
      if (f.sharpV) return quote(s);
      return pad(truncate(s, f.prec), f, true);
    case 's':
      return pad(truncate(s, f.prec), f, true);
    case 'q': {
      const t = truncate(s, f.prec);
      if (f.sharp && canBackquote(t)) return pad('`' + t + '`', f);
      return pad(quote(t, f.plus), f);
    }
    case 'x':
    case 'X': {
      let bytes = utf8(s);
      if (f.prec !== undefined && f.prec < bytes.length) bytes = bytes.subarray(0, f.prec);
      const parts: string[] = [];
      for (const b of bytes) {
        let h = b.toString(16).padStart(2, '0');
        if (verb === 'X') h = h.toUpperCase();
        parts.push(h);
      }
      const prefix = verb === 'X' ? '0X' : '0x';
      let out: string;
      if (f.space) out = parts.map((p) => (f.sharp ? prefix + p : p)).join(' ');
      else out = (f.sharp && parts.length > 0 ? prefix : '') + parts.join('');
      return pad(out, f);
    }
    default:
      return badVerb(verb, typeName, s);
  }
}

function truncate(s: string, prec: number | undefined): string {
  if (prec === undefined) return s;
  let n = 0;
  let i = 0;
  for (const ch of s) {
    if (n === prec) break;
    n++;
    i += ch.length;
  }
  return s.slice(0, i);
}

function badVerb(verb: string, typeName: string | null, shown: string): string {
  if (typeName === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName}=${shown})`;
}

/** Returns the %v text of a value, as fmt.Sprint prints one operand. */
export function formatV(v: unknown): string {
  return formatValue(v, 'v', noFlags(), 0);
}

function formatValue(v: unknown, verb: string, f: Flags, depth: number): string {
  if (verb === 'T') return pad(goTypeOf(v), f);
  if (v === undefined || v === null) {
    if (verb === 'v') return pad('<nil>', f);
    return badVerb(verb, null, '');
  }
  if (typeof v === 'string') return fmtString(v, verb, f, 'string');
  if (typeof v === 'boolean') {
    if (verb === 't' || verb === 'v') return pad(v ? 'true' : 'false', f);
    return badVerb(verb, 'bool', String(v));
  }
  if (isInt(v)) {
    const n = intValue(v);
    const tn = v instanceof Int64 ? 'int64' : 'int';
    if (verb === 'v' && f.sharpV) return pad(n.toString(), f);
    return fmtInteger(n, verb, f, tn);
  }
  if (typeof v === 'number') {
    if (f.sharpV && verb === 'v') return pad(formatFloat(v, 'g', -1), f);
    return fmtFloatVerb(v, verb, f);
  }
  if (isGoObject(v)) {
    if (f.sharpV) return pad(v.goType + '{' + v.goString() + '}', f);
    if ('vsxXq'.includes(verb)) return fmtString(v.goString(), verb, f, v.goType);
    return badVerb(verb, v.goType, v.goString());
  }
  if (typeof v === 'function') {
    if (verb === 'v') return pad('0x1', f);
    return badVerb(verb, goTypeOf(v), '0x1');
  }
  if (isList(v)) {
    if (f.sharpV) {
      const parts = v.map((e) => formatSharpV(e));
      return goTypeOf(v) + '{' + parts.join(', ') + '}';
    }
    // fmt applies the verb, flags and width to each element.
    const parts = v.map((e) => formatValue(e, verb, f, depth + 1));
    return '[' + parts.join(' ') + ']';
  }
  if (isMap(v)) {
    if (f.sharpV) {
      const parts = sortedKeys(v).map((k) => quote(k) + ':' + formatSharpV(v[k]));
      return goTypeOf(v) + '{' + parts.join(', ') + '}';
    }
    const parts = sortedKeys(v).map((k) => formatValue(k, verb, f, depth + 1) + ':' + formatValue(v[k], verb, f, depth + 1));
    return 'map[' + parts.join(' ') + ']';
  }
  return String(v);
}

function formatSharpV(v: unknown): string {
  const f = noFlags();
  f.sharpV = true;
  if (v === undefined || v === null) return 'interface {}(nil)';
  return formatValue(v, 'v', f, 1);
}

/** Returns fmt.Sprint(args...): operands joined, with spaces only between two non-strings. */
export function sprint(args: unknown[]): string {
  let out = '';
  let prevString = false;
  args.forEach((a, i) => {
    const isString = typeof a === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += formatV(a);
    prevString = isString;
  });
  return out;
}

/** Returns fmt.Sprintln(args...): operands joined by spaces, then a newline. */
export function sprintln(args: unknown[]): string {
  return args.map((a) => formatV(a)).join(' ') + '\n';
}

function argToInt(a: unknown): number | undefined {
  if (isInt(a)) {
    const n = intValue(a);
    if (n > 1_000_000n || n < -1_000_000n) return undefined;
    return Number(n);
  }
  return undefined;
}

/** fmt's parsenum: digits at s[start:]; a number over 1e6 consumes the rest of the format. */
function parsenum(s: string, start: number, end: number): { num: number; isnum: boolean; next: number } {
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (num > 1e6 || num < -1e6) return { num: 0, isnum: false, next: end };
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
  }
  return { num, isnum, next: i };
}

/** Returns fmt.Sprintf(format, args...). */
export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let goodArgNum = true;
  const end = format.length;
  let i = 0;

  /** Parses "[n]" at format[i]; returns the new argument index. */
  const argNumber = (): void => {
    if (i >= end || format[i] !== '[') return;
    reordered = true;
    const close = format.indexOf(']', i);
    if (close < 0) { goodArgNum = false; return; }
    const text = format.slice(i + 1, close);
    if (!/^[0-9]+$/.test(text)) { goodArgNum = false; i = close + 1; return; }
    const n = Number(text) - 1;
    i = close + 1;
    if (n >= 0 && n < args.length) argNum = n;
    else goodArgNum = false;
  };

  while (i < end) {
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) out += format.slice(lasti, i);
    if (i >= end) break;
    i++; // skip %
    const f = noFlags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#': f.sharp = true; break;
        case '0': f.zero = !f.minus; break;
        case '+': f.plus = true; break;
        case '-': f.minus = true; f.zero = false; break;
        case ' ': f.space = true; break;
        default: break flags;
      }
    }
    goodArgNum = true;
    argNumber();
    // Width.
    if (i < end && format[i] === '*') {
      i++;
      const w = argNum < args.length ? argToInt(args[argNum]) : undefined;
      if (argNum < args.length) argNum++;
      if (w === undefined) out += '%!(BADWIDTH)';
      else {
        f.width = w;
        if (w < 0) { f.minus = true; f.zero = false; f.width = -w; }
      }
    } else {
      const n = parsenum(format, i, end);
      i = n.next;
      if (n.isnum) f.width = n.num;
    }
    // Precision.
    if (i + 1 <= end && format[i] === '.') {
      i++;
      argNumber();
      if (i < end && format[i] === '*') {
        i++;
        const p = argNum < args.length ? argToInt(args[argNum]) : undefined;
        if (argNum < args.length) argNum++;
        if (p === undefined || p < 0) { if (p === undefined) out += '%!(BADPREC)'; }
        else f.prec = p;
      } else {
        const n = parsenum(format, i, end);
        i = n.next;
        f.prec = n.isnum ? n.num : 0;
      }
    }
    argNumber();
    if (i >= end) { out += '%!(NOVERB)'; break; }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;
    if (verb === '%') { out += '%'; continue; }
    if (!goodArgNum) { out += `%!${verb}(BADINDEX)`; continue; }
    if (argNum >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    const arg = args[argNum++];
    if (verb === 'v') {
      if (f.sharp) { f.sharp = false; f.sharpV = true; }
      if (f.plus) { f.plus = false; f.plusV = true; }
    }
    if (verb === 'w') { out += badVerb('w', arg == null ? null : goTypeOf(arg), formatV(arg)); continue; }
    out += formatValue(arg, verb, f, 0);
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ';
    out += args.slice(argNum).map((a) => (a === null || a === undefined ? '<nil>' : goTypeOf(a) + '=' + formatV(a))).join(', ');
    out += ')';
  }
  return out;
}

/** Returns the number of UTF-8 bytes fmt would write for s (used for size limits). */
export function printedSize(s: string): number {
  return byteLength(s);
}
