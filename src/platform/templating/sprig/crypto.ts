// Sprig's crypto functions: sha1sum, sha256sum, sha512sum, adler32sum, derivePassword
// (Master Password), encryptAES/decryptAES (AES-256-CBC as Sprig does it), randBytes,
// uuidv4 and genPrivateKey (rsa, ecdsa, ed25519). Random bytes come from the configured source
// so tests can be deterministic.

import { createCipheriv, createDecipheriv, createHash, createHmac, generateKeyPairSync, scryptSync } from 'node:crypto';
import { GoError, fromUtf8, utf8, type CallContext, type FuncDef } from '../values.ts';
import { fn, num } from './conv.ts';
import { base64Decode } from './encoding.ts';

function hash(alg: string, s: string): string {
  return createHash(alg).update(utf8(s)).digest('hex');
}

/** Returns hash/adler32.Checksum(s). */
export function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of utf8(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const templates: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: ['CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv', 'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno',
    'CvccnoCvccCvcv', 'CvccCvccnoCvcv', 'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno',
    'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno'],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const templateCharacters: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Returns Sprig's derivePassword (the Master Password algorithm). */
function derivePassword(ctx: CallContext, counter: number, passwordType: string, password: string, user: string, site: string): string {
  const temps = Object.hasOwn(templates, passwordType) ? templates[passwordType] : undefined;
  if (temps === undefined) return `cannot find password template ${passwordType}`;
  ctx.charge(200_000);
  const seed = 'com.lyndir.masterpassword';
  const userBytes = utf8(user);
  const salt = Buffer.concat([Buffer.from(seed), u32(userBytes.length), userBytes]);
  const key = scryptSync(utf8(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 128 * 1024 * 1024 });
  const siteBytes = utf8(site);
  const msg = Buffer.concat([Buffer.from(seed), u32(siteBytes.length), siteBytes, u32(counter)]);
  const digest = createHmac('sha256', key).update(msg).digest();
  const temp = temps[digest[0] % temps.length];
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const chars = templateCharacters[temp[i]];
    out += chars[digest[i + 1] % chars.length];
  }
  return out;
}

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(utf8(password)).copy(key, 0, 0, 32);
  return key;
}

function encryptAES(ctx: CallContext, password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const content = Buffer.from(utf8(plaintext));
  ctx.charge(1 + (content.length >> 8));
  const padding = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = Buffer.from(ctx.options.randomBytes(16));
  const c = createCipheriv('aes-256-cbc', aesKey(password), iv);
  c.setAutoPadding(false);
  return Buffer.concat([iv, c.update(padded), c.final()]).toString('base64');
}

function decryptAES(ctx: CallContext, password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const decoded = base64Decode(crypt64);
  if (decoded.error !== undefined) throw new GoError(decoded.error);
  const crypt = Buffer.from(decoded.bytes);
  ctx.charge(1 + (crypt.length >> 8));
  if (crypt.length < 16) throw new GoError(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new GoError('crypto/cipher: input not full blocks');
  if (body.length === 0) throw new GoError('runtime error: index out of range [-1]');
  const d = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(body), d.final()]);
  const pad = plain[plain.length - 1];
  if (pad > plain.length) throw new GoError(`runtime error: slice bounds out of range [:${plain.length - pad}]`);
  return fromUtf8(plain.subarray(0, plain.length - pad));
}

/** Returns a version-4 UUID from the configured random source. */
export function uuidv4(ctx: CallContext): string {
  const b = Buffer.from(ctx.options.randomBytes(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function genPrivateKey(ctx: CallContext, typ: string): string {
  switch (typ) {
    case '':
    case 'rsa':
      ctx.charge(2_000_000);
      return generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    case 'ecdsa':
      ctx.charge(10_000);
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    case 'ed25519':
      ctx.charge(10_000);
      return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    case 'dsa':
      return 'failed to generate private key: dsa keys are not supported here';
    default:
      return 'Unknown type ' + typ;
  }
}

/** Returns the Sprig crypto functions. */
export function cryptoFuncs(): Record<string, FuncDef> {
  return {
    sha1sum: fn(['string'], (_c, s: string) => hash('sha1', s)),
    sha256sum: fn(['string'], (_c, s: string) => hash('sha256', s)),
    sha512sum: fn(['string'], (_c, s: string) => hash('sha512', s)),
    adler32sum: fn(['string'], (_c, s: string) => String(adler32(s))),
    derivePassword: fn(['uint32', 'string', 'string', 'string', 'string'], (c, n: bigint, t: string, p: string, u: string, s: string) => derivePassword(c, Number(n), t, p, u, s)),
    encryptAES: fn(['string', 'string'], (c, p: string, s: string) => encryptAES(c, p, s)),
    decryptAES: fn(['string', 'string'], (c, p: string, s: string) => decryptAES(c, p, s)),
    randBytes: fn(['int'], (c, n: bigint) => {
      const count = num(n);
      if (count < 0) throw new GoError('runtime error: makeslice: len out of range');
      c.checkLength(count * 2);
      c.charge(count);
      return Buffer.from(c.options.randomBytes(count)).toString('base64');
    }),
    uuidv4: fn([], (c) => uuidv4(c)),
    genPrivateKey: fn(['string'], (c, t: string) => genPrivateKey(c, t)),
  };
}
