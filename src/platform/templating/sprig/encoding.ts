// Sprig's encoding functions: b64enc/b64dec and b32enc/b32dec with Go's standard (padded)
// encodings. A decoding error returns the error text, as Sprig does
// ("illegal base64 data at input byte 4").

import { fromUtf8, utf8, type FuncDef } from '../values.ts';
import { fn } from './conv.ts';

const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Returns base64.StdEncoding.DecodeString(s), or the Go error text. */
export function base64Decode(s: string): { bytes: Uint8Array; error?: string } {
  const src = utf8(s);
  const out: number[] = [];
  const map = new Map<number, number>();
  for (let i = 0; i < b64.length; i++) map.set(b64.charCodeAt(i), i);
  let si = 0;
  const corrupt = (at: number): { bytes: Uint8Array; error: string } => ({ bytes: new Uint8Array(out), error: `illegal base64 data at input byte ${at}` });
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let err: number | undefined;
    let j = 0;
    while (j < 4) {
      if (si === src.length) {
        if (j === 0) return { bytes: new Uint8Array(out) };
        return corrupt(si - j);
      }
      const ch = src[si++];
      const v = map.get(ch);
      if (v !== undefined) {
        dbuf[j++] = v;
        continue;
      }
      if (ch === 0x0a || ch === 0x0d) continue;
      if (ch !== 0x3d) return corrupt(si - 1);
      // Padding: "=" or "==" ends the input.
      if (j === 0 || j === 1) return corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== 0x3d) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) err = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    if (dlen === 4) out.push(...bytes);
    else if (dlen === 3) out.push(bytes[0], bytes[1]);
    else if (dlen === 2) out.push(bytes[0]);
    if (err !== undefined) return corrupt(err);
    if (dlen < 4) return { bytes: new Uint8Array(out) };
  }
}

/** Returns base32.StdEncoding.EncodeToString(bytes). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = [0, 2, 4, 5, 7, 8][chunk.length];
    for (let k = 0; k < 8; k++) {
      if (k < chars) out += b32[Number((bits >> BigInt(35 - 5 * k)) & 31n)];
      else out += '=';
    }
  }
  return out;
}

/** Returns base32.StdEncoding.DecodeString(s), or the Go error text. */
export function base32Decode(s: string): { bytes: Uint8Array; error?: string } {
  const src = [...utf8(s)].filter((b) => b !== 0x0a && b !== 0x0d);
  const olen = src.length;
  const out: number[] = [];
  let pos = 0;
  let end = false;
  const corrupt = (at: number): { bytes: Uint8Array; error: string } => ({ bytes: new Uint8Array(out), error: `illegal base32 data at input byte ${at}` });
  while (pos < src.length && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      const remaining = src.length - pos;
      if (remaining === 0) return corrupt(olen - remaining - j);
      const ch = src[pos++];
      const rem = src.length - pos;
      if (ch === 0x3d && j >= 2 && rem < 8) {
        if (rem + j < 8 - 1) return corrupt(olen);
        for (let k = 0; k < 8 - 1 - j; k++) {
          if (rem > k && src[pos + k] !== 0x3d) return corrupt(olen - rem + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) return corrupt(olen - rem - 1);
        break;
      }
      const v = b32.indexOf(String.fromCharCode(ch));
      if (v < 0) return corrupt(olen - rem - 1);
      dbuf[j++] = v;
    }
    let bits = 0n;
    for (const d of dbuf) bits = (bits << 5n) | BigInt(d);
    const bytes = [32n, 24n, 16n, 8n, 0n].map((sh) => Number((bits >> sh) & 0xffn));
    const nbytes = [0, 0, 1, 0, 2, 3, 0, 4, 5][dlen];
    out.push(...bytes.slice(0, nbytes));
    if (end) pos = src.length;
  }
  return { bytes: new Uint8Array(out) };
}

/** Returns the Sprig encoding functions. */
export function encodingFuncs(): Record<string, FuncDef> {
  return {
    b64enc: fn(['string'], (_c, s: string) => Buffer.from(utf8(s)).toString('base64')),
    b64dec: fn(['string'], (_c, s: string) => {
      const r = base64Decode(s);
      return r.error ?? fromUtf8(r.bytes);
    }),
    b32enc: fn(['string'], (_c, s: string) => base32Encode(utf8(s))),
    b32dec: fn(['string'], (_c, s: string) => {
      const r = base32Decode(s);
      return r.error ?? fromUtf8(r.bytes);
    }),
  };
}
