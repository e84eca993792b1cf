// The admin credential of a platform instance: a random 256-bit bearer token, created on first
// start. The data directory keeps only its SHA-256; the token itself lives in the admin
// kubeconfig (mode 0600), so a restart reuses it and previously written kubeconfigs keep working.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { tokenHash } from '../apiserver/index.ts';
import { writePrivateFile } from './kubeconfig.ts';

/** Returns a new random access token (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Returns the admin token: the one in `kubeconfigPath` if it matches the stored hash, else a new one. */
export function loadOrCreateAdminToken(hashPath: string, kubeconfigPath: string): { token: string; hash: string } {
  if (existsSync(hashPath) && existsSync(kubeconfigPath)) {
    const hash = readFileSync(hashPath, 'utf8').trim();
    try {
      const config = parse(readFileSync(kubeconfigPath, 'utf8')) as { users?: Array<{ user?: { token?: string } }> };
      const token = config.users?.[0]?.user?.token;
      if (token && tokenHash(token) === hash) return { token, hash };
    } catch {
      // An unreadable kubeconfig gets a new token below.
    }
  }
  const token = newToken();
  const hash = tokenHash(token);
  mkdirSync(dirname(hashPath), { recursive: true, mode: 0o700 });
  writePrivateFile(hashPath, `${hash}\n`);
  return { token, hash };
}
