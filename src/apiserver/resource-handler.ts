// The REST endpoints of one resource: decode the request, call the registry's RestStore, encode
// the response. HTTP in, Status out; no storage access here (STYLE.md "Three layers").

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  badRequest,
  methodNotSupported,
  notFoundPath,
  StatusError,
  unsupportedMediaType,
  type KubeObject,
} from '../apimachinery/index.ts';
import type { PatchType, RequestContext, ResourceInfo, RestDeleteOptions, RestStore } from '../registry/index.ts';
import { decodeObjectBody, parseJson, parseYamlDocument, readBody } from './body.ts';
import { negotiateFormat, type ResponseFormat } from './negotiate.ts';
import { boolParam, includeObjectParam, intParam } from './query.ts';
import type { RequestInfo } from './request-info.ts';
import { writeObject } from './responses.ts';
import { toTable } from './table.ts';
import type { Watcher } from '../storage/index.ts';
import { streamWatch } from './watch-stream.ts';

/** A custom endpoint for a subresource the generic store does not serve (finalize, token, ...). */
export type SubresourceHandler = (call: ResourceCall) => Promise<void>;

/** Everything one resource request carries. */
export interface ResourceCall {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  request: RequestInfo;
  resource: ResourceInfo;
  ctx: RequestContext;
  store: RestStore;
  /** Decodes the request body as an object (JSON, YAML or protobuf). */
  body(): Promise<KubeObject>;
  /**
   * Set when the caller may not list the resource as a whole but may see some objects of it
   * (the management API returns only what the caller may see): keeps the visible ones.
   */
  visible?: (obj: KubeObject) => Promise<boolean>;
  /** Fills computed fields of objects read with ?extended=true (status.canUse, canUpdate). */
  extend?: (obj: KubeObject) => Promise<void>;
}

/** How many events a filtered watch checks at once before it holds the rest in the watch's buffer. */
const maxPendingChecks = 1000;

/**
 * Returns `watcher` passing only events whose object `visible` accepts. The check is async, so
 * a listener's events go through one promise chain, which keeps their order; past
 * maxPendingChecks the watch is paused, so its bounded buffer (and WatchClosed for a client
 * too far behind) applies as it does unfiltered. The resources served this way (management
 * kinds a caller may see only in part) have few watchers.
 */
function filteredWatcher(watcher: Watcher, visible: (obj: KubeObject) => Promise<boolean>): Watcher {
  let sinkPaused = false;
  let pending = 0;
  const flow = (): void => {
    if (sinkPaused || pending >= maxPendingChecks) watcher.pause();
    else watcher.resume();
  };
  return {
    stop: () => watcher.stop(),
    pause: () => {
      sinkPaused = true;
      watcher.pause();
    },
    resume: () => {
      sinkPaused = false;
      flow();
    },
    listen(sink) {
      let chain = Promise.resolve();
      let ended = false;
      const end = (err?: unknown): void => {
        if (ended) return;
        ended = true;
        sink.end(err);
      };
      watcher.listen({
        event(event) {
          if (++pending >= maxPendingChecks) watcher.pause();
          chain = chain
            .then(async () => {
              if (!ended && (event.type === 'BOOKMARK' || (await visible(event.object))) && !ended) sink.event(event);
            })
            .catch((err: unknown) => {
              watcher.stop();
              end(err);
            })
            .finally(() => {
              if (pending-- === maxPendingChecks) flow();
            });
        },
        end(err) {
          chain = chain.then(() => end(err));
        },
      });
    },
    async *[Symbol.asyncIterator]() {
      for await (const event of watcher) {
        if (event.type === 'BOOKMARK' || (await visible(event.object))) yield event;
      }
    },
  };
}

/** Keeps the visible items of a list and extends them; returns the list. */
async function prepareList(call: ResourceCall, list: KubeObject): Promise<KubeObject> {
  let items = list.items as KubeObject[];
  if (call.visible) {
    const keep = await Promise.all(items.map((item) => (call.visible as (o: KubeObject) => Promise<boolean>)(item)));
    items = items.filter((_, i) => keep[i]);
  }
  if (call.extend && call.query.get('extended') === 'true') await Promise.all(items.map((item) => (call.extend as (o: KubeObject) => Promise<void>)(item)));
  return { ...list, items };
}

const patchTypes: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Returns the body as an object; 400 when it is not one. */
export async function objectBody(req: IncomingMessage): Promise<KubeObject> {
  const value = decodeObjectBody(await readBody(req), req.headers['content-type']);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the request body must be an object');
  return value as KubeObject;
}

/** Returns DeleteOptions from the body (kubectl sends them there) merged over the query. */
async function deleteOptions(req: IncomingMessage, query: URLSearchParams): Promise<{ options: RestDeleteOptions; dryRun: boolean }> {
  const options: RestDeleteOptions = {};
  let dryRun = query.getAll('dryRun').includes('All');
  const policy = query.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy as RestDeleteOptions['propagationPolicy'];
  const grace = intParam(query, 'gracePeriodSeconds');
  if (grace !== undefined) options.gracePeriodSeconds = grace;
  const orphan = boolParam(query, 'orphanDependents');
  if (orphan !== undefined) options.orphanDependents = orphan;
  const raw = await readBody(req);
  if (raw.length > 0) {
    const body = decodeObjectBody(raw, req.headers['content-type']) as Record<string, unknown> | null;
    if (body && typeof body === 'object') {
      if (body.propagationPolicy !== undefined) options.propagationPolicy = body.propagationPolicy as RestDeleteOptions['propagationPolicy'];
      if (typeof body.gracePeriodSeconds === 'number') options.gracePeriodSeconds = body.gracePeriodSeconds;
      if (typeof body.orphanDependents === 'boolean') options.orphanDependents = body.orphanDependents;
      if (body.preconditions && typeof body.preconditions === 'object') options.preconditions = body.preconditions as RestDeleteOptions['preconditions'];
      if (Array.isArray(body.dryRun)) dryRun = dryRun || (body.dryRun as unknown[]).includes('All');
    }
  }
  const valid = [undefined, 'Orphan', 'Background', 'Foreground'];
  if (!valid.includes(options.propagationPolicy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${options.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  return { options, dryRun };
}

/** Returns the Status kube-apiserver answers a delete with when it does not return the object. */
function deleteStatus(resource: ResourceInfo, obj: KubeObject): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: obj.metadata?.name, group: resource.group, kind: resource.resource, uid: obj.metadata?.uid },
  };
}

/** Writes `obj` (or a list) in the negotiated format, as a Table when asked. */
function respond(call: ResourceCall, code: number, obj: KubeObject, format: ResponseFormat): void {
  if (format.table) {
    const isList = Array.isArray(obj.items);
    const items = isList ? (obj.items as KubeObject[]) : [obj];
    const meta = isList ? (obj.metadata as Record<string, unknown>) : { resourceVersion: obj.metadata?.resourceVersion };
    const table = toTable(call.resource, items, meta, { version: format.table.version, include: includeObjectParam(call.query), withColumns: true });
    writeObject(call.req, call.res, code, table, format, call.ctx.warnings);
    return;
  }
  writeObject(call.req, call.res, code, obj, format, call.ctx.warnings);
}

/** Serves one request to a resource or one of its status/scale subresources. */
export async function handleResource(call: ResourceCall, subresources: Map<string, SubresourceHandler>): Promise<void> {
  const { request, resource, store, ctx, query, req } = call;
  const sub = request.subresource;
  if (sub) {
    const custom = subresources.get(`${resource.group}/${resource.resource}/${sub}`);
    if (custom) return custom(call);
    if (!resource.subresources.some((s) => s.subresource === sub) || (sub !== 'status' && sub !== 'scale')) throw notFoundPath();
  }
  const verbs = sub ? (resource.subresources.find((s) => s.subresource === sub)?.verbs ?? []) : resource.verbs;
  if (!verbs.includes(request.verb)) throw methodNotSupported(resource, request.verb);
  const namespace = resource.namespaced ? request.namespace || undefined : undefined;
  if (resource.namespaced && !namespace && ['get', 'create', 'update', 'patch', 'delete'].includes(request.verb)) throw notFoundPath();
  if (!resource.namespaced && request.namespace) throw notFoundPath();
  const format = (): ResponseFormat => negotiateFormat(req.headers.accept, !sub || sub === 'status');

  switch (request.verb) {
    case 'get': {
      const f = format();
      const obj = await store.get(ctx, namespace, request.name, query.get('resourceVersion') ?? undefined);
      if (!sub && call.extend && query.get('extended') === 'true') await call.extend(obj);
      return respond(call, 200, sub === 'scale' ? store.scaleOf(obj) : obj, sub === 'scale' ? { encoding: f.encoding } : f);
    }
    case 'list': {
      const f = format();
      const list = await store.list(ctx, namespace, {
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
        limit: intParam(query, 'limit'),
        continue: query.get('continue') ?? undefined,
        resourceVersion: query.get('resourceVersion') ?? undefined,
        resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
      });
      return respond(call, 200, await prepareList(call, list), f);
    }
    case 'watch': {
      const f = format();
      const fieldSelector = request.name ? `metadata.name=${request.name}` : (query.get('fieldSelector') ?? undefined);
      const watcher = store.watch(ctx, namespace, {
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector,
        resourceVersion: query.get('resourceVersion') ?? undefined,
        resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
        allowWatchBookmarks: boolParam(query, 'allowWatchBookmarks'),
        sendInitialEvents: boolParam(query, 'sendInitialEvents'),
      });
      return streamWatch(req, call.res, call.visible ? filteredWatcher(watcher, call.visible) : watcher, {
        info: resource,
        format: f,
        include: includeObjectParam(query),
        timeoutSeconds: intParam(query, 'timeoutSeconds'),
      });
    }
    case 'create': {
      const f = format();
      const body = await call.body();
      if (resource.virtualCreate) return respond(call, 201, await resource.virtualCreate(body, ctx), f);
      // Create-only kinds (reviews, bindings) are computed, never stored.
      if (resource.verbs.length === 1) throw methodNotSupported(resource, 'create');
      const created = await store.create(ctx, namespace, body);
      return respond(call, 201, created, f);
    }
    case 'update': {
      const f = format();
      const body = await call.body();
      const outcome = await store.update(ctx, namespace, request.name, body, sub);
      return respond(call, outcome.created ? 201 : 200, sub === 'scale' ? store.scaleOf(outcome.object) : outcome.object, sub === 'scale' ? { encoding: f.encoding } : f);
    }
    case 'patch': {
      const f = format();
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const type = patchTypes[contentType];
      if (!type) throw unsupportedMediaType(contentType, Object.keys(patchTypes));
      if (type === 'strategic' && !acceptsStrategicMerge(resource)) {
        throw unsupportedMediaType(contentType, ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
      }
      const text = (await readBody(req)).toString('utf8');
      const body = type === 'apply' ? parseYamlDocument(text) : parseJson(text);
      const outcome = await store.patch(ctx, namespace, request.name, type, body, { subresource: sub, force: boolParam(query, 'force') ?? false });
      const obj = sub === 'scale' ? store.scaleOf(outcome.object) : outcome.object;
      return respond(call, outcome.created ? 201 : 200, obj, sub === 'scale' ? { encoding: f.encoding } : f);
    }
    case 'delete': {
      const f = format();
      const { options, dryRun } = await deleteOptions(req, query);
      const outcome = await store.delete({ ...ctx, dryRun: ctx.dryRun || dryRun }, namespace, request.name, options);
      if (!outcome.deleted) return respond(call, 202, outcome.object, f);
      if (returnsDeletedObject(resource)) return respond(call, 200, outcome.object, f);
      return writeObject(req, call.res, 200, deleteStatus(resource, outcome.object), { encoding: f.encoding }, ctx.warnings);
    }
    case 'deletecollection': {
      const f = format();
      const { options, dryRun } = await deleteOptions(req, query);
      const list = await store.deleteCollection({ ...ctx, dryRun: ctx.dryRun || dryRun }, namespace, {
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
      }, options);
      return respond(call, 200, list, f);
    }
    default:
      throw new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }
}

/** Built-in kinds take strategic merge patches; custom resources answer 415 like kube-apiserver. */
function acceptsStrategicMerge(resource: ResourceInfo): boolean {
  return resource.acceptsStrategicMerge ?? true;
}

/** kube-apiserver returns the deleted object for pods and custom resources, a Status otherwise. */
function returnsDeletedObject(resource: ResourceInfo): boolean {
  return resource.returnDeletedObject ?? false;
}
