// Decodes a Kubernetes protobuf body (the "k8s\0" envelope around a runtime.Unknown) into the
// JSON object the same client would have sent as application/json.
//
// Zero values. gogo-protobuf writes every non-pointer Go field, zero or not, and a pointer field
// only when it is set. A non-pointer field holding Go's zero value is therefore
// indistinguishable from an unset one, so it is dropped: "" / 0 / false, an empty IntOrString or
// Quantity, an empty Time, and a struct whose fields all dropped (`resources: {}`). A pointer
// field present on the wire is kept whatever its value (`replicas: 0`,
// `automountServiceAccountToken: false`, `emptyDir: {}`). Lists and maps are omitted when empty,
// as Go writes nothing for them.
//
// Strictness. An unknown kind or field number is a 415: the server cannot represent the body,
// and silently dropping a field would store an object the client did not send. Malformed bytes
// (truncation, a wire type that contradicts the table, bad JSON in a raw field) are a 400.
import { StatusError } from '../../apimachinery/index.ts';
import type { KubeObject } from '../../apimachinery/index.ts';
import { kinds, messageTable } from './messages.ts';
import { Reader, WireType, decodeString, fixedView, malformed, unpackFixed, unpackVarints, type WireField } from './wire.ts';

/** The media type of Kubernetes protobuf bodies. */
export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** The four bytes every Kubernetes protobuf body starts with: "k8s\0". */
export const protobufMagic = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

type Scalar = 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'sint32' | 'sint64' | 'double' | 'float' | 'fixed32' | 'fixed64' | 'sfixed32' | 'sfixed64';

const scalars = new Set<string>(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'double', 'float', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64']);

/** ValueType is a scalar kind or a message name. */
type ValueType = { scalar: Scalar } | { message: string };

/** FieldSpec is one parsed entry of messages.ts. */
interface FieldSpec {
  number: number;
  name: string;
  value: ValueType;
  /** For a map field, the key's scalar kind (value holds the map's value type). */
  mapKey?: Scalar;
  repeated: boolean;
  pointer: boolean;
  inline: boolean;
}

/** Returns the wire type a scalar kind is written with (unpacked). */
function wireTypeOf(s: Scalar): number {
  switch (s) {
    case 'string':
    case 'bytes':
      return WireType.bytes;
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return WireType.fixed64;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return WireType.fixed32;
    default:
      return WireType.varint;
  }
}

/** Returns the ValueType a type token ("int32", "core.v1.Container") names. */
function valueType(token: string): ValueType {
  return scalars.has(token) ? { scalar: token as Scalar } : { message: token };
}

/** Returns the fields of one messages.ts entry, by field number. */
function parseMessage(name: string, line: string): Map<number, FieldSpec> {
  const fields = new Map<number, FieldSpec>();
  for (const entry of line.split('; ')) {
    const [num, fieldName, type] = entry.split(' ') as [string, string, string];
    const spec: FieldSpec = { number: Number(num), name: fieldName, value: { scalar: 'string' }, repeated: false, pointer: false, inline: false };
    const map = /^map<(\w+),([\w.]+)>$/.exec(type);
    if (map) {
      spec.mapKey = map[1] as Scalar;
      spec.value = valueType(map[2] as string);
    } else if (type.startsWith('[]')) {
      spec.repeated = true;
      spec.value = valueType(type.slice(2));
    } else if (type.startsWith('...')) {
      spec.inline = true;
      spec.value = valueType(type.slice(3));
    } else if (type.startsWith('?')) {
      spec.pointer = true;
      spec.value = valueType(type.slice(1));
    } else {
      spec.value = valueType(type);
    }
    if (!Number.isInteger(spec.number) || spec.number <= 0) throw new Error(`messages.ts: bad entry "${entry}" in ${name}`);
    fields.set(spec.number, spec);
  }
  return fields;
}

const messages = new Map<string, Map<number, FieldSpec>>();
for (const [name, line] of Object.entries(messageTable)) messages.set(name, parseMessage(name, line));

/** Context carries what error messages name: the kind being decoded and the JSON path. */
interface Context {
  gvk: string;
  path: string;
}

/** Returns the 415 for a body this server has no table for. */
function unrepresentable(ctx: Context, detail: string): StatusError {
  return new StatusError(415, 'UnsupportedMediaType', `cannot decode the ${protobufMediaType} body of ${ctx.gvk}: ${detail}; send application/json instead`, {
    causes: [{ reason: 'UnsupportedMediaType', message: detail, ...(ctx.path ? { field: ctx.path } : {}) }],
  });
}

/** Returns the 400 for a body whose bytes contradict the table. */
function invalidBytes(ctx: Context, detail: string): StatusError {
  return malformed(`${ctx.gvk}${ctx.path ? ` at ${ctx.path}` : ''}: ${detail}`);
}

/** Returns `path.name`, or `name` at the root. */
function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** Returns the JSON value of one scalar record, after checking its wire type. */
function scalarValue(s: Scalar, f: WireField, ctx: Context, what: string): unknown {
  if (f.wireType !== wireTypeOf(s)) throw invalidBytes(ctx, `${what} (${s}) has wire type ${f.wireType}, want ${wireTypeOf(s)}`);
  if (f.wireType === WireType.varint) return varintValue(s, f.value);
  if (f.wireType === WireType.bytes) return s === 'string' ? decodeString(f.value) : Buffer.from(f.value).toString('base64');
  return fixedValue(s, f.value);
}

/** Returns a varint-encoded scalar as a JSON number or boolean. */
function varintValue(s: Scalar, v: bigint): number | boolean {
  switch (s) {
    case 'bool':
      return v !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, v));
    case 'uint32':
      return Number(BigInt.asUintN(32, v));
    case 'sint32':
    case 'sint64': {
      const n = (v >> 1n) ^ -(v & 1n);
      return Number(s === 'sint32' ? BigInt.asIntN(32, n) : BigInt.asIntN(64, n));
    }
    case 'uint64':
      return Number(v);
    default:
      return Number(BigInt.asIntN(64, v));
  }
}

/** Returns a fixed-width scalar (little-endian) as a JSON number. */
function fixedValue(s: Scalar, bytes: Uint8Array): number {
  const view = fixedView(bytes);
  switch (s) {
    case 'double':
      return view.getFloat64(0, true);
    case 'float':
      return view.getFloat32(0, true);
    case 'fixed32':
      return view.getUint32(0, true);
    case 'sfixed32':
      return view.getInt32(0, true);
    case 'fixed64':
      return Number(view.getBigUint64(0, true));
    default:
      return Number(view.getBigInt64(0, true));
  }
}

/** Returns the JSON values of a repeated scalar's record: one value, or many when packed. */
function repeatedScalarValues(s: Scalar, f: WireField, ctx: Context, what: string): unknown[] {
  const want = wireTypeOf(s);
  if (f.wireType !== WireType.bytes || want === WireType.bytes) return [scalarValue(s, f, ctx, what)];
  // proto2 repeated numbers are written unpacked by gogo, but a packed encoding is legal input.
  if (want === WireType.varint) return unpackVarints(f.value).map((v) => varintValue(s, v));
  return unpackFixed(f.value, want === WireType.fixed64 ? 8 : 4).map((b) => fixedValue(s, b));
}

/** Returns whether `v` is Go's zero value for a scalar's JSON form. */
function isZeroScalar(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/** Returns whether `v` is an object with no keys. */
function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** Returns the fields of a small fixed-shape message (Time, IntOrString, ...), refusing others. */
function smallFields(reader: Reader, ctx: Context, type: string, shape: Record<number, Scalar>): Map<number, unknown> {
  const out = new Map<number, unknown>();
  for (let f = reader.next(); f; f = reader.next()) {
    const s = shape[f.number];
    if (!s) throw unrepresentable(ctx, `unknown field ${f.number} in ${type}`);
    out.set(f.number, f.wireType === WireType.bytes && s === 'bytes' ? f.value : scalarValue(s, f, ctx, `field ${f.number} of ${type}`));
  }
  return out;
}

// Go's time.Time MarshalJSON refuses years outside [0, 9999].
const minUnixSeconds = -62167219200;
const maxUnixSeconds = 253402300799;

/** Returns an RFC 3339 UTC timestamp with `fractionDigits` (0 or 6) digits of sub-second precision. */
function rfc3339(seconds: number, nanos: number, fractionDigits: 0 | 6, ctx: Context): string {
  // time.Unix normalises nanoseconds outside [0, 1e9) into the seconds.
  const s = seconds + Math.floor(nanos / 1e9);
  const ns = ((nanos % 1e9) + 1e9) % 1e9;
  if (!Number.isSafeInteger(s) || s < minUnixSeconds || s > maxUnixSeconds) throw invalidBytes(ctx, `timestamp ${seconds}s is outside years 0-9999`);
  const base = new Date(s * 1000).toISOString().slice(0, 19); // 2024-01-01T00:00:00
  return fractionDigits === 0 ? `${base}Z` : `${base}.${String(Math.floor(ns / 1000)).padStart(6, '0')}Z`;
}

/** Marks a message type that specialValue leaves to the table. */
const notSpecial = Symbol('notSpecial');

/**
 * Returns the JSON form of a message whose Go type marshals specially (metav1.Time,
 * IntOrString, Quantity, ...), or `notSpecial` when `type` is an ordinary struct.
 */
function specialValue(type: string, bytes: Uint8Array, reader: Reader, ctx: Context): unknown {
  switch (type) {
    case 'meta.v1.Time':
    case 'meta.v1.MicroTime': {
      // time_proto.go: an empty message is the zero Time, which marshals to JSON null.
      if (bytes.length === 0) return null;
      const f = smallFields(reader, ctx, type, { 1: 'int64', 2: 'int32' });
      return rfc3339((f.get(1) as number | undefined) ?? 0, (f.get(2) as number | undefined) ?? 0, type === 'meta.v1.Time' ? 0 : 6, ctx);
    }
    case 'intstr.IntOrString': {
      const f = smallFields(reader, ctx, type, { 1: 'int64', 2: 'int32', 3: 'string' });
      const kind = (f.get(1) as number | undefined) ?? 0;
      if (kind === 0) return (f.get(2) as number | undefined) ?? 0;
      if (kind === 1) return (f.get(3) as string | undefined) ?? '';
      throw invalidBytes(ctx, `IntOrString type ${kind} is neither 0 (int) nor 1 (string)`);
    }
    case 'resource.Quantity':
    case 'resource.QuantityValue': {
      const f = smallFields(reader, ctx, type, { 1: 'string' });
      return (f.get(1) as string | undefined) ?? '0';
    }
    case 'meta.v1.FieldsV1':
    case 'runtime.RawExtension': {
      const f = smallFields(reader, ctx, type, { 1: 'bytes' });
      const raw = f.get(1) as Uint8Array | undefined;
      if (!raw || raw.length === 0) return null;
      return rawJson(raw, reader, ctx);
    }
    case 'authentication.v1.ExtraValue':
    case 'authorization.v1.ExtraValue':
    case 'meta.v1.Verbs': {
      // `type ExtraValue []string`: a message with one repeated field on the wire, a list in JSON.
      const items: unknown[] = [];
      for (let f = reader.next(); f; f = reader.next()) {
        if (f.number !== 1) throw unrepresentable(ctx, `unknown field ${f.number} in ${type}`);
        items.push(scalarValue('string', f, ctx, `field 1 of ${type}`));
      }
      return items;
    }
    default:
      return notSpecial;
  }
}

/** Returns the JSON held in a raw field: JSON text, or a nested protobuf object. */
function rawJson(raw: Uint8Array, reader: Reader, ctx: Context): unknown {
  if (startsWithMagic(raw)) return decodeEnvelope(raw, reader.depth + 1);
  try {
    return JSON.parse(decodeString(raw)) as unknown;
  } catch (err) {
    throw invalidBytes(ctx, `raw field is not JSON: ${(err as Error).message}`);
  }
}

/** Returns the JSON value of a message-typed record. */
function messageValue(type: string, bytes: Uint8Array, parent: Reader, ctx: Context): unknown {
  const reader = parent.nested(bytes);
  const special = specialValue(type, bytes, reader, ctx);
  if (special !== notSpecial) return special;
  return decodeMessage(type, reader, ctx);
}

/** Returns the value of a field's records: the last for a scalar, all for a list, merged for a message. */
function fieldValue(spec: FieldSpec, records: WireField[], reader: Reader, msg: string, ctx: Context): unknown {
  const what = `field ${spec.number} (${spec.name}) of ${msg}`;
  const fctx: Context = { gvk: ctx.gvk, path: join(ctx.path, spec.name) };
  const requireBytes = (f: WireField): Uint8Array => {
    if (f.wireType !== WireType.bytes) throw invalidBytes(ctx, `${what} has wire type ${f.wireType}, want 2`);
    return f.value;
  };
  if (spec.mapKey) {
    const out: Record<string, unknown> = {};
    for (const f of records) {
      const entry = reader.nested(requireBytes(f));
      let key: unknown = spec.mapKey === 'string' ? '' : 0;
      let value: unknown;
      let valueBytes: Uint8Array | undefined;
      for (let e = entry.next(); e; e = entry.next()) {
        if (e.number === 1) key = scalarValue(spec.mapKey, e, fctx, `key of ${what}`);
        else if (e.number === 2) {
          if ('scalar' in spec.value) value = scalarValue(spec.value.scalar, e, fctx, `value of ${what}`);
          else valueBytes = requireBytes(e);
        } else throw unrepresentable(fctx, `unknown field ${e.number} in a map entry of ${what}`);
      }
      if ('message' in spec.value) value = messageValue(spec.value.message, valueBytes ?? new Uint8Array(), entry, { gvk: ctx.gvk, path: `${fctx.path}[${String(key)}]` });
      else if (value === undefined) value = zeroOf(spec.value.scalar);
      setKey(out, String(key), value);
    }
    return out;
  }
  if (spec.repeated) {
    const out: unknown[] = [];
    for (const f of records) {
      if ('scalar' in spec.value) out.push(...repeatedScalarValues(spec.value.scalar, f, fctx, what));
      else out.push(messageValue(spec.value.message, requireBytes(f), reader, { gvk: ctx.gvk, path: `${fctx.path}[${out.length}]` }));
    }
    return out;
  }
  if ('scalar' in spec.value) return scalarValue(spec.value.scalar, records[records.length - 1] as WireField, fctx, what);
  // proto: a singular message written more than once is the merge of its parts, which is what
  // decoding their concatenation gives.
  const parts = records.map(requireBytes);
  const bytes = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
  return messageValue(spec.value.message, bytes, reader, spec.inline ? ctx : fctx);
}

/** Sets out[key], also for the key "__proto__" (a legal label key) without touching the prototype. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Returns Go's zero value of a scalar in JSON form. */
function zeroOf(s: Scalar): unknown {
  if (s === 'string' || s === 'bytes') return '';
  if (s === 'bool') return false;
  return 0;
}

/** Returns whether a decoded, non-pointer field value is Go's zero value (and so is dropped). */
function isGoZero(spec: FieldSpec, v: unknown): boolean {
  if (v === null) return true; // zero Time, empty raw field
  if ('scalar' in spec.value) return isZeroScalar(v);
  switch (spec.value.message) {
    case 'intstr.IntOrString':
      return v === 0 || v === '';
    case 'resource.Quantity':
    case 'resource.QuantityValue':
      return v === '0' || v === '';
    default:
      return isEmptyObject(v) || (Array.isArray(v) && v.length === 0);
  }
}

/** Returns a message's JSON object, decoded field by field against the table. */
function decodeMessage(type: string, reader: Reader, ctx: Context): Record<string, unknown> {
  const fields = messages.get(type);
  if (!fields) throw unrepresentable(ctx, `no message table for ${type}`);
  // 1. Group the records by field number, in first-seen order.
  const byNumber = new Map<number, WireField[]>();
  for (let f = reader.next(); f; f = reader.next()) {
    if (!fields.has(f.number)) throw unrepresentable(ctx, `unknown field number ${f.number} in ${type}${ctx.path ? ` at ${ctx.path}` : ''}`);
    const list = byNumber.get(f.number);
    if (list) list.push(f);
    else byNumber.set(f.number, [f]);
  }
  // 2. Decode each field; drop non-pointer zero values; flatten inline structs.
  const out: Record<string, unknown> = {};
  for (const [number, records] of byNumber) {
    const spec = fields.get(number) as FieldSpec;
    const value = fieldValue(spec, records, reader, type, ctx);
    if (spec.inline) {
      if (typeof value === 'object' && value !== null) Object.assign(out, value);
      continue;
    }
    if (spec.repeated || spec.mapKey) {
      if (Array.isArray(value) ? value.length > 0 : !isEmptyObject(value)) out[spec.name] = value;
      continue;
    }
    if (spec.pointer ? value === null : isGoZero(spec, value)) continue;
    out[spec.name] = value;
  }
  return out;
}

/** Returns whether `body` starts with the "k8s\0" magic. */
export function startsWithMagic(body: Uint8Array): boolean {
  return body.length >= 4 && protobufMagic.every((b, i) => body[i] === b);
}

/** Returns whether a Content-Type header names Kubernetes protobuf (parameters are ignored). */
export function isProtobufContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === protobufMediaType;
}

/** Returns the "apiVersion/Kind" keys of every kind decodeProtobufObject understands. */
export function protobufKinds(): string[] {
  return Object.keys(kinds);
}

/**
 * Returns the JSON object encoded in a Kubernetes protobuf body: the "k8s\0" magic, then a
 * runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}
 * whose raw bytes are the typed message. Throws a StatusError (400 or 415), never anything else.
 */
export function decodeProtobufObject(body: Uint8Array): KubeObject {
  return decodeEnvelope(body, 0);
}

/** Returns the object in an envelope found `depth` messages deep (a RawExtension may hold one). */
function decodeEnvelope(body: Uint8Array, depth: number): KubeObject {
  const envelope: Context = { gvk: 'the request', path: '' };
  if (!startsWithMagic(body)) throw malformed('the body does not start with the protobuf magic "k8s\\x00"');
  const unknown = new Reader(body.subarray(4), depth);
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array();
  let contentEncoding = '';
  let contentType = '';
  for (let f = unknown.next(); f; f = unknown.next()) {
    if (f.wireType !== WireType.bytes) throw invalidBytes(envelope, `runtime.Unknown field ${f.number} has wire type ${f.wireType}, want 2`);
    if (f.number === 1) {
      const typeMeta = unknown.nested(f.value);
      for (let t = typeMeta.next(); t; t = typeMeta.next()) {
        if (t.number === 1) apiVersion = scalarValue('string', t, envelope, 'typeMeta.apiVersion') as string;
        else if (t.number === 2) kind = scalarValue('string', t, envelope, 'typeMeta.kind') as string;
        else throw invalidBytes(envelope, `unknown field ${t.number} in runtime.TypeMeta`);
      }
    } else if (f.number === 2) raw = f.value;
    else if (f.number === 3) contentEncoding = decodeString(f.value);
    else if (f.number === 4) contentType = decodeString(f.value);
    else throw invalidBytes(envelope, `unknown field ${f.number} in runtime.Unknown`);
  }
  const gvk = `${apiVersion || '<no apiVersion>'}, Kind=${kind || '<no kind>'}`;
  const ctx: Context = { gvk, path: '' };
  if (!apiVersion || !kind) throw malformed(`the protobuf envelope names no apiVersion and kind (${gvk})`);
  if (contentEncoding) throw unrepresentable(ctx, `content encoding "${contentEncoding}" is not supported`);
  if (contentType && contentType !== protobufMediaType) throw unrepresentable(ctx, `content type "${contentType}" inside the envelope is not supported`);
  // DeleteOptions is registered in every group version under its own kind.
  const type = kinds[`${apiVersion}/${kind}`] ?? (kind === 'DeleteOptions' ? 'meta.v1.DeleteOptions' : undefined);
  if (!type) throw unrepresentable(ctx, 'this kind has no protobuf decoder');
  const object = decodeMessage(type, unknown.nested(raw), ctx);
  return { apiVersion, kind, ...object };
}
