// Field paths as structured-merge-diff names them (sigs.k8s.io/structured-merge-diff fieldpath):
// a path is a list of elements, each selecting a struct/map field (`f:name`), an item of a
// map-list by its key fields (`k:{"name":"nginx"}`), an item of a set-list by its value
// (`v:"a"`) or an item of an atomic list by index (`i:0`). The serialized forms are the keys of
// FieldsV1; the human form (`.spec.containers[name="nginx"].image`) is what conflicts print.

/** PathElement selects one child of a map or list. */
export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: ReadonlyArray<readonly [string, unknown]> }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'index'; readonly index: number };

/** Path is a list of path elements from the object root. */
export type Path = readonly PathElement[];

/** Returns the element selecting field `name`. */
export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

/** Returns the element selecting the map-list item with these key fields (sorted by name, as upstream). */
export function keyElement(fields: ReadonlyArray<readonly [string, unknown]>): PathElement {
  return { kind: 'key', fields: [...fields].sort((a, b) => compareStrings(a[0], b[0])) };
}

/** Returns the element selecting the set-list item equal to `value`. */
export function valueElement(value: unknown): PathElement {
  return { kind: 'value', value };
}

/** Returns the element selecting item `index` of an atomic list. */
export function indexElement(index: number): PathElement {
  return { kind: 'index', index };
}

// ---- Ordering (fieldpath.PathElement.Compare, value.Compare) ----

/** Returns -1, 0 or 1 ordering `a` and `b` by UTF-8 bytes, as Go's strings.Compare does. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf8Rank(x) < utf8Rank(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** Returns a UTF-16 code unit's rank in UTF-8 byte order: surrogates (code points above U+FFFF) sort after U+E000–U+FFFF. */
function utf8Rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/** Returns whether `v` is a JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Returns the rank of a JSON value's type in value.Compare's total order. */
function typeRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isObject(v)) return 4;
  return 5; // null
}

/** Returns -1, 0 or 1: numbers < strings < booleans < lists < maps < null (value.Compare). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const la = a as unknown[];
      const lb = b as unknown[];
      for (let i = 0; i < Math.min(la.length, lb.length); i++) {
        const c = compareValues(la[i], lb[i]);
        if (c !== 0) return c;
      }
      return la.length === lb.length ? 0 : la.length < lb.length ? -1 : 1;
    }
    case 4: {
      // Maps compare as their entries sorted by key.
      const ea = Object.entries(a as Record<string, unknown>).sort((x, y) => compareStrings(x[0], y[0]));
      const eb = Object.entries(b as Record<string, unknown>).sort((x, y) => compareStrings(x[0], y[0]));
      return compareFieldLists(ea, eb);
    }
    default:
      return 0;
  }
}

/** Returns -1, 0 or 1 ordering two sorted (name, value) lists (value.FieldList.Compare). */
function compareFieldLists(a: ReadonlyArray<readonly [string, unknown]>, b: ReadonlyArray<readonly [string, unknown]>): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const [na, va] = a[i] as readonly [string, unknown];
    const [nb, vb] = b[i] as readonly [string, unknown];
    const c = compareStrings(na, nb) || compareValues(va, vb);
    if (c !== 0) return c;
  }
}

const kindRank = { field: 0, key: 1, value: 2, index: 3 } as const;

/** Returns -1, 0 or 1: fields < keys < values < indexes, then by content (PathElement.Compare). */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return kindRank[a.kind] < kindRank[b.kind] ? -1 : 1;
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key':
      return compareFieldLists(a.fields, (b as typeof a).fields);
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index': {
      const bi = (b as typeof a).index;
      return a.index === bi ? 0 : a.index < bi ? -1 : 1;
    }
  }
}

// ---- JSON as Go writes it ----

/**
 * Returns `value` as JSON the way Go's encoders write it: map keys sorted, and `<`, `>`, `&`,
 * U+2028 and U+2029 escaped (encoding/json and jsoniter's standard-library mode both escape HTML).
 */
export function goJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => goJSON(v === undefined ? null : v)).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort(compareStrings);
    return `{${keys.map((k) => `${goString(k)}:${goJSON(value[k])}`).join(',')}}`;
  }
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return 'null';
}

/** Returns a JSON string literal with HTML-sensitive characters escaped as Go does. */
function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Returns `s` quoted as Go's %q does for the strings field managers carry. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Returns a JSON number as Go prints it: whole numbers are int64 after decoding, the rest float64. */
function goNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Returns a decoded JSON value as Go's %v prints it. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goNumber(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isObject(v)) {
    return `map[${Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${k}:${goValue(v[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** Returns a decoded JSON value as Go's %#v prints it. */
export function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (isObject(v)) {
    return `map[string]interface {}{${Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${goQuote(k)}:${goSyntax(v[k])}`)
      .join(', ')}}`;
  }
  return String(v);
}

/** Returns the Go type of a decoded JSON value, as %T prints it. */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

// ---- Serialized form (fieldpath/serialize-pe.go) ----

/** Returns the FieldsV1 key of `pe`: `f:<name>`, `k:<json>`, `v:<json>` or `i:<n>`. */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([name, v]) => `${goString(name)}:${goJSON(v)}`).join(',')}}`;
    case 'value':
      return `v:${goJSON(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/** Returns the element a FieldsV1 key names, undefined for an unknown element type (ignored, as upstream); throws when malformed. */
export function parsePathElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new Error(`key must be 2 characters long: ${s}`);
  if (s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const rest = s.slice(2);
  switch (s[0]) {
    case 'f':
      return fieldElement(rest);
    case 'v':
      return valueElement(JSON.parse(rest) as unknown);
    case 'k': {
      const parsed = JSON.parse(rest) as unknown;
      if (!isObject(parsed)) throw new Error(`key element is not an object: ${s}`);
      return keyElement(Object.entries(parsed));
    }
    case 'i': {
      if (!/^-?\d+$/.test(rest)) throw new Error(`invalid index: ${s}`);
      return indexElement(Number(rest));
    }
    default:
      return undefined;
  }
}

// ---- Human form (PathElement.String, value.ToString) ----

/** Returns a value as value.ToString prints it inside a path: strings quoted, lists in brackets. */
function valueString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  if (isObject(v)) {
    return Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${k}=${valueString(v[k])}`)
      .join('');
  }
  return String(v);
}

/** Returns `pe` as conflicts print it: `.name`, `[name="nginx"]`, `[=value]` or `[3]`. */
export function pathElementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([name, v]) => `${name}=${valueString(v)}`).join(',')}]`;
    case 'value':
      return `[=${valueString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** Returns `path` as conflicts print it, e.g. `.spec.containers[name="nginx"].image`. */
export function pathString(path: Path): string {
  return path.map(pathElementString).join('');
}
