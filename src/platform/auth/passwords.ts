// Passwords of platform users (loft-platform-api.md §2.6 User.spec.passwordRef): a Secret in
// namespace `loft` of loft-cluster holds a scrypt hash, never the password.
//
// Format: `scrypt$<N>$<r>$<p>$<salt>$<hash>`, salt and hash base64url. Parameters: N = 2^15,
// r = 8, p = 1 (32 MiB and roughly 50–100 ms per hash), a 16-byte random salt and a 32-byte
// derived key. That is RFC 7914's interactive-login setting doubled; OWASP's 2^17 would cost
// 128 MiB per attempt on an endpoint anyone can reach, so the login route also caps how many
// hashes run at once. Stored parameters are read back from each hash, so raising them later
// only affects new passwords.

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { notFound, type KubeObject } from '../../apimachinery/index.ts';
import type { SystemClient } from '../../controllers/index.ts';
import { safeConcatName } from '../names.ts';
import { asObject, managementCluster, managementGroup, text } from './access-keys.ts';

/** The scrypt parameters new password hashes use. */
export const scryptParameters = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

/** The namespace of loft-cluster holding password Secrets (upstream's default `loft`). */
export const passwordNamespace = 'loft';

/** The Secret data key holding the hash. */
export const passwordSecretKey = 'password';

/** Returns the derived key of `password` (scrypt, off the event loop). */
function derive(password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem: 128 * N * r * p + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Returns the encoded scrypt hash of `password` with a fresh salt. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keyLength, saltLength } = scryptParameters;
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, N, r, p, keyLength);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Returns the parsed hash, or undefined when malformed or outside sane bounds (a hostile Secret must not cost gigabytes). */
function parseHash(encoded: string): { N: number; r: number; p: number; salt: Buffer; key: Buffer } | undefined {
  const parts = encoded.trim().split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^\d{1,8}$/.test(v ?? '') ? Number(v) : NaN)) as [number, number, number];
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (!(N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0)) return undefined;
  if (!(r >= 1 && r <= 32 && p >= 1 && p <= 16 && 128 * N * r * p <= 256 * 1024 * 1024)) return undefined;
  if (salt.length < 8 || key.length < 16 || key.length > 64) return undefined;
  return { N, r, p, salt, key };
}

/** Returns whether `password` matches the encoded hash (constant-time comparison). */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.N, parsed.r, parsed.p, parsed.key.length);
  return timingSafeEqual(candidate, parsed.key);
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification, so unknown users answer as slowly as wrong passwords. */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await dummyHash);
  return false;
}

/** Creates namespace `loft` of loft-cluster if missing (password Secrets live there). */
export async function ensurePasswordNamespace(client: SystemClient): Promise<void> {
  await client.must(managementCluster, '', 'namespaces').ensure(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: passwordNamespace } });
}

/** Returns the name of the password Secret of a user whose User has none yet: loft-password-<user>. */
export function passwordSecretName(user: string): string {
  const name = `loft-password-${user}`;
  // Secret names are DNS subdomains (253); safeConcatName keeps long ones unique.
  return name.length <= 253 ? name : safeConcatName('loft-password', user);
}

/** Returns the Secret holding `encodedHash` (from hashPassword) for `user`, for clients that write it over the API. */
export function passwordSecretObject(user: string, encodedHash: string, secretName = passwordSecretName(user), key = passwordSecretKey): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, namespace: passwordNamespace, annotations: { 'loft.sh/user': user } },
    type: 'Opaque',
    data: { [key]: Buffer.from(encodedHash, 'utf8').toString('base64') },
  };
}

/** Sets the password of User `user`: stores its scrypt hash in a Secret and points spec.passwordRef at it. */
export async function setUserPassword(client: SystemClient, user: string, password: string): Promise<void> {
  if (typeof password !== 'string' || password === '') throw new Error('a password must not be empty');
  const users = client.must(managementCluster, managementGroup, 'users');
  const current = await users.get(undefined, user);
  if (!current) throw notFound({ group: managementGroup, resource: 'users' }, user);
  await ensurePasswordNamespace(client);
  const ref = asObject(asObject(current.spec)?.passwordRef);
  // Reuse the Secret the user points at only where this module keeps passwords.
  const secretName = ref && ref.secretNamespace === passwordNamespace && text(ref.secretName) ? (ref.secretName as string) : passwordSecretName(user);
  const key = ref && ref.secretNamespace === passwordNamespace && text(ref.key) ? (ref.key as string) : passwordSecretKey;
  const secret = passwordSecretObject(user, await hashPassword(password), secretName, key);
  const secrets = client.must(managementCluster, '', 'secrets');
  const existing = await secrets.get(passwordNamespace, secretName);
  if (existing) await secrets.update({ ...existing, data: { ...(asObject(existing.data) ?? {}), ...(secret.data as object) } });
  else await secrets.create(passwordNamespace, secret);
  const passwordRef = { secretName, secretNamespace: passwordNamespace, key };
  if (JSON.stringify(ref) !== JSON.stringify(passwordRef)) await users.patch(undefined, user, 'merge', { spec: { passwordRef } });
}

/**
 * Returns whether `password` is the password of `user` (a User object). Only Secrets in
 * namespace `loft` count: whoever may write a User but not that namespace cannot point
 * passwordRef at a Secret whose content they know. Always spends one scrypt verification.
 */
export async function checkUserPassword(client: SystemClient, user: KubeObject | undefined, password: string): Promise<boolean> {
  const ref = asObject(asObject(user?.spec)?.passwordRef);
  const secretName = text(ref?.secretName);
  if (!user || !ref || ref.secretNamespace !== passwordNamespace || !secretName) return verifyNothing(password);
  const secret = await client.must(managementCluster, '', 'secrets').get(passwordNamespace, secretName);
  const value = text(asObject(secret?.data)?.[text(ref.key) ?? passwordSecretKey]);
  if (!value) return verifyNothing(password);
  return verifyPassword(password, Buffer.from(value, 'base64').toString('utf8'));
}
