// RequestInfo: what a Kubernetes API path asks for (k8s.io/apiserver pkg/endpoints/request
// requestinfo.go). /api/v1/namespaces/ns/pods/name/status becomes verb, group, version,
// namespace, resource, name and subresource.

/** RequestInfo describes one API request. */
export interface RequestInfo {
  /** true for /api and /apis paths that name a resource; false for discovery, OpenAPI, health. */
  isResourceRequest: boolean;
  path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection (or the HTTP verb lower-cased). */
  verb: string;
  apiPrefix: 'api' | 'apis' | '';
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** The path segments after the version. */
  parts: string[];
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** A request target split into its path and query. */
export interface RequestTarget {
  path: string;
  query: URLSearchParams;
}

const urlBase = 'https://localhost';

/**
 * Returns whether `new URL` leaves this path exactly as it is: printable ASCII without the
 * characters WHATWG URL percent-encodes in a path (space " # < > ^ ` { }), without the backslash
 * it reads as a slash, and without "." / ".." segments (or their %2e spellings) it removes.
 */
function isPlainPath(path: string): boolean {
  if (path.charCodeAt(0) !== 0x2f || path.charCodeAt(1) === 0x2f) return false;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e || c === 0x5c || c === 0x5e || c === 0x60 || c === 0x7b || c === 0x7d) return false;
    // "/." starts every dot segment; "%2e" spells a dot. Both are rare in API paths: take the slow path.
    if (c === 0x2e && path.charCodeAt(i - 1) === 0x2f) return false;
    if (c === 0x25 && path.charCodeAt(i + 1) === 0x32 && (path.charCodeAt(i + 2) | 0x20) === 0x65) return false;
  }
  return true;
}

/**
 * Returns whether URLSearchParams reads this query as `new URL` would: printable ASCII without
 * space (URL trims it at the end), "#" (a fragment) or a leading "?" (URLSearchParams drops it).
 */
function isPlainQuery(query: string): boolean {
  if (query.charCodeAt(0) === 0x3f) return false;
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c <= 0x20 || c === 0x23 || c >= 0x7f) return false;
  }
  return true;
}

/**
 * Returns the path and query of a request target (req.url) exactly as `new URL(target, base)`
 * gives them (pathname, searchParams), or undefined when it is not a valid URL. Plain targets,
 * which are nearly all API requests, are split without building a URL (a few percent of a
 * GET's cost; docs/benchmarks.md finding 3); anything URL would rewrite takes the URL path.
 */
export function parseRequestTarget(target: string): RequestTarget | undefined {
  const mark = target.indexOf('?');
  const path = mark < 0 ? target : target.slice(0, mark);
  const query = mark < 0 ? '' : target.slice(mark + 1);
  if (isPlainPath(path) && isPlainQuery(query)) return { path, query: new URLSearchParams(query) };
  try {
    const url = new URL(target, urlBase);
    return { path: url.pathname, query: url.searchParams };
  } catch {
    return undefined;
  }
}

/** Returns the RequestInfo of `method` on `path` (already split from its query). */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  const segments = path.split('/').filter((s, i, all) => s !== '' || (i > 0 && i === all.length - 1 && false));
  if (segments.length === 0 || (segments[0] !== 'api' && segments[0] !== 'apis')) return info;
  info.apiPrefix = segments[0] as 'api' | 'apis';
  let rest = segments.slice(1);
  if (info.apiPrefix === 'apis') {
    if (rest.length === 0) return info;
    info.apiGroup = rest[0] as string;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return info;
  info.apiVersion = rest[0] as string;
  rest = rest.slice(1);
  if (rest.length === 0) return info;
  info.isResourceRequest = true;
  // Deprecated /watch/ prefix: GET /api/v1/watch/namespaces/ns/pods.
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = rest[1] as string;
    // /namespaces/{name} and /namespaces/{name}/{status|finalize} address the namespace itself.
    if (rest.length === 2 || (rest.length === 3 && namespaceSubresources.has(rest[2] as string))) {
      info.resource = 'namespaces';
      info.name = info.namespace;
      info.namespace = '';
      info.subresource = rest[2] ?? '';
      rest = [];
    } else {
      rest = rest.slice(2);
    }
  }
  if (rest.length > 0) {
    info.resource = rest[0] as string;
    info.name = rest[1] ?? '';
    info.subresource = rest[2] ?? '';
    info.parts = rest;
  } else {
    info.parts = info.name ? ['namespaces', info.name, ...(info.subresource ? [info.subresource] : [])] : [];
  }
  if (info.resource === 'namespaces' && info.name) info.parts = ['namespaces', info.name, ...(info.subresource ? [info.subresource] : [])];
  const isWatch = watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      info.verb = info.name ? (isWatch ? 'watch' : 'get') : isWatch ? 'watch' : 'list';
      break;
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
    default:
      info.verb = method.toLowerCase();
  }
  return info;
}
