// The errors of Go's time.Parse for the two layouts metav1.Time and metav1.MicroTime decode
// with, e.g.
//   parsing time "2024-13-01T00:00:00Z": month out of range
//   parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"
// The layout is walked element by element as Go's parser does; only the elements these two
// layouts use are implemented.

/** time.RFC3339, the layout of metav1.Time. */
export const rfc3339Layout = '2006-01-02T15:04:05Z07:00';
/** metav1.RFC3339Micro, the layout of metav1.MicroTime. */
export const rfc3339MicroLayout = '2006-01-02T15:04:05.000000Z07:00';

/** One layout element: the literal text before it and the element itself. */
interface Chunk {
  prefix: string;
  std: '2006' | '01' | '02' | '15' | '04' | '05' | '.000000' | 'Z07:00';
}

const chunksOf: Record<string, Chunk[]> = {
  [rfc3339Layout]: [
    { prefix: '', std: '2006' },
    { prefix: '-', std: '01' },
    { prefix: '-', std: '02' },
    { prefix: 'T', std: '15' },
    { prefix: ':', std: '04' },
    { prefix: ':', std: '05' },
    { prefix: '', std: 'Z07:00' },
  ],
  [rfc3339MicroLayout]: [
    { prefix: '', std: '2006' },
    { prefix: '-', std: '01' },
    { prefix: '-', std: '02' },
    { prefix: 'T', std: '15' },
    { prefix: ':', std: '04' },
    { prefix: ':', std: '05' },
    { prefix: '', std: '.000000' },
    { prefix: '', std: 'Z07:00' },
  ],
};

/** Returns `s` quoted as the time package quotes (non-ASCII and control bytes as \xNN). */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0x80 || c < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

/** Returns whether s[i] is an ASCII digit (false past the end). */
function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** Returns the one- or two-digit number at the start of `s` (getnum); `fixed` requires two. */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** Returns the number of days in `month` of `year`. */
function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Returns Go's time.Parse error for `value` in `layout`, or undefined when it parses. */
export function timeParseError(value: string, layout: string): string | undefined {
  const chunks = chunksOf[layout];
  if (!chunks) throw new Error(`unsupported layout ${layout}`);
  const cannotParse = (rest: string, elem: string): string => `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(rest)} as ${quote(elem)}`;
  const outOfRange = (what: string): string => `parsing time ${quote(value)}: ${what} out of range`;
  let rest = value;
  let year = 0;
  let month = 1;
  let day = 1;
  for (let c = 0; c < chunks.length; c++) {
    const { prefix, std } = chunks[c] as Chunk;
    if (!rest.startsWith(prefix)) return cannotParse(rest, prefix);
    rest = rest.slice(prefix.length);
    const hold = rest;
    let range = '';
    let bad = false;
    switch (std) {
      case '2006':
        if (rest.length < 4 || !isDigit(rest, 0) || !/^[0-9]{4}$/.test(rest.slice(0, 4))) bad = true;
        else {
          year = Number(rest.slice(0, 4));
          rest = rest.slice(4);
        }
        break;
      case '01':
      case '02':
      case '15':
      case '04':
      case '05': {
        const got = getnum(rest, std !== '15');
        if (!got) {
          bad = true;
          break;
        }
        const [n, after] = got;
        rest = after;
        if (std === '01') {
          month = n;
          if (n <= 0 || n > 12) range = 'month';
        } else if (std === '02') day = n;
        else if (std === '15' && n >= 24) range = 'hour';
        else if (std === '04' && n >= 60) range = 'minute';
        else if (std === '05') {
          if (n >= 60) range = 'second';
          // A fraction the layout does not spell out is accepted after the seconds.
          else if (chunks[c + 1]?.std !== '.000000' && rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigit(rest, 1)) {
            let n2 = 2;
            while (isDigit(rest, n2)) n2++;
            rest = rest.slice(n2);
          }
        }
        break;
      }
      case '.000000':
        if (rest.length < 7 || (rest[0] !== '.' && rest[0] !== ',') || !/^[0-9]{6}$/.test(rest.slice(1, 7))) bad = true;
        else rest = rest.slice(7);
        break;
      case 'Z07:00': {
        if (rest[0] === 'Z') {
          rest = rest.slice(1);
          break;
        }
        if (rest.length < 6 || rest[3] !== ':') {
          bad = true;
          break;
        }
        const hh = getnum(rest.slice(1, 3), true);
        const mm = getnum(rest.slice(4, 6), true);
        if (!hh || !mm || (rest[0] !== '+' && rest[0] !== '-')) bad = true;
        else if (hh[0] > 24) range = 'time zone offset hour';
        else if (mm[0] > 60) range = 'time zone offset minute';
        rest = rest.slice(6);
        break;
      }
    }
    if (range) return `parsing time ${quote(value)}: ${range} out of range`;
    if (bad) return cannotParse(hold, std);
  }
  if (rest.length > 0) return `parsing time ${quote(value)}: extra text: ${quote(rest)}`;
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  return undefined;
}
