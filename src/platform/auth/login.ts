// The anonymous auth routes (ApiServerOptions.routes): POST /auth/password/login trades a
// username and password for a new Login access key, as the UI's password login does.
//
// Against guessing: every failure answers only after a fixed delay, unknown users cost the same
// scrypt verification as wrong passwords, the comparison is constant-time, and at most a few
// hashes run at once (more → 429), which also bounds the memory scrypt takes.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, requestEntityTooLarge, StatusError, tooManyRequests, unauthorized } from '../../apimachinery/index.ts';
import { writeError, writeObject } from '../../apiserver/index.ts';
import type { SystemClient } from '../../controllers/index.ts';
import { asObject, issueAccessKey, managementCluster, managementGroup, text } from './access-keys.ts';
import type { AccessKeyIndex, AuthLogger } from './access-key-index.ts';
import { checkUserPassword } from './passwords.ts';

/** The password login path. */
export const passwordLoginPath = '/auth/password/login';

const maxBodyBytes = 16 * 1024;

/** Options of the auth routes. */
export interface AuthRoutesOptions {
  client: SystemClient;
  index: AccessKeyIndex;
  logger?: AuthLogger;
  /** How long every failed login waits before answering (default 500 ms). */
  failureDelayMs?: number;
  /** How many password verifications may run at once (default 4). */
  maxConcurrentLogins?: number;
}

/** Returns the request body, refusing more than `maxBodyBytes`. */
async function readLimited(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw requestEntityTooLarge('the login request is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Returns username and password of a login body, or throws 400. */
function credentialsOf(body: Buffer): { username: string; password: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('the login request must be a JSON object with "username" and "password"');
  }
  const obj = asObject(parsed);
  const username = text(obj?.username);
  const password = text(obj?.password);
  if (!username || !password) throw badRequest('the login request must be a JSON object with "username" and "password"');
  return { username, password };
}

/**
 * Returns the handler of the anonymous /auth/... routes, for ApiServerOptions.routes: false at
 * once for any other path (the API server then goes on without an await), else a promise of true
 * once it served the request.
 */
export function authRoutes(options: AuthRoutesOptions): (req: IncomingMessage, res: ServerResponse, target: { path: string }) => Promise<boolean> | false {
  const failureDelayMs = options.failureDelayMs ?? 500;
  const maxConcurrent = options.maxConcurrentLogins ?? 4;
  let running = 0;

  /** Returns the new Login key of the user the credentials belong to; throws 401 after the delay otherwise. */
  async function login(username: string, password: string): Promise<string> {
    const user = options.index.userByUsername(username);
    const ok = await checkUserPassword(options.client, user, password);
    const disabled = asObject(user?.spec)?.disabled === true;
    const name = user?.metadata?.name;
    if (!ok || disabled || !name) {
      await new Promise((resolve) => setTimeout(resolve, failureDelayMs));
      options.logger?.info?.({ event: 'login-failed' }, 'password login failed');
      throw unauthorized('invalid username or password');
    }
    // As loftctl's login does with the key it replaces: earlier Login keys of this user go.
    const keys = options.client.must(managementCluster, managementGroup, 'ownedaccesskeys');
    for (const old of options.index.keysOfUser(name)) {
      if (asObject(old.spec)?.type === 'Login' && old.metadata?.name) await keys.delete(undefined, old.metadata.name);
    }
    const { key } = await issueAccessKey(options.client, options.index, { user: name, type: 'Login', displayName: 'Login' });
    options.logger?.info?.({ user: name }, 'password login');
    return key;
  }

  /** Serves one login request; resolves true once answered. */
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    try {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        throw new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on ${passwordLoginPath}`);
      }
      const { username, password } = credentialsOf(await readLimited(req));
      if (running >= maxConcurrent) throw tooManyRequests('too many login attempts at once, please try again later', 1);
      running++;
      let accessKey: string;
      try {
        accessKey = await login(username, password);
      } finally {
        running--;
      }
      writeObject(req, res, 200, { accessKey });
    } catch (err) {
      writeError(req, res, err);
    }
    return true;
  }

  return (req, res, target) => (target.path === passwordLoginPath ? serve(req, res) : false);
}
