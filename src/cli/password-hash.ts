// Password hashes as the platform stores them (User.spec.passwordRef → a Secret in namespace
// `loft`, key `password`): `scrypt$<N>$<r>$<p>$<salt>$<hash>`, salt and hash base64url, N = 2^15,
// r = 8, p = 1, 16-byte salt, 32-byte key — the format src/platform/auth/passwords.ts verifies.
// `loft create user --password` hashes on the client, so the password never leaves this machine.

import { randomBytes, scrypt } from 'node:crypto';

/** The namespace of the management cluster holding password Secrets. */
export const passwordNamespace = 'loft';

/** The Secret data key holding the hash. */
export const passwordSecretKey = 'password';

/** Returns the encoded scrypt hash of `password` with a fresh random salt. */
export function hashPassword(password: string): Promise<string> {
  const N = 2 ** 15;
  const r = 8;
  const p = 1;
  const salt = randomBytes(16);
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, 32, { N, r, p, maxmem: 128 * N * r * p + 1024 * 1024 }, (err, key) => {
      if (err) reject(err);
      else resolve(`scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`);
    });
  });
}
