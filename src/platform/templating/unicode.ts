// Go's unicode package predicates and simple case mappings, per code point. JS's
// toUpperCase applies full mappings ("ß" -> "SS"); Go maps one rune to one rune.

const reLetter = /^\p{L}$/u;
const reUpper = /^\p{Lu}$/u;
const reLower = /^\p{Ll}$/u;
const reTitle = /^\p{Lt}$/u;
const reDigit = /^\p{Nd}$/u;
const reNumber = /^\p{N}$/u;
const rePunct = /^\p{P}$/u;

function test(re: RegExp, r: number): boolean {
  return r >= 0 && r <= 0x10ffff && re.test(String.fromCodePoint(r));
}

/** Returns unicode.IsSpace(r). */
export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f || r === 0x3000;
}

/** Returns unicode.IsLetter(r). */
export function isLetter(r: number): boolean {
  if (r < 0x80) return (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  return test(reLetter, r);
}

/** Returns unicode.IsUpper(r). */
export function isUpper(r: number): boolean {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a;
  return test(reUpper, r);
}

/** Returns unicode.IsLower(r). */
export function isLower(r: number): boolean {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a;
  return test(reLower, r);
}

/** Returns unicode.IsTitle(r). */
export function isTitle(r: number): boolean {
  return r >= 0x80 && test(reTitle, r);
}

/** Returns unicode.IsDigit(r). */
export function isDigit(r: number): boolean {
  if (r < 0x80) return r >= 0x30 && r <= 0x39;
  return test(reDigit, r);
}

/** Returns unicode.IsNumber(r). */
export function isNumber(r: number): boolean {
  if (r < 0x80) return r >= 0x30 && r <= 0x39;
  return test(reNumber, r);
}

/** Returns unicode.IsPunct(r). */
export function isPunct(r: number): boolean {
  return test(rePunct, r);
}

function single(mapped: string, r: number): number {
  const cps = [...mapped];
  return cps.length === 1 ? (cps[0].codePointAt(0) as number) : r;
}

/** Returns unicode.ToUpper(r) (simple mapping). */
export function toUpper(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  if (r === 0x131) return 0x49; // ı -> I
  return single(String.fromCodePoint(r).toUpperCase(), r);
}

/** Returns unicode.ToLower(r) (simple mapping). */
export function toLower(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  if (r === 0x130) return 0x69; // İ -> i
  return single(String.fromCodePoint(r).toLowerCase(), r);
}

/** Returns unicode.ToTitle(r). */
export function toTitle(r: number): number {
  switch (r) {
    case 0x1c4: case 0x1c5: case 0x1c6: return 0x1c5;
    case 0x1c7: case 0x1c8: case 0x1c9: return 0x1c8;
    case 0x1ca: case 0x1cb: case 0x1cc: return 0x1cb;
    case 0x1f1: case 0x1f2: case 0x1f3: return 0x1f2;
  }
  return toUpper(r);
}

/** Returns s with every rune mapped (strings.Map). */
export function mapRunes(s: string, f: (r: number) => number): string {
  let out = '';
  for (const ch of s) out += String.fromCodePoint(f(ch.codePointAt(0) as number));
  return out;
}

/** Returns strings.ToUpper(s). */
export function upper(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toUpperCase();
  return mapRunes(s, toUpper);
}

/** Returns strings.ToLower(s). */
export function lower(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return mapRunes(s, toLower);
}
