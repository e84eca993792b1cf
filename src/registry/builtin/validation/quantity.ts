// resource.Quantity (k8s.io/apimachinery pkg/api/resource/quantity.go): what parses, with
// upstream's three error messages, the exact value (rounded up to the nano unit, as upstream
// rounds), comparison, and String(): the original text when upstream keeps it, otherwise the
// canonical form ("0.5" → "500m", "1024Mi" → "1Gi"), which is what field errors print.

/** The message of a quantity that does not match the grammar (ErrFormatWrong). */
export const errFormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** The message of a numeric part that does not parse (ErrNumeric). */
export const errNumeric = 'unable to parse numeric part of quantity';
/** The message of an unknown suffix (ErrSuffix). */
export const errSuffix = "unable to parse quantity's suffix";

type Format = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** Quantity is an exact decimal `value × 10^scale` with the format it was written in. */
export interface Quantity {
  value: bigint;
  scale: number;
  format: Format;
  /** The text String() returns when upstream keeps the original. */
  text?: string;
}

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const suffixChars = 'eEinumkKMGTP';
const maxInt64 = (1n << 63n) - 1n;
const digit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

interface Parts {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

/** Splits a quantity into sign, integer digits, fraction digits and suffix (parseQuantityString). */
function split(str: string): Parts | string {
  let pos = 0;
  const end = str.length;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && digit(str[i])) i++;
  const num = str.slice(pos, i) || '0';
  if (i >= end) return { positive, num, denom: '', suffix: '' };
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && digit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, num, denom, suffix: '' };
    pos = i;
  }
  const suffixStart = pos;
  i = pos;
  while (i < end && suffixChars.includes(str[i] as string)) i++;
  if (i >= end) return { positive, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  for (i = pos; i < end; i++) if (!digit(str[i])) return errFormatWrong;
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

/** Returns the base, exponent and format a suffix means, or undefined (quantitySuffixer.interpret). */
function interpret(suffix: string): { base: 2 | 10; exponent: number; format: Format } | undefined {
  if (Object.hasOwn(decimalSuffixes, suffix)) return { base: 10, exponent: decimalSuffixes[suffix] as number, format: 'DecimalSI' };
  if (Object.hasOwn(binarySuffixes, suffix)) return { base: 2, exponent: binarySuffixes[suffix] as number, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (Number.isSafeInteger(exponent)) return { base: 10, exponent, format: 'DecimalExponent' };
  }
  return undefined;
}

/** Returns the quantity `str` means, or upstream's error message (ParseQuantity). */
export function parseQuantity(str: string): Quantity | string {
  if (str.length === 0) return errFormatWrong;
  if (str === '0') return { value: 0n, scale: 0, format: 'DecimalSI', text: '0' };
  const parts = split(str);
  if (typeof parts === 'string') return parts;
  const meaning = interpret(parts.suffix);
  if (!meaning) return errSuffix;
  const { positive, num, denom } = parts;
  const { base, exponent, format } = meaning;
  const sign = positive ? 1n : -1n;
  let value = BigInt(num + denom) * sign;
  let scale = -denom.length;
  if (base === 10) scale += exponent;
  else value *= 1n << BigInt(exponent);
  // Upstream rounds away from zero to the nano unit ("if you want some resources, you should get some").
  if (scale < -9) {
    const divisor = 10n ** BigInt(-9 - scale);
    const magnitude = value < 0n ? -value : value;
    const rounded = (magnitude + divisor - 1n) / divisor;
    value = value < 0n ? -rounded : rounded;
    scale = -9;
  }
  return { value, scale, format, text: keptText(str, parts, meaning) };
}

/** Returns `str` when upstream's fast path keeps the original text for String(), else undefined. */
function keptText(str: string, parts: Parts, meaning: { base: 2 | 10; exponent: number; format: Format }): string | undefined {
  const { num, denom } = parts;
  const { exponent, format } = meaning;
  let precision: number;
  if (format === 'BinarySI') {
    precision = exponent >= 0 && denom.length === 0 ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  } else precision = 18 - (num.length + denom.length);
  if (precision < 0) return undefined;
  const scale = (format === 'BinarySI' ? 0 : exponent) - denom.length;
  if (scale < -9) return undefined;
  const shifted = num + denom;
  const value = BigInt(shifted);
  const multiplied = format === 'BinarySI' ? value << BigInt(exponent) : value;
  if (multiplied > maxInt64) return undefined;
  if (format === 'BinarySI') return exponent % 10 === 0 && (value & 7n) !== 0n ? str : undefined;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0' ? str : undefined;
}

/** Returns -1, 0 or 1 as a is less than, equal to or greater than b (Quantity.Cmp). */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const scale = Math.min(a.scale, b.scale);
  const av = a.value * 10n ** BigInt(a.scale - scale);
  const bv = b.value * 10n ** BigInt(b.scale - scale);
  return av < bv ? -1 : av > bv ? 1 : 0;
}

/** Returns whether the quantity is below zero. */
export function isNegative(q: Quantity): boolean {
  return q.value < 0n;
}

/** Returns whether the quantity is zero or below (ValidatePositiveQuantityValue's refusal). */
export function isNotPositive(q: Quantity): boolean {
  return q.value <= 0n;
}

/** Returns whether MilliValue() is a whole multiple of 1000 (the "must be an integer" rule). */
export function isWholeNumber(q: Quantity): boolean {
  // MilliValue rounds up: value × 10^(scale+3), ceiling.
  const shift = q.scale + 3;
  let milli: bigint;
  if (shift >= 0) milli = q.value * 10n ** BigInt(shift);
  else {
    const d = 10n ** BigInt(-shift);
    milli = q.value / d + (q.value % d > 0n ? 1n : 0n);
  }
  return milli % 1000n === 0n;
}

/** Returns the quantity as upstream's String() prints it. */
export function quantityString(q: Quantity): string {
  if (q.text !== undefined) return q.text;
  if (q.value === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const within1024 = compareQuantities(q, { value: -1024n, scale: 0, format }) > 0 && compareQuantities(q, { value: 1024n, scale: 0, format }) < 0;
    // Small or fractional binary quantities print as decimal SI, so nothing is rounded.
    if (within1024 || !isIntegral(q)) format = 'DecimalSI';
  }
  const negative = q.value < 0n;
  let magnitude = negative ? -q.value : q.value;
  let exponent = q.scale;
  let suffix: string;
  if (format === 'BinarySI') {
    if (exponent > 0) magnitude *= 10n ** BigInt(exponent);
    else if (exponent < 0) magnitude /= 10n ** BigInt(-exponent);
    let times = 0;
    while (magnitude % 1024n === 0n && magnitude !== 0n) {
      magnitude /= 1024n;
      times++;
    }
    // Past Ei there is no suffix; upstream then prints the bare number, as here.
    suffix = Object.keys(binarySuffixes).find((k) => binarySuffixes[k] === times * 10) ?? '';
  } else {
    while (magnitude % 10n === 0n) {
      magnitude /= 10n;
      exponent++;
    }
    // The exponent goes down to a multiple of three; the digits grow instead.
    const rem = ((exponent % 3) + 3) % 3;
    magnitude *= 10n ** BigInt(rem);
    exponent -= rem;
    if (format === 'DecimalExponent') suffix = exponent === 0 ? '' : `e${exponent}`;
    else suffix = Object.keys(decimalSuffixes).find((k) => decimalSuffixes[k] === exponent) ?? '';
  }
  return `${negative ? '-' : ''}${magnitude}${suffix}`;
}

/** Returns whether the quantity has no fractional part. */
function isIntegral(q: Quantity): boolean {
  if (q.scale >= 0) return true;
  return q.value % 10n ** BigInt(-q.scale) === 0n;
}
