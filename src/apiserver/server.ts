// ApiServer: one HTTPS endpoint serving the Kubernetes API of every logical cluster.
//
// Request path: TLS → health/version (anonymous) → mount (which logical cluster the path
// addresses) → authentication (401) → request info → discovery/OpenAPI or authorization (403)
// → resource handler → registry RestStore → storage. Errors become a Status in writeError.

import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { forbidden, notFoundPath, tooManyRequests, unauthorized, type KubeObject } from '../apimachinery/index.ts';
import { RestStore, type AdmissionHooks, type Catalog, type RequestContext, type ResourceInfo, type UserInfo } from '../registry/index.ts';
import type { Storage } from '../storage/index.ts';
import type { AuthenticationTarget, Authenticator, Authorizer } from './auth.ts';
import {
  aggregatedContentType,
  aggregatedDiscovery,
  legacyCoreVersions,
  legacyGroup,
  legacyGroupList,
  resourceList,
  wantsAggregated,
} from './discovery.ts';
import { OpenApiCache } from './openapi.ts';
import { dryRunParam, fieldValidationParam } from './query.ts';
import { applyImpersonation, hasImpersonationHeaders } from './rbac/impersonation.ts';
import { parseRequestInfo, parseRequestTarget, type RequestInfo, type RequestTarget } from './request-info.ts';
import { handleResource, objectBody, type ResourceCall, type SubresourceHandler } from './resource-handler.ts';
import { writeError, writeObject } from './responses.ts';
import { reviewHandlers } from './reviews.ts';

/** The Kubernetes version the server reports; the kubectl dispatcher picks its client by it. */
export const kubernetesVersion = { major: '1', minor: '32', gitVersion: 'v1.32.0' };

/** Mount maps a path prefix to the logical cluster it serves. */
export interface Mount {
  prefix: string;
  cluster: string;
}

/**
 * A dynamic mount (a virtual cluster's endpoint): its path prefix, how to find its logical
 * cluster, and how a caller's identity maps into it. Resolution happens after authentication so
 * that an anonymous caller learns nothing about which clusters exist.
 */
export interface DynamicMount {
  prefix: string;
  /** Returns the logical cluster, or undefined if the path names none. */
  cluster(): Promise<string | undefined>;
  /** Returns the identity the caller has inside the cluster; throws 403/404/503 Status errors. */
  admit(user: UserInfo, cluster: string | undefined): Promise<{ cluster: string; user: UserInfo }>;
}

/** MountResolver recognises dynamic prefixes by path alone; undefined = not a dynamic mount. */
export type MountResolver = (path: string) => DynamicMount | undefined;

/** Logger is the slice of pino the server uses. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Everything the API server is built from. */
export interface ApiServerOptions {
  storage: Storage;
  catalog: Catalog;
  tls: { cert: string; key: string };
  authenticator: Authenticator;
  authorizer: Authorizer;
  admission?: AdmissionHooks;
  /** Static mounts; the default serves loft-cluster at / and /kubernetes/management. */
  mounts?: Mount[];
  resolveMount?: MountResolver;
  /** Computed (never stored) kinds besides the access reviews, keyed "group/resource". */
  virtualCreates?: Map<string, (obj: KubeObject, ctx: RequestContext, info: ResourceInfo) => Promise<KubeObject>>;
  /** Extra endpoints for subresources, keyed "group/resource/subresource". */
  subresources?: Map<string, SubresourceHandler>;
  /**
   * Non-API routes (e.g. /auth/...), tried before authentication: false (at once, not a promise)
   * for a path they do not serve, else whether they handled the request.
   */
  routes?: (req: IncomingMessage, res: ServerResponse, target: RequestTarget) => Promise<boolean> | false;
  logger: Logger;
  /** Non-watch requests served at once before 429 (kube-apiserver --max-requests-inflight). */
  maxInFlight?: number;
  /**
   * Returns a promise when the logical cluster's RBAC and CRDs are not loaded yet (after a
   * restart they are read lazily); the request waits for it before it is authorized.
   */
  clusterReady?: (cluster: string) => Promise<void> | undefined;
}

const healthPaths = new Set(['/healthz', '/livez', '/readyz']);

/** A static mount with the authentication target of its fixed cluster (built once, not per request). */
interface FixedMount extends Mount {
  target: AuthenticationTarget;
}

/** The authentication target of a path no mount serves. */
const noCluster: AuthenticationTarget = { cluster: () => Promise.resolve(undefined) };

/** Returns the authentication target of a dynamic mount; its cluster is resolved at most once. */
function dynamicTarget(dynamic: DynamicMount): AuthenticationTarget {
  let cluster: Promise<string | undefined> | undefined;
  return { cluster: () => (cluster ??= dynamic.cluster()) };
}

/** ApiServer serves the Kubernetes API over HTTPS. */
export class ApiServer {
  private readonly options: ApiServerOptions;
  private readonly server: Server;
  private readonly openapi = new OpenApiCache(kubernetesVersion.gitVersion);
  private readonly stores = new WeakMap<ResourceInfo, RestStore>();
  private readonly virtualCreates: ReturnType<typeof reviewHandlers>;
  private readonly mounts: FixedMount[];
  private readonly subresources: Map<string, SubresourceHandler>;
  private readonly sockets = new Set<Duplex>();
  private inFlight = 0;
  private ready = false;
  private address = '';

  constructor(options: ApiServerOptions) {
    this.options = options;
    this.mounts = (options.mounts ?? [{ prefix: '/kubernetes/management', cluster: 'loft-cluster' }, { prefix: '', cluster: 'loft-cluster' }])
      .map((m) => {
        const cluster = Promise.resolve(m.cluster);
        return { prefix: m.prefix, cluster: m.cluster, target: { cluster: () => cluster } };
      })
      .sort((a, b) => b.prefix.length - a.prefix.length);
    this.subresources = options.subresources ?? new Map();
    this.virtualCreates = reviewHandlers(options.authorizer);
    for (const [key, handler] of options.virtualCreates ?? []) this.virtualCreates.set(key, handler);
    // Watches are long-running: no request timeout (Node's default would cut them at 5 minutes).
    this.server = createServer({ cert: options.tls.cert, key: options.tls.key, requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 65_000 }, (req, res) => {
      void this.handle(req, res);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    options.catalog.onChange((cluster) => this.openapi.dropCluster(cluster));
  }

  /** Starts listening; resolves to the bound port. */
  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const bound = (this.server.address() as AddressInfo).port;
    this.address = `${host.includes(':') ? `[${host}]` : host}:${bound}`;
    this.ready = true;
    return bound;
  }

  /** Stops: /readyz fails at once, no new connections, in-flight requests finish, watches end. */
  async close(): Promise<void> {
    this.ready = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const deadline = Date.now() + 10_000;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Remaining connections carry watches (or idle keep-alives): end them.
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private store(info: ResourceInfo): RestStore {
    let store = this.stores.get(info);
    if (!store) {
      store = new RestStore(this.options.storage, info, this.options.admission);
      this.stores.set(info, store);
    }
    return store;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const target = parseRequestTarget(req.url ?? '/');
    if (!target) {
      res.writeHead(400).end();
      return;
    }
    const { path, query } = target;
    try {
      if (healthPaths.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/')) {
        const ok = !path.startsWith('/readyz') || this.ready;
        res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
        res.end(ok ? 'ok' : 'shutting down');
        return;
      }
      if (path === '/version' || path === '/version/') return this.writeVersion(req, res);
      if (this.options.routes) {
        // A route answers false at once for a path it does not serve, so API requests pay no await here.
        const routed = this.options.routes(req, res, target);
        if (routed !== false && (await routed)) return;
      }
      await this.serveApi(req, res, path, query);
    } catch (err) {
      const status = writeError(req, res, err);
      if (status.code >= 500) this.options.logger.error({ err: String((err as Error)?.stack ?? err), method: req.method, path }, 'request failed');
    } finally {
      if (Date.now() - started > 5000 && !query.has('watch')) {
        this.options.logger.warn({ method: req.method, path, ms: Date.now() - started }, 'slow request');
      }
    }
  }

  private writeVersion(req: IncomingMessage, res: ServerResponse): void {
    writeObject(req, res, 200, {
      ...kubernetesVersion,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2026-01-01T00:00:00Z',
      goVersion: 'go1.23.0',
      compiler: 'gc',
      platform: 'linux/amd64',
    });
  }

  private async serveApi(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const dynamic = this.options.resolveMount?.(path);
    const fixed = dynamic ? undefined : this.mounts.find((m) => m.prefix === '' || path === m.prefix || path.startsWith(`${m.prefix}/`));
    const target = dynamic ? dynamicTarget(dynamic) : (fixed?.target ?? noCluster);
    const user = await this.options.authenticator.authenticate(req, target);
    // kubectl prints "You must be logged in to the server (Unauthorized)".
    if (!user) throw unauthorized();
    let mount: Mount;
    let identity: UserInfo;
    if (dynamic) {
      const admitted = await dynamic.admit(user, await target.cluster());
      mount = { prefix: dynamic.prefix, cluster: admitted.cluster };
      identity = admitted.user;
    } else {
      if (!fixed) throw notFoundPath();
      mount = fixed;
      identity = user;
    }
    // filters/impersonation.go runs right after authentication: Impersonate-* headers switch the
    // identity when it may impersonate each value in this cluster (403 otherwise); they are
    // stripped from the request either way.
    const loading = this.options.clusterReady?.(mount.cluster);
    if (loading) await loading;
    if (hasImpersonationHeaders(req)) identity = await applyImpersonation(req, identity, mount.cluster, this.options.authorizer);
    const inner = path.slice(mount.prefix.length) || '/';
    const request = parseRequestInfo(req.method ?? 'GET', inner, query);
    const resources = this.options.catalog.forCluster(mount.cluster);

    const decision = await this.options.authorizer.authorize({
      user: identity,
      cluster: mount.cluster,
      verb: request.isResourceRequest ? request.verb : (req.method ?? 'GET').toLowerCase(),
      isResourceRequest: request.isResourceRequest,
      path: inner,
      apiGroup: request.apiGroup,
      apiVersion: request.apiVersion,
      // Upstream authorizes a namespace object within itself: a RoleBinding in "foo" lets its
      // subjects read namespace "foo" (requestinfo.go).
      namespace: request.resource === 'namespaces' && request.apiGroup === '' && request.name && !request.namespace ? request.name : request.namespace,
      resource: request.resource,
      subresource: request.subresource,
      name: request.name,
    });

    if (!request.isResourceRequest) {
      if (!decision.allowed && !this.isDiscoveryPath(inner)) {
        throw forbidden({ group: '', resource: '' }, '', `User "${identity.name}" cannot ${req.method?.toLowerCase()} path "${inner}"`);
      }
      return this.serveNonResource(req, res, query, inner, mount, resources);
    }

    const info = resources.lookup(request.apiGroup, request.apiVersion, request.resource);
    if (!info) throw notFoundPath();
    if (!decision.allowed) throw this.forbiddenFor(identity, request, info, decision.reason);

    const isWatch = request.verb === 'watch';
    const limit = this.options.maxInFlight ?? 400;
    if (!isWatch && this.inFlight >= limit) throw tooManyRequests('Too many requests, please try again later.', 1);
    if (!isWatch) this.inFlight++;
    try {
      // Most requests carry no query: the defaults need no parsing.
      const plain = query.size === 0;
      const ctx: RequestContext = {
        cluster: mount.cluster,
        user: identity,
        dryRun: plain ? false : dryRunParam(query.getAll('dryRun')),
        fieldManager: plain ? undefined : (query.get('fieldManager') ?? undefined),
        fieldValidation: plain ? 'Warn' : fieldValidationParam(query),
        warnings: [],
        userAgent: req.headers['user-agent'],
      };
      const virtualCreate = this.virtualCreates.get(`${info.group}/${info.resource}`);
      const effective: ResourceInfo = virtualCreate ? { ...info, virtualCreate: (obj, c) => virtualCreate(obj, c, info) } : info;
      const call: ResourceCall = { req, res, query, request, resource: effective, ctx, store: this.store(info), body: () => objectBody(req) };
      // A caller allowed a filtered list (FilteredListAuthorizer) sees only the objects they may get.
      if (decision.filtered === true) call.visible = (obj) => this.allowedOn(identity, mount.cluster, inner, info, 'get', obj);
      if (info.filteredList) {
        // ?extended=true: what the caller may do with each object (loft's canUse/canUpdate).
        call.extend = async (obj) => {
          const [canUse, canUpdate] = await Promise.all([
            this.allowedOn(identity, mount.cluster, inner, info, 'use', obj),
            this.allowedOn(identity, mount.cluster, inner, info, 'update', obj),
          ]);
          obj.status = { ...((obj.status as object) ?? {}), canUse, canUpdate };
        };
      }
      await handleResource(call, this.subresources);
    } finally {
      if (!isWatch) this.inFlight--;
    }
  }

  /** Returns whether `user` may `verb` the object `obj` of `info` in `cluster`. */
  private async allowedOn(user: UserInfo, cluster: string, path: string, info: ResourceInfo, verb: string, obj: KubeObject): Promise<boolean> {
    const decision = await this.options.authorizer.authorize({
      user,
      cluster,
      verb,
      isResourceRequest: true,
      path,
      apiGroup: info.group,
      apiVersion: info.version,
      namespace: obj.metadata?.namespace ?? '',
      resource: info.resource,
      subresource: '',
      name: obj.metadata?.name ?? '',
    });
    return decision.allowed;
  }

  private isDiscoveryPath(path: string): boolean {
    return path === '/api' || path === '/apis' || path.startsWith('/api/') || path.startsWith('/apis/') || path.startsWith('/openapi/') || path === '/version';
  }

  private forbiddenFor(user: UserInfo, request: RequestInfo, info: ResourceInfo, reason: string | undefined): Error {
    const resource = request.subresource ? `${info.resource}/${request.subresource}` : info.resource;
    const scope = request.namespace ? ` in the namespace "${request.namespace}"` : info.namespaced ? '' : ' at the cluster scope';
    const why = `User "${user.name}" cannot ${request.verb} resource "${resource}" in API group "${info.group}"${scope}${reason ? `: ${reason}` : ''}`;
    return forbidden({ group: info.group, resource: info.resource }, request.name, why);
  }

  private async serveNonResource(
    req: IncomingMessage,
    res: ServerResponse,
    query: URLSearchParams,
    path: string,
    mount: { prefix: string; cluster: string },
    resources: ReturnType<Catalog['forCluster']>,
  ): Promise<void> {
    const trimmed = path.replace(/\/+$/, '') || '/';
    if (trimmed === '/version') return this.writeVersion(req, res);
    if (trimmed === '/api' || trimmed === '/apis') {
      const aggregated = wantsAggregated(req.headers.accept);
      const core = trimmed === '/api';
      if (aggregated) {
        const body = JSON.stringify(aggregatedDiscovery(resources, core, aggregated));
        res.writeHead(200, { 'Content-Type': aggregatedContentType(aggregated), 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache, private' });
        res.end(body);
        return;
      }
      return writeObject(req, res, 200, core ? legacyCoreVersions(this.address) : legacyGroupList(resources));
    }
    const segments = trimmed.split('/').filter(Boolean);
    if (segments[0] === 'api' && segments.length === 2) {
      const list = resourceList(resources, '', segments[1] as string);
      if (list) return writeObject(req, res, 200, list);
    }
    if (segments[0] === 'apis' && segments.length === 2) {
      const group = legacyGroup(resources, segments[1] as string);
      if (group) return writeObject(req, res, 200, group);
    }
    if (segments[0] === 'apis' && segments.length === 3) {
      const list = resourceList(resources, segments[1] as string, segments[2] as string);
      if (list) return writeObject(req, res, 200, list);
    }
    if (segments[0] === 'openapi' && segments[1] === 'v3') {
      if (segments.length === 2) return writeObject(req, res, 200, this.openapi.root(mount.cluster, resources, mount.prefix));
      const gv = segments.slice(2);
      const [group, version] = gv[0] === 'api' ? ['', gv[1] ?? ''] : gv[0] === 'apis' ? [gv[1] ?? '', gv[2] ?? ''] : ['', ''];
      const doc = version ? this.openapi.document(mount.cluster, resources, group, version) : undefined;
      if (doc) {
        const etag = `"${doc.hash}"`;
        const headers = { ETag: etag, 'Cache-Control': query.has('hash') ? 'public, immutable' : 'no-cache, private', Vary: 'Accept' };
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, headers).end();
          return;
        }
        res.writeHead(200, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(doc.body) });
        res.end(doc.body);
        return;
      }
    }
    throw notFoundPath();
  }
}

