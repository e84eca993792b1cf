// Sprig's date functions (date.go): now, date, dateInZone, htmlDate, htmlDateInZone,
// dateModify, ago, duration, durationRound, toDate, unixEpoch. Go's "Local" zone is the
// configured localZone (UTC by default); the clock is the configured now().

import { GoDuration, GoTime, parseDuration, parseTime, validZone } from '../gotime.ts';
import { GoError, Int64, type CallContext, type FuncDef } from '../values.ts';
import { fn } from './conv.ts';

function now(ctx: CallContext): GoTime {
  return GoTime.fromMillis(ctx.options.now(), ctx.options.localZone);
}

function location(ctx: CallContext, zone: string): string {
  if (zone === 'Local') return ctx.options.localZone;
  if (zone === '') return 'UTC';
  return validZone(zone) ? zone : 'UTC';
}

/** Returns the time a date argument means: a time.Time, Unix seconds (int/int64), else now. */
function asTime(ctx: CallContext, date: unknown): GoTime {
  if (date instanceof GoTime) return date;
  if (typeof date === 'bigint') return new GoTime(date, 0, ctx.options.localZone);
  if (date instanceof Int64) return new GoTime(date.value, 0, ctx.options.localZone);
  return now(ctx);
}

function dateInZone(ctx: CallContext, layout: string, date: unknown, zone: string): string {
  return asTime(ctx, date).in(location(ctx, zone)).format(layout);
}

function ago(ctx: CallContext, date: unknown): string {
  let t: GoTime;
  if (date instanceof GoTime) t = date;
  else if (typeof date === 'bigint') t = new GoTime(date, 0, 'UTC');
  else t = now(ctx);
  const since = now(ctx).unixNano() - t.unixNano();
  // Round to the second, halfway away from zero (time.Duration.Round).
  const s = 1_000_000_000n;
  let r = since % s;
  let q = since - r;
  if (r < 0n) r = -r;
  if (r + r >= s) q += since < 0n ? -s : s;
  return new GoDuration(q).goString();
}

function durationRound(ctx: CallContext, v: unknown): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (v instanceof Int64) d = v.value;
  else if (v instanceof GoDuration) d = v.ns;
  else if (v instanceof GoTime) d = now(ctx).unixNano() - v.unixNano();
  let u = d < 0n ? -d : d;
  u = BigInt.asUintN(64, u);
  const second = 1_000_000_000n;
  const minute = 60n * second;
  const hour = 60n * minute;
  const day = 24n * hour;
  const month = 30n * day;
  const year = 365n * day;
  if (u > year) return `${u / year}y`;
  if (u > month) return `${u / month}mo`;
  if (u > day) return `${u / day}d`;
  if (u > hour) return `${u / hour}h`;
  if (u > minute) return `${u / minute}m`;
  if (u > second) return `${u / second}s`;
  return '0s';
}

function duration(v: unknown): string {
  // Sprig reads only strings and int64 here; an int (a template constant) counts as 0.
  let n = 0n;
  if (typeof v === 'string') n = /^[+-]?[0-9]+$/.test(v) ? BigInt(v) : 0n;
  else if (v instanceof Int64) n = v.value;
  return new GoDuration(n * 1_000_000_000n).goString();
}

const zeroTime = (): GoTime => new GoTime(-62135596800n, 0, 'UTC');

/** Returns the Sprig date functions. */
export function dateFuncs(): Record<string, FuncDef> {
  const inZone = fn(['string', 'any', 'string'], (c, layout: string, d: unknown, z: string) => dateInZone(c, layout, d, z));
  const modify = fn(['string', 'time'], (_c, s: string, t: GoTime) => {
    try {
      return t.add(parseDuration(s));
    } catch (e) {
      if (e instanceof GoError) return t;
      throw e;
    }
  });
  const mustModify = fn(['string', 'time'], (_c, s: string, t: GoTime) => t.add(parseDuration(s)));
  return {
    now: fn([], (c) => now(c)),
    date: fn(['string', 'any'], (c, layout: string, d: unknown) => dateInZone(c, layout, d, 'Local')),
    dateInZone: inZone,
    date_in_zone: inZone,
    htmlDate: fn(['any'], (c, d: unknown) => dateInZone(c, '2006-01-02', d, 'Local')),
    htmlDateInZone: fn(['any', 'string'], (c, d: unknown, z: string) => dateInZone(c, '2006-01-02', d, z)),
    dateModify: modify,
    date_modify: modify,
    mustDateModify: mustModify,
    must_date_modify: mustModify,
    ago: fn(['any'], (c, d: unknown) => ago(c, d)),
    duration: fn(['any'], (_c, v: unknown) => duration(v)),
    durationRound: fn(['any'], (c, v: unknown) => durationRound(c, v)),
    toDate: fn(['string', 'string'], (c, layout: string, s: string) => {
      try {
        return parseTime(layout, s, c.options.localZone);
      } catch (e) {
        if (e instanceof GoError) return zeroTime();
        throw e;
      }
    }),
    mustToDate: fn(['string', 'string'], (c, layout: string, s: string) => parseTime(layout, s, c.options.localZone)),
    unixEpoch: fn(['time'], (_c, t: GoTime) => t.sec.toString()),
  };
}


