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
