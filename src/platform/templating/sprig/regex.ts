// Sprig's regular-expression functions over Go's RE2 semantics (see regexp.ts). The plain
// forms panic on a bad pattern (regexp.MustCompile); the must* forms return the error.

import { GoError, withGoType, type CallContext, type FuncDef } from '../values.ts';
import { GoRegexp, Text, allMatches, mustCompileMessage, quoteMeta, replaceAll, split } from '../regexp.ts';
import { fn, num } from './conv.ts';

function compile(ctx: CallContext, pattern: string, must: boolean): GoRegexp {
  ctx.charge(1 + pattern.length);
  try {
    const re = new GoRegexp(pattern);
    re.charge = (n) => ctx.charge(n);
    return re;
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    throw must ? new GoError(mustCompileMessage(pattern, e)) : e;
  }
}

function findAll(ctx: CallContext, pattern: string, s: string, n: number, must: boolean): string[] {
  const re = compile(ctx, pattern, must);
  const t = new Text(s);
  return withGoType(allMatches(re, t, n).map((m) => t.slice(m[0], m[1])), '[]string');
}

function find(ctx: CallContext, pattern: string, s: string, must: boolean): string {
  const re = compile(ctx, pattern, must);
  const t = new Text(s);
  const m = re.exec(t.cps, 0);
  return m === null ? '' : t.slice(m[0], m[1]);
}

function match(ctx: CallContext, pattern: string, s: string): boolean {
  const re = compile(ctx, pattern, false);
  return re.exec(new Text(s).cps, 0) !== null;
}

/** Returns the Sprig regex functions. */
export function regexFuncs(): Record<string, FuncDef> {
  return {
    regexMatch: fn(['string', 'string'], (c, r: string, s: string) => {
      try {
        return match(c, r, s);
      } catch (e) {
        if (e instanceof GoError) return false;
        throw e;
      }
    }),
    mustRegexMatch: fn(['string', 'string'], (c, r: string, s: string) => match(c, r, s)),
    regexFindAll: fn(['string', 'string', 'int'], (c, r: string, s: string, n: bigint) => findAll(c, r, s, num(n), true)),
    mustRegexFindAll: fn(['string', 'string', 'int'], (c, r: string, s: string, n: bigint) => findAll(c, r, s, num(n), false)),
    regexFind: fn(['string', 'string'], (c, r: string, s: string) => find(c, r, s, true)),
    mustRegexFind: fn(['string', 'string'], (c, r: string, s: string) => find(c, r, s, false)),
    regexReplaceAll: fn(['string', 'string', 'string'], (c, r: string, s: string, repl: string) => c.checkSize(replaceAll(compile(c, r, true), s, repl, false, c.maxBytes))),
    mustRegexReplaceAll: fn(['string', 'string', 'string'], (c, r: string, s: string, repl: string) => c.checkSize(replaceAll(compile(c, r, false), s, repl, false, c.maxBytes))),
    regexReplaceAllLiteral: fn(['string', 'string', 'string'], (c, r: string, s: string, repl: string) => c.checkSize(replaceAll(compile(c, r, true), s, repl, true, c.maxBytes))),
    mustRegexReplaceAllLiteral: fn(['string', 'string', 'string'], (c, r: string, s: string, repl: string) => c.checkSize(replaceAll(compile(c, r, false), s, repl, true, c.maxBytes))),
    regexSplit: fn(['string', 'string', 'int'], (c, r: string, s: string, n: bigint) => withGoType(split(compile(c, r, true), s, num(n)), '[]string')),
    mustRegexSplit: fn(['string', 'string', 'int'], (c, r: string, s: string, n: bigint) => withGoType(split(compile(c, r, false), s, num(n)), '[]string')),
    regexQuoteMeta: fn(['string'], (_c, s: string) => quoteMeta(s)),
  };
}
