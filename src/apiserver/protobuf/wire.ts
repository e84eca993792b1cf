// A protobuf wire-format reader (protobuf.dev "Encoding"): a message is a sequence of
// (tag, value) records; the tag is a varint `fieldNumber << 3 | wireType`, and the wire type says
// how long the value is. Every read is bounds-checked: a record that would run past the end of
// its buffer is a 400, never an out-of-range read. Groups (wire types 3 and 4) are deprecated and
// never written by Go's gogo-protobuf, so they are refused.
import { badRequest, type StatusError } from '../../apimachinery/index.ts';

/** The wire types of protobuf.dev "Encoding": VARINT, I64, LEN, I32 (groups are refused). */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** WireTypeValue is one of the four wire types this reader accepts. */
export type WireTypeValue = (typeof WireType)[keyof typeof WireType];

/** The deepest message nesting accepted; deeper input is refused like kube-apiserver's limits. */
export const maxDepth = 100;

/** WireField is one record of a message: a varint (as a bigint), 8 or 4 raw bytes, or a LEN slice. */
export type WireField =
  | { number: number; wireType: typeof WireType.varint; value: bigint; offset: number }
  | { number: number; wireType: typeof WireType.fixed64 | typeof WireType.fixed32 | typeof WireType.bytes; value: Uint8Array; offset: number };

/** Returns the 400 for malformed protobuf input, in the words kube-apiserver's decoder uses. */
export function malformed(detail: string): StatusError {
  return badRequest(`unable to decode protobuf body: ${detail}`);
}

/** Reader walks the records of one message held in `buf`; `depth` counts enclosing messages. */
export class Reader {
  readonly buf: Uint8Array;
  readonly depth: number;
  private pos = 0;

  constructor(buf: Uint8Array, depth = 0) {
    if (depth > maxDepth) throw malformed(`messages nested deeper than ${maxDepth}`);
    this.buf = buf;
    this.depth = depth;
  }

  /** Returns a Reader over a nested message's bytes, one level deeper. */
  nested(bytes: Uint8Array): Reader {
    return new Reader(bytes, this.depth + 1);
  }

  /** Returns whether every record has been read. */
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Returns the next record, or undefined at the end of the message. */
  next(): WireField | undefined {
    if (this.done) return undefined;
    const offset = this.pos;
    const tag = this.varint();
    if (tag > 0xffffffffn) throw malformed(`field tag out of range at byte ${offset}`);
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (number === 0) throw malformed(`field number 0 at byte ${offset}`);
    switch (wireType) {
      case WireType.varint:
        return { number, wireType, value: this.varint(), offset };
      case WireType.fixed64:
        return { number, wireType, value: this.take(8), offset };
      case WireType.fixed32:
        return { number, wireType, value: this.take(4), offset };
      case WireType.bytes: {
        const length = this.varint();
        if (length > BigInt(this.buf.length - this.pos)) {
          throw malformed(`field ${number} claims ${length} bytes but only ${this.buf.length - this.pos} remain`);
        }
        return { number, wireType, value: this.take(Number(length)), offset };
      }
      default:
        throw malformed(`field ${number} has unsupported wire type ${wireType} at byte ${offset}`);
    }
  }

  /** Returns the next varint as an unsigned 64-bit bigint (at most 10 bytes). */
  varint(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw malformed('truncated varint');
      const byte = this.buf[this.pos++] as number;
      result |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** Returns the next `n` bytes as a view into the buffer. */
  private take(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw malformed(`truncated: wanted ${n} bytes, ${this.buf.length - this.pos} remain`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Returns every varint packed in a LEN value (a packed repeated numeric field). */
export function unpackVarints(bytes: Uint8Array): bigint[] {
  const r = new Reader(bytes);
  const out: bigint[] = [];
  while (!r.done) out.push(r.varint());
  return out;
}

/** Returns the fixed-width values packed in a LEN value, `width` (4 or 8) bytes each. */
export function unpackFixed(bytes: Uint8Array, width: 4 | 8): Uint8Array[] {
  if (bytes.length % width !== 0) throw malformed(`packed field length ${bytes.length} is not a multiple of ${width}`);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += width) out.push(bytes.subarray(i, i + width));
  return out;
}

const utf8 = new TextDecoder('utf-8');

/** Returns a LEN value as a string; like Go, invalid UTF-8 is not an error (it becomes U+FFFD). */
export function decodeString(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Returns a little-endian fixed-width value as a DataView over exactly its bytes. */
export function fixedView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
