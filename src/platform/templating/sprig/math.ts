// Sprig's numeric functions (numeric.go and the arithmetic in functions.go): integer math on
// int64 (wrapping like Go), float math through shopspring/decimal (addf, subf, mulf, divf),
// and the conversions int, int64, float64, atoi, toDecimal, plus seq.

import { parseInt64 } from '../parser.ts';
import { formatV } from '../printf.ts';
import { GoError, Int64, type CallContext, type FuncDef } from '../values.ts';
import { fn, floatToInt64, num, toFloat64, toInt64 } from './conv.ts';
import { randomInt } from './strings.ts';
import { untilStepNumbers } from './lists.ts';

const i64 = (v: bigint): Int64 => new Int64(v);

/** Returns strconv.Atoi(s) as Sprig uses it: 0 on a syntax error, the clamped value on overflow. */
function atoi(s: string): bigint {
  let t = s;
  let neg = false;
  if (t[0] === '+' || t[0] === '-') {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  if (!/^[0-9]+$/.test(t)) return 0n;
  const v = BigInt(t);
  const max = 0x7fffffffffffffffn;
  if (!neg && v > max) return max;
  if (neg && v > max + 1n) return -max - 1n;
  return neg ? -v : v;
}

// --- shopspring/decimal, just enough for addf/subf/mulf/divf ---

interface Decimal {
  coef: bigint;
  exp: number;
}

function fromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) throw new GoError(`Cannot create a Decimal from ${formatV(f)}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  // NewFromFloat uses the shortest decimal that round-trips, as JS does.
  const s = f.toExponential();
  const [mant, e] = s.split('e');
  const digits = mant.replace('.', '').replace('-', '');
  const frac = mant.includes('.') ? mant.split('.')[1].length : 0;
  const coef = BigInt(digits) * (f < 0 ? -1n : 1n);
  return { coef, exp: Number(e) - frac };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.exp === b.exp) return [a.coef, b.coef, a.exp];
  if (a.exp < b.exp) return [a.coef, b.coef * 10n ** BigInt(b.exp - a.exp), a.exp];
  return [a.coef * 10n ** BigInt(a.exp - b.exp), b.coef, b.exp];
}

function decAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, e] = align(a, b);
  return { coef: x + y, exp: e };
}

function decSub(a: Decimal, b: Decimal): Decimal {
  const [x, y, e] = align(a, b);
  return { coef: x - y, exp: e };
}

function decMul(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

/** Returns a / b rounded half away from zero to 16 decimal places (decimal.DivRound). */
function decDiv(a: Decimal, b: Decimal): Decimal {
  if (b.coef === 0n) throw new GoError('decimal division by 0');
  const prec = 16;
  const shift = a.exp - b.exp + prec;
  let n = a.coef;
  let d = b.coef;
  if (shift >= 0) n *= 10n ** BigInt(shift);
  else d *= 10n ** BigInt(-shift);
  let q = n / d; // BigInt division truncates toward zero, like QuoRem
  const r = n - q * d;
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  if (2n * abs(r) >= abs(d)) q += (n < 0n) !== (d < 0n) ? -1n : 1n;
  return { coef: q, exp: -prec };
}

function decToFloat(d: Decimal): number {
  return Number(`${d.coef}e${d.exp}`);
}

function decimalOp(a: unknown, rest: unknown[], op: (x: Decimal, y: Decimal) => Decimal): number {
  let acc = fromFloat(toFloat64(a));
  for (const x of rest) acc = op(acc, fromFloat(toFloat64(x)));
  return decToFloat(acc);
}

function divInt(a: bigint, b: bigint, mod: boolean): Int64 {
  if (b === 0n) throw new GoError('runtime error: integer divide by zero');
  return i64(mod ? a % b : a / b);
}

/** Returns Go's math.Max / math.Min (NaN wins, +0 > -0). */
function goMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.max(a, b);
}

function goMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.min(a, b);
}

function round(a: unknown, p: bigint, rOpt: number[]): number {
  const roundOn = rOpt.length > 0 ? rOpt[0] : 0.5;
  const val = toFloat64(a);
  const pow = Math.pow(10, Number(p));
  const digit = pow * val;
  const div = digit - Math.trunc(digit); // math.Modf's fractional part keeps the sign
  const r = div >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

function seq(ctx: CallContext, params: number[]): string {
  let increment = 1;
  let values: bigint[];
  switch (params.length) {
    case 0: return '';
    case 1: {
      const start = 1;
      const end = params[0];
      if (end < start) increment = -1;
      values = untilStepNumbers(ctx, start, end + increment, increment);
      break;
    }
    case 3: {
      const [start, step, end] = params;
      if (end < start) {
        increment = -1;
        if (step > 0) return '';
      }
      values = untilStepNumbers(ctx, start, end + increment, step);
      break;
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1 : 1;
      values = untilStepNumbers(ctx, start, end + step, step);
      break;
    }
    default: return '';
  }
  return values.map(String).join(' ');
}

/** Returns the Sprig math and conversion functions. */
export function mathFuncs(): Record<string, FuncDef> {
  const max = fn(['any'], (_c, a: unknown, ...r: unknown[]) => i64(r.reduce<bigint>((m, x) => { const v = toInt64(x); return v > m ? v : m; }, toInt64(a))), 'any');
  return {
    atoi: fn(['string'], (_c, s: string) => atoi(s)),
    int64: fn(['any'], (_c, v: unknown) => i64(toInt64(v))),
    int: fn(['any'], (_c, v: unknown) => BigInt.asIntN(64, toInt64(v))),
    float64: fn(['any'], (_c, v: unknown) => toFloat64(v)),
    toDecimal: fn(['any'], (_c, v: unknown) => {
      const s = formatV(v === undefined ? null : v);
      if (!/^[+-]?[0-7]+$/.test(s)) return i64(0n);
      return i64(parseInt64(s.replace(/^([+-]?)/, '$10o')) ?? 0n);
    }),
    seq: fn([], (c, ...p: bigint[]) => seq(c, p.map((x) => num(x))), 'int'),
    add1: fn(['any'], (_c, v: unknown) => i64(toInt64(v) + 1n)),
    add: fn([], (_c, ...v: unknown[]) => i64(v.reduce<bigint>((s, x) => s + toInt64(x), 0n)), 'any'),
    sub: fn(['any', 'any'], (_c, a: unknown, b: unknown) => i64(toInt64(a) - toInt64(b))),
    div: fn(['any', 'any'], (_c, a: unknown, b: unknown) => divInt(toInt64(a), toInt64(b), false)),
    mod: fn(['any', 'any'], (_c, a: unknown, b: unknown) => divInt(toInt64(a), toInt64(b), true)),
    mul: fn(['any'], (_c, a: unknown, ...r: unknown[]) => i64(r.reduce<bigint>((p, x) => BigInt.asIntN(64, p * toInt64(x)), toInt64(a))), 'any'),
    randInt: fn(['int', 'int'], (c, lo: bigint, hi: bigint) => {
      const n = hi - lo;
      if (n <= 0n) throw new GoError('invalid argument to Intn');
      if (n > 0xffffffffn) throw new GoError('randInt: range too large');
      return BigInt(randomInt(c, Number(n))) + lo;
    }),
    add1f: fn(['any'], (_c, v: unknown) => decimalOp(v, [1n], decAdd)),
    addf: fn([], (_c, ...v: unknown[]) => decimalOp(0, v, decAdd), 'any'),
    subf: fn(['any'], (_c, a: unknown, ...v: unknown[]) => decimalOp(a, v, decSub), 'any'),
    divf: fn(['any'], (_c, a: unknown, ...v: unknown[]) => decimalOp(a, v, decDiv), 'any'),
    mulf: fn(['any'], (_c, a: unknown, ...v: unknown[]) => decimalOp(a, v, decMul), 'any'),
    biggest: max,
    max,
    min: fn(['any'], (_c, a: unknown, ...r: unknown[]) => i64(r.reduce<bigint>((m, x) => { const v = toInt64(x); return v < m ? v : m; }, toInt64(a))), 'any'),
    maxf: fn(['any'], (_c, a: unknown, ...r: unknown[]) => r.reduce<number>((m, x) => goMax(m, toFloat64(x)), toFloat64(a)), 'any'),
    minf: fn(['any'], (_c, a: unknown, ...r: unknown[]) => r.reduce<number>((m, x) => goMin(m, toFloat64(x)), toFloat64(a)), 'any'),
    ceil: fn(['any'], (_c, a: unknown) => Math.ceil(toFloat64(a))),
    floor: fn(['any'], (_c, a: unknown) => Math.floor(toFloat64(a))),
    round: fn(['any', 'int'], (_c, a: unknown, p: bigint, ...r: number[]) => round(a, p, r), 'float64'),
  };
}

export { floatToInt64 };
