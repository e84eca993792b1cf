// The admin kubeconfig's credential as an ordinary access key of the User `admin` (type User),
// so one authenticator serves every caller. The token itself stays where admin-token.ts keeps
// it — in admin.kubeconfig (0600) — with only its SHA-256 in the data directory and on the key.
//
// On start: a key that still matches the token keeps it (kubeconfigs handed out earlier keep
// working). A key deleted, disabled or outdated by a tokenGeneration bump was revoked on
// purpose, so the token is replaced rather than revived; platform.ts then writes the new one.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../../apimachinery/index.ts';
import type { SystemClient } from '../../controllers/index.ts';
import { loadOrCreateAdminToken } from '../admin-token.ts';
import { writePrivateFile } from '../kubeconfig.ts';
import {
  accessKeyExpiry,
  accessKeyHash,
  asObject,
  authContext,
  managementCluster,
  managementGroup,
  newAccessKey,
  recordedTokenGeneration,
  storeAccessKey,
  storedKeyHash,
  userTokenGeneration,
  type KeyRegistry,
} from './access-keys.ts';

/** The name of the admin kubeconfig's OwnedAccessKey. */
export const adminKeyName = 'loft-admin-kubeconfig';

/** Returns whether `key` still authenticates `user` with `hash`. */
function stillValid(key: KubeObject | undefined, user: KubeObject, hash: string): boolean {
  if (!key || key.metadata?.deletionTimestamp) return false;
  const spec = asObject(key.spec) ?? {};
  if (spec.user !== user.metadata?.name || spec.disabled === true) return false;
  if (storedKeyHash(key) !== hash) return false;
  const expiry = accessKeyExpiry(key);
  if (expiry !== undefined && Date.now() >= expiry) return false;
  return recordedTokenGeneration(key) >= userTokenGeneration(user);
}

/** Returns the admin token (stable across restarts while its key stands) after making sure its OwnedAccessKey exists. */
export async function ensureAdminAccessKey(
  client: SystemClient,
  dataDir: string,
  registry: KeyRegistry,
  adminName = 'admin',
): Promise<{ token: string; hash: string; keyName: string }> {
  const hashPath = join(dataDir, 'auth', 'admin-token.sha256');
  const previousHash = existsSync(hashPath) ? readFileSync(hashPath, 'utf8').trim() : undefined;
  let { token, hash } = loadOrCreateAdminToken(hashPath, join(dataDir, 'admin.kubeconfig'));
  const fresh = previousHash !== hash;

  const users = client.must(managementCluster, managementGroup, 'users');
  const keys = client.must(managementCluster, managementGroup, 'ownedaccesskeys');
  const user = await users.get(undefined, adminName);
  if (!user) throw new Error(`the admin user "${adminName}" does not exist`);
  const current = await keys.get(undefined, adminKeyName);
  if (stillValid(current, user, hash)) {
    await registry.waitForKey(adminKeyName, hash);
    return { token, hash, keyName: adminKeyName };
  }
  if (!fresh) {
    // The token was issued before and its key is gone or revoked: never bring it back.
    token = newAccessKey();
    hash = accessKeyHash(token);
    writePrivateFile(hashPath, `${hash}\n`);
  }
  if (current) await keys.delete(undefined, adminKeyName);
  const object: KubeObject = {
    metadata: { name: adminKeyName },
    spec: { user: adminName, type: 'User', displayName: 'Admin kubeconfig', description: 'The credential of admin.kubeconfig, written by loft start' },
  };
  await storeAccessKey(client.store(keys.info), authContext(), object, hash, user);
  await registry.waitForKey(adminKeyName, hash);
  return { token, hash, keyName: adminKeyName };
}
