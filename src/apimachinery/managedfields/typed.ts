// Operations on values of a known type (sigs.k8s.io/structured-merge-diff typed/): which fields a
// value sets, merging a configuration into an object, comparing two objects, and removing a set
// of fields. Values are plain JSON; `undefined` means "absent", which is not the same as null.

import { FieldSet } from './field-set.ts';
import { fieldElement, goSyntax, goType, goValue, isObject, pathElementString, serializePathElement, type Path, type PathElement } from './path.ts';
import { DEDUCED, listItemElement, type ListType, type TypeNode } from './types.ts';

/** TypedError is a value that does not fit its type (typed.ValidationErrors); its message reads like upstream's. */
export class TypedError extends Error {
  readonly errors: ReadonlyArray<{ path: string; message: string }>;

  constructor(errors: ReadonlyArray<{ path: string; message: string }>) {
    const lines = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
    super(lines.length === 1 ? (lines[0] as string) : ['errors:', ...lines.map((l) => `  ${l}`)].join('\n'));
    this.name = 'TypedError';
    this.errors = errors;
  }
}

// deduceAtom + handleAtom: a value picks the part of its type that fits it (a map value the map
// part); a value that fits no part, or null or absence, leaves the whole type, which handles it as
// a map if it can be one, else as a scalar, else as a list.
type Atom = 'scalar' | 'list' | 'map' | 'any';

function atomOf(type: TypeNode, v: unknown): Atom {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return type.scalar ? 'scalar' : 'any';
  if (Array.isArray(v)) return type.list ? 'list' : 'any';
  if (isObject(v)) return type.map ? 'map' : 'any';
  return 'any';
}

function handlerOf(type: TypeNode, atom: Atom): 'scalar' | 'list' | 'map' {
  if (atom !== 'any') return atom;
  if (type.map) return 'map';
  if (type.scalar || !type.list) return 'scalar';
  return 'list';
}

function fieldType(type: TypeNode, name: string): TypeNode {
  const map = type.map;
  if (!map) return DEDUCED;
  return map.field(name)?.type() ?? map.element();
}

function isEmptyMap(v: Record<string, unknown> | undefined): boolean {
  return !v || Object.keys(v).length === 0;
}

/** Returns whether two JSON values are equal (value.Equals: maps unordered, numbers by value). */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => valueEquals(v, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && valueEquals(a[k], b[k]));
  }
  return false;
}

/** Returns a deep copy of a JSON value. */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = cloneValue(x);
    return out as T;
  }
  return v;
}

// ---- Validation (typed/validate.go) ----

/**
 * Returns the errors that keep `value` from being a typed value: list items a map-list or
 * set-list cannot name, and when `strict` (applied configurations) duplicate items and values of
 * the wrong kind, worded as upstream. Live objects are checked leniently: they may carry
 * duplicates, and a kind mismatch there is for schema validation to report. Unknown fields are
 * not errors here either: pruning and strict field validation deal with them.
 */
export function validateValue(value: unknown, type: TypeNode, strict: boolean): Array<{ path: string; message: string }> {
  const errors: Array<{ path: string; message: string }> = [];
  validateAt(value, type, '', strict, errors);
  return errors;
}

/** Returns upstream's complaint about a value of the wrong kind, or undefined when it fits (validateScalar, mapValue, listValue). */
function kindError(handler: 'scalar' | 'list' | 'map', type: TypeNode, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (handler === 'map') return isObject(value) ? undefined : `expected map, got &{${goValue(value)}}`;
  if (handler === 'list') return Array.isArray(value) ? undefined : `expected list, got &{${goValue(value)}}`;
  switch (type.scalar) {
    case 'numeric':
      return typeof value === 'number' ? undefined : `expected numeric (int or float), got ${goType(value)}`;
    case 'string':
      return typeof value === 'string' ? undefined : `expected string, got &value.valueUnstructured{Value:${goSyntax(value)}}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected boolean, got &{${goValue(value)}}`;
    default:
      return undefined;
  }
}

function validateAt(value: unknown, type: TypeNode, path: string, strict: boolean, errors: Array<{ path: string; message: string }>): void {
  const handler = handlerOf(type, atomOf(type, value));
  if (strict) {
    const wrongKind = kindError(handler, type, value);
    if (wrongKind) {
      errors.push({ path, message: wrongKind });
      return;
    }
  }
  if (handler === 'map' && isObject(value)) {
    for (const [k, v] of Object.entries(value)) validateAt(v, fieldType(type, k), `${path}.${k}`, strict, errors);
  } else if (handler === 'list' && Array.isArray(value)) {
    const list = type.list as ListType;
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const pe = listItemElement(list, item, i);
      if (typeof pe === 'string') {
        errors.push({ path, message: `element ${i}: ${pe}` });
        return;
      }
      const key = serializePathElement(pe);
      if (seen.has(key) && strict) errors.push({ path, message: `duplicate entries for key ${pathElementString(pe)}` });
      seen.add(key);
      validateAt(item, list.element(), path + pathElementString(pe), strict, errors);
    });
  }
}

// ---- ToFieldSet (typed/tofieldset.go) ----

/**
 * Returns the fields `value` sets: every scalar, atomic list or atomic map is a leaf; every item
 * of a map-list or set-list, and every key of a map that is not a declared field, is a member too
 * (which is why those carry `".": {}` when they also have children).
 */
export function toFieldSet(value: unknown, type: TypeNode): FieldSet {
  const set = new FieldSet();
  toFieldSetAt(value, type, [], set);
  return set;
}

function toFieldSetAt(value: unknown, type: TypeNode, path: PathElement[], set: FieldSet): void {
  switch (handlerOf(type, atomOf(type, value))) {
    case 'scalar':
      set.insert(path);
      return;
    case 'list': {
      const list = type.list as ListType;
      if (list.relationship === 'atomic') {
        set.insert(path);
        return;
      }
      if (!Array.isArray(value)) return;
      value.forEach((item, i) => {
        const pe = listItemElement(list, item, i);
        if (typeof pe === 'string') return; // rejected by validateValue before we get here
        const child = [...path, pe];
        toFieldSetAt(item, list.element(), child, set);
        set.insert(child);
      });
      return;
    }
    case 'map': {
      const map = type.map as NonNullable<TypeNode['map']>;
      if (map.atomic) {
        set.insert(path);
        return;
      }
      if (!isObject(value)) return;
      for (const [k, v] of Object.entries(value)) {
        const declared = map.field(k);
        const child = [...path, fieldElement(k)];
        toFieldSetAt(v, declared ? declared.type() : map.element(), child, set);
        if (!declared) set.insert(child);
      }
    }
  }
}

// ---- Merge (typed/merge.go with the "keep RHS" rule) ----

/**
 * Returns `rhs` merged into `lhs`: maps key by key, map-lists and set-lists item by item (live
 * order kept, shared items in the order `rhs` gives them), and everything atomic replaced by `rhs`.
 */
export function mergeValues(lhs: unknown, rhs: unknown, type: TypeNode): unknown {
  if (rhs === undefined) return cloneValue(lhs);
  if (lhs === undefined) return cloneValue(rhs);
  switch (handlerOf(type, atomOf(type, rhs))) {
    case 'scalar':
      return cloneValue(rhs);
    case 'map': {
      const map = type.map as NonNullable<TypeNode['map']>;
      const lm = isObject(lhs) ? lhs : undefined;
      const rm = isObject(rhs) ? rhs : undefined;
      // Both empty (or null): a leaf, so that {} and null stay distinct.
      if (map.atomic || (isEmptyMap(lm) && isEmptyMap(rm))) return cloneValue(rhs);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(lm ?? {})) {
        out[k] = rm && Object.hasOwn(rm, k) ? mergeValues(v, rm[k], fieldType(type, k)) : cloneValue(v);
      }
      for (const [k, v] of Object.entries(rm ?? {})) if (!Object.hasOwn(out, k)) out[k] = cloneValue(v);
      return out;
    }
    case 'list': {
      const list = type.list as ListType;
      const la = Array.isArray(lhs) ? lhs : undefined;
      const ra = Array.isArray(rhs) ? rhs : undefined;
      if (list.relationship === 'atomic' || (!la?.length && !ra?.length)) return cloneValue(rhs);
      return mergeListItems(list, la ?? [], ra ?? []);
    }
  }
}

interface IndexedItem {
  readonly element: PathElement;
  readonly key: string;
  readonly item: unknown;
}

function indexItems(list: ListType, items: unknown[]): IndexedItem[] {
  const out: IndexedItem[] = [];
  items.forEach((item, i) => {
    const pe = listItemElement(list, item, i);
    if (typeof pe !== 'string') out.push({ element: pe, key: serializePathElement(pe), item });
  });
  return out;
}

// merge.go visitListItems: walk both lists together. Items only in the live list stay where they
// are; items in both are emitted in the order the applied list gives them; new items follow the
// applied order. An item duplicated in the live list is replaced by the applied one.
function mergeListItems(list: ListType, lhs: unknown[], rhs: unknown[]): unknown[] {
  const element = list.element();
  const left = indexItems(list, lhs);
  const right = indexItems(list, rhs);
  const leftByKey = new Map<string, { item: unknown; duplicated: boolean }>();
  for (const l of left) {
    const seen = leftByKey.get(l.key);
    leftByKey.set(l.key, seen ? { item: null, duplicated: true } : { item: l.item, duplicated: false });
  }
  const rightByKey = new Map(right.map((r) => [r.key, r.item] as const));
  const shared = right.filter((r) => leftByKey.has(r.key)).map((r) => r.key);
  let sharedAt = 0;
  let nextShared = shared[sharedAt];
  const mergedRight = new Set<string>();
  const out: unknown[] = [];
  const advanceShared = (): void => {
    sharedAt++;
    nextShared = shared[sharedAt];
  };
  let li = 0;
  let ri = 0;
  while (li < left.length || ri < right.length) {
    const l = left[li];
    const r = right[ri];
    if (l && r) {
      if (l.key === r.key) {
        mergedRight.add(l.key);
        out.push(mergeValues(leftByKey.get(l.key)?.item, r.item, element));
        li++;
        ri++;
        advanceShared();
        continue;
      }
      if (rightByKey.has(l.key) && nextShared !== undefined && nextShared !== l.key) {
        // A shared item, but not the next one the applied order wants: it is emitted later.
        li++;
        continue;
      }
    }
    if (l) {
      if (!rightByKey.has(l.key)) {
        out.push(cloneValue(l.item));
        li++;
        continue;
      }
      if (mergedRight.has(l.key)) {
        li++;
        continue;
      }
    }
    if (r) {
      mergedRight.add(r.key);
      out.push(mergeValues(leftByKey.get(r.key)?.item, r.item, element));
      ri++;
      if (nextShared === r.key) advanceShared();
    }
  }
  return out;
}

// ---- Compare (typed/compare.go) ----

/** Comparison lists the fields an update added, modified and removed; no path is in two of them. */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** Returns what changed from `lhs` to `rhs`: leaves added/removed/modified, and list items and map keys added or removed. */
export function compareValues(lhs: unknown, rhs: unknown, type: TypeNode): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(lhs, rhs, type, [], c);
  return c;
}

function compareAt(lhs: unknown, rhs: unknown, type: TypeNode, path: PathElement[], c: Comparison): void {
  if (lhs === undefined && rhs === undefined) return;
  if (valueEquals(lhs, rhs)) return;
  const al = atomOf(type, lhs);
  const ar = atomOf(type, rhs);
  let leaf: boolean;
  if (rhs === undefined) leaf = compareAs(al, lhs, rhs, type, path, c);
  else if (lhs === undefined || al === ar) leaf = compareAs(ar, lhs, rhs, type, path, c);
  else {
    // The value changed kind: compare it as both kinds (upstream runs both handlers).
    compareAs(al, lhs, rhs, type, path, c);
    leaf = compareAs(ar, lhs, rhs, type, path, c);
  }
  if (!leaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
  }
}

function compareLeaf(lhs: unknown, rhs: unknown, path: Path, c: Comparison): true {
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
  else if (!valueEquals(lhs, rhs)) c.modified.insert(path);
  return true;
}

/** Compares as one kind; returns whether it was a leaf. */
function compareAs(atom: Atom, lhs: unknown, rhs: unknown, type: TypeNode, path: PathElement[], c: Comparison): boolean {
  switch (handlerOf(type, atom)) {
    case 'scalar':
      return compareLeaf(lhs, rhs, path, c);
    case 'map': {
      const map = type.map as NonNullable<TypeNode['map']>;
      const lm = isObject(lhs) ? lhs : undefined;
      const rm = isObject(rhs) ? rhs : undefined;
      if (map.atomic || (isEmptyMap(lm) && isEmptyMap(rm))) return compareLeaf(lhs, rhs, path, c);
      const keys = new Set([...Object.keys(lm ?? {}), ...Object.keys(rm ?? {})]);
      for (const k of keys) compareAt(lm?.[k], rm?.[k], fieldType(type, k), [...path, fieldElement(k)], c);
      return false;
    }
    case 'list': {
      const list = type.list as ListType;
      const la = Array.isArray(lhs) ? lhs : undefined;
      const ra = Array.isArray(rhs) ? rhs : undefined;
      if (list.relationship === 'atomic' || (!la?.length && !ra?.length)) return compareLeaf(lhs, rhs, path, c);
      compareListItems(list, la ?? [], ra ?? [], path, c);
      return false;
    }
  }
}

// compare.go visitListItems, with its handling of items duplicated in either list.
function compareListItems(list: ListType, lhs: unknown[], rhs: unknown[], path: PathElement[], c: Comparison): void {
  const element = list.element();
  const groups = new Map<string, { element: PathElement; left: unknown[]; right: unknown[] }>();
  const group = (i: IndexedItem): { element: PathElement; left: unknown[]; right: unknown[] } => {
    let g = groups.get(i.key);
    if (!g) {
      g = { element: i.element, left: [], right: [] };
      groups.set(i.key, g);
    }
    return g;
  };
  for (const i of indexItems(list, lhs)) group(i).left.push(i.item);
  for (const i of indexItems(list, rhs)) group(i).right.push(i.item);
  for (const g of groups.values()) {
    const child = [...path, g.element];
    const lc = g.left.length;
    const rc = g.right.length;
    if (lc <= 1 && rc <= 1) {
      compareAt(g.left[0], g.right[0], element, child, c);
    } else if (lc >= 2 && rc >= 2) {
      // Duplicates before and after: the group is compared as one atomic value.
      if (!valueEquals(g.left, g.right)) c.modified.insert(child);
    } else if (lc >= 2) {
      if (rc > 0) compareAt(undefined, g.right[0], element, child, c);
      c.removed.insert(child);
    } else {
      if (lc > 0) compareAt(g.left[0], undefined, element, child, c);
      c.added.insert(child);
    }
  }
}

// ---- RemoveItems (typed/remove.go) ----

/**
 * Returns `value` without the fields and items that are members of `toRemove`. A container whose
 * children were all removed stays as an empty container; it goes only when it is itself a member.
 */
export function removeItems(value: unknown, toRemove: FieldSet, type: TypeNode): unknown {
  const out = removeAt(value, toRemove, type);
  return out === undefined ? {} : out;
}

/** Returns the value with items removed, undefined where upstream produces nil (an emptied or atomic container). */
function removeAt(value: unknown, toRemove: FieldSet, type: TypeNode): unknown {
  switch (handlerOf(type, atomOf(type, value))) {
    case 'scalar':
      return value;
    case 'list': {
      const list = type.list as ListType;
      if (!Array.isArray(value) || value.length === 0 || list.relationship === 'atomic') return undefined;
      const items: unknown[] = [];
      let hadMatches = false;
      value.forEach((item, i) => {
        const pe = listItemElement(list, item, i);
        if (typeof pe === 'string') {
          items.push(item);
          return;
        }
        if (toRemove.hasMember(pe)) return;
        const below = toRemove.child(pe);
        if (below) {
          hadMatches = true;
          items.push(emptiedContainer(item, removeAt(item, below, list.element())));
        } else {
          items.push(item);
        }
      });
      return items.length > 0 || hadMatches ? items : undefined;
    }
    case 'map': {
      const map = type.map as NonNullable<TypeNode['map']>;
      if (!isObject(value) || Object.keys(value).length === 0 || map.atomic) return undefined;
      const out: Record<string, unknown> = {};
      let hadMatches = false;
      for (const [k, v] of Object.entries(value)) {
        const pe = fieldElement(k);
        if (toRemove.hasMember(pe)) continue;
        const below = toRemove.child(pe);
        if (below) {
          hadMatches = true;
          out[k] = emptiedContainer(v, removeAt(v, below, fieldType(type, k)));
        } else {
          out[k] = v;
        }
      }
      return Object.keys(out).length > 0 || hadMatches ? out : undefined;
    }
  }
}

/** Returns `after`, except that a map or list emptied by removing its children stays an empty map or list. */
function emptiedContainer(before: unknown, after: unknown): unknown {
  if (after !== undefined && after !== null) return after;
  if (isObject(before)) return {};
  if (Array.isArray(before)) return [];
  return null;
}

// ---- EnsureNamedFieldsAreMembers (fieldpath.Set) ----

/**
 * Returns `set` plus, at every level, the declared (struct) fields that have children in it as
 * members: owning `.spec.foo.bar` then means owning `.spec.foo` too, so pruning can remove the
 * struct field itself, while a map key (`.metadata.labels.x`) does not make its map owned.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, type: TypeNode | undefined): FieldSet {
  const out = new FieldSet();
  for (const m of set.memberElements()) out.addMember(m);
  for (const { element, set: below } of set.childNodes()) {
    let childType: TypeNode | undefined;
    if (element.kind === 'field' && type?.map) {
      const declared = type.map.field(element.name);
      if (declared) out.addMember(element);
      childType = declared ? declared.type() : type.map.element();
    } else if (element.kind === 'key' && type?.list) {
      childType = type.list.element();
    }
    out.setChild(element, ensureNamedFieldsAreMembers(below, childType));
  }
  return out;
}
