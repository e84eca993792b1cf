// Service-account tokens (TokenRequest, `kubectl create token`): ES256 JWTs signed by the
// platform, carrying the upstream kubernetes.io claims plus the logical cluster they were issued
// in. A token authenticates only in that cluster (issue #6 item 5), and only while the service
// account it names still exists with the same uid (bound tokens, KEP-1205).

import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT, decodeProtectedHeader, type CryptoKey, type JWTPayload } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { UserInfo } from '../../registry/index.ts';
import { bearerToken, tokenHash, type AuthenticationTarget, type Authenticator } from '../auth.ts';

/** The issuer kube-apiserver uses by default inside a cluster. */
export const serviceAccountIssuer = 'https://kubernetes.default.svc.cluster.local';
/** The claim naming the logical cluster a token belongs to. */
const clusterClaim = 'loft.sh/cluster';
/** UserInfo.extra key recording which cluster a service-account identity is valid in. */
export const clusterExtraKey = 'loft.sh/logical-cluster';

/** Looks up a service account; returns its uid or undefined when it does not exist. */
export type ServiceAccountLookup = (cluster: string, namespace: string, name: string) => Promise<string | undefined>;

/** What a TokenRequest asks for. */
export interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

/** Returns whether `token` has the shape of a compact JWS (three dot-separated parts), without splitting it. */
function isCompactJws(token: string): boolean {
  const first = token.indexOf('.');
  if (first < 0) return false;
  const second = token.indexOf('.', first + 1);
  return second >= 0 && token.indexOf('.', second + 1) < 0;
}

/** How many verified tokens keep their claims (by SHA-256); the oldest verified goes first beyond it. */
const maxVerifiedTokens = 1024;

/**
 * ServiceAccountTokens issues and verifies service-account tokens with one key pair.
 *
 * A token's signature is checked once (an ES256 verification costs more than the rest of a GET):
 * its claims are kept by the token's SHA-256, never the token, and a later request with the same
 * token checks only what can change, as a first verification would: the expiry and not-before
 * times against the clock, the cluster, and that the service account still exists with the uid
 * the token names (a storage read on every request, so a deleted or recreated account stops its
 * tokens at once).
 */
export class ServiceAccountTokens implements Authenticator {
  private readonly privateKey: CryptoKey;
  private readonly publicKey: CryptoKey;
  private readonly lookup: ServiceAccountLookup;
  private readonly now: () => number;
  private readonly verified = new Map<string, JWTPayload>();

  private constructor(privateKey: CryptoKey, publicKey: CryptoKey, lookup: ServiceAccountLookup, now: () => number) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.lookup = lookup;
    this.now = now;
  }

  /** Loads the signing key from `dir` (sa.key, sa.pub), creating it on first start; `now` is the clock (ms; tests move it). */
  static async load(dir: string, lookup: ServiceAccountLookup, options: { now?: () => number } = {}): Promise<ServiceAccountTokens> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const keyPath = join(dir, 'sa.key');
    const pubPath = join(dir, 'sa.pub');
    if (!existsSync(keyPath) || !existsSync(pubPath)) {
      const pair = await generateKeyPair('ES256', { extractable: true });
      writeFileSync(keyPath, await exportPKCS8(pair.privateKey), { mode: 0o600 });
      writeFileSync(pubPath, await exportSPKI(pair.publicKey));
    }
    return new ServiceAccountTokens(
      await importPKCS8(readFileSync(keyPath, 'utf8'), 'ES256'),
      await importSPKI(readFileSync(pubPath, 'utf8'), 'ES256'),
      lookup,
      options.now ?? Date.now,
    );
  }

  /** Returns a signed token for service account `name` (uid `uid`) of `namespace` in `cluster`. */
  async issue(cluster: string, namespace: string, name: string, uid: string, spec: TokenRequestSpec): Promise<{ token: string; expirationTimestamp: string }> {
    // TokenRequest: expirationSeconds defaults to one hour and may not be below ten minutes.
    const seconds = Math.max(spec.expirationSeconds ?? 3600, 600);
    const now = Math.floor(this.now() / 1000);
    const kubernetes: Record<string, unknown> = { namespace, serviceaccount: { name, uid } };
    if (spec.boundObjectRef?.name) {
      const kind = (spec.boundObjectRef.kind ?? '').toLowerCase();
      kubernetes[kind || 'object'] = { name: spec.boundObjectRef.name, uid: spec.boundObjectRef.uid ?? '' };
    }
    const token = await new SignJWT({ 'kubernetes.io': kubernetes, [clusterClaim]: cluster })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(serviceAccountIssuer)
      .setSubject(`system:serviceaccount:${namespace}:${name}`)
      .setAudience(spec.audiences?.length ? spec.audiences : [serviceAccountIssuer])
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + seconds)
      .sign(this.privateKey);
    return { token, expirationTimestamp: new Date((now + seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }

  /** Authenticates a service-account token issued for the cluster the request addresses. */
  async authenticate(req: IncomingMessage, target: AuthenticationTarget): Promise<UserInfo | undefined> {
    const token = bearerToken(req);
    if (!token || !isCompactJws(token)) return undefined;
    try {
      const payload = await this.verify(token);
      if (!payload) return undefined;
      const cluster = await target.cluster();
      if (!cluster || payload[clusterClaim] !== cluster) return undefined;
      const claims = payload['kubernetes.io'] as { namespace?: string; serviceaccount?: { name?: string; uid?: string } } | undefined;
      const namespace = claims?.namespace;
      const name = claims?.serviceaccount?.name;
      const uid = claims?.serviceaccount?.uid;
      if (!namespace || !name || !uid) return undefined;
      // A token outlives nothing: a deleted (or recreated) service account invalidates it.
      if ((await this.lookup(cluster, namespace, name)) !== uid) return undefined;
      return {
        name: `system:serviceaccount:${namespace}:${name}`,
        uid,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
        extra: { [clusterExtraKey]: [cluster], 'authentication.kubernetes.io/credential-id': [`JTI=${payload.jti ?? ''}`] },
      };
    } catch {
      return undefined;
    }
  }

  /** Returns the claims of `token` if it is ours (issuer, ES256 signature) and within its validity times now; else undefined. */
  private async verify(token: string): Promise<JWTPayload | undefined> {
    const hash = tokenHash(token);
    const now = this.now();
    const known = this.verified.get(hash);
    if (known) {
      // jwtVerify's time checks (jose, no clock tolerance): expired once exp <= now, not yet valid while nbf > now.
      const seconds = Math.floor(now / 1000);
      if (typeof known.exp === 'number' && known.exp <= seconds) {
        this.verified.delete(hash);
        return undefined;
      }
      if (typeof known.nbf === 'number' && known.nbf > seconds) return undefined;
      return known;
    }
    if (decodeProtectedHeader(token).alg !== 'ES256') return undefined;
    const { payload } = await jwtVerify(token, this.publicKey, { issuer: serviceAccountIssuer, algorithms: ['ES256'], currentDate: new Date(now) });
    if (this.verified.size >= maxVerifiedTokens) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(hash, payload);
    return payload;
  }
}
