// Logical clusters as key ranges (DESIGN "Logical clusters"): deleting a virtual cluster deletes
// every key under /registry/<cluster>/ and forgets its custom resources.

import { clusterPrefix, type Catalog } from '../registry/index.ts';
import { isStorageError, type Storage } from '../storage/index.ts';

/** Deletes every object of `cluster`; returns how many keys were deleted. */
export async function deleteLogicalCluster(storage: Storage, catalog: Catalog, cluster: string): Promise<number> {
  const prefix = clusterPrefix(cluster);
  // Namespaces go first, so no per-cluster controller refills one while its contents go.
  const namespaces = `${prefix}core/namespaces/`;
  let deleted = 0;
  for (;;) {
    const page = await storage.list(prefix, { limit: 1000 });
    if (page.keys.length === 0) break;
    const keys = [...page.keys].sort((a, b) => Number(!a.startsWith(namespaces)) - Number(!b.startsWith(namespaces)));
    for (const key of keys) {
      try {
        await storage.delete(key);
        deleted++;
      } catch (err) {
        if (!isStorageError(err, 'KeyNotFound')) throw err;
      }
    }
  }
  catalog.dropCluster(cluster);
  return deleted;
}

/** Returns how many keys `cluster` holds (for tests and metrics). */
export async function countLogicalClusterKeys(storage: Storage, cluster: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await storage.list(clusterPrefix(cluster), { limit: 1000, continue: token });
    count += page.keys.length;
    token = page.continue;
  } while (token);
  return count;
}
