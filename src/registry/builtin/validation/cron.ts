// The schedule syntax CronJobs accept: github.com/robfig/cron/v3 ParseStandard (five fields
// minute hour day-of-month month day-of-week, or a descriptor like @daily / @every 1h), with its
// error messages, which kube-apiserver passes through unchanged:
//   spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const months: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const weekdays: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Seconds (always "0" for the standard parser), minutes, hours, day of month, month, day of week. */
const fieldBounds: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: months },
  { min: 0, max: 6, names: weekdays },
];

const descriptors = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Returns Go's strconv.Atoi error text for `s`, or the number. */
function atoi(s: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(s)) return `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  if (!Number.isSafeInteger(n) && Math.abs(n) >= 2 ** 63) return `strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`;
  return n;
}

/** Returns a non-negative integer or the error robfig's mustParseInt gives. */
function mustParseInt(expr: string): number | Error {
  const n = atoi(expr);
  if (typeof n === 'string') return new Error(`failed to parse int from ${expr}: ${n}`);
  if (n < 0) return new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

/** Returns a number or a named value (jan, mon) of a field. */
function parseIntOrName(expr: string, names: Record<string, number> | undefined): number | Error {
  const named = names?.[expr.toLowerCase()];
  if (named !== undefined) return named;
  return mustParseInt(expr);
}

/** Returns the error of one range expression like "1-5/2", "*", "mon" (getRange), if any. */
function rangeError(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] as string).split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0] as string, r.names);
    if (s instanceof Error) return s.message;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1] as string, r.names);
      if (e instanceof Error) return e.message;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = mustParseInt(rangeAndStep[1] as string);
    if (st instanceof Error) return st.message;
    step = st;
    // "N/step" means "N-max/step".
    if (single) end = r.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** Returns Go's time.ParseDuration error for `s`, if any (for "@every <duration>"). */
function durationError(s: string): string | undefined {
  const quoted = JSON.stringify(s);
  if (s === '0') return undefined;
  let rest = s.replace(/^[+-]/, '');
  if (rest === '') return `time: invalid duration ${quoted}`;
  while (rest !== '') {
    const number = /^([0-9]*(\.[0-9]*)?)/.exec(rest)?.[1] ?? '';
    if (number === '' || number === '.') return `time: invalid duration ${quoted}`;
    rest = rest.slice(number.length);
    const unit = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
    if (unit === '') return `time: missing unit in duration ${quoted}`;
    if (!['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'].includes(unit)) return `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`;
    rest = rest.slice(unit.length);
  }
  return undefined;
}

/** Returns whether Go's time.LoadLocation knows a zone name. */
export function isKnownTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Returns the error robfig/cron's ParseStandard gives for `spec`, or undefined when it parses. */
export function cronScheduleError(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    if (space < 0 || !isKnownTimeZone(zone)) return `provided bad location ${zone}: unknown time zone ${zone}`;
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (descriptors.has(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      const err = durationError(spec.slice('@every '.length));
      return err ? `failed to parse duration ${spec}: ${err}` : undefined;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/[ \t\n\v\f\r]+/).filter((f) => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  const all = ['0', ...fields];
  for (let i = 0; i < all.length; i++) {
    for (const expr of (all[i] as string).split(',').filter((e) => e !== '')) {
      const err = rangeError(expr, fieldBounds[i] as Bounds);
      if (err) return err;
    }
  }
  return undefined;
}
