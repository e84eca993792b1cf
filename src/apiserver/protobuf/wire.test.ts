// Tests for the protobuf wire reader: varint limits, fixed-width values, bounds and nesting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../apimachinery/index.ts';
import { Reader, WireType, maxDepth, unpackFixed, unpackVarints } from './wire.ts';

/** Asserts that `fn` throws a 400 StatusError whose message matches `pattern`. */
function assert400(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof StatusError && err.code === 400 && pattern.test(err.message));
}

test('reads varints up to 10 bytes, as unsigned 64-bit values', () => {
  assert.equal(new Reader(Uint8Array.of(0x96, 0x01)).varint(), 150n);
  const minusOne = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
  assert.equal(new Reader(minusOne).varint(), 2n ** 64n - 1n);
  assert400(() => new Reader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)).varint(), /longer than 10 bytes/);
  assert400(() => new Reader(Uint8Array.of(0x80)).varint(), /truncated varint/);
});

test('reads each wire type, and records their offsets', () => {
  const buf = Uint8Array.of(0x08, 0x2a, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1a, 0x02, 0x68, 0x69, 0x25, 9, 9, 9, 9);
  const r = new Reader(buf);
  assert.deepEqual(r.next(), { number: 1, wireType: WireType.varint, value: 42n, offset: 0 });
  assert.deepEqual(r.next(), { number: 2, wireType: WireType.fixed64, value: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), offset: 2 });
  assert.deepEqual(r.next(), { number: 3, wireType: WireType.bytes, value: Uint8Array.of(0x68, 0x69), offset: 11 });
  assert.deepEqual(r.next(), { number: 4, wireType: WireType.fixed32, value: Uint8Array.of(9, 9, 9, 9), offset: 15 });
  assert.equal(r.next(), undefined);
  assert.ok(r.done);
});

test('never reads past the buffer', () => {
  assert400(() => new Reader(Uint8Array.of(0x0a, 0x05, 1, 2)).next(), /claims 5 bytes but only 2 remain/);
  assert400(() => new Reader(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f)).next(), /claims 4294967295 bytes/);
  assert400(() => new Reader(Uint8Array.of(0x11, 1, 2, 3)).next(), /truncated: wanted 8 bytes/);
  assert400(() => new Reader(Uint8Array.of(0x15, 1)).next(), /truncated: wanted 4 bytes/);
});

test('refuses groups, field number 0 and tags beyond 32 bits', () => {
  assert400(() => new Reader(Uint8Array.of(0x0b)).next(), /wire type 3/);
  assert400(() => new Reader(Uint8Array.of(0x0c)).next(), /wire type 4/);
  assert400(() => new Reader(Uint8Array.of(0x00, 0x00)).next(), /field number 0/);
  assert400(() => new Reader(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01)).next(), /tag out of range/);
});

test(`refuses nesting deeper than ${maxDepth}`, () => {
  let r = new Reader(new Uint8Array());
  for (let i = 0; i < maxDepth; i++) r = r.nested(new Uint8Array());
  assert.equal(r.depth, maxDepth);
  assert400(() => r.nested(new Uint8Array()), /nested deeper than 100/);
});

test('unpacks packed varints and fixed-width values', () => {
  assert.deepEqual(unpackVarints(Uint8Array.of(0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05)), [3n, 270n, 86942n]);
  assert.deepEqual(unpackFixed(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 4), [Uint8Array.of(1, 2, 3, 4), Uint8Array.of(5, 6, 7, 8)]);
  assert400(() => unpackFixed(Uint8Array.of(1, 2, 3), 4), /not a multiple of 4/);
  assert400(() => unpackVarints(Uint8Array.of(0x80)), /truncated varint/);
});
