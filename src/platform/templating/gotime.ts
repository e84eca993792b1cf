// Go's time package as Sprig's date functions use it: time.Time values with methods callable
// from templates (.Year, .Format "2006-01-02", .Unix, .UTC ...), layouts in Go's reference-time
// notation ("Mon Jan 2 15:04:05 MST 2006"), time.Duration's String and ParseDuration, and
// time zones by IANA name (through Intl).

import { GoError, Int64, type FuncDef, type GoObject } from './values.ts';

const longMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const zoneCache = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  if (zoneCache.has(zone)) return zoneCache.get(zone) as Intl.DateTimeFormat | null;
  let f: Intl.DateTimeFormat | null;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
  } catch {
    f = null;
  }
  zoneCache.set(zone, f);
  return f;
}

/** Returns whether time.LoadLocation(name) succeeds (UTC, Local and IANA names). */
export function validZone(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  return formatter(name) !== null;
}

/** Returns the offset in seconds east of UTC of `zone` at the instant `ms`. */
function zoneOffset(zone: string, ms: number): number {
  if (zone === 'UTC' || zone === '') return 0;
  const f = formatter(zone);
  if (f === null) return 0;
  const clamped = Math.max(Math.min(ms, 8.64e15), -8.64e15);
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(clamped))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const wall = Date.UTC(2000, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const d = new Date(wall);
  d.setUTCFullYear(year);
  return Math.round((d.getTime() - Math.floor(clamped / 1000) * 1000) / 1000);
}

/** Returns Go's zone abbreviation ("UTC", "EST", "CET", or "+0530" style). */
function zoneAbbrev(zone: string, ms: number, offset: number): string {
  if (zone === 'UTC' || zone === '') return 'UTC';
  for (const locale of ['en-US', 'en-GB']) {
    try {
      const f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
      const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
      if (/^[A-Z]{2,5}$/.test(name)) return name;
    } catch {
      break;
    }
  }
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = String(Math.floor(a / 3600)).padStart(2, '0');
  const m = Math.floor((a % 3600) / 60);
  return sign + h + (m !== 0 ? String(m).padStart(2, '0') : '');
}

/** A month or weekday value that prints as its name (time.Month, time.Weekday). */
class NamedInt implements GoObject {
  readonly goType: string;
  readonly goKind = 'int';
  readonly n: number;
  readonly name: string;
  constructor(goType: string, n: number, name: string) {
    this.goType = goType;
    this.n = n;
    this.name = name;
  }
  goMethod(m: string): FuncDef | undefined {
    return m === 'String' ? { params: [], fn: () => this.name } : undefined;
  }
  goString(): string {
    return this.name;
  }
  goJson(): unknown {
    return this.n;
  }
}

interface Fields {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
  yday: number; // 1-366
}

/** A time.Time: an instant (Unix seconds + nanoseconds) in a location. */
export class GoTime implements GoObject {
  readonly goType = 'time.Time';
  readonly goKind = 'struct';
  readonly sec: bigint;
  readonly nsec: number;
  readonly zone: string;

  constructor(sec: bigint, nsec: number, zone: string) {
    this.sec = sec;
    this.nsec = nsec;
    this.zone = zone;
  }

  /** Returns a time from milliseconds since the epoch. */
  static fromMillis(ms: number, zone: string): GoTime {
    const sec = Math.floor(ms / 1000);
    return new GoTime(BigInt(sec), Math.round((ms - sec * 1000) * 1e6), zone);
  }

  get ms(): number {
    return Number(this.sec) * 1000 + Math.floor(this.nsec / 1e6);
  }

  offset(): number {
    return zoneOffset(this.zone, this.ms);
  }

  abbrev(): string {
    return zoneAbbrev(this.zone, this.ms, this.offset());
  }

  fields(): Fields {
    const local = new Date((Number(this.sec) + this.offset()) * 1000);
    const year = local.getUTCFullYear();
    const start = new Date(0);
    start.setUTCFullYear(year, 0, 1);
    start.setUTCHours(0, 0, 0, 0);
    const yday = Math.floor((local.getTime() - start.getTime()) / 86_400_000) + 1;
    return {
      year, month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(),
      minute: local.getUTCMinutes(), second: local.getUTCSeconds(), weekday: local.getUTCDay(), yday,
    };
  }

  in(zone: string): GoTime {
    return new GoTime(this.sec, this.nsec, zone);
  }

  add(ns: bigint): GoTime {
    const total = this.sec * 1_000_000_000n + BigInt(this.nsec) + ns;
    let sec = total / 1_000_000_000n;
    let nsec = total % 1_000_000_000n;
    if (nsec < 0n) {
      nsec += 1_000_000_000n;
      sec -= 1n;
    }
    return new GoTime(sec, Number(nsec), this.zone);
  }

  unixNano(): bigint {
    return this.sec * 1_000_000_000n + BigInt(this.nsec);
  }

  format(layout: string): string {
    return formatTime(this, layout);
  }

  goString(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }

  goJson(): unknown {
    return formatTime(this, '2006-01-02T15:04:05.999999999Z07:00');
  }

  goMethod(name: string): FuncDef | undefined {
    const t: GoTime = this as GoTime;
    const f = (): Fields => t.fields();
    const def = (params: FuncDef['params'], impl: FuncDef['fn']): FuncDef => ({ params, fn: impl });
    switch (name) {
      case 'Year': return def([], () => BigInt(f().year));
      case 'Month': return def([], () => new NamedInt('time.Month', f().month, longMonths[f().month - 1]));
      case 'Day': return def([], () => BigInt(f().day));
      case 'Hour': return def([], () => BigInt(f().hour));
      case 'Minute': return def([], () => BigInt(f().minute));
      case 'Second': return def([], () => BigInt(f().second));
      case 'Nanosecond': return def([], () => BigInt(t.nsec));
      case 'YearDay': return def([], () => BigInt(f().yday));
      case 'Weekday': return def([], () => new NamedInt('time.Weekday', f().weekday, longDays[f().weekday]));
      case 'Unix': return def([], () => new Int64(t.sec));
      case 'UnixMilli': return def([], () => new Int64(t.unixNano() / 1_000_000n));
      case 'UnixNano': return def([], () => new Int64(t.unixNano()));
      case 'Format': return def(['string'], (_c, layout: string) => t.format(layout));
      case 'String': return def([], () => t.goString());
      case 'UTC': return def([], () => t.in('UTC'));
      case 'Local': return def([], (c) => t.in(c.options.localZone));
      case 'IsZero': return def([], () => t.sec === -62135596800n && t.nsec === 0);
      case 'Add': return def(['int64'], (_c, d: Int64) => t.add(d.value));
      case 'AddDate': return def(['int', 'int', 'int'], (_c, y: bigint, m: bigint, d: bigint) => {
        const x = f();
        const base = new Date(0);
        base.setUTCFullYear(x.year + Number(y), x.month - 1 + Number(m), x.day + Number(d));
        base.setUTCHours(x.hour, x.minute, x.second, 0);
        const wallSec = BigInt(Math.floor(base.getTime() / 1000));
        const guess = new GoTime(wallSec, t.nsec, t.zone);
        return new GoTime(wallSec - BigInt(guess.offset()), t.nsec, t.zone);
      });
      case 'Sub': return def(['time'], (_c, u: GoTime) => new GoDuration(t.unixNano() - u.unixNano()));
      case 'After': return def(['time'], (_c, u: GoTime) => t.unixNano() > u.unixNano());
      case 'Before': return def(['time'], (_c, u: GoTime) => t.unixNano() < u.unixNano());
      case 'Equal': return def(['time'], (_c, u: GoTime) => t.unixNano() === u.unixNano());
      default: return undefined;
    }
  }
}

/** A time.Duration (prints as "1h2m3s"). */
export class GoDuration implements GoObject {
  readonly goType = 'time.Duration';
  readonly goKind = 'int64';
  readonly ns: bigint;
  constructor(ns: bigint) {
    this.ns = BigInt.asIntN(64, ns);
  }
  goMethod(name: string): FuncDef | undefined {
    const d: GoDuration = this as GoDuration;
    switch (name) {
      case 'String': return { params: [], fn: () => d.goString() };
      case 'Seconds': return { params: [], fn: () => Number(d.ns) / 1e9 };
      case 'Minutes': return { params: [], fn: () => Number(d.ns) / 6e10 };
      case 'Hours': return { params: [], fn: () => Number(d.ns) / 3.6e12 };
      case 'Milliseconds': return { params: [], fn: () => new Int64(d.ns / 1_000_000n) };
      case 'Nanoseconds': return { params: [], fn: () => new Int64(d.ns) };
      default: return undefined;
    }
  }
  goString(): string {
    return formatDuration(this.ns);
  }
  goJson(): unknown {
    return Number(this.ns);
  }
}

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let s = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) s = digit.toString() + s;
    v /= 10n;
  }
  if (print) s = '.' + s;
  return [s, v];
}

/** Returns time.Duration(ns).String(). */
export function formatDuration(ns: bigint): string {
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < 1000n) {
      prec = 0;
      unit = 'ns';
    } else if (u < 1_000_000n) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, rest] = fmtFrac(u, prec);
    out = rest.toString() + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = (u % 60n).toString() + frac + 's';
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

const unitMap: Record<string, bigint> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};

function quoteGo(s: string): string {
  return JSON.stringify(s);
}

/** Returns time.ParseDuration(s) in nanoseconds; throws GoError with Go's message. */
export function parseDuration(orig: string): bigint {
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw new GoError(`time: invalid duration ${quoteGo(orig)}`);
  let totalNs = 0n;
  while (s !== '') {
    const m = /^([0-9]*)(\.([0-9]*))?/.exec(s) as RegExpExecArray;
    if (m[1] === '' && (m[3] === undefined || m[3] === '')) throw new GoError(`time: invalid duration ${quoteGo(orig)}`);
    s = s.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(s)?.[0] ?? '';
    if (u === '') throw new GoError(`time: missing unit in duration ${quoteGo(orig)}`);
    const unit = Object.hasOwn(unitMap, u) ? unitMap[u] : undefined;
    if (unit === undefined) throw new GoError(`time: unknown unit ${quoteGo(u)} in duration ${quoteGo(orig)}`);
    s = s.slice(u.length);
    const whole = BigInt(m[1] || '0');
    let v = whole * unit;
    const frac = m[3] ?? '';
    if (frac !== '') v += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    totalNs += v;
    if (totalNs > 9223372036854775807n) throw new GoError(`time: invalid duration ${quoteGo(orig)}`);
  }
  return neg ? -totalNs : totalNs;
}

// --- layouts ---

type Std =
  | 'Jan' | 'January' | '1' | '01' | 'Mon' | 'Monday' | '2' | '_2' | '02' | '__2' | '002' | '15' | '3' | '03' | '4' | '04'
  | '5' | '05' | '2006' | '06' | 'PM' | 'pm' | 'MST' | 'Z0700' | 'Z070000' | 'Z07' | 'Z07:00' | 'Z07:00:00'
  | '-0700' | '-070000' | '-07' | '-07:00' | '-07:00:00' | 'frac0' | 'frac9';

interface Chunk {
  prefix: string;
  std: Std | null;
  arg: number;
  suffix: string;
}

const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';

/** Go's nextStdChunk: the text before the first layout element, the element and the rest. */
function nextStdChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const at = (s: string): boolean => layout.startsWith(s, i);
    const ret = (std: Std, len: number, arg = 0): Chunk => ({ prefix: layout.slice(0, i), std, arg, suffix: layout.slice(i + len) });
    switch (c) {
      case 'J':
        if (at('Jan')) {
          if (at('January')) return ret('January', 7);
          if (!isLower(layout[i + 3])) return ret('Jan', 3);
        }
        break;
      case 'M':
        if (at('Mon')) {
          if (at('Monday')) return ret('Monday', 6);
          if (!isLower(layout[i + 3])) return ret('Mon', 3);
        }
        if (at('MST')) return ret('MST', 3);
        break;
      case '0':
        if (layout[i + 1] !== undefined && layout[i + 1] >= '1' && layout[i + 1] <= '6') return ret(('0' + layout[i + 1]) as Std, 2);
        if (at('002')) return ret('002', 3);
        break;
      case '1':
        if (layout[i + 1] === '5') return ret('15', 2);
        return ret('1', 1);
      case '2':
        if (at('2006')) return ret('2006', 4);
        return ret('2', 1);
      case '_':
        if (layout[i + 1] === '2') {
          if (layout.startsWith('2006', i + 1)) return { prefix: layout.slice(0, i + 1), std: '2006', arg: 0, suffix: layout.slice(i + 5) };
          return ret('_2', 2);
        }
        if (at('__2')) return ret('__2', 3);
        break;
      case '3': return ret('3', 1);
      case '4': return ret('4', 1);
      case '5': return ret('5', 1);
      case 'P':
        if (layout[i + 1] === 'M') return ret('PM', 2);
        break;
      case 'p':
        if (layout[i + 1] === 'm') return ret('pm', 2);
        break;
      case '-':
        for (const s of ['-070000', '-07:00:00', '-0700', '-07:00', '-07'] as Std[]) if (at(s)) return ret(s, s.length);
        break;
      case 'Z':
        for (const s of ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07'] as Std[]) if (at(s)) return ret(s, s.length);
        break;
      case '.':
      case ',':
        if (layout[i + 1] === '0' || layout[i + 1] === '9') {
          const ch = layout[i + 1];
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!(layout[j] >= '0' && layout[j] <= '9')) return ret(ch === '0' ? 'frac0' : 'frac9', j - i, j - (i + 1));
        }
        break;
    }
  }
  return { prefix: layout, std: null, arg: 0, suffix: '' };
}

const pad = (n: number, w: number, ch = '0'): string => String(n).padStart(w, ch);

function tzString(offset: number, std: Std): string {
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor((a % 3600) / 60), 2);
  const ss = pad(a % 60, 2);
  const kind = std.slice(1);
  switch (kind) {
    case '07': return sign + hh;
    case '0700': return sign + hh + mm;
    case '07:00': return sign + hh + ':' + mm;
    case '070000': return sign + hh + mm + ss;
    default: return sign + hh + ':' + mm + ':' + ss;
  }
}

/** Returns t.Format(layout). */
export function formatTime(t: GoTime, layout: string): string {
  const f = t.fields();
  const offset = t.offset();
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const { prefix, std, arg, suffix } = nextStdChunk(rest);
    out += prefix;
    if (std === null) break;
    rest = suffix;
    switch (std) {
      case '2006': out += f.year < 0 ? '-' + pad(-f.year, 4) : pad(f.year, 4); break;
      case '06': out += pad(((f.year % 100) + 100) % 100, 2); break;
      case 'Jan': out += longMonths[f.month - 1].slice(0, 3); break;
      case 'January': out += longMonths[f.month - 1]; break;
      case '1': out += f.month; break;
      case '01': out += pad(f.month, 2); break;
      case 'Mon': out += longDays[f.weekday].slice(0, 3); break;
      case 'Monday': out += longDays[f.weekday]; break;
      case '2': out += f.day; break;
      case '_2': out += pad(f.day, 2, ' '); break;
      case '02': out += pad(f.day, 2); break;
      case '__2': out += pad(f.yday, 3, ' '); break;
      case '002': out += pad(f.yday, 3); break;
      case '15': out += pad(f.hour, 2); break;
      case '3': out += f.hour % 12 === 0 ? 12 : f.hour % 12; break;
      case '03': out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2); break;
      case '4': out += f.minute; break;
      case '04': out += pad(f.minute, 2); break;
      case '5': out += f.second; break;
      case '05': out += pad(f.second, 2); break;
      case 'PM': out += f.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += f.hour >= 12 ? 'pm' : 'am'; break;
      case 'MST': out += t.abbrev(); break;
      case 'frac0': out += '.' + pad(t.nsec, 9).slice(0, arg); break;
      case 'frac9': {
        const digits = pad(t.nsec, 9).slice(0, arg).replace(/0+$/, '');
        if (digits !== '') out += '.' + digits;
        break;
      }
      default: out += tzString(offset, std);
    }
  }
  return out;
}

/** Returns time.ParseInLocation(layout, value, loc); throws GoError with Go's message. */
export function parseTime(layout: string, value: string, zone: string): GoTime {
  const origLayout = layout;
  const origValue = value;
  const fail = (elem: string, v: string, msg = ''): never => {
    throw new GoError(`parsing time ${quoteGo(origValue)} as ${quoteGo(origLayout)}: cannot parse ${quoteGo(v)} as ${quoteGo(elem)}${msg}`);
  };
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let pm: boolean | undefined;
  let offset: number | undefined;
  let rest = layout;
  const num = (v: string, minLen: number, maxLen: number, elem: string): [number, string] => {
    const m = new RegExp(`^[0-9]{${minLen},${maxLen}}`).exec(v);
    if (!m) fail(elem, v);
    return [Number((m as RegExpExecArray)[0]), v.slice((m as RegExpExecArray)[0].length)];
  };
  while (rest !== '') {
    const { prefix, std, suffix } = nextStdChunk(rest);
    const stdText = rest.slice(prefix.length, rest.length - suffix.length);
    if (!value.startsWith(prefix)) fail(prefix, value);
    value = value.slice(prefix.length);
    if (std === null) {
      if (value !== '') throw new GoError(`parsing time ${quoteGo(origValue)}: extra text: ${quoteGo(value)}`);
      break;
    }
    rest = suffix;
    const hold = value;
    switch (std) {
      case '2006': [year, value] = num(value, 4, 4, stdText); break;
      case '06': {
        let y: number;
        [y, value] = num(value, 2, 2, stdText);
        year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case 'Jan': case 'January': {
        const names = std === 'Jan' ? longMonths.map((m) => m.slice(0, 3)) : longMonths;
        const k = names.findIndex((n) => value.toLowerCase().startsWith(n.toLowerCase()));
        if (k < 0) fail(stdText, hold);
        month = k + 1;
        value = value.slice(names[k].length);
        break;
      }
      case 'Mon': case 'Monday': {
        const names = std === 'Mon' ? longDays.map((d) => d.slice(0, 3)) : longDays;
        const k = names.findIndex((n) => value.toLowerCase().startsWith(n.toLowerCase()));
        if (k < 0) fail(stdText, hold);
        value = value.slice(names[k].length);
        break;
      }
      case '1': case '01': [month, value] = num(value, std === '01' ? 2 : 1, 2, stdText); if (month < 1 || month > 12) fail(stdText, hold, ': month out of range'); break;
      case '2': case '02': [day, value] = num(value, std === '02' ? 2 : 1, 2, stdText); break;
      case '_2': if (value[0] === ' ') value = value.slice(1); [day, value] = num(value, 1, 2, stdText); break;
      case '__2': case '002': value = value.replace(/^ {1,2}/, ''); [, value] = num(value, 1, 3, stdText); break;
      case '15': [hour, value] = num(value, 1, 2, stdText); if (hour > 23) fail(stdText, hold, ': hour out of range'); break;
      case '3': case '03': [hour, value] = num(value, std === '03' ? 2 : 1, 2, stdText); if (hour > 12) fail(stdText, hold, ': hour out of range'); break;
      case '4': case '04': [min, value] = num(value, std === '04' ? 2 : 1, 2, stdText); if (min > 59) fail(stdText, hold, ': minute out of range'); break;
      case '5': case '05': {
        [sec, value] = num(value, std === '05' ? 2 : 1, 2, stdText);
        if (sec > 59) fail(stdText, hold, ': second out of range');
        // A fractional second may follow even if the layout has none.
        const m = /^[.,]([0-9]+)/.exec(value);
        if (m && !/^[.,][09]/.test(rest)) {
          nsec = Number(m[1].slice(0, 9).padEnd(9, '0'));
          value = value.slice(m[0].length);
        }
        break;
      }
      case 'PM': case 'pm': {
        const p = value.slice(0, 2).toUpperCase();
        if (p !== 'AM' && p !== 'PM') fail(stdText, hold);
        pm = p === 'PM';
        value = value.slice(2);
        break;
      }
      case 'frac0': case 'frac9': {
        const m = /^[.,]([0-9]+)/.exec(value);
        if (!m) {
          if (std === 'frac9') break;
          fail(stdText, hold);
        }
        const digits = (m as RegExpExecArray)[1];
        nsec = Number(digits.slice(0, 9).padEnd(9, '0'));
        value = value.slice((m as RegExpExecArray)[0].length);
        break;
      }
      case 'MST': {
        const m = /^(UTC|GMT|[A-Z]{3,5}|[+-][0-9]{2,4})/.exec(value);
        if (!m) fail(stdText, hold);
        if ((m as RegExpExecArray)[0] === 'UTC' || (m as RegExpExecArray)[0] === 'GMT') offset = offset ?? 0;
        value = value.slice((m as RegExpExecArray)[0].length);
        break;
      }
      default: {
        if (std.startsWith('Z') && value[0] === 'Z') {
          offset = 0;
          value = value.slice(1);
          break;
        }
        const m = /^([+-])([0-9]{2})(?::?([0-9]{2}))?(?::?([0-9]{2}))?/.exec(value);
        if (!m) fail(stdText, hold);
        const [, sign, hh, mm, ss] = m as RegExpExecArray;
        offset = (sign === '-' ? -1 : 1) * (Number(hh) * 3600 + Number(mm ?? 0) * 60 + Number(ss ?? 0));
        value = value.slice((m as RegExpExecArray)[0].length);
      }
    }
  }
  if (value !== '' && rest === '') throw new GoError(`parsing time ${quoteGo(origValue)}: extra text: ${quoteGo(value)}`);
  if (pm === true && hour < 12) hour += 12;
  else if (pm === false && hour === 12) hour = 0;
  const daysIn = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  if (day < 1 || day > (month === 2 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 28 : daysIn)) {
    throw new GoError(`parsing time ${quoteGo(origValue)}: day out of range`);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, 0);
  const wallSec = BigInt(Math.floor(d.getTime() / 1000));
  if (offset !== undefined) {
    const z = offset === 0 && zone === 'UTC' ? 'UTC' : zone;
    const t = new GoTime(wallSec - BigInt(offset), nsec, z);
    return offset === zoneOffset(z, t.ms) ? t : new GoTime(wallSec - BigInt(offset), nsec, fixedZone(offset));
  }
  const guess = new GoTime(wallSec, nsec, zone);
  return new GoTime(wallSec - BigInt(guess.offset()), nsec, zone);
}

/** Returns an IANA "Etc/GMT±h" zone for a whole-hour offset, else UTC. */
function fixedZone(offset: number): string {
  if (offset % 3600 !== 0) return 'UTC';
  const h = offset / 3600;
  return h === 0 ? 'UTC' : `Etc/GMT${h > 0 ? '-' : '+'}${Math.abs(h)}`;
}
