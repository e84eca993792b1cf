// A set of field paths stored as a tree (fieldpath.Set): at each level, the elements that are
// members (the path ending here is in the set) and the children (longer paths continue here).
// A path can be both a member and a prefix of others; FieldsV1 writes that as `".": {}`.

import {
  comparePathElements,
  isObject,
  parsePathElement,
  serializePathElement,
  type Path,
  type PathElement,
} from './path.ts';

interface ChildNode {
  readonly element: PathElement;
  readonly set: FieldSet;
}

/** FieldSet is a set of field paths (fieldpath.Set), keyed at each level by the serialized element. */
export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, ChildNode>();

  /** Returns a set holding `paths`. */
  static of(...paths: Path[]): FieldSet {
    const set = new FieldSet();
    for (const p of paths) set.insert(p);
    return set;
  }

  /** Adds `path`; the empty path names the whole object, which is never tracked (as upstream). */
  insert(path: Path): void {
    const [first, ...rest] = path;
    if (!first) return;
    if (rest.length === 0) this.members.set(serializePathElement(first), first);
    else this.childOrCreate(first).insert(rest);
  }

  /** Returns whether `path` is a member. */
  has(path: Path): boolean {
    const [first, ...rest] = path;
    if (!first) return false;
    if (rest.length === 0) return this.members.has(serializePathElement(first));
    return this.child(first)?.has(rest) ?? false;
  }

  /** Returns whether the set holds no path. */
  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  /** Returns the set of paths below `pe` (with `pe` stripped), or undefined when none (Set.WithPrefix). */
  child(pe: PathElement): FieldSet | undefined {
    return this.children.get(serializePathElement(pe))?.set;
  }

  /** Returns whether `pe` is a member at this level. */
  hasMember(pe: PathElement): boolean {
    return this.members.has(serializePathElement(pe));
  }

  /** Returns this level's members in upstream order. */
  memberElements(): PathElement[] {
    return [...this.members.values()].sort(comparePathElements);
  }

  /** Returns this level's children in upstream order. */
  childNodes(): Array<{ element: PathElement; set: FieldSet }> {
    return [...this.children.values()].sort((a, b) => comparePathElements(a.element, b.element));
  }

  /** Returns every path: this level's members first, then each child's paths (Set.Iterate). */
  paths(): Path[] {
    const out: Path[] = [];
    this.collect([], out);
    return out;
  }

  private collect(prefix: PathElement[], out: Path[]): void {
    for (const m of this.memberElements()) out.push([...prefix, m]);
    for (const c of this.childNodes()) c.set.collect([...prefix, c.element], out);
  }

  /** Returns the number of paths. */
  size(): number {
    let n = this.members.size;
    for (const c of this.children.values()) n += c.set.size();
    return n;
  }

  /** Returns a deep copy. */
  clone(): FieldSet {
    const out = new FieldSet();
    for (const [k, m] of this.members) out.members.set(k, m);
    for (const [k, c] of this.children) out.children.set(k, { element: c.element, set: c.set.clone() });
    return out;
  }

  /** Returns the paths in this set or `other`. */
  union(other: FieldSet): FieldSet {
    const out = this.clone();
    for (const [k, m] of other.members) out.members.set(k, m);
    for (const [k, c] of other.children) {
      const mine = out.children.get(k);
      out.children.set(k, { element: c.element, set: mine ? mine.set.union(c.set) : c.set.clone() });
    }
    return out;
  }

  /** Returns the paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, m] of this.members) if (other.members.has(k)) out.members.set(k, m);
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      if (!theirs) continue;
      const both = c.set.intersection(theirs.set);
      if (!both.isEmpty()) out.children.set(k, { element: c.element, set: both });
    }
    return out;
  }

  /** Returns the paths in this set and not in `other` (a member's descendants stay: Set.Difference). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, m] of this.members) if (!other.members.has(k)) out.members.set(k, m);
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      const rest = theirs ? c.set.difference(theirs.set) : c.set.clone();
      if (!rest.isEmpty()) out.children.set(k, { element: c.element, set: rest });
    }
    return out;
  }

  /** Returns the paths in this set that neither are in `other` nor lie below a member of it (Set.RecursiveDifference). */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, m] of this.members) if (!other.members.has(k)) out.members.set(k, m);
    for (const [k, c] of this.children) {
      if (other.members.has(k)) continue;
      const theirs = other.children.get(k);
      const rest = theirs ? c.set.recursiveDifference(theirs.set) : c.set.clone();
      if (!rest.isEmpty()) out.children.set(k, { element: c.element, set: rest });
    }
    return out;
  }

  /** Returns whether both sets hold the same paths. */
  equals(other: FieldSet): boolean {
    if (this.members.size !== other.members.size || this.children.size !== other.children.size) return false;
    for (const k of this.members.keys()) if (!other.members.has(k)) return false;
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      if (!theirs || !c.set.equals(theirs.set)) return false;
    }
    return true;
  }

  /** Adds `pe` as a member at this level. */
  addMember(pe: PathElement): void {
    this.members.set(serializePathElement(pe), pe);
  }

  /** Sets the child set below `pe` (dropped when empty). */
  setChild(pe: PathElement, set: FieldSet): void {
    const k = serializePathElement(pe);
    if (set.isEmpty()) this.children.delete(k);
    else this.children.set(k, { element: pe, set });
  }

  private childOrCreate(pe: PathElement): FieldSet {
    const k = serializePathElement(pe);
    let node = this.children.get(k);
    if (!node) {
      node = { element: pe, set: new FieldSet() };
      this.children.set(k, node);
    }
    return node.set;
  }

  /** Returns the FieldsV1 JSON object of this set, in upstream's key order (Set.ToJSON). */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  // serialize.go emitContentsV1: members and children merged in element order; an element that is
  // both a member and has children is written once, its object starting with ".".
  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && !this.isEmpty()) out['.'] = {};
    const members = this.memberElements();
    const children = this.childNodes();
    let mi = 0;
    let ci = 0;
    while (mi < members.length || ci < children.length) {
      const m = members[mi];
      const c = children[ci];
      const order = m && c ? comparePathElements(m, c.element) : m ? -1 : 1;
      if (order < 0 && m) {
        out[serializePathElement(m)] = {};
        mi++;
      } else if (order > 0 && c) {
        out[serializePathElement(c.element)] = c.set.emit(false);
        ci++;
      } else if (c) {
        out[serializePathElement(c.element)] = c.set.emit(true);
        mi++;
        ci++;
      }
    }
    return out;
  }

  /** Returns the set a FieldsV1 object encodes; unknown element types are dropped, malformed keys throw (Set.FromJSON). */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (fields === undefined || fields === null) return new FieldSet();
    if (!isObject(fields)) throw new Error('FieldsV1 must be a JSON object');
    return FieldSet.read(fields).children ?? new FieldSet();
  }

  // serialize.go readIterV1: an object with no entries (or only ".") marks its element a member;
  // "." inside a non-empty object marks the element a member as well as a prefix.
  private static read(obj: Record<string, unknown>): { children: FieldSet | undefined; isMember: boolean } {
    let children: FieldSet | undefined;
    let isMember = false;
    for (const [key, value] of Object.entries(obj)) {
      if (key === '.') {
        isMember = true;
        continue;
      }
      const pe = parsePathElement(key);
      if (!pe) continue;
      if (!isObject(value)) throw new Error(`FieldsV1 entry ${key} must be an object`);
      const sub = FieldSet.read(value);
      children ??= new FieldSet();
      if (sub.isMember) children.addMember(pe);
      if (sub.children) children.setChild(pe, sub.children);
    }
    if (!children) isMember = true;
    return { children, isMember };
  }
}
