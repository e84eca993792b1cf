// YAML as Helm's toYaml/fromYaml produce and read it.
//
// toYaml is sigs.k8s.io/yaml.Marshal: the value goes through JSON, is re-read by gopkg.in/yaml.v2
// and written by yaml.v2's emitter (a port of libyaml). The emitter is reproduced here for
// block mappings and sequences: keys sorted in yaml.v2's "natural" order, sequences not indented
// under their key, strings plain when they would read back as strings, single-quoted when plain
// is not allowed, double-quoted (with escapes) when single quotes cannot hold them, literal
// blocks (|, |-, |+) for multi-line text, and long lines folded at spaces past column 80.
// toYamlPretty is goyaml.v3 with an indent of 2 (sequences indented under their key).
//
// fromYaml is sigs.k8s.io/yaml.Unmarshal: yaml.v2's YAML 1.1 scalar resolution (yes/on are
// booleans, 0777 is octal, timestamps stay strings), then JSON (every number a float64).

import { parseDocument, isAlias, isMap as isYamlMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { parseFloat64, parseInt64, parseUint } from './parser.ts';
import { formatFloat } from './printf.ts';
import { isDigit, isLetter } from './unicode.ts';
import { GoError, Int64, isGoObject, isList, isMap, newMap, runes } from './values.ts';

// ---------------------------------------------------------------------------------------------
// yaml.v2 scalar resolution

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const base60Float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

const resolveMap: Record<string, unknown> = {};
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) resolveMap[w] = true;
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) resolveMap[w] = false;
for (const w of ['', '~', 'null', 'Null', 'NULL']) resolveMap[w] = null;
for (const w of ['.nan', '.NaN', '.NAN']) resolveMap[w] = NaN;
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) resolveMap[w] = Infinity;
for (const w of ['-.inf', '-.Inf', '-.INF']) resolveMap[w] = -Infinity;

const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Returns whether yaml.v2 reads s (unquoted) as a timestamp. */
function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d, sep, h, mi, se, frac, zone] = m;
  const month = Number(mo);
  if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysIn(Number(y), month)) return false;
  if (sep === undefined) return true;
  if (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return false;
  if (frac !== undefined && frac.length > 10) return false;
  if (sep === ' ') return zone === undefined;
  if (zone === undefined) return false;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return false;
  return true;
}

type Resolved = { tag: 'str'; value: string } | { tag: 'bool' | 'null' | 'int' | 'float' | 'timestamp'; value: unknown };

/** Returns yaml.v2's resolve("", s): the tag and value of a plain scalar. */
export function resolvePlain(s: string): Resolved {
  const c = s[0];
  const hint = s === '' ? 'N' : /[+-]/.test(c) ? 'S' : /[0-9]/.test(c) ? 'D' : /[yYnNtTfFoO~]/.test(c) ? 'M' : c === '.' ? '.' : '';
  if (hint !== '') {
    if (Object.hasOwn(resolveMap, s)) {
      const v = resolveMap[s];
      return { tag: v === null ? 'null' : typeof v === 'boolean' ? 'bool' : 'float', value: v };
    }
    if (hint === '.') {
      const f = parseFloat64(s);
      if (f !== null) return { tag: 'float', value: f };
    } else if (hint === 'D' || hint === 'S') {
      if (isTimestamp(s)) return { tag: 'timestamp', value: s };
      const plain = s.replace(/_/g, '');
      const i = parseInt64(plain);
      if (i !== null) return { tag: 'int', value: i };
      const u = parseUint(plain);
      if (u !== null) return { tag: 'int', value: u };
      if (yamlStyleFloat.test(plain)) {
        const f = parseFloat64(plain);
        if (f !== null) return { tag: 'float', value: f };
      }
      if (plain.startsWith('0b') && /^[01]+$/.test(plain.slice(2))) return { tag: 'int', value: BigInt('0b' + plain.slice(2)) };
      if (plain.startsWith('-0b') && /^[01]+$/.test(plain.slice(3))) return { tag: 'int', value: -BigInt('0b' + plain.slice(3)) };
    }
  }
  return { tag: 'str', value: s };
}

// ---------------------------------------------------------------------------------------------
// yaml.v2 key order

/** Returns yaml.v2's keyList.Less for two string keys (digit runs compare as numbers). */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = runes(a);
  const br = runes(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai] - 0x30);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi] - 0x30);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function sortYamlKeys(keys: string[]): string[] {
  return keys.sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// The emitter

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function isBreak(r: number): boolean {
  return r === 0x0d || r === 0x0a || r === 0x85 || r === 0x2028 || r === 0x2029;
}

function isPrintable(r: number): boolean {
  return r === 0x0a || (r >= 0x20 && r <= 0x7e) || (r >= 0xa0 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd && r !== 0xfeff);
}

function isBlankz(r: number | undefined): boolean {
  return r === undefined || r === 0x20 || r === 0x09 || isBreak(r) || r === 0;
}

/** Returns libyaml's yaml_emitter_analyze_scalar verdict for a (block-context) scalar. */
function analyzeScalar(s: string): ScalarAnalysis {
  const cps = runes(s);
  if (cps.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let followedByWhitespace = isBlankz(cps[1]);
  for (let i = 0; i < cps.length; i++) {
    const c = String.fromCodePoint(cps[i]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (c === '?' || c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(c)) flowIndicators = true;
      if (c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    const r = cps[i];
    if (!isPrintable(r)) specialCharacters = true;
    if (isBreak(r)) lineBreaks = true;
    if (r === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(r)) {
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(r);
    if (i + 1 < cps.length) followedByWhitespace = isBlankz(cps[i + 2]);
  }
  const a: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  void flowIndicators;
  return a;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

const bestWidth = 80;

class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  readonly indentSequences: boolean;
  readonly charge: (n: number) => void;

  constructor(indentSequences: boolean, charge: (n: number) => void) {
    this.indentSequences = indentSequences;
    this.charge = charge;
  }

  put(s: string): void {
    this.out += s;
    for (const ch of s) {
      if (ch === '\n') this.column = 0;
      else this.column++;
    }
  }

  writeIndent(indent: number): void {
    indent = Math.max(indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.out += '\n';
      this.column = 0;
    }
    if (this.column < indent) {
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }

  indicator(s: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(s);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** Chooses the style of a string scalar (yaml.v2's stringv + libyaml's select_scalar_style). */
  styleOf(s: string, simpleKey: boolean, canUsePlain: boolean): Style {
    const a = analyzeScalar(s);
    let style: Style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (s.length === 0 && simpleKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
    return style;
  }

  scalar(text: string, style: Style, indent: number, allowBreaks: boolean): void {
    this.charge(1 + (text.length >> 6));
    switch (style) {
      case 'plain': this.writePlain(text, indent, allowBreaks); break;
      case 'single': this.writeSingle(text, indent, allowBreaks); break;
      case 'double': this.writeDouble(text, indent, allowBreaks); break;
      case 'literal': this.writeLiteral(text, indent); break;
    }
  }

  writePlain(text: string, indent: number, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const cps = runes(text);
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const r = cps[i];
      if (r === 0x20) {
        if (allowBreaks && !spaces && this.column > bestWidth && cps[i + 1] !== 0x20) this.writeIndent(indent);
        else this.put(' ');
        spaces = true;
      } else {
        this.put(String.fromCodePoint(r));
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  writeSingle(text: string, indent: number, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    const cps = runes(text);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const r = cps[i];
      if (r === 0x20) {
        if (allowBreaks && !spaces && this.column > bestWidth && i !== 0 && i !== cps.length - 1 && cps[i + 1] !== 0x20) this.writeIndent(indent);
        else this.put(' ');
        spaces = true;
      } else if (isBreak(r)) {
        if (!breaks && r === 0x0a) this.put('\n');
        this.put('\n');
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        if (r === 0x27) this.put("'");
        this.put(String.fromCodePoint(r));
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.indicator("'", false, false, false);
  }

  writeDouble(text: string, indent: number, allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    const cps = runes(text);
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const r = cps[i];
      if (!isPrintable(r) || r === 0xfeff || isBreak(r) || r === 0x22 || r === 0x5c) {
        let esc: string;
        switch (r) {
          case 0x00: esc = '0'; break;
          case 0x07: esc = 'a'; break;
          case 0x08: esc = 'b'; break;
          case 0x09: esc = 't'; break;
          case 0x0a: esc = 'n'; break;
          case 0x0b: esc = 'v'; break;
          case 0x0c: esc = 'f'; break;
          case 0x0d: esc = 'r'; break;
          case 0x1b: esc = 'e'; break;
          case 0x22: esc = '"'; break;
          case 0x5c: esc = '\\'; break;
          case 0x85: esc = 'N'; break;
          case 0xa0: esc = '_'; break;
          case 0x2028: esc = 'L'; break;
          case 0x2029: esc = 'P'; break;
          default: {
            const h = r.toString(16).toUpperCase();
            esc = r <= 0xff ? 'x' + h.padStart(2, '0') : r <= 0xffff ? 'u' + h.padStart(4, '0') : 'U' + h.padStart(8, '0');
          }
        }
        this.put('\\' + esc);
        spaces = false;
      } else if (r === 0x20) {
        if (allowBreaks && !spaces && this.column > bestWidth && i !== 0 && i !== cps.length - 1) {
          this.writeIndent(indent);
          if (cps[i + 1] === 0x20) this.put('\\');
        } else this.put(' ');
        spaces = true;
      } else {
        this.put(String.fromCodePoint(r));
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
  }

  writeLiteral(text: string, indent: number): void {
    this.indicator('|', true, false, false);
    const cps = runes(text);
    if (cps[0] === 0x20 || isBreak(cps[0])) this.indicator('2', false, false, false);
    let chomp = '';
    const n = cps.length;
    if (n === 0 || !isBreak(cps[n - 1])) chomp = '-';
    else if (n === 1 || isBreak(cps[n - 2])) chomp = '+';
    if (chomp !== '') this.indicator(chomp, false, false, false);
    this.put('\n');
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const r of cps) {
      if (isBreak(r)) {
        this.put('\n');
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) {
          this.out += ' '.repeat(Math.max(indent, 0));
          this.column = Math.max(indent, 0);
        }
        this.put(String.fromCodePoint(r));
        this.indention = false;
        breaks = false;
      }
    }
    this.whitespace = true;
  }

  /** Writes any value as a block node; `indent` is the current block's indentation. */
  node(v: unknown, indent: number, context: 'root' | 'mapping' | 'sequence', depth: number): void {
    if (depth > 10_000) throw new GoError('yaml: value nests too deeply');
    if (isMap(v)) {
      const keys = sortYamlKeys(Object.keys(v));
      if (keys.length === 0) {
        this.indicator('{}', true, false, false);
        return;
      }
      const mapIndent = context === 'root' ? 0 : indent + 2;
      for (const k of keys) this.mappingEntry(k, v[k], mapIndent, depth);
      return;
    }
    if (isList(v)) {
      if (v.length === 0) {
        this.indicator('[]', true, false, false);
        return;
      }
      let seqIndent: number;
      if (context === 'root') seqIndent = 0;
      else if (context === 'mapping' && !this.indentSequences) seqIndent = indent;
      else seqIndent = indent + 2;
      for (const item of v) {
        this.charge(1);
        this.writeIndent(seqIndent);
        this.indicator('-', true, false, true);
        this.node(item, seqIndent, 'sequence', depth + 1);
      }
      return;
    }
    this.scalarValue(v, context === 'root' ? 2 : indent + 2, false);
  }

  mappingEntry(key: string, value: unknown, indent: number, depth: number): void {
    this.charge(1);
    this.writeIndent(indent);
    const keyPlain = resolvePlain(key).tag === 'str' && !base60Float.test(key) && !(this.indentSequences && isOldBool(key));
    const a = analyzeScalar(key);
    const simple = !a.multiline && byteLen(key) <= 128;
    if (simple) {
      this.scalar(key, this.styleOf(key, true, keyPlain), indent, false);
      this.indicator(':', false, false, false);
    } else {
      this.indicator('?', true, false, true);
      this.scalar(key, this.styleOf(key, false, keyPlain), indent + 2, true);
      this.writeIndent(indent);
      this.indicator(':', true, false, true);
    }
    this.node(value, indent, 'mapping', depth + 1);
  }

  scalarValue(v: unknown, indent: number, simpleKey: boolean): void {
    if (v === null || v === undefined) {
      this.scalar('null', 'plain', indent, !simpleKey);
      return;
    }
    if (typeof v === 'boolean') {
      this.scalar(v ? 'true' : 'false', 'plain', indent, !simpleKey);
      return;
    }
    if (typeof v === 'bigint') {
      this.scalar(v.toString(), 'plain', indent, !simpleKey);
      return;
    }
    if (v instanceof Int64) {
      this.scalar(v.value.toString(), 'plain', indent, !simpleKey);
      return;
    }
    if (typeof v === 'number') {
      let s = formatFloat(v, 'g', -1);
      if (s === '+Inf') s = '.inf';
      else if (s === '-Inf') s = '-.inf';
      else if (s === 'NaN') s = '.nan';
      this.scalar(s, 'plain', indent, !simpleKey);
      return;
    }
    const s = String(v);
    const canUsePlain = resolvePlain(s).tag === 'str' && !base60Float.test(s) && !(this.indentSequences && isOldBool(s));
    this.scalar(s, this.styleOf(s, simpleKey, canUsePlain), indent, !simpleKey);
  }
}

function isOldBool(s: string): boolean {
  return /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(s);
}

function byteLen(s: string): number {
  return Buffer.byteLength(s);
}

/**
 * Returns the value as yaml.v2 sees it after a JSON round trip: integral JSON numbers
 * become ints, others float64, objects maps; throws GoError when JSON cannot encode it.
 */
function viaJson(v: unknown, depth: number, seen: Set<object>): unknown {
  if (depth > 10_000) throw new GoError('json: value nests too deeply');
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new GoError(`json: unsupported value: ${formatFloat(v, 'g', -1)}`);
    // json.Marshal prints integral floats below 1e21 without a decimal point, which yaml.v2
    // reads as an int when it fits int64/uint64 and as a float64 otherwise.
    if (Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 64) return BigInt(v);
    return v;
  }
  if (typeof v === 'function') throw new GoError('json: unsupported type: func()');
  if (isGoObject(v)) return viaJson(v.goJson(), depth + 1, seen);
  if (typeof v !== 'object') return v;
  if (seen.has(v as object)) throw new GoError('json: unsupported value: encountered a cycle');
  seen.add(v as object);
  let out: unknown;
  if (isList(v)) out = v.map((e) => viaJson(e, depth + 1, seen));
  else if (isMap(v)) {
    const m = newMap();
    for (const k of Object.keys(v)) m[k] = viaJson(v[k], depth + 1, seen);
    out = m;
  } else out = v;
  seen.delete(v as object);
  return out;
}

/** Returns sigs.k8s.io/yaml.Marshal(v) without the trailing newline (Helm's toYaml). */
export function toYamlV2(v: unknown, charge: (n: number) => void): string {
  const e = new Emitter(false, charge);
  e.node(viaJson(v, 0, new Set()), -1, 'root', 0);
  return e.out;
}

/** Returns goyaml.v3's encoding of v with indent 2, without the trailing newline (toYamlPretty). */
export function toYamlV3(v: unknown, charge: (n: number) => void): string {
  const e = new Emitter(true, charge);
  e.node(direct(v, 0), -1, 'root', 0);
  return e.out;
}

function direct(v: unknown, depth: number): unknown {
  if (depth > 10_000) throw new GoError('yaml: value nests too deeply');
  if (isGoObject(v)) return v.goString();
  if (isList(v)) return v.map((e) => direct(e, depth + 1));
  if (isMap(v)) {
    const m = newMap();
    for (const k of Object.keys(v)) m[k] = direct(v[k], depth + 1);
    return m;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// fromYaml

function yamlError(doc: Document): GoError | undefined {
  const err = doc.errors[0];
  if (err === undefined) return undefined;
  const line = err.linePos?.[0]?.line ?? 1;
  const msg = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return new GoError(`error converting YAML to JSON: yaml: line ${line}: ${msg.charAt(0).toLowerCase()}${msg.slice(1)}`);
}

/** Returns the JSON-compatible Go value of a YAML node (yaml.v2 resolution, then JSON numbers). */
function fromNode(node: YamlNode | null | undefined, doc: Document, charge: (n: number) => void, depth: number): unknown {
  if (depth > 1000) throw new GoError('error converting YAML to JSON: yaml: exceeded max depth');
  charge(1);
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return fromNode(node.resolve(doc) as YamlNode | undefined, doc, charge, depth + 1);
  if (isScalar(node)) {
    const text = String(node.value ?? '');
    const tag = node.tag;
    if (tag !== undefined && tag !== '!') {
      const short = tag.replace('tag:yaml.org,2002:', '!!');
      if (short === '!!str') return text;
      if (short === '!!null') return null;
      const r = resolvePlain(text);
      if (short === '!!int' && r.tag === 'int') return Number(r.value);
      if (short === '!!float' && (r.tag === 'float' || r.tag === 'int')) return Number(r.value);
      if (short === '!!bool' && r.tag === 'bool') return r.value;
      return text;
    }
    if (node.type !== 'PLAIN') return text;
    const r = resolvePlain(text);
    switch (r.tag) {
      case 'null': return null;
      case 'bool': return r.value;
      case 'int': return Number(r.value);
      case 'float': {
        const f = r.value as number;
        if (!Number.isFinite(f)) throw new GoError(`error converting YAML to JSON: json: unsupported value: ${formatFloat(f, 'g', -1)}`);
        return f;
      }
      default: return text;
    }
  }
  if (isSeq(node)) return node.items.map((n) => fromNode(n as YamlNode, doc, charge, depth + 1));
  if (isYamlMap(node)) {
    const m = newMap();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<') {
        // A merge key: earlier keys win over merged ones, as in yaml.v2.
        const merged = fromNode(pair.value as YamlNode, doc, charge, depth + 1);
        const sources = isList(merged) ? merged : [merged];
        for (const src of sources) {
          if (!isMap(src)) throw new GoError('error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value');
          for (const k of Object.keys(src)) if (!Object.hasOwn(m, k)) m[k] = src[k];
        }
        continue;
      }
      const key = fromNode(keyNode, doc, charge, depth + 1);
      const keyString = typeof key === 'string' ? key : key === null ? 'null' : typeof key === 'number' ? formatFloat(key, 'g', -1) : String(key);
      m[keyString] = fromNode(pair.value as YamlNode, doc, charge, depth + 1);
    }
    return m;
  }
  return null;
}

/** Returns sigs.k8s.io/yaml.Unmarshal of the first document into interface{}; throws GoError. */
export function parseYaml(text: string, charge: (n: number) => void): unknown {
  charge(1 + (text.length >> 6));
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false }) as Document;
  const err = yamlError(doc);
  if (err) throw err;
  return fromNode(doc.contents as YamlNode | null, doc, charge, 0);
}

function kindForJson(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (isList(v)) return 'array';
  return 'object';
}

/** Returns Helm's fromYaml: a map, with the error text under "Error" when parsing fails. */
export function fromYamlMap(text: string, charge: (n: number) => void): Record<string, unknown> {
  try {
    const v = parseYaml(text, charge);
    if (v === null) return newMap();
    if (!isMap(v)) {
      const m = newMap();
      m.Error = `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kindForJson(v)} into Go value of type map[string]interface {}`;
      return m;
    }
    return v;
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    const m = newMap();
    m.Error = e.message;
    return m;
  }
}

/** Returns Helm's fromYamlArray: a list, or a list holding the error text. */
export function fromYamlList(text: string, charge: (n: number) => void): unknown[] {
  try {
    const v = parseYaml(text, charge);
    if (v === null) return [];
    if (!isList(v)) return [`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kindForJson(v)} into Go value of type []interface {}`];
    return v;
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    return [e.message];
  }
}
