// Access keys (loft-platform-api.md §2.7, §6): random 256-bit bearer tokens, each an
// OwnedAccessKey of management.loft.sh in loft-cluster. The key itself is never stored: the
// object carries its SHA-256 in an annotation, and the clear key appears exactly once, in the
// response (or return value) that creates it.
//
// Who may set the hash: only code in this folder. A create or update through the API can never
// choose a key (or its hash): the strategy below drops `spec.key` and the hash annotation from
// every write, except for a create whose RequestContext this module vouched for (`trusted`).
// That covers every write path of the registry — POST, PUT, PATCH and server-side apply.

import { randomBytes } from 'node:crypto';
import { fieldForbidden, forbidden, fieldInvalid, fieldRequired, type FieldError, type KubeObject } from '../../apimachinery/index.ts';
import { tokenHash } from '../../apiserver/index.ts';
import type { SystemClient } from '../../controllers/index.ts';
import type { KindStrategy, RequestContext, ResourceInfo, RestStore, UserInfo } from '../../registry/index.ts';
import { safeConcatName } from '../names.ts';

/** The logical cluster holding users, teams and access keys. */
export const managementCluster = 'loft-cluster';
/** The API group of the management kinds. */
export const managementGroup = 'management.loft.sh';
/** The annotation holding the hex SHA-256 of an access key (the key itself is never stored). */
export const accessKeyHashAnnotation = 'loft.sh/access-key-sha256';
/** The annotation recording the owner's spec.tokenGeneration when the key was issued. */
export const tokenGenerationAnnotation = 'loft.sh/token-generation';
/** The annotation recording the owning User's uid, so a recreated user of the same name gets none of the old keys. */
export const userUidAnnotation = 'loft.sh/user-uid';
/** UserInfo.extra key naming the OwnedAccessKey a request authenticated with. */
export const accessKeyExtra = 'loft.sh/access-key';
/** UserInfo.extra key carrying that key's spec.type. */
export const accessKeyTypeExtra = 'loft.sh/access-key-type';
/** The management ClusterRole that makes a user a global admin. */
export const adminClusterRole = 'loft-management-admin';

/** Access key types (storage/v1 accesskey_types.go AccessKeyType). */
export const accessKeyTypes = ['', 'Login', 'User', 'Other', 'Reset', 'OIDCRefreshToken', 'NetworkPeer', 'Workspace'] as const;

type Obj = Record<string, unknown>;

/** Returns `v` as a plain object, or undefined. */
export function asObject(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** Returns `v` if it is a non-empty string, else undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Returns a new access key: 256 random bits, base64url (43 characters). */
export function newAccessKey(): string {
  return randomBytes(32).toString('base64url');
}

/** Returns the hash an access key is stored and looked up by (hex SHA-256). */
export function accessKeyHash(key: string): string {
  return tokenHash(key);
}

/** Returns the stored key hash of an OwnedAccessKey, or undefined. */
export function storedKeyHash(obj: KubeObject): string | undefined {
  return text(obj.metadata?.annotations?.[accessKeyHashAnnotation]);
}

/** Returns the tokenGeneration recorded on an OwnedAccessKey (0 when absent). */
export function recordedTokenGeneration(obj: KubeObject): number {
  const n = Number(obj.metadata?.annotations?.[tokenGenerationAnnotation] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Returns the spec.tokenGeneration of a User (0 when absent). */
export function userTokenGeneration(user: KubeObject | undefined): number {
  const n = Number(asObject(user?.spec)?.tokenGeneration ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Returns whether a user may see and revoke `key`: it is their own (spec.user is their name). */
export function ownsAccessKey(user: UserInfo, key: KubeObject): boolean {
  const owner = text(asObject(key.spec)?.user);
  return owner !== undefined && owner === user.name;
}

/** Returns the filter a list or watch of ownedaccesskeys must apply for `user`: undefined for admins (everything), else ownsAccessKey. */
export function accessKeyListFilter(user: UserInfo): ((key: KubeObject) => boolean) | undefined {
  return isPlatformAdmin(user) ? undefined : (key) => ownsAccessKey(user, key);
}

/** Returns whether `user` is a platform admin (the groups the authenticator gives loft-management-admin). */
export function isPlatformAdmin(user: UserInfo): boolean {
  return user.groups.includes('system:masters') || user.groups.includes('loft:admins');
}

/**
 * Returns when `key` expires (ms since the epoch), or undefined if it never does. spec.ttl counts
 * from creation, or with spec.ttlAfterLastActivity from the last use (`lastUsedMs`, else
 * status.lastActivity, else creation).
 */
export function accessKeyExpiry(key: KubeObject, lastUsedMs = 0): number | undefined {
  const spec = asObject(key.spec) ?? {};
  const ttl = Number(spec.ttl ?? 0);
  if (!Number.isFinite(ttl) || ttl <= 0) return undefined;
  const created = Date.parse(key.metadata?.creationTimestamp ?? '') || 0;
  let start = created;
  if (spec.ttlAfterLastActivity === true) {
    const recorded = Date.parse(String(asObject(key.status)?.lastActivity ?? '')) || 0;
    start = Math.max(created, recorded, lastUsedMs);
  }
  return start + ttl * 1000;
}

/** The key material of an access key object: everything only this module may set. */
interface KeyMaterial {
  hash: string;
  tokenGeneration: number;
  userUid?: string;
}

// What this module vouches for, per create: the key material the object must carry. Keyed by the
// RequestContext object, which the RestStore hands to prepareForCreate unchanged.
const trusted = new WeakMap<RequestContext, KeyMaterial>();

/** Returns the key material recorded on a stored key, or undefined when it has no hash. */
function materialOf(obj: KubeObject): KeyMaterial | undefined {
  const hash = storedKeyHash(obj);
  if (!hash) return undefined;
  const userUid = text(obj.metadata?.annotations?.[userUidAnnotation]);
  return { hash, tokenGeneration: recordedTokenGeneration(obj), ...(userUid ? { userUid } : {}) };
}

/** Removes anything a client might have sent as a key or key material; then sets `keep`. */
function stripKeyMaterial(obj: KubeObject, keep?: KeyMaterial): void {
  const spec = asObject(obj.spec);
  if (spec) delete spec.key;
  const meta = (obj.metadata ??= {});
  const annotations = { ...(meta.annotations ?? {}) };
  delete annotations[accessKeyHashAnnotation];
  delete annotations[tokenGenerationAnnotation];
  delete annotations[userUidAnnotation];
  if (keep) {
    annotations[accessKeyHashAnnotation] = keep.hash;
    annotations[tokenGenerationAnnotation] = String(keep.tokenGeneration);
    if (keep.userUid) annotations[userUidAnnotation] = keep.userUid;
  }
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  else delete meta.annotations;
}

/** Returns the object-local checks of an OwnedAccessKey. */
function validateAccessKey(obj: KubeObject): FieldError[] {
  const spec = asObject(obj.spec) ?? {};
  const errors: FieldError[] = [];
  const user = text(spec.user);
  const team = text(spec.team);
  if (!user && !team) errors.push(fieldRequired('spec.user', 'an access key belongs to a user or a team'));
  if (user && team) errors.push(fieldForbidden('spec.team', 'an access key belongs to a user or a team, not both'));
  if (spec.ttl !== undefined && (typeof spec.ttl !== 'number' || spec.ttl < 0)) errors.push(fieldInvalid('spec.ttl', spec.ttl, 'must be a non-negative number of seconds'));
  if (spec.type !== undefined && !(accessKeyTypes as readonly unknown[]).includes(spec.type)) {
    errors.push(fieldInvalid('spec.type', spec.type, `must be one of ${accessKeyTypes.filter(Boolean).join(', ')}`));
  }
  return errors;
}

/** Returns the strategy of ownedaccesskeys: key material only from this module, owner immutable. */
function accessKeyStrategy(base: KindStrategy): KindStrategy {
  return {
    ...base,
    // `--field-selector spec.user=<name>` lists one user's keys (what `loft` and the UI show).
    fieldSelectors: {
      ...base.fieldSelectors,
      'spec.user': (obj) => text(asObject(obj.spec)?.user) ?? '',
      'spec.team': (obj) => text(asObject(obj.spec)?.team) ?? '',
      'spec.type': (obj) => text(asObject(obj.spec)?.type) ?? '',
    },
    prepareForCreate(obj, ctx) {
      base.prepareForCreate?.(obj, ctx);
      // The status subresource owns status (the RestStore drops it only without this hook).
      delete obj.status;
      stripKeyMaterial(obj, trusted.get(ctx));
    },
    prepareForUpdate(obj, old, ctx) {
      base.prepareForUpdate?.(obj, old, ctx);
      // The hash, and the owner generation and uid it was issued for, never change after creation.
      stripKeyMaterial(obj, materialOf(old));
    },
    validate(obj, ctx) {
      return [...(base.validate?.(obj, ctx) ?? []), ...validateAccessKey(obj)];
    },
    validateUpdate(obj, old, ctx) {
      const errors = [...(base.validateUpdate?.(obj, old, ctx) ?? base.validate?.(obj, ctx) ?? []), ...validateAccessKey(obj)];
      const spec = asObject(obj.spec) ?? {};
      const was = asObject(old.spec) ?? {};
      for (const field of ['user', 'team'] as const) {
        if ((spec[field] ?? '') !== (was[field] ?? '')) errors.push(fieldInvalid(`spec.${field}`, spec[field] ?? '', 'field is immutable'));
      }
      return errors;
    },
  };
}

/** Returns `resources` with the ownedaccesskeys strategy that keeps keys out of storage. */
export function withAccessKeyStrategy(resources: ResourceInfo[]): ResourceInfo[] {
  return resources.map((info) =>
    info.group === managementGroup && info.resource === 'ownedaccesskeys' ? { ...info, strategy: accessKeyStrategy(info.strategy) } : info,
  );
}

/** Returns the key material for a key of `hash` owned by `owner` (a User object, if any). */
function materialFor(hash: string, owner: KubeObject | undefined): KeyMaterial {
  const userUid = text(owner?.metadata?.uid);
  return { hash, tokenGeneration: userTokenGeneration(owner), ...(userUid ? { userUid } : {}) };
}

/** Returns an ownerReference to the User `owner`, so the garbage collector deletes its keys with it. */
function ownerReferenceTo(owner: KubeObject | undefined): NonNullable<KubeObject['metadata']>['ownerReferences'] {
  const uid = text(owner?.metadata?.uid);
  const name = text(owner?.metadata?.name);
  return uid && name ? [{ apiVersion: `${managementGroup}/v1`, kind: 'User', name, uid }] : undefined;
}

/** Stores a new OwnedAccessKey carrying `hash`, owned by the User `owner`; `ctx` decides identity, dryRun and field manager. */
export async function storeAccessKey(store: RestStore, ctx: RequestContext, obj: KubeObject, hash: string, owner: KubeObject | undefined): Promise<KubeObject> {
  const own: RequestContext = { ...ctx, warnings: ctx.warnings };
  const vouched = materialFor(hash, owner);
  trusted.set(own, vouched);
  const object: KubeObject = { ...obj, apiVersion: `${managementGroup}/v1`, kind: 'OwnedAccessKey', metadata: { ...obj.metadata } };
  const refs = ownerReferenceTo(owner);
  if (refs) (object.metadata ??= {}).ownerReferences = refs;
  // Set here as well, so that the hash survives even where the strategy is not wired.
  stripKeyMaterial(object, vouched);
  return store.create(own, undefined, object);
}

/** What issueAccessKey creates. */
export interface AccessKeyRequest {
  /** The owning user (or team). */
  user?: string;
  team?: string;
  type?: string;
  displayName?: string;
  description?: string;
  /** Seconds until the key expires (0/undefined = never). */
  ttl?: number;
  ttlAfterLastActivity?: boolean;
  scope?: Obj;
  /** Object name; default generated from the owner. */
  name?: string;
}

/** Returns the name base of a generated key object: `<owner>-` (kept short). */
function generateNameFor(owner: string): string {
  return `${safeConcatName(owner).slice(0, 40)}-`;
}

/** Returns the object an AccessKeyRequest describes (without key material). */
function accessKeyObject(request: AccessKeyRequest): KubeObject {
  const spec: Obj = {};
  if (request.user) spec.user = request.user;
  if (request.team) spec.team = request.team;
  if (request.displayName) spec.displayName = request.displayName;
  if (request.description) spec.description = request.description;
  spec.type = request.type ?? 'User';
  if (request.ttl) spec.ttl = request.ttl;
  if (request.ttlAfterLastActivity) spec.ttlAfterLastActivity = true;
  if (request.scope) spec.scope = request.scope;
  const owner = request.user ?? request.team ?? 'key';
  return {
    apiVersion: `${managementGroup}/v1`,
    kind: 'OwnedAccessKey',
    metadata: request.name ? { name: request.name } : { generateName: generateNameFor(owner) },
    spec,
  };
}

/** Returns the RequestContext of writes this module makes on its own behalf. */
export function authContext(): RequestContext {
  return {
    cluster: managementCluster,
    user: { name: 'system:loft-auth', groups: ['system:masters', 'system:authenticated'] },
    dryRun: false,
    fieldManager: 'loft-auth',
    fieldValidation: 'Ignore',
    warnings: [],
  };
}

/** Something that knows the current users (the AccessKeyIndex) and can wait for a key to be indexed. */
export interface KeyRegistry {
  user(name: string): KubeObject | undefined;
  /** Resolves once the key object `name` with `hash` is indexed (false after `timeoutMs`). */
  waitForKey(name: string, hash: string, timeoutMs?: number): Promise<boolean>;
}

/** Returns the clear key and the stored object of a new access key (the only time the key is seen). */
export async function issueAccessKey(client: SystemClient, registry: KeyRegistry, request: AccessKeyRequest): Promise<{ key: string; object: KubeObject }> {
  const keys = client.must(managementCluster, managementGroup, 'ownedaccesskeys');
  const owner = request.user ? (registry.user(request.user) ?? (await client.must(managementCluster, managementGroup, 'users').get(undefined, request.user))) : undefined;
  const key = newAccessKey();
  const hash = accessKeyHash(key);
  const object = await storeAccessKey(client.store(keys.info), authContext(), accessKeyObject(request), hash, owner);
  // The caller hands the key out next; make sure the very next request with it authenticates.
  await registry.waitForKey(object.metadata?.name ?? '', hash);
  return { key, object };
}

/**
 * Returns the handler for POST ownedaccesskeys (ApiServerOptions.virtualCreates): the server
 * generates the key (a client-sent spec.key is ignored), stores only its hash and answers with the
 * key in spec.key, this once. Callers who are not admins create keys for themselves only (never
 * for other users or teams).
 */
export function ownedAccessKeyCreate(client: SystemClient, registry: KeyRegistry): (obj: KubeObject, ctx: RequestContext, info: ResourceInfo) => Promise<KubeObject> {
  return async (input, ctx, info) => {
    const store = client.store(info);
    if (ctx.cluster !== managementCluster) return store.create(ctx, input.metadata?.namespace, input);
    const obj: KubeObject = { ...input, metadata: { ...(asObject(input.metadata) ?? {}) }, spec: { ...(asObject(input.spec) ?? {}) } };
    const spec = obj.spec as Obj;
    delete spec.key;
    if (!isPlatformAdmin(ctx.user)) {
      // Anyone else's key, or a team's (which would outlive the caller's membership), is an admin's to create.
      if (ctx.user.name.includes(':')) throw forbidden({ group: managementGroup, resource: 'ownedaccesskeys' }, '', `User "${ctx.user.name}" cannot create access keys: only platform users can`);
      spec.user = ctx.user.name;
      delete spec.team;
      // Extra groups would let a key claim more than its owner holds (CVE-2026-22806 class).
      delete spec.groups;
    } else if (!text(spec.user) && !text(spec.team) && !ctx.user.name.includes(':')) {
      spec.user = ctx.user.name;
    }
    if (!text(spec.type)) spec.type = 'User';
    const meta = obj.metadata ?? {};
    if (!meta.name && !meta.generateName) meta.generateName = generateNameFor(text(spec.user) ?? text(spec.team) ?? 'key');
    const owner = text(spec.user) ? registry.user(spec.user as string) : undefined;
    const key = newAccessKey();
    const hash = accessKeyHash(key);
    const created = await storeAccessKey(store, ctx, obj, hash, owner);
    if (ctx.dryRun) return created;
    await registry.waitForKey(created.metadata?.name ?? '', hash);
    return { ...created, spec: { ...(asObject(created.spec) ?? {}), key } };
  };
}
