// auth: platform authentication — access keys (OwnedAccessKeys stored as hashes), the
// authenticator that turns them into identities, password login, Self, and the admin key.
// README.md beside this file lists what the platform wires and what is left out.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { SystemClient } from '../../controllers/index.ts';
import type { RequestContext, ResourceInfo } from '../../registry/index.ts';
import { ownedAccessKeyCreate } from './access-keys.ts';
import { AccessKeyIndex, type AuthLogger } from './access-key-index.ts';
import { AccessKeyAuthenticator } from './authenticator.ts';
import { authRoutes } from './login.ts';
import { selfFor } from './self.ts';

export {
  accessKeyExpiry,
  accessKeyExtra,
  accessKeyHash,
  accessKeyHashAnnotation,
  accessKeyListFilter,
  accessKeyTypeExtra,
  adminClusterRole,
  isPlatformAdmin,
  issueAccessKey,
  newAccessKey,
  ownedAccessKeyCreate,
  ownsAccessKey,
  storedKeyHash,
  tokenGenerationAnnotation,
  userUidAnnotation,
  withAccessKeyStrategy,
  type AccessKeyRequest,
  type KeyRegistry,
} from './access-keys.ts';
export { AccessKeyIndex, type AccessKeyIndexOptions, type AuthLogger, type KeyEntry } from './access-key-index.ts';
export { AccessKeyAuthenticator, groupsOf, identityOf, refusal, type AccessKeyAuthenticatorOptions } from './authenticator.ts';
export {
  checkUserPassword,
  ensurePasswordNamespace,
  hashPassword,
  passwordNamespace,
  passwordSecretKey,
  passwordSecretName,
  passwordSecretObject,
  scryptParameters,
  setUserPassword,
  verifyPassword,
} from './passwords.ts';
export { authRoutes, passwordLoginPath, type AuthRoutesOptions } from './login.ts';
export { selfFor } from './self.ts';
export { adminKeyName, ensureAdminAccessKey } from './admin.ts';

/** A virtual create handler as ApiServerOptions.virtualCreates holds them. */
type VirtualCreate = (obj: KubeObject, ctx: RequestContext, info: ResourceInfo) => Promise<KubeObject>;

/** What the platform wires: the index (a controller), the authenticator, the routes and the virtual creates. */
export interface PlatformAuth {
  index: AccessKeyIndex;
  authenticator: AccessKeyAuthenticator;
  routes: ReturnType<typeof authRoutes>;
  virtualCreates: Array<[string, VirtualCreate]>;
}

/** Returns the authentication pieces of one platform instance, all reading one AccessKeyIndex (`options.index`, or a new one). */
export function platformAuth(client: SystemClient, options: { logger?: AuthLogger; index?: AccessKeyIndex } = {}): PlatformAuth {
  const { logger } = options;
  const index = options.index ?? new AccessKeyIndex(client, { logger });
  return {
    index,
    authenticator: new AccessKeyAuthenticator(index, { client, logger }),
    routes: authRoutes({ client, index, logger }),
    virtualCreates: [
      ['management.loft.sh/selves', async (obj, ctx) => selfFor(obj, ctx, index)],
      ['management.loft.sh/ownedaccesskeys', ownedAccessKeyCreate(client, index)],
    ],
  };
}
