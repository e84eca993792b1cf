// Authentication and authorization seams of the API server. Requests carry a bearer token; an
// Authenticator maps it to a user, an Authorizer decides each request (k8s.io/apiserver
// pkg/authentication, pkg/authorization). The identity/RBAC issue plugs real ones in here.

import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../registry/index.ts';

/** The logical cluster a request addresses, resolved only when an authenticator needs it. */
export interface AuthenticationTarget {
  /** Returns the cluster, or undefined when the path names none (e.g. a missing virtual cluster). */
  cluster(): Promise<string | undefined>;
}

/** Authenticator returns the user a request authenticates as, or undefined (401). */
export interface Authenticator {
  authenticate(req: IncomingMessage, target: AuthenticationTarget): Promise<UserInfo | undefined>;
}

/** Tries authenticators in order; the first that recognises the request wins. */
export class ChainAuthenticator implements Authenticator {
  private readonly chain: Authenticator[];

  constructor(chain: Authenticator[]) {
    this.chain = chain;
  }

  async authenticate(req: IncomingMessage, target: AuthenticationTarget): Promise<UserInfo | undefined> {
    for (const authenticator of this.chain) {
      const user = await authenticator.authenticate(req, target);
      if (user) return user;
    }
    return undefined;
  }
}

/** Attributes of a request to authorize (authorizer.Attributes). */
export interface AuthorizationAttributes {
  user: UserInfo;
  cluster: string;
  verb: string;
  isResourceRequest: boolean;
  path: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

/** Decision of an authorizer. */
export interface AuthorizationDecision {
  allowed: boolean;
  reason?: string;
  /** Allowed to list/watch only the objects the caller may get (FilteredListAuthorizer). */
  filtered?: boolean;
}

/** Rules a user holds in a namespace (SelfSubjectRulesReview status). */
export interface SubjectRules {
  resourceRules: Array<{ verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs?: string[] }>;
  incomplete: boolean;
}

/** Authorizer decides requests. */
export interface Authorizer {
  authorize(attrs: AuthorizationAttributes): Promise<AuthorizationDecision>;
  rulesFor(user: UserInfo, cluster: string, namespace: string): Promise<SubjectRules>;
}

const bearerPattern = /^bearer\s+(\S+)\s*$/i;

/** Returns the bearer token of a request, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  // What clients send, "Bearer <token>" with one space and a token of visible ASCII, is read
  // without the pattern; every other spelling takes it.
  if (header.length > 7 && header.charCodeAt(6) === 0x20 && header.startsWith('Bearer')) {
    let plain = true;
    for (let i = 7; i < header.length; i++) {
      const c = header.charCodeAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        plain = false;
        break;
      }
    }
    if (plain) return header.slice(7);
  }
  const match = bearerPattern.exec(header);
  return match ? match[1] : undefined;
}

/** Returns the SHA-256 of a token (hex); tokens are compared and stored only as hashes. */
export function tokenHash(token: string): string {
  // The one-shot crypto.hash is about twice as fast as createHash().update().digest() for a
  // short token, and access-key authentication hashes one on every request.
  return hash('sha256', token, 'hex');
}

/** Authenticates one static token (the admin's) by its hash. */
export class StaticTokenAuthenticator implements Authenticator {
  private readonly hash: Buffer;
  private readonly user: UserInfo;

  constructor(hashHex: string, user: UserInfo) {
    this.hash = Buffer.from(hashHex, 'hex');
    this.user = user;
  }

  async authenticate(req: IncomingMessage, _target?: AuthenticationTarget): Promise<UserInfo | undefined> {
    const token = bearerToken(req);
    if (!token) return undefined;
    const candidate = Buffer.from(tokenHash(token), 'hex');
    return candidate.length === this.hash.length && timingSafeEqual(candidate, this.hash) ? this.user : undefined;
  }
}

/** Allows members of system:masters everything, denies everyone else (until RBAC lands). */
export class MastersAuthorizer implements Authorizer {
  async authorize(attrs: AuthorizationAttributes): Promise<AuthorizationDecision> {
    if (attrs.user.groups.includes('system:masters')) return { allowed: true };
    return { allowed: false, reason: 'no RBAC policy matched' };
  }

  async rulesFor(user: UserInfo): Promise<SubjectRules> {
    if (!user.groups.includes('system:masters')) return { resourceRules: [], nonResourceRules: [], incomplete: false };
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  }
}
