// Sprig's defaults.go and reflect.go: default, empty, coalesce, all, any, ternary, fail, the
// JSON encoders (toPrettyJson, toRawJson, must*), and typeOf/typeIs/typeIsLike/kindOf/kindIs/
// deepEqual. (Helm replaces toJson and fromJson; see helm.ts.)

import { decodeJson, encodeJson } from '../json.ts';
import { GoError, deepEqual, goKindOf, goTypeOf, measure, type CallContext, type FuncDef } from '../values.ts';
import { fn, isEmpty } from './conv.ts';

function json(ctx: CallContext, v: unknown, escapeHTML: boolean, indent: string): string {
  ctx.checkLength(measure(v, ctx.maxBytes + 1));
  return encodeJson(v, { escapeHTML, indent, charge: (n) => ctx.charge(n) });
}

function swallow(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
}

/** Returns the Sprig defaults, JSON and reflection functions. */
export function defaultFuncs(): Record<string, FuncDef> {
  return {
    default: fn(['any'], (_c, d: unknown, ...given: unknown[]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]), 'any'),
    empty: fn(['any'], (_c, v: unknown) => isEmpty(v)),
    coalesce: fn([], (_c, ...v: unknown[]) => v.find((x) => !isEmpty(x)) ?? null, 'any'),
    all: fn([], (_c, ...v: unknown[]) => v.every((x) => !isEmpty(x)), 'any'),
    any: fn([], (_c, ...v: unknown[]) => v.some((x) => !isEmpty(x)), 'any'),
    ternary: fn(['any', 'any', 'bool'], (_c, t: unknown, f: unknown, v: boolean) => (v ? t : f)),
    fail: fn(['string'], (_c, msg: string) => {
      throw new GoError(msg);
    }),
    fromJson: fn(['string'], (c, s: string) => {
      c.charge(1 + (s.length >> 6));
      try {
        return decodeJson(s);
      } catch (e) {
        if (e instanceof GoError) return null;
        throw e;
      }
    }),
    mustFromJson: fn(['string'], (c, s: string) => {
      c.charge(1 + (s.length >> 6));
      return decodeJson(s);
    }),
    toJson: fn(['any'], (c, v: unknown) => swallow(() => json(c, v, true, ''))),
    mustToJson: fn(['any'], (c, v: unknown) => json(c, v, true, '')),
    toPrettyJson: fn(['any'], (c, v: unknown) => swallow(() => json(c, v, true, '  '))),
    mustToPrettyJson: fn(['any'], (c, v: unknown) => json(c, v, true, '  ')),
    toRawJson: fn(['any'], (c, v: unknown) => json(c, v, false, '')),
    mustToRawJson: fn(['any'], (c, v: unknown) => json(c, v, false, '')),
    typeOf: fn(['any'], (_c, v: unknown) => goTypeOf(v)),
    typeIs: fn(['string', 'any'], (_c, t: string, v: unknown) => t === goTypeOf(v)),
    typeIsLike: fn(['string', 'any'], (_c, t: string, v: unknown) => {
      const s = goTypeOf(v);
      return t === s || '*' + t === s;
    }),
    kindOf: fn(['any'], (_c, v: unknown) => goKindOf(v)),
    kindIs: fn(['string', 'any'], (_c, t: string, v: unknown) => t === goKindOf(v)),
    deepEqual: fn(['any', 'any'], (_c, a: unknown, b: unknown) => deepEqual(a, b)),
  };
}
