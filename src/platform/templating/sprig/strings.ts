// Sprig's string functions (strings.go, plus the goutils and xstrings helpers they call).
// Go strings are bytes: trunc, substr, abbrev, wrap, nospace and initials count and cut bytes
// exactly as Sprig does, so multi-byte text behaves as it does in Helm.

import { formatV, quote as goQuote } from '../printf.ts';
import { isDigit, isLetter, isLower, isNumber, isPunct, isSpace, isTitle, isUpper, lower, mapRunes, toLower, toTitle, toUpper, upper } from '../unicode.ts';
import { GoError, byteLength, byteSlice, fromUtf8, measure, newMap, runes, utf8, withGoType, type CallContext, type FuncDef } from '../values.ts';
import { fn, num, sliceBoundsError, strslice, strval } from './conv.ts';

/** Returns strings.TrimSpace(s) (Unicode white space). */
export function trimSpace(s: string): string {
  const cps = runes(s);
  let a = 0;
  let b = cps.length;
  while (a < b && isSpace(cps[a])) a++;
  while (b > a && isSpace(cps[b - 1])) b--;
  return String.fromCodePoint(...cps.slice(a, b));
}

/** Returns strings.Trim(s, cutset). */
export function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set(runes(cutset));
  const cps = runes(s);
  let a = 0;
  let b = cps.length;
  while (a < b && set.has(cps[a])) a++;
  while (b > a && set.has(cps[b - 1])) b--;
  return String.fromCodePoint(...cps.slice(a, b));
}

/** Returns strings.Split(s, sep) (an empty sep splits into UTF-8 characters). */
export function splitGo(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = [...s];
    if (n > 0 && chars.length > n) return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
    return chars;
  }
  const parts = s.split(sep);
  if (n > 0 && parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
  return parts;
}

/** Returns strings.Replace(s, old, new, -1). */
export function replaceAll(s: string, old: string, repl: string): string {
  if (old === '') {
    const chars = [...s];
    return repl + chars.map((c) => c + repl).join('');
  }
  return s.split(old).join(repl);
}

/** Returns strings.Title(s) (deprecated in Go but what Sprig's title calls). */
export function title(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (r) => {
    const sep = isSeparator(prev);
    prev = r;
    return sep ? toTitle(r) : r;
  });
}

function isSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f) return false;
    return true;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

/** Returns goutils.Uncapitalize(s): the first letter of each whitespace-separated word lowered. */
function untitle(s: string): string {
  let next = true;
  return mapRunes(s, (r) => {
    if (isSpace(r)) {
      next = true;
      return r;
    }
    if (next) {
      next = false;
      return toLower(r);
    }
    return r;
  });
}

/** Returns goutils.SwapCase(s). */
function swapcase(s: string): string {
  let whitespace = true;
  return mapRunes(s, (r) => {
    if (isUpper(r) || isTitle(r)) {
      whitespace = false;
      return toLower(r);
    }
    if (isLower(r)) {
      if (whitespace) {
        whitespace = false;
        return toTitle(r);
      }
      return toUpper(r);
    }
    whitespace = isSpace(r);
    return r;
  });
}

/** Applies a byte-wise goutils routine that reads each byte as a rune (Latin-1). */
function bytewise(s: string, keep: (b: number, index: number, bytes: Uint8Array) => boolean): string {
  const bytes = utf8(s);
  let out = '';
  bytes.forEach((b, i) => {
    if (keep(b, i, bytes)) out += String.fromCharCode(b);
  });
  return out;
}

/** Returns goutils.DeleteWhiteSpace(s): byte-wise, as goutils does (non-ASCII text is mangled). */
function nospace(s: string): string {
  const bytes = utf8(s);
  let count = 0;
  for (const b of bytes) if (!isSpace(b)) count++;
  if (count === bytes.length) return s;
  return bytewise(s, (b) => !isSpace(b));
}

/** Returns goutils.Initials(s) (byte-wise). */
function initials(s: string): string {
  if (s === '') return s;
  let lastWasGap = true;
  return bytewise(s, (b) => {
    if (isSpace(b)) {
      lastWasGap = true;
      return false;
    }
    if (lastWasGap) {
      lastWasGap = false;
      return true;
    }
    return false;
  });
}

/** Returns goutils.AbbreviateFull(str, offset, maxWidth) (byte offsets); throws on bad widths. */
function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '') return '';
  if (maxWidth < 4) throw new GoError('stringutils illegal argument: Minimum abbreviation width is 4');
  const len = byteLength(str);
  if (len <= maxWidth) return str;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  const marker = '...';
  if (offset <= 4) return byteSlice(str, 0, maxWidth - 3) + marker;
  if (maxWidth < 7) throw new GoError('stringutils illegal argument: Minimum abbreviation width with offset is 7');
  if (offset + maxWidth - 3 < len) return marker + abbreviateFull(byteSlice(str, offset), 0, maxWidth - 3);
  return marker + byteSlice(str, len - (maxWidth - 3));
}

function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  try {
    return abbreviateFull(s, 0, width);
  } catch {
    return '';
  }
}

function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  try {
    return abbreviateFull(s, left, right);
  } catch {
    return '';
  }
}

/** Returns goutils.WrapCustom(str, wrapLength, newLineStr, wrapLongWords) (byte offsets). */
export function wrapCustom(str: string, wrapLength: number, newLineStr: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  if (newLineStr === '') newLineStr = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const b = utf8(str);
  const slice = (x: number, y?: number): string => fromUtf8(b.subarray(x, y));
  const lastSpace = (x: number, y: number): number => {
    for (let i = Math.min(y, b.length) - 1; i >= x; i--) if (b[i] === 0x20) return i - x;
    return -1;
  };
  const inputLineLength = b.length;
  let offset = 0;
  let out = '';
  while (inputLineLength - offset > wrapLength) {
    if (b[offset] === 0x20) {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    let spaceToWrapAt = lastSpace(offset, end) + offset;
    if (spaceToWrapAt >= offset) {
      out += slice(offset, spaceToWrapAt) + newLineStr;
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      out += slice(offset, wrapLength + offset) + newLineStr;
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      const idx = b.indexOf(0x20, e);
      spaceToWrapAt = idx;
      if (spaceToWrapAt >= 0) {
        out += slice(offset, spaceToWrapAt) + newLineStr;
        offset = spaceToWrapAt + 1;
      } else {
        out += slice(offset);
        offset = inputLineLength;
      }
    }
  }
  return out + slice(offset);
}

// --- xstrings: ToSnakeCase, ToKebabCase, ToPascalCase ---

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

function isConnector(r: number): boolean {
  return r === 0x2d || r === 0x5f || isSpace(r);
}

function nextWord(cps: number[], at: number): { wt: WordType; end: number } {
  if (at >= cps.length) return { wt: 'invalid', end: at };
  let i = at;
  const r = cps[i++];
  let wt: WordType;
  if (isConnector(r)) {
    wt = 'connector';
    while (i < cps.length && isConnector(cps[i])) i++;
  } else if (isPunct(r)) {
    wt = 'punct';
    while (i < cps.length && isPunct(cps[i])) i++;
  } else if (isUpper(r)) {
    wt = 'upper';
    if (i < cps.length) {
      if (isUpper(cps[i])) {
        while (i < cps.length && isUpper(cps[i])) i++;
        // "HTTPStatus" splits into "HTTP" and "Status".
        if (i < cps.length && isLetter(cps[i])) i--;
      } else if (isLetter(cps[i])) {
        while (i < cps.length && isLetter(cps[i]) && !isUpper(cps[i])) i++;
      }
    }
  } else if (isLetter(r)) {
    wt = 'alphabet';
    while (i < cps.length && isLetter(cps[i]) && !isUpper(cps[i])) i++;
  } else if (isNumber(r)) {
    wt = 'number';
    while (i < cps.length && isNumber(cps[i])) i++;
  } else {
    wt = 'other';
    while (i < cps.length && !isConnector(cps[i]) && !isLetter(cps[i]) && !isNumber(cps[i]) && !isPunct(cps[i])) i++;
  }
  return { wt, end: i };
}

function camelCaseToLowerCase(str: string, connector: string): string {
  if (str === '') return '';
  const cps = runes(str);
  let out = '';
  const toLowerWord = (wt: WordType, word: number[]): void => {
    if (wt !== 'upper' && wt !== 'connector') {
      out += String.fromCodePoint(...word);
      return;
    }
    for (const r of word) {
      if (isConnector(r)) out += connector;
      else if (isUpper(r)) out += String.fromCodePoint(toLower(r));
      else out += String.fromCodePoint(r);
    }
  };
  let pos = 0;
  let { wt, end } = nextWord(cps, pos);
  let word = cps.slice(pos, end);
  pos = end;
  const advance = (): void => {
    ({ wt, end } = nextWord(cps, pos));
    word = cps.slice(pos, end);
    pos = end;
  };
  while (pos < cps.length) {
    if (wt !== 'connector') toLowerWord(wt, word);
    const prev = wt;
    const last = word;
    advance();
    switch (prev) {
      case 'number':
        while (wt === 'alphabet' || wt === 'number') {
          toLowerWord(wt, word);
          advance();
        }
        if (wt !== 'invalid' && wt !== 'punct' && wt !== 'connector') out += connector;
        break;
      case 'connector':
        toLowerWord(prev, last);
        break;
      case 'punct':
        break;
      default: {
        if (wt !== 'number') {
          if (wt !== 'connector' && wt !== 'punct') out += connector;
          break;
        }
        if (pos >= cps.length) break;
        const numberWord = word;
        advance();
        // (advance() reassigns wt; re-read it so the narrowing above does not apply.)
        wt = wt as WordType;
        if (wt !== 'alphabet') {
          toLowerWord('number', numberWord);
          if (wt !== 'connector' && wt !== 'punct') out += connector;
          break;
        }
        out += connector;
        toLowerWord('number', numberWord);
        while (wt === 'alphabet' || wt === 'number') {
          toLowerWord(wt, word);
          advance();
        }
        if (wt !== 'invalid' && wt !== 'connector' && wt !== 'punct') out += connector;
      }
    }
  }
  toLowerWord(wt, word);
  return out;
}

function toPascalCase(str: string): string {
  if (str === '') return '';
  const cps = runes(str);
  let out = '';
  let i = 0;
  let isFirstRuneUpper = false;
  let r0 = 0;
  for (; i < cps.length; ) {
    r0 = cps[i++];
    if (!isConnector(r0)) {
      isFirstRuneUpper = isUpper(r0);
      r0 = toUpper(r0);
      break;
    }
    out += String.fromCodePoint(r0);
  }
  if (i >= cps.length) {
    if (!isConnector(r0)) out += String.fromCodePoint(r0);
    return out;
  }
  while (i < cps.length) {
    const r1 = r0;
    r0 = cps[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += String.fromCodePoint(r1);
      continue;
    }
    if (isConnector(r1)) {
      isFirstRuneUpper = isUpper(r0);
      r0 = toUpper(r0);
    } else {
      if (isFirstRuneUpper) {
        if (isUpper(r0)) r0 = toLower(r0);
        else isFirstRuneUpper = false;
      }
      out += String.fromCodePoint(r1);
    }
  }
  out += String.fromCodePoint(r0);
  return out;
}

// --- random strings (goutils CryptoRandom) ---

/** Returns a uniform random integer in [0, n) from the configured random source. */
export function randomInt(ctx: CallContext, n: number): number {
  if (n <= 1) return 0;
  const limit = Math.floor(0x100000000 / n) * n;
  for (;;) {
    const b = ctx.options.randomBytes(4);
    const v = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    if (v < limit) return v % n;
  }
}

function cryptoRandom(ctx: CallContext, count: number, start: number, end: number, letters: boolean, numbers: boolean): string {
  if (count <= 0) return '';
  ctx.checkLength(count);
  ctx.charge(count);
  if (start === 0 && end === 0) {
    if (!letters && !numbers) end = 0x10ffff;
    else {
      end = 0x7a + 1;
      start = 0x20;
    }
  }
  const out: number[] = new Array(count);
  const gap = end - start;
  while (count !== 0) {
    count--;
    const ch = randomInt(ctx, gap) + start;
    if ((letters && isLetter(ch)) || (numbers && isDigit(ch)) || (!letters && !numbers)) {
      out[count] = ch >= 0xd800 && ch <= 0xdfff ? 0xfffd : ch;
    } else {
      count++;
      ctx.charge(1);
    }
  }
  return String.fromCodePoint(...out);
}

function shuffle(ctx: CallContext, s: string): string {
  if (s === '') return s;
  const cps = runes(s);
  for (let i = cps.length - 1; i > 0; i--) {
    const j = randomInt(ctx, i + 1);
    [cps[i], cps[j]] = [cps[j], cps[i]];
  }
  return String.fromCodePoint(...cps);
}

// --- the table ---

function indent(ctx: CallContext, spaces: number, v: string): string {
  const lines = v.split('\n');
  ctx.checkLength(Math.max(spaces, 0) * lines.length + v.length);
  const pad = ' '.repeat(Math.max(spaces, 0));
  return pad + lines.join('\n' + pad);
}

/** Returns parts joined by sep after checking the result fits the value-size limit. */
export function joinChecked(ctx: CallContext, parts: string[], sep: string): string {
  let n = sep.length * Math.max(parts.length - 1, 0);
  for (const p of parts) n += p.length;
  ctx.checkLength(n);
  return parts.join(sep);
}

function substr(start: number, end: number, s: string): string {
  const len = byteLength(s);
  if (start < 0) {
    const e = sliceBoundsError(len, undefined, end);
    if (e) throw new GoError(e);
    return byteSlice(s, 0, end);
  }
  if (end < 0 || end > len) {
    const e = sliceBoundsError(len, start, undefined);
    if (e) throw new GoError(e);
    return byteSlice(s, start);
  }
  const e = sliceBoundsError(len, start, end);
  if (e) throw new GoError(e);
  return byteSlice(s, start, end);
}

function trunc(c: number, s: string): string {
  const len = byteLength(s);
  if (c < 0 && len + c > 0) return byteSlice(s, len + c);
  if (c >= 0 && len > c) return byteSlice(s, 0, c);
  return s;
}

function repeat(ctx: CallContext, count: number, s: string): string {
  if (count < 0) throw new GoError('strings: negative Repeat count');
  const size = count * byteLength(s);
  ctx.checkLength(size);
  ctx.charge(Math.ceil(size / 1024));
  return s.repeat(count);
}

function splitToMap(parts: string[]): Record<string, unknown> {
  const m = newMap();
  parts.forEach((p, i) => {
    m['_' + i] = p;
  });
  return withGoType(m, 'map[string]string');
}

/** Returns the Sprig string functions. */
export function stringFuncs(): Record<string, FuncDef> {
  const s1 = (f: (s: string) => string): FuncDef => fn(['string'], (_c, s: string) => f(s));
  return {
    hello: fn([], () => 'Hello!'),
    abbrev: fn(['int', 'string'], (_c, w: bigint, s: string) => abbrev(num(w), s)),
    abbrevboth: fn(['int', 'int', 'string'], (_c, l: bigint, r: bigint, s: string) => abbrevboth(num(l), num(r), s)),
    trunc: fn(['int', 'string'], (_c, c: bigint, s: string) => trunc(num(c), s)),
    trim: s1(trimSpace),
    upper: s1(upper),
    lower: s1(lower),
    title: s1(title),
    untitle: s1(untitle),
    substr: fn(['int', 'int', 'string'], (_c, a: bigint, b: bigint, s: string) => substr(num(a), num(b), s)),
    repeat: fn(['int', 'string'], (c, n: bigint, s: string) => repeat(c, num(n), s)),
    trimall: fn(['string', 'string'], (_c, a: string, b: string) => trimCutset(b, a)),
    trimAll: fn(['string', 'string'], (_c, a: string, b: string) => trimCutset(b, a)),
    trimSuffix: fn(['string', 'string'], (_c, a: string, b: string) => (a !== '' && b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
    trimPrefix: fn(['string', 'string'], (_c, a: string, b: string) => (a !== '' && b.startsWith(a) ? b.slice(a.length) : b)),
    nospace: s1(nospace),
    initials: s1(initials),
    randAlphaNum: fn(['int'], (c, n: bigint) => cryptoRandom(c, num(n), 0, 0, true, true)),
    randAlpha: fn(['int'], (c, n: bigint) => cryptoRandom(c, num(n), 0, 0, true, false)),
    randAscii: fn(['int'], (c, n: bigint) => cryptoRandom(c, num(n), 32, 127, false, false)),
    randNumeric: fn(['int'], (c, n: bigint) => cryptoRandom(c, num(n), 0, 0, false, true)),
    swapcase: s1(swapcase),
    shuffle: fn(['string'], (c, s: string) => shuffle(c, s)),
    snakecase: s1((s) => camelCaseToLowerCase(s, '_')),
    camelcase: s1(toPascalCase),
    kebabcase: s1((s) => camelCaseToLowerCase(s, '-')),
    wrap: fn(['int', 'string'], (_c, l: bigint, s: string) => wrapCustom(s, num(l), '', false)),
    wrapWith: fn(['int', 'string', 'string'], (_c, l: bigint, sep: string, s: string) => wrapCustom(s, num(l), sep, true)),
    contains: fn(['string', 'string'], (_c, sub: string, s: string) => s.includes(sub)),
    hasPrefix: fn(['string', 'string'], (_c, p: string, s: string) => s.startsWith(p)),
    hasSuffix: fn(['string', 'string'], (_c, p: string, s: string) => s.endsWith(p)),
    quote: fn([], (c, ...v: unknown[]) => joinChecked(c, present(c, v).map((x) => goQuote(strval(x))), ' '), 'any'),
    squote: fn([], (c, ...v: unknown[]) => joinChecked(c, present(c, v).map((x) => "'" + formatV(x) + "'"), ' '), 'any'),
    cat: fn([], (c, ...v: unknown[]) => joinChecked(c, present(c, v).map((x) => formatV(x)), ' '), 'any'),
    indent: fn(['int', 'string'], (c, n: bigint, s: string) => indent(c, num(n), s)),
    nindent: fn(['int', 'string'], (c, n: bigint, s: string) => '\n' + indent(c, num(n), s)),
    replace: fn(['string', 'string', 'string'], (c, o: string, n: string, s: string) => {
      const count = o === '' ? [...s].length + 1 : s.split(o).length - 1;
      c.checkLength(s.length + count * Math.max(n.length - o.length, 0));
      return replaceAll(s, o, n);
    }),
    plural: fn(['string', 'string', 'int'], (_c, one: string, many: string, n: bigint) => (n === 1n ? one : many)),
    toString: fn(['any'], (c, v: unknown) => strval(checked(c, v))),
    split: fn(['string', 'string'], (_c, sep: string, s: string) => splitToMap(splitGo(s, sep))),
    splitList: fn(['string', 'string'], (_c, sep: string, s: string) => withGoType(splitGo(s, sep), '[]string')),
    splitn: fn(['string', 'int', 'string'], (_c, sep: string, n: bigint, s: string) => splitToMap(splitGo(s, sep, num(n)))),
    toStrings: fn(['any'], (_c, v: unknown) => strslice(v)),
    join: fn(['string', 'any'], (c, sep: string, v: unknown) => joinChecked(c, strslice(checked(c, v)), sep)),
    sortAlpha: fn(['any'], (_c, v: unknown) => {
      if (Array.isArray(v)) return withGoType(strslice(v).sort(compareBytes), '[]string');
      return withGoType([strval(v)], '[]string');
    }),
  };
}

/** Returns v after checking that printing it stays within the value-size limit. */
export function checked<T>(ctx: CallContext, v: T): T {
  ctx.checkLength(measure(v, ctx.maxBytes + 1));
  return v;
}

/** Returns the non-nil values, checked for size (Sprig drops nil arguments). */
function present(ctx: CallContext, v: unknown[]): unknown[] {
  return v.filter((x) => x !== null && x !== undefined).map((x) => checked(ctx, x));
}

function compareBytes(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
