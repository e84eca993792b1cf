// A stand-in for the platform's HTTPS API in the CLI's unit tests: generic create, get, list,
// update (with resourceVersion conflicts), merge patch and delete on an in-memory map under
// /kubernetes/management, Self, password login, and hooks for what a test needs to vary
// (phases that change between polls, subresources, errors). It exists for the pieces the real
// server does not have yet and to make failures (Failed phases, conflicts) reproducible; the
// end-to-end tests in test/e2e drive the real one.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTls } from '../../apiserver/index.ts';
import type { KubeObject, SelfStatus } from '../api.ts';

/** One request the fake platform received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  contentType: string;
  token: string | undefined;
}

/** What a hook answers: a status and a JSON body. */
export interface FakeResponse {
  status: number;
  body: unknown;
}

/** A running fake platform. */
export interface FakePlatform {
  url: string;
  /** PEM of the CA that signed the serving certificate (the server sends no chain, so --insecure pins the serving certificate). */
  caPem: string;
  /** Stored objects by item path below /kubernetes/management. */
  objects: Map<string, KubeObject>;
  requests: RecordedRequest[];
  /** Access key → what Self answers for it. */
  keys: Map<string, SelfStatus>;
  /** Username → password and the access key a password login returns. */
  passwords: Map<string, { password: string; accessKey: string }>;
  /** Hooks run before the generic handler; the first answer wins. */
  hooks: Array<(req: RecordedRequest) => FakeResponse | undefined>;
  /** Stores `obj` in collection `collection` (a path below /kubernetes/management, e.g. /apis/management.loft.sh/v1/projects). */
  seed(collection: string, obj: KubeObject): void;
  /** Returns the stored object at item path `path`. */
  get(path: string): KubeObject | undefined;
  close(): Promise<void>;
}

/** Returns a Kubernetes Status body. */
export function status(code: number, reason: string, message: string): FakeResponse {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code } };
}

/** Returns `target` with RFC 7386 merge patch `patch` applied. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const prefix = '/kubernetes/management';

/** Returns the collection path, resource, group and name of a management URL path, or undefined. */
function route(path: string): { collection: string; resource: string; group: string; name?: string; subresource?: string } | undefined {
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  const m = /^(\/api\/v1|\/apis\/([^/]+)\/([^/]+))\/(.*)$/.exec(rest);
  if (!m) return undefined;
  const base = m[1] as string;
  const group = m[2] ?? '';
  const segments = (m[4] as string).split('/').filter((s) => s !== '');
  let ns = '';
  if (segments[0] === 'namespaces' && segments.length >= 3) {
    ns = `/namespaces/${segments[1]}`;
    segments.splice(0, 2);
  }
  const [resource, name, subresource] = segments as [string, string | undefined, string | undefined];
  return { collection: `${base}${ns}/${resource}`, resource, group, ...(name ? { name } : {}), ...(subresource ? { subresource } : {}) };
}

/** Starts a fake platform on a free loopback port. */
export async function startFakePlatform(): Promise<FakePlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'loft-cli-fake-'));
  const tls = await ensureTls(dir, ['127.0.0.1']);
  const objects = new Map<string, KubeObject>();
  const requests: RecordedRequest[] = [];
  const keys = new Map<string, SelfStatus>();
  const passwords = new Map<string, { password: string; accessKey: string }>();
  const hooks: FakePlatform['hooks'] = [];
  let revision = 1;

  const store = (key: string, obj: KubeObject): KubeObject => {
    const stored = structuredClone(obj);
    stored.metadata = { ...stored.metadata, resourceVersion: String(++revision) };
    stored.metadata.uid ??= randomUUID();
    stored.metadata.creationTimestamp ??= new Date().toISOString();
    objects.set(key, stored);
    return stored;
  };

  const handle = (req: RecordedRequest): FakeResponse => {
    for (const hook of hooks) {
      const answer = hook(req);
      if (answer) return answer;
    }
    if (req.path === '/auth/password/login' && req.method === 'POST') {
      const { username, password } = (req.body ?? {}) as { username?: string; password?: string };
      const entry = username ? passwords.get(username) : undefined;
      if (!entry || entry.password !== password) return status(401, 'Unauthorized', 'invalid username or password');
      keys.set(entry.accessKey, keys.get(entry.accessKey) ?? { user: { name: username, username }, accessKey: `login-${username}`, accessKeyType: 'Login' });
      return { status: 200, body: { accessKey: entry.accessKey } };
    }
    if (!req.token || !keys.has(req.token)) return status(401, 'Unauthorized', 'Unauthorized');
    const r = route(req.path);
    if (!r) return status(404, 'NotFound', 'the server could not find the requested resource');
    const gr = r.group ? `${r.resource}.${r.group}` : r.resource;
    if (r.resource === 'selves' && req.method === 'POST') {
      return { status: 201, body: { apiVersion: 'management.loft.sh/v1', kind: 'Self', status: keys.get(req.token) } };
    }
    if (r.subresource) return status(404, 'NotFound', 'the server could not find the requested resource');
    const key = r.name ? `${r.collection}/${r.name}` : r.collection;
    const current = r.name ? objects.get(key) : undefined;
    switch (req.method) {
      case 'GET':
        if (!r.name) {
          const items = [...objects.entries()].filter(([k]) => k.startsWith(`${r.collection}/`) && !k.slice(r.collection.length + 1).includes('/')).map(([, v]) => v);
          return { status: 200, body: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(revision) }, items } };
        }
        return current ? { status: 200, body: current } : status(404, 'NotFound', `${gr} "${r.name}" not found`);
      case 'POST': {
        const obj = req.body as KubeObject;
        const name = obj.metadata?.name ?? '';
        if (objects.has(`${r.collection}/${name}`)) return status(409, 'AlreadyExists', `${gr} "${name}" already exists`);
        return { status: 201, body: store(`${r.collection}/${name}`, obj) };
      }
      case 'PUT': {
        if (!current) return status(404, 'NotFound', `${gr} "${r.name}" not found`);
        const obj = req.body as KubeObject;
        if (obj.metadata?.resourceVersion !== current.metadata?.resourceVersion) {
          return status(409, 'Conflict', `Operation cannot be fulfilled on ${gr} "${r.name}": the object has been modified; please apply your changes to the latest version and try again`);
        }
        return { status: 200, body: store(key, obj) };
      }
      case 'PATCH':
        if (!current) return status(404, 'NotFound', `${gr} "${r.name}" not found`);
        return { status: 200, body: store(key, mergePatch(current, req.body) as KubeObject) };
      case 'DELETE':
        if (!current) return status(404, 'NotFound', `${gr} "${r.name}" not found`);
        objects.delete(key);
        return { status: 200, body: { kind: 'Status', apiVersion: 'v1', status: 'Success' } };
      default:
        return status(405, 'MethodNotAllowed', 'method not allowed');
    }
  };

  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const auth = req.headers.authorization;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body,
        contentType: String(req.headers['content-type'] ?? ''),
        token: auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined,
      };
      requests.push(recorded);
      const answer = handle(recorded);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: tls.caCert,
    objects,
    requests,
    keys,
    passwords,
    hooks,
    seed(collection, obj) {
      store(`${collection}/${obj.metadata?.name}`, obj);
    },
    get(path) {
      return objects.get(path);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
