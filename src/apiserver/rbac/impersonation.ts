// User impersonation (k8s.io/apiserver pkg/endpoints/filters/impersonation.go, the legacy mode of
// Kubernetes 1.32; docs "User impersonation"). A request may act as another user through
// `Impersonate-User`, `Impersonate-Group` (repeatable), `Impersonate-Uid` and
// `Impersonate-Extra-<key>` headers; each value needs the verb `impersonate` on:
//
//   users/<name>, groups/<name>               (group "", as upstream's legacy mode asks)
//   serviceaccounts/<name> in <namespace>     (for a user name system:serviceaccount:<ns>:<name>)
//   uids/<uid>, userextras/<key> named <value> (group authentication.k8s.io)
//
// checked in that order (user, groups, extras, uid), the first refusal answering 403 with
// upstream's message. Groups given replace the requester's; without them a service account gets
// its fixed groups. The impersonated user gets system:authenticated unless a given group already
// says system:authenticated or system:unauthenticated (system:anonymous gets system:unauthenticated).
// Groups, extras or a uid without Impersonate-User are an internal error upstream (500), and so here.
//
// One deliberate addition (kcp GHSA-c7xh-gjv4-4jgv): impersonating the system:masters group
// requires being a member of it already. Here a tenant is often cluster-admin of its own virtual
// cluster, and system:masters is the server-wide superuser group; cluster-admin must not be a
// step to it.
//
// The impersonation headers are removed from the request once applied, so nothing downstream
// (in particular a proxy to a host cluster) ever forwards them.

import type { IncomingMessage } from 'node:http';
import { forbidden, internalError } from '../../apimachinery/index.ts';
import type { UserInfo } from '../../registry/index.ts';
import type { AuthorizationAttributes, Authorizer } from '../auth.ts';
import { systemMasters } from './authorizer.ts';

const userHeader = 'impersonate-user';
const groupHeader = 'impersonate-group';
const uidHeader = 'impersonate-uid';
const extraPrefix = 'impersonate-extra-';
const authenticationGroup = 'authentication.k8s.io';
const allAuthenticated = 'system:authenticated';
const allUnauthenticated = 'system:unauthenticated';
const anonymous = 'system:anonymous';

/** One thing to impersonate (upstream builds an ObjectReference per value). */
interface ImpersonationRequest {
  kind: 'User' | 'ServiceAccount' | 'Group' | 'UserExtra' | 'UID';
  namespace: string;
  name: string;
  apiVersion: string;
  fieldPath: string;
}

/** Returns whether a header name is one of the impersonation headers. */
export function isImpersonationHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === userHeader || lower === groupHeader || lower === uidHeader || lower.startsWith(extraPrefix);
}

/**
 * Returns whether `req` carries any impersonation header, from its raw header names alone: most
 * requests carry none, and building headersDistinct to find out cost 3% of a GET (docs/benchmarks.md
 * finding 3).
 */
export function hasImpersonationHeaders(req: IncomingMessage): boolean {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    // "impersonate-" is 12 characters; compare its first letter before lower-casing anything.
    if (name.length >= 12 && (name.charCodeAt(0) | 0x20) === 0x69 && isImpersonationHeader(name)) return true;
  }
  return false;
}

/** Removes every impersonation header from `req` (headers, the distinct view and rawHeaders). */
export function stripImpersonationHeaders(req: IncomingMessage): void {
  for (const name of Object.keys(req.headers)) if (isImpersonationHeader(name)) delete req.headers[name];
  const distinct = req.headersDistinct;
  for (const name of Object.keys(distinct)) if (isImpersonationHeader(name)) delete distinct[name];
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (isImpersonationHeader(raw[i] as string)) raw.splice(i, 2);
}

/** serviceaccount.SplitUsername: namespace and name of "system:serviceaccount:<ns>:<name>". */
function splitServiceAccount(username: string): { namespace: string; name: string } | undefined {
  const prefix = 'system:serviceaccount:';
  if (!username.startsWith(prefix)) return undefined;
  const parts = username.slice(prefix.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/** unescapeExtraKey: extra keys are percent-encoded in header names; malformed ones are kept as sent. */
function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** Go's %v of an ObjectReference: `{Kind Namespace Name UID APIVersion ResourceVersion FieldPath}`. */
function describe(requests: readonly ImpersonationRequest[]): string {
  return `[${requests.map((r) => `{${r.kind} ${r.namespace} ${r.name}  ${r.apiVersion}  ${r.fieldPath}}`).join(' ')}]`;
}

/** buildImpersonationRequests: the values to impersonate, in upstream's order. */
function impersonationRequests(req: IncomingMessage): ImpersonationRequest[] {
  const headers = req.headersDistinct;
  const requests: ImpersonationRequest[] = [];
  const user = headers[userHeader]?.[0] ?? '';
  if (user) {
    const sa = splitServiceAccount(user);
    requests.push(sa ? { kind: 'ServiceAccount', ...sa, apiVersion: '', fieldPath: '' } : { kind: 'User', namespace: '', name: user, apiVersion: '', fieldPath: '' });
  }
  const groups = headers[groupHeader] ?? [];
  for (const group of groups) requests.push({ kind: 'Group', namespace: '', name: group, apiVersion: '', fieldPath: '' });
  let hasExtra = false;
  for (const [header, values] of Object.entries(headers)) {
    if (!header.startsWith(extraPrefix) || !values) continue;
    hasExtra = true;
    const key = unescapeExtraKey(header.slice(extraPrefix.length).toLowerCase());
    for (const value of values) requests.push({ kind: 'UserExtra', namespace: '', name: value, apiVersion: `${authenticationGroup}/v1`, fieldPath: key });
  }
  const uid = headers[uidHeader]?.[0] ?? '';
  if (uid) requests.push({ kind: 'UID', namespace: '', name: uid, apiVersion: `${authenticationGroup}/v1`, fieldPath: '' });
  if ((groups.length > 0 || hasExtra || uid) && !user) {
    throw internalError(`requested ${describe(requests)} without impersonating a user`);
  }
  return requests;
}

/** responsewriters.forbiddenMessage for the impersonation check of one value. */
function forbiddenFor(attrs: AuthorizationAttributes, reason: string | undefined): Error {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  const message = `User "${attrs.user.name}" cannot impersonate resource "${resource}" in API group "${attrs.apiGroup}" ${scope}`;
  return forbidden({ group: attrs.apiGroup, resource: attrs.resource }, attrs.name, reason ? `${message}: ${reason}` : message);
}

/**
 * Returns the user a request acts as: `user` itself without impersonation headers, else the
 * impersonated user once `user` may impersonate every requested value in `cluster`. Throws a 403
 * (or 500 for groups/extras/uid without a user) Status error otherwise. Strips the headers.
 */
export async function applyImpersonation(req: IncomingMessage, user: UserInfo, cluster: string, authorizer: Authorizer): Promise<UserInfo> {
  if (!hasImpersonationHeaders(req)) return user;
  const requests = impersonationRequests(req);
  if (requests.length === 0) {
    stripImpersonationHeaders(req);
    return user;
  }
  // Groups given are the authority, including system:authenticated/unauthenticated.
  const groupsSpecified = requests.some((r) => r.kind === 'Group');
  let username = '';
  let uid = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    const attrs: AuthorizationAttributes = {
      user,
      cluster,
      verb: 'impersonate',
      isResourceRequest: true,
      path: '',
      apiGroup: '',
      apiVersion: 'v1',
      namespace: r.namespace,
      resource: '',
      subresource: '',
      name: r.name,
    };
    switch (r.kind) {
      case 'ServiceAccount':
        attrs.resource = 'serviceaccounts';
        username = `system:serviceaccount:${r.namespace}:${r.name}`;
        // A service account's groups are a fixed mapping (serviceaccount.MakeGroupNames).
        if (!groupsSpecified) groups = ['system:serviceaccounts', `system:serviceaccounts:${r.namespace}`];
        break;
      case 'User':
        attrs.resource = 'users';
        username = r.name;
        break;
      case 'Group':
        attrs.resource = 'groups';
        groups.push(r.name);
        break;
      case 'UserExtra':
        attrs.apiGroup = authenticationGroup;
        attrs.resource = 'userextras';
        attrs.subresource = r.fieldPath;
        (extra[r.fieldPath] ??= []).push(r.name);
        break;
      case 'UID':
        attrs.apiGroup = authenticationGroup;
        attrs.resource = 'uids';
        uid = r.name;
        break;
    }
    const decision = await authorizer.authorize(attrs);
    if (!decision.allowed) throw forbiddenFor(attrs, decision.reason);
    if (r.kind === 'Group' && r.name === systemMasters && !user.groups.includes(systemMasters)) {
      throw forbiddenFor(attrs, `only members of ${systemMasters} may impersonate it`);
    }
  }
  if (username !== anonymous) {
    if (!groups.includes(allAuthenticated) && !groups.includes(allUnauthenticated)) groups.push(allAuthenticated);
  } else if (!groups.includes(allUnauthenticated)) {
    groups.push(allUnauthenticated);
  }
  stripImpersonationHeaders(req);
  const impersonated: UserInfo = { name: username, groups };
  if (uid) impersonated.uid = uid;
  if (Object.keys(extra).length > 0) impersonated.extra = extra;
  return impersonated;
}
