// Go's regexp (RE2 syntax and semantics) as a Pike VM: leftmost-first matching with
// submatches in time linear in the input, so a template's regular expression cannot backtrack
// catastrophically. Syntax: literals and escapes (\t \n \x41 \x{263a} \123 \Q..\E), . ^ $,
// classes [a-z] [^..] [[:alpha:]] \d \s \w \pL \p{Greek}, groups ( ) (?: ) (?P<n> ) (?<n> ),
// flags (?i) (?m) (?s) (?U), repetition * + ? {n,m} (max 1000) with lazy forms, | and the
// assertions \A \z \b \B. Errors read like Go's ("error parsing regexp: missing closing ): `(`").

import { GoError } from './values.ts';
import { toLower, toUpper } from './unicode.ts';

type Pred = (r: number) => boolean;

type Inst =
  | { op: 'char'; pred: Pred }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; n: number }
  | { op: 'assert'; kind: 'bol' | 'eol' | 'bot' | 'eot' | 'wordb' | 'nonwordb' }
  | { op: 'match' };

type Ast =
  | { t: 'empty' }
  | { t: 'char'; pred: Pred }
  | { t: 'assert'; kind: 'bol' | 'eol' | 'bot' | 'eot' | 'wordb' | 'nonwordb' }
  | { t: 'cat'; items: Ast[] }
  | { t: 'alt'; items: Ast[] }
  | { t: 'group'; index: number; sub: Ast }
  | { t: 'repeat'; sub: Ast; min: number; max: number; greedy: boolean };

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

const maxRepeat = 1000;
const maxProgram = 50_000;
const maxNesting = 1000;

class SyntaxError_ extends GoError {}

function syntaxError(code: string, expr: string): never {
  throw new SyntaxError_(`error parsing regexp: ${code}: \`${expr}\``);
}

// --- character sets ---

function isWordChar(r: number): boolean {
  return (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a) || r === 0x5f;
}

const perlClasses: Record<string, Pred> = {
  d: (r) => r >= 0x30 && r <= 0x39,
  s: (r) => r === 0x09 || r === 0x0a || r === 0x0c || r === 0x0d || r === 0x20,
  w: isWordChar,
};

const posixClasses: Record<string, Pred> = {
  alnum: (r) => perlClasses.d(r) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a),
  alpha: (r) => (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a),
  ascii: (r) => r <= 0x7f,
  blank: (r) => r === 0x09 || r === 0x20,
  cntrl: (r) => r <= 0x1f || r === 0x7f,
  digit: (r) => r >= 0x30 && r <= 0x39,
  graph: (r) => r >= 0x21 && r <= 0x7e,
  lower: (r) => r >= 0x61 && r <= 0x7a,
  print: (r) => r >= 0x20 && r <= 0x7e,
  punct: (r) => (r >= 0x21 && r <= 0x2f) || (r >= 0x3a && r <= 0x40) || (r >= 0x5b && r <= 0x60) || (r >= 0x7b && r <= 0x7e),
  space: (r) => r === 0x09 || r === 0x0a || r === 0x0b || r === 0x0c || r === 0x0d || r === 0x20,
  upper: (r) => r >= 0x41 && r <= 0x5a,
  word: isWordChar,
  xdigit: (r) => (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x46) || (r >= 0x61 && r <= 0x66),
};

const unicodeCache = new Map<string, Pred | null>();

function unicodeClass(name: string): Pred | null {
  const cached = unicodeCache.get(name);
  if (cached !== undefined) return cached;
  let pred: Pred | null = null;
  if (name === 'Any') pred = () => true;
  else {
    const candidates = /^[A-Z][a-z]?$/.test(name) ? [`\\p{General_Category=${name}}`] : [`\\p{Script=${name}}`];
    for (const c of candidates) {
      try {
        const re = new RegExp(`^${c}$`, 'u');
        pred = (r) => re.test(String.fromCodePoint(r));
        break;
      } catch {
        pred = null;
      }
    }
  }
  unicodeCache.set(name, pred);
  return pred;
}

function foldSet(r: number): number[] {
  const out = new Set<number>([r, toLower(r), toUpper(r)]);
  // The few simple-fold orbits with more than two members.
  const orbits = [[0x4b, 0x6b, 0x212a], [0x53, 0x73, 0x17f], [0xc5, 0xe5, 0x212b], [0x3a9, 0x3c9, 0x2126]];
  for (const o of orbits) if (o.includes(r)) for (const x of o) out.add(x);
  return [...out];
}

function withFold(pred: Pred, fold: boolean): Pred {
  if (!fold) return pred;
  return (r) => foldSet(r).some(pred);
}

// --- parser ---

class Parser {
  readonly src: string;
  readonly cps: number[];
  pos = 0;
  ncap = 0;
  names: string[] = [''];
  depth = 0;

  constructor(src: string) {
    this.src = src;
    this.cps = [...src].map((c) => c.codePointAt(0) as number);
  }

  text(from: number, to = this.cps.length): string {
    return String.fromCodePoint(...this.cps.slice(from, to));
  }

  peek(k = 0): number | undefined {
    return this.cps[this.pos + k];
  }

  parseAlt(flags: Flags): Ast {
    if (++this.depth > maxNesting) syntaxError('expression nests too deeply', this.src);
    const items: Ast[] = [this.parseConcat(flags)];
    while (this.peek() === 0x7c) {
      this.pos++;
      items.push(this.parseConcat(flags));
    }
    this.depth--;
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  parseConcat(flags: Flags): Ast {
    const items: Ast[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c || c === 0x29) break;
      let atom = this.parseAtom(flags);
      if (atom === null) continue; // a flag group like (?i) that changed `flags`
      // Repetition operators; Perl syntax forbids stacking them ("a**").
      let prevOpStart = -1;
      for (;;) {
        const op = this.peek();
        let min: number;
        let max: number;
        const opStart = this.pos;
        if (op === 0x2a) { min = 0; max = -1; this.pos++; }
        else if (op === 0x2b) { min = 1; max = -1; this.pos++; }
        else if (op === 0x3f) { min = 0; max = 1; this.pos++; }
        else if (op === 0x7b) {
          const r = this.parseRepeatBraces();
          if (r === null) break;
          [min, max] = r;
          if (min > maxRepeat || max > maxRepeat || (max >= 0 && min > max)) syntaxError('invalid repeat count', this.text(opStart, this.pos));
        } else break;
        let greedy = true;
        if (this.peek() === 0x3f) {
          this.pos++;
          greedy = false;
        }
        if (prevOpStart >= 0) syntaxError('invalid nested repetition operator', this.text(prevOpStart, this.pos));
        if (flags.U) greedy = !greedy;
        atom = { t: 'repeat', sub: atom, min, max, greedy };
        prevOpStart = opStart;
      }
      items.push(atom);
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  parseRepeatBraces(): [number, number] | null {
    const save = this.pos;
    this.pos++;
    const num = (): number | null => {
      const s = this.pos;
      while (this.peek() !== undefined && (this.peek() as number) >= 0x30 && (this.peek() as number) <= 0x39) this.pos++;
      if (this.pos === s) return null;
      const n = Number(this.text(s, this.pos));
      return n > 1e8 ? 1e8 : n;
    };
    const min = num();
    if (min === null) {
      this.pos = save;
      return null;
    }
    let max = min;
    if (this.peek() === 0x2c) {
      this.pos++;
      if (this.peek() === 0x7d) max = -1;
      else {
        const m = num();
        if (m === null) {
          this.pos = save;
          return null;
        }
        max = m;
      }
    }
    if (this.peek() !== 0x7d) {
      this.pos = save;
      return null;
    }
    this.pos++;
    return [min, max];
  }

  /** Parses one atom; returns null for a bare flag group that changed `flags` in place. */
  parseAtom(flags: Flags): Ast | null {
    const c = this.cps[this.pos];
    const start = this.pos;
    switch (c) {
      case 0x28: return this.parseGroup(flags);
      case 0x5b: return { t: 'char', pred: this.parseClass(flags) };
      case 0x2e: {
        this.pos++;
        return { t: 'char', pred: flags.s ? () => true : (r) => r !== 0x0a };
      }
      case 0x5e:
        this.pos++;
        return { t: 'assert', kind: flags.m ? 'bol' : 'bot' };
      case 0x24:
        this.pos++;
        return { t: 'assert', kind: flags.m ? 'eol' : 'eot' };
      case 0x2a: case 0x2b: case 0x3f: {
        // A repetition operator with nothing to repeat.
        let end = this.pos + 1;
        if (this.cps[end] === 0x3f) end++;
        syntaxError('missing argument to repetition operator', this.text(start, end));
      }
      // falls through (syntaxError never returns)
      case 0x5c: return this.parseEscape(flags, false);
    }
    this.pos++;
    const lit = c;
    return { t: 'char', pred: flags.i ? withFold((r) => r === lit, true) : (r) => r === lit };
  }

  parseGroup(flags: Flags): Ast | null {
    const start = this.pos;
    this.pos++;
    if (this.peek() === 0x3f) {
      // (?P<name>re), (?<name>re), (?flags), (?flags:re)
      const next = this.peek(1);
      if (next === 0x50 || next === 0x3c) {
        const begin = this.pos + (next === 0x50 ? 2 : 1);
        if (next === 0x50 && this.peek(2) !== 0x3c) syntaxError('invalid or unsupported Perl syntax', this.text(start, Math.min(start + 3, this.cps.length)));
        const close = this.cps.indexOf(0x3e, begin);
        if (close < 0) syntaxError('invalid named capture', this.text(start));
        const name = this.text(begin + 1, close);
        if (name === '' || !/^[\p{L}\p{Nd}_]+$/u.test(name)) syntaxError('invalid named capture', this.text(start, close + 1));
        if (this.names.includes(name)) syntaxError('duplicate capture group name', this.text(start, close + 1));
        this.pos = close + 1;
        const index = ++this.ncap;
        this.names[index] = name;
        return this.finishGroup(index, { ...flags });
      }
      let i = this.pos + 1;
      let neg = false;
      const f = { ...flags };
      let sawFlag = false;
      for (; i < this.cps.length; i++) {
        const ch = String.fromCodePoint(this.cps[i]);
        if (ch === 'i' || ch === 'm' || ch === 's' || ch === 'U') {
          f[ch] = !neg;
          sawFlag = true;
        } else if (ch === '-') {
          if (neg) break;
          neg = true;
          sawFlag = false;
        } else if (ch === ':' || ch === ')') {
          if (neg && !sawFlag) break;
          if (ch === ')') {
            Object.assign(flags, f);
            this.pos = i + 1;
            return null;
          }
          this.pos = i + 1;
          return this.finishGroup(-1, f);
        } else break;
      }
      syntaxError('invalid or unsupported Perl syntax', this.text(start, Math.min(i + 1, this.cps.length)));
    }
    const index = ++this.ncap;
    this.names[index] = '';
    return this.finishGroup(index, { ...flags });
  }

  finishGroup(index: number, flags: Flags): Ast {
    const sub = this.parseAlt(flags);
    if (this.peek() !== 0x29) syntaxError('missing closing )', this.src);
    this.pos++;
    return index < 0 ? sub : { t: 'group', index, sub };
  }

  parseEscape(flags: Flags, inClass: boolean): Ast {
    const start = this.pos;
    this.pos++;
    const c = this.peek();
    if (c === undefined) syntaxError('trailing backslash at end of expression', '');
    this.pos++;
    const ch = String.fromCodePoint(c);
    const lit = (v: number): Ast => ({ t: 'char', pred: withFold((r) => r === v, flags.i) });
    switch (ch) {
      case 'a': return lit(7);
      case 'f': return lit(12);
      case 't': return lit(9);
      case 'n': return lit(10);
      case 'r': return lit(13);
      case 'v': return lit(11);
      case 'd': case 's': case 'w': return { t: 'char', pred: perlClasses[ch] };
      case 'D': case 'S': case 'W': {
        const p = perlClasses[ch.toLowerCase()];
        return { t: 'char', pred: (r) => !p(r) };
      }
      case 'p': case 'P': {
        let name: string;
        if (this.peek() === 0x7b) {
          const close = this.cps.indexOf(0x7d, this.pos);
          if (close < 0) syntaxError('invalid character class range', this.text(start));
          name = this.text(this.pos + 1, close);
          this.pos = close + 1;
        } else {
          if (this.peek() === undefined) syntaxError('invalid character class range', this.text(start));
          name = String.fromCodePoint(this.peek() as number);
          this.pos++;
        }
        let neg = ch === 'P';
        if (name.startsWith('^')) {
          neg = !neg;
          name = name.slice(1);
        }
        const p = unicodeClass(name);
        if (p === null) syntaxError('invalid character class range', this.text(start, this.pos));
        const q = withFold(p, flags.i);
        return { t: 'char', pred: neg ? (r) => !q(r) : q };
      }
      case 'x': {
        let v: number;
        if (this.peek() === 0x7b) {
          const close = this.cps.indexOf(0x7d, this.pos);
          const hex = close < 0 ? '' : this.text(this.pos + 1, close);
          if (close < 0 || !/^[0-9a-fA-F]{1,8}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) syntaxError('invalid escape sequence', this.text(start, close < 0 ? this.cps.length : close + 1));
          v = parseInt(hex, 16);
          this.pos = close + 1;
        } else {
          const hex = this.text(this.pos, this.pos + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) syntaxError('invalid escape sequence', this.text(start, Math.min(this.pos + 2, this.cps.length)));
          v = parseInt(hex, 16);
          this.pos += 2;
        }
        return lit(v);
      }
      case 'Q': {
        const rest = this.text(this.pos);
        const stop = rest.indexOf('\\E');
        const literal = stop < 0 ? rest : rest.slice(0, stop);
        this.pos += [...literal].length + (stop < 0 ? 0 : 2);
        const items: Ast[] = [...literal].map((s) => lit(s.codePointAt(0) as number));
        return items.length === 1 ? items[0] : { t: 'cat', items };
      }
    }
    if (!inClass) {
      switch (ch) {
        case 'A': return { t: 'assert', kind: 'bot' };
        case 'z': return { t: 'assert', kind: 'eot' };
        case 'b': return { t: 'assert', kind: 'wordb' };
        case 'B': return { t: 'assert', kind: 'nonwordb' };
      }
    }
    if (c >= 0x30 && c <= 0x37) {
      // Octal: \0, \12, \123 (a first digit 1-7 needs more digits, since \1 would be a backreference).
      if (c !== 0x30 && !(this.peek() !== undefined && (this.peek() as number) >= 0x30 && (this.peek() as number) <= 0x37)) {
        syntaxError('invalid escape sequence', this.text(start, this.pos));
      }
      let v = c - 0x30;
      for (let k = 0; k < 2 && this.peek() !== undefined && (this.peek() as number) >= 0x30 && (this.peek() as number) <= 0x37; k++) {
        v = v * 8 + ((this.peek() as number) - 0x30);
        this.pos++;
      }
      return lit(v);
    }
    if (c < 0x80 && !/[0-9A-Za-z]/.test(ch)) return lit(c);
    syntaxError('invalid escape sequence', this.text(start, this.pos));
  }

  parseClass(flags: Flags): Pred {
    const start = this.pos;
    this.pos++;
    let neg = false;
    if (this.peek() === 0x5e) {
      neg = true;
      this.pos++;
    }
    const preds: Pred[] = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) syntaxError('missing closing ]', this.text(start));
      if (c === 0x5d && !first) {
        this.pos++;
        break;
      }
      first = false;
      // POSIX class [:name:]
      if (c === 0x5b && this.peek(1) === 0x3a) {
        const close = this.text(this.pos).indexOf(':]');
        if (close > 0) {
          let name = this.text(this.pos + 2, this.pos + close);
          let pneg = false;
          if (name.startsWith('^')) {
            pneg = true;
            name = name.slice(1);
          }
          const p = Object.hasOwn(posixClasses, name) ? posixClasses[name] : undefined;
          if (p === undefined) syntaxError('invalid character class range', this.text(this.pos, this.pos + close + 2));
          preds.push(pneg ? (r) => !p(r) : p);
          this.pos += [...this.text(this.pos, this.pos + close + 2)].length;
          continue;
        }
      }
      const lo = this.classChar(flags, preds);
      if (lo === null) continue;
      if (this.peek() === 0x2d && this.peek(1) !== undefined && this.peek(1) !== 0x5d) {
        const rangeStart = this.pos - 1;
        this.pos++;
        const hi = this.classChar(flags, null);
        if (hi === null || hi < lo) syntaxError('invalid character class range', this.text(rangeStart, this.pos));
        preds.push((r) => r >= lo && r <= hi);
      } else preds.push((r) => r === lo);
    }
    const base: Pred = (r) => preds.some((p) => p(r));
    const folded = withFold(base, flags.i);
    // Go's Perl mode sets ClassNL: a negated class such as [^a] matches "\n".
    return neg ? (r) => !folded(r) : folded;
  }

  /** Reads one class member; a Perl/Unicode class is pushed to `preds` and null returned. */
  classChar(flags: Flags, preds: Pred[] | null): number | null {
    const c = this.peek() as number;
    if (c === 0x5c) {
      const save = this.pos;
      const atom = this.parseEscape({ ...flags, i: false }, true);
      if (atom.t === 'char') {
        // Single literal escapes come back as equality predicates; recover the code point.
        const esc = this.text(save, this.pos);
        const single = literalOfEscape(esc);
        if (single !== null) return single;
        if (preds === null) syntaxError('invalid character class range', esc);
        preds.push(atom.pred);
        return null;
      }
      syntaxError('invalid escape sequence', this.text(save, this.pos));
    }
    this.pos++;
    return c;
  }
}

function literalOfEscape(esc: string): number | null {
  const simple: Record<string, number> = { '\\a': 7, '\\f': 12, '\\t': 9, '\\n': 10, '\\r': 13, '\\v': 11 };
  if (esc in simple) return simple[esc];
  let m = /^\\x\{([0-9a-fA-F]+)\}$/.exec(esc) ?? /^\\x([0-9a-fA-F]{2})$/.exec(esc);
  if (m) return parseInt(m[1], 16);
  m = /^\\([0-7]{1,3})$/.exec(esc);
  if (m) return parseInt(m[1], 8);
  if (/^\\[^0-9A-Za-z]$/u.test(esc)) return esc.codePointAt(1) as number;
  return null;
}

// --- compiler ---

function compile(ast: Ast): Inst[] {
  const prog: Inst[] = [];
  const emit = (i: Inst): number => {
    prog.push(i);
    if (prog.length > maxProgram) throw new SyntaxError_('error parsing regexp: expression too large');
    return prog.length - 1;
  };
  const gen = (n: Ast): void => {
    switch (n.t) {
      case 'empty': return;
      case 'char': emit({ op: 'char', pred: n.pred }); return;
      case 'assert': emit({ op: 'assert', kind: n.kind }); return;
      case 'cat': for (const x of n.items) gen(x); return;
      case 'alt': {
        const jumps: number[] = [];
        for (let k = 0; k < n.items.length; k++) {
          if (k < n.items.length - 1) {
            const split = emit({ op: 'split', x: 0, y: 0 });
            (prog[split] as { x: number }).x = prog.length;
            gen(n.items[k]);
            jumps.push(emit({ op: 'jmp', x: 0 }));
            (prog[split] as { y: number }).y = prog.length;
          } else gen(n.items[k]);
        }
        for (const j of jumps) (prog[j] as { x: number }).x = prog.length;
        return;
      }
      case 'group':
        emit({ op: 'save', n: 2 * n.index });
        gen(n.sub);
        emit({ op: 'save', n: 2 * n.index + 1 });
        return;
      case 'repeat': {
        for (let k = 0; k < n.min; k++) gen(n.sub);
        if (n.max < 0) {
          // x*: L: split body, out; body; jmp L
          const split = emit({ op: 'split', x: 0, y: 0 });
          const body = prog.length;
          gen(n.sub);
          emit({ op: 'jmp', x: split });
          const out = prog.length;
          prog[split] = n.greedy ? { op: 'split', x: body, y: out } : { op: 'split', x: out, y: body };
        } else {
          const splits: number[] = [];
          for (let k = n.min; k < n.max; k++) {
            splits.push(emit({ op: 'split', x: 0, y: 0 }));
            const body = prog.length;
            gen(n.sub);
            (prog[splits[splits.length - 1]] as { x: number; y: number }).x = body;
          }
          const out = prog.length;
          for (const s of splits) {
            const body = (prog[s] as { x: number }).x;
            prog[s] = n.greedy ? { op: 'split', x: body, y: out } : { op: 'split', x: out, y: body };
          }
        }
        return;
      }
    }
  };
  emit({ op: 'save', n: 0 });
  gen(ast);
  emit({ op: 'save', n: 1 });
  emit({ op: 'match' });
  return prog;
}

// --- the VM ---

interface Thread {
  pc: number;
  caps: number[];
}

/** A compiled regular expression with Go's matching methods. */
export class GoRegexp {
  readonly source: string;
  readonly prog: Inst[];
  readonly ncap: number;
  readonly names: string[];
  /** Charged per VM step so a regex cannot exceed the template's step budget. */
  charge: (n: number) => void = () => undefined;

  constructor(source: string) {
    this.source = source;
    const p = new Parser(source);
    const ast = p.parseAlt({ i: false, m: false, s: false, U: false });
    if (p.pos < p.cps.length) {
      if (p.cps[p.pos] === 0x29) syntaxError('unexpected )', source);
      syntaxError('missing closing )', source);
    }
    this.ncap = p.ncap;
    this.names = p.names;
    this.prog = compile(ast);
  }

  /** Returns the leftmost-first match at or after `from` in cps: capture positions (code point indexes) or null. */
  exec(cps: number[], from: number): number[] | null {
    const prog = this.prog;
    const nslots = 2 * (this.ncap + 1);
    let matched: number[] | null = null;
    const seen = new Int32Array(prog.length).fill(-1);
    let gen = 0;
    let steps = 0;

    // Adds the thread at pc and everything reachable without consuming input, in priority order.
    const add = (list: Thread[], pc: number, caps: number[], at: number): void => {
      const stack: [number, number[]][] = [[pc, caps]];
      while (stack.length > 0) {
        const [p, c] = stack.pop() as [number, number[]];
        if (seen[p] === gen) continue;
        seen[p] = gen;
        steps++;
        const inst = prog[p];
        switch (inst.op) {
          case 'jmp': stack.push([inst.x, c]); break;
          case 'split': stack.push([inst.y, c], [inst.x, c]); break;
          case 'save': {
            const nc = c.slice();
            nc[inst.n] = at;
            stack.push([p + 1, nc]);
            break;
          }
          case 'assert':
            if (assertion(inst.kind, cps, at)) stack.push([p + 1, c]);
            break;
          default:
            list.push({ pc: p, caps: c });
        }
      }
    };

    const empty = new Array<number>(nslots).fill(-1);
    let clist: Thread[] = [];
    gen++;
    add(clist, 0, empty, from);
    for (let at = from; at <= cps.length; at++) {
      // Keep scanning while nothing matched: a match may still start further on.
      if (clist.length === 0 && matched !== null) break;
      gen++;
      const nlist: Thread[] = [];
      const r = at < cps.length ? cps[at] : -1;
      for (const th of clist) {
        steps++;
        const inst = prog[th.pc];
        if (inst.op === 'match') {
          matched = th.caps;
          break; // lower-priority threads are cut off
        }
        if (inst.op === 'char' && r >= 0 && inst.pred(r)) add(nlist, th.pc + 1, th.caps, at + 1);
      }
      // Until something matched, a match may also start at the next position (lowest priority).
      if (matched === null && at < cps.length) add(nlist, 0, empty, at + 1);
      if (steps > 4096) {
        this.charge(steps >> 4);
        steps = 0;
      }
      clist = nlist;
    }
    this.charge(steps >> 4);
    return matched;
  }
}

function assertion(kind: string, cps: number[], at: number): boolean {
  const before = at > 0 ? cps[at - 1] : -1;
  const after = at < cps.length ? cps[at] : -1;
  switch (kind) {
    case 'bot': return at === 0;
    case 'eot': return at === cps.length;
    case 'bol': return at === 0 || before === 0x0a;
    case 'eol': return at === cps.length || after === 0x0a;
    case 'wordb': return (before >= 0 && isWordChar(before)) !== (after >= 0 && isWordChar(after));
    default: return (before >= 0 && isWordChar(before)) === (after >= 0 && isWordChar(after));
  }
}

/** Returns a regexp compiled from Go syntax; throws GoError("error parsing regexp: ..."). */
export function compileRegexp(source: string): GoRegexp {
  return new GoRegexp(source);
}

/** Returns the message regexp.MustCompile panics with. */
export function mustCompileMessage(source: string, err: GoError): string {
  // strconv.CanBackquote: no backquote, no control characters other than tab.
  const q = [...source].every((c) => c !== '`' && c !== '\uFEFF' && (c === '\t' || c.charCodeAt(0) >= 0x20) && c !== '\x7f') ? '`' + source + '`' : JSON.stringify(source);
  return `regexp: Compile(${q}): ${err.message}`;
}

/** A string split into code points, with the UTF-16 offsets of each. */
export class Text {
  readonly s: string;
  readonly cps: number[];
  readonly offsets: number[];
  constructor(s: string) {
    this.s = s;
    this.cps = [];
    this.offsets = [];
    let i = 0;
    for (const ch of s) {
      this.cps.push(ch.codePointAt(0) as number);
      this.offsets.push(i);
      i += ch.length;
    }
    this.offsets.push(s.length);
  }
  slice(a: number, b: number): string {
    return this.s.slice(this.offsets[a], this.offsets[b]);
  }
}

/** Returns all successive non-overlapping matches (Go's allMatches), at most n when n >= 0. */
export function allMatches(re: GoRegexp, t: Text, n: number): number[][] {
  const out: number[][] = [];
  const end = t.cps.length;
  let pos = 0;
  let prevMatchEnd = -1;
  while ((n < 0 || out.length < n) && pos <= end) {
    const m = re.exec(t.cps, pos);
    if (m === null) break;
    let accept = true;
    if (m[1] === pos) {
      if (m[0] === prevMatchEnd) accept = false;
      pos += 1;
    } else pos = m[1];
    prevMatchEnd = m[1];
    if (accept) out.push(m);
  }
  return out;
}

/** Returns re.ReplaceAllString(src, repl) (literal: ReplaceAllLiteralString). */
export function replaceAll(re: GoRegexp, src: string, repl: string, literal: boolean, limit = Infinity): string {
  const t = new Text(src);
  const end = t.cps.length;
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= end) {
    const a = re.exec(t.cps, searchPos);
    if (a === null) break;
    out += t.slice(lastMatchEnd, a[0]);
    if (a[1] > lastMatchEnd || a[0] === 0) out += literal ? repl : expand(re, repl, t, a);
    if (out.length > limit) throw new GoError(`regexp: replacement exceeds the limit of ${limit} bytes`);
    lastMatchEnd = a[1];
    if (searchPos + 1 > a[1]) searchPos++;
    else searchPos = a[1];
  }
  return out + t.slice(lastMatchEnd, end);
}

function expand(re: GoRegexp, template: string, t: Text, m: number[]): string {
  let out = '';
  let rest = template;
  for (;;) {
    const i = rest.indexOf('$');
    if (i < 0) break;
    out += rest.slice(0, i);
    rest = rest.slice(i + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ex = extractName(rest);
    if (ex === null) {
      out += '$';
      continue;
    }
    rest = ex.rest;
    let idx = -1;
    if (ex.num >= 0) idx = ex.num;
    else idx = re.names.indexOf(ex.name);
    if (idx >= 0 && 2 * idx + 1 < m.length && m[2 * idx] >= 0) out += t.slice(m[2 * idx], m[2 * idx + 1]);
  }
  return out + rest;
}

function extractName(str: string): { name: string; num: number; rest: string } | null {
  if (str === '') return null;
  let brace = false;
  let s = str;
  if (s[0] === '{') {
    brace = true;
    s = s.slice(1);
  }
  const m = /^[\p{L}\p{Nd}_]+/u.exec(s);
  if (!m) return null;
  const name = m[0];
  let i = name.length;
  if (brace) {
    if (s[i] !== '}') return null;
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length < 9 ? Number(name) : -1;
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: s.slice(i) };
}

/** Returns re.Split(s, n). */
export function split(re: GoRegexp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (re.source.length > 0 && s.length === 0) return [''];
  const t = new Text(s);
  const matches = allMatches(re, t, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = m[0];
    if (m[1] !== 0) out.push(t.slice(beg, end));
    beg = m[1];
  }
  if (end !== t.cps.length) out.push(t.slice(beg, t.cps.length));
  return out;
}

/** Returns regexp.QuoteMeta(s). */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
