// Sprig's semver and semverCompare (Masterminds/semver v3): loose versions ("1.2" is 1.2.0,
// a leading "v" is allowed), constraints with =, !=, >, <, >=, <=, ~, ~>, ^, x/X/* wildcards,
// "a - b" ranges, "," or space for AND and "||" for OR, and the rule that a prerelease version
// only satisfies a constraint that itself names a prerelease.

import { GoError, type FuncDef, type GoObject } from '../values.ts';
import { fn } from './conv.ts';

const versionRe = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

/** A *semver.Version; its methods are callable from templates: (semver "1.2.3").Major. */
export class SemverVersion implements GoObject {
  readonly goType = '*semver.Version';
  readonly goKind = 'ptr';
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;

  constructor(major: bigint, minor: bigint, patch: bigint, pre: string, metadata: string, original: string) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = pre;
    this.metadata = metadata;
    this.original = original;
  }

  goString(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.pre) s += '-' + this.pre;
    if (this.metadata) s += '+' + this.metadata;
    return s;
  }

  goJson(): unknown {
    return this.goString();
  }

  goMethod(name: string): FuncDef | undefined {
    const v: SemverVersion = this as SemverVersion;
    const other = (x: unknown): SemverVersion => {
      if (!(x instanceof SemverVersion)) throw new GoError('runtime error: invalid memory address or nil pointer dereference');
      return x;
    };
    switch (name) {
      case 'Major': return fn([], () => v.major);
      case 'Minor': return fn([], () => v.minor);
      case 'Patch': return fn([], () => v.patch);
      case 'Prerelease': return fn([], () => v.pre);
      case 'Metadata': return fn([], () => v.metadata);
      case 'Original': return fn([], () => v.original);
      case 'String': return fn([], () => v.goString());
      case 'Compare': return fn(['any'], (_c, o: unknown) => BigInt(compare(v, other(o))));
      case 'LessThan': return fn(['any'], (_c, o: unknown) => compare(v, other(o)) < 0);
      case 'GreaterThan': return fn(['any'], (_c, o: unknown) => compare(v, other(o)) > 0);
      case 'Equal': return fn(['any'], (_c, o: unknown) => compare(v, other(o)) === 0);
      case 'IncPatch': return fn([], () => v.pre ? new SemverVersion(v.major, v.minor, v.patch, '', '', '') : new SemverVersion(v.major, v.minor, v.patch + 1n, '', '', ''));
      case 'IncMinor': return fn([], () => new SemverVersion(v.major, v.minor + 1n, 0n, '', '', ''));
      case 'IncMajor': return fn([], () => new SemverVersion(v.major + 1n, 0n, 0n, '', '', ''));
      default: return undefined;
    }
  }
}

function validIdentifiers(s: string, numericNoLeadingZero: boolean): boolean {
  for (const part of s.split('.')) {
    if (numericNoLeadingZero && /^[0-9]+$/.test(part) && part.length > 1 && part[0] === '0') return false;
  }
  return true;
}

/** Returns semver.NewVersion(s); throws GoError("Invalid Semantic Version"). */
export function parseVersion(s: string): SemverVersion {
  const m = versionRe.exec(s);
  if (!m) throw new GoError('Invalid Semantic Version');
  const part = (x: string | undefined): bigint => {
    if (x === undefined) return 0n;
    const v = BigInt(x.replace(/^\./, ''));
    if (v > 0xffffffffffffffffn) throw new GoError('Invalid Semantic Version');
    return v;
  };
  const pre = m[5] ?? '';
  const meta = m[8] ?? '';
  if (pre && !validIdentifiers(pre, true)) throw new GoError('Invalid Prerelease string');
  return new SemverVersion(part(m[1]), part(m[2]), part(m[3]), pre, meta, s);
}

function comparePrePart(a: string, b: string): number {
  if (a === b) return 0;
  const an = /^[0-9]+$/.test(a);
  const bn = /^[0-9]+$/.test(b);
  if (an && bn) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : 1;
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const ap = a.split('.');
  const bp = b.split('.');
  for (let i = 0; i < Math.max(ap.length, bp.length); i++) {
    if (i >= ap.length) return -1;
    if (i >= bp.length) return 1;
    const c = comparePrePart(ap[i], bp[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Returns Version.Compare: -1, 0 or 1 (build metadata ignored). */
export function compare(a: SemverVersion, b: SemverVersion): number {
  for (const [x, y] of [[a.major, b.major], [a.minor, b.minor], [a.patch, b.patch]]) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return comparePrerelease(a.pre, b.pre);
}

// --- constraints ---

const cv = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const ops = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const constraintRe = new RegExp(`^\\s*(${ops})\\s*(${cv})\\s*$`);
const rangeRe = new RegExp(`\\s*(${cv})\\s+-\\s+(${cv})\\s*`, 'g');
const findRe = new RegExp(`(${ops})\\s*(${cv})`, 'g');
const validRe = new RegExp(`^(\\s*(${ops})\\s*(${cv})\\s*\\,?)+$`);

interface Constraint {
  op: string;
  con: SemverVersion;
  orig: string;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

function isX(s: string): boolean {
  return s === 'x' || s === 'X' || s === '*';
}

function parseConstraint(c: string): Constraint {
  const m = constraintRe.exec(c);
  if (!m) throw new GoError(`improper constraint: ${c}`);
  // Go's regexp picks the longest-alternative-first leftmost match; JS alternation order can
  // pick "=" for "=<": normalise the operator from the text itself.
  const op = (/^\s*(!=|>=|=>|<=|=<|~>|=|>|<|~|\^)?/.exec(c)?.[1]) ?? '';
  const orig = m[2];
  const major = m[3];
  const minor = m[4] ?? '';
  const patch = m[5] ?? '';
  const pre = m[6] ?? '';
  let ver = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major)) {
    ver = '0.0.0';
    dirty = true;
  } else if (isX(minor.replace(/^\./, '')) || minor === '') {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch.replace(/^\./, '')) || patch === '') {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let con: SemverVersion;
  try {
    con = parseVersion(ver);
  } catch {
    throw new GoError('constraint Parser Error');
  }
  return { op, con, orig, dirty, minorDirty, patchDirty };
}

function check(v: SemverVersion, c: Constraint): boolean {
  const preBlocked = v.pre !== '' && c.con.pre === '';
  const cmp = compare(v, c.con);
  const tilde = (): boolean => {
    if (preBlocked) return false;
    if (cmp < 0) return false;
    if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
    if (v.major !== c.con.major) return false;
    if (v.minor !== c.con.minor && !c.minorDirty) return false;
    return true;
  };
  switch (c.op) {
    case '':
    case '=':
      if (preBlocked) return false;
      if (c.dirty) return tilde();
      return cmp === 0;
    case '!=':
      if (c.dirty) {
        if (preBlocked) return false;
        if (c.con.major !== v.major) return true;
        if (c.con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (c.con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0;
          return false;
        }
      }
      return cmp !== 0;
    case '>':
      if (preBlocked) return false;
      if (!c.dirty) return cmp === 1;
      if (v.major > c.con.major) return true;
      if (v.major < c.con.major) return false;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return cmp === 1;
    case '<':
      if (preBlocked) return false;
      return cmp < 0;
    case '>=':
    case '=>':
      if (preBlocked) return false;
      return cmp >= 0;
    case '<=':
    case '=<':
      if (preBlocked) return false;
      if (!c.dirty) return cmp <= 0;
      if (v.major > c.con.major) return false;
      if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde();
    case '^': {
      if (preBlocked) return false;
      if (cmp < 0) return false;
      if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
      if (c.con.major === 0n && v.major > 0n) return false;
      if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
      if (c.con.minor === 0n && v.minor > 0n) return false;
      return c.con.patch === v.patch;
    }
  }
  return false;
}

/** Returns semver.NewConstraint(c).Check(semver.NewVersion(v)), with Go's errors. */
export function semverCompare(constraint: string, version: string): boolean {
  const rewritten = constraint.replace(rangeRe, (_m, a: string, ...rest: unknown[]) => `>= ${a}, <= ${rest[9] as string}`);
  const ors = rewritten.split('||').map((part) => {
    if (!validRe.test(part)) throw new GoError(`improper constraint: ${part}`);
    const found = part.match(findRe) ?? [part];
    return found.map(parseConstraint);
  });
  const v = parseVersion(version);
  return ors.some((and) => and.every((c) => check(v, c)));
}

/** Returns the Sprig semver functions. */
export function semverFuncs(): Record<string, FuncDef> {
  return {
    semver: fn(['string'], (_c, s: string) => parseVersion(s)),
    semverCompare: fn(['string', 'string'], (_c, c: string, v: string) => semverCompare(c, v)),
  };
}
