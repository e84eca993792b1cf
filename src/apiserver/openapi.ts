// OpenAPI v3 (contract §4): kubectl create -f, apply, replace and edit need, for the object's
// group-version, a PATCH operation tagged with the kind's x-kubernetes-group-version-kind and a
// fieldValidation parameter; explain walks the schemas. One document per group-version, with an
// ETag so kubectl's HTTP cache revalidates instead of refetching. /openapi/v2 is 404 on purpose.

import { createHash } from 'node:crypto';
import type { Schema } from '../apimachinery/index.ts';
import type { ClusterResources, ResourceInfo } from '../registry/index.ts';

const refPrefix = '#/components/schemas/';

/** A built OpenAPI document and its hash. */
export interface OpenApiDocument {
  body: string;
  hash: string;
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** Returns the reference to `name` in components. */
function ref(name: string): Schema {
  return { $ref: `${refPrefix}${name}` };
}

const queryParam = (name: string, description: string, type: 'string' | 'boolean' | 'integer' = 'string'): Record<string, unknown> => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});

const writeParams = [
  queryParam('dryRun', 'When present, indicates that modifications should not be persisted. Valid values: All'),
  queryParam('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  queryParam(
    'fieldValidation',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.',
  ),
];

/** Builds the paths of one resource for its group-version document. */
function resourcePaths(r: ResourceInfo, definition: string | undefined): Record<string, unknown> {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const base = `/${gvPath(r.group, r.version)}`;
  const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}` : `${base}/${r.resource}`;
  const item = `${collection}/{name}`;
  const body = definition ? { schema: ref(definition) } : {};
  const response = (code: string): Record<string, unknown> => ({ [code]: { description: 'OK', content: { 'application/json': body } } });
  const op = (action: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    operationId: `${action}${r.namespaced ? 'Namespaced' : ''}${r.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    responses: response('200'),
    ...extra,
  });
  const patchTypes: Record<string, unknown> = {
    'application/json-patch+json': { schema: { type: 'object' } },
    'application/merge-patch+json': { schema: { type: 'object' } },
    'application/apply-patch+yaml': { schema: { type: 'object' } },
  };
  // Advertising SMP makes kubectl apply send it; only built-in kinds (whose schemas carry the
  // patch merge keys) get it, never custom resources (415) nor kinds without merge keys.
  if (r.acceptsStrategicMerge && r.definition?.startsWith('io.k8s.') && r.pruneMode !== 'structural') {
    patchTypes['application/strategic-merge-patch+json'] = { schema: { type: 'object' } };
  }
  const paths: Record<string, unknown> = {};
  const has = (verb: string): boolean => r.verbs.includes(verb);
  const collectionOps: Record<string, unknown> = {};
  if (has('list')) collectionOps.get = op('list');
  if (has('create')) {
    collectionOps.post = op('post', { parameters: writeParams, requestBody: { content: { 'application/json': body, 'application/yaml': body } }, responses: response('201') });
  }
  if (has('deletecollection')) collectionOps.delete = op('deletecollection');
  if (Object.keys(collectionOps).length > 0) paths[collection] = collectionOps;
  const itemOps: Record<string, unknown> = {};
  if (has('get')) itemOps.get = op('get');
  if (has('update')) itemOps.put = op('put', { parameters: writeParams, requestBody: { content: { 'application/json': body } } });
  if (has('patch')) {
    itemOps.patch = op('patch', {
      parameters: [...writeParams, queryParam('force', 'Force is going to "force" Apply requests.', 'boolean')],
      requestBody: { content: patchTypes },
    });
  }
  if (has('delete')) itemOps.delete = op('delete');
  if (Object.keys(itemOps).length > 0) paths[item] = itemOps;
  for (const sub of r.subresources) {
    const subOps: Record<string, unknown> = {};
    const subGvk = sub.kind;
    const subOp = (action: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      ...op(action, extra),
      operationId: `${action}${r.namespaced ? 'Namespaced' : ''}${r.kind}${sub.subresource[0]?.toUpperCase()}${sub.subresource.slice(1)}`,
      'x-kubernetes-group-version-kind': subGvk,
    });
    if (sub.verbs.includes('get')) subOps.get = subOp('get');
    if (sub.verbs.includes('update')) subOps.put = subOp('put', { parameters: writeParams });
    if (sub.verbs.includes('patch')) subOps.patch = subOp('patch', { parameters: writeParams, requestBody: { content: patchTypes } });
    if (sub.verbs.includes('create')) subOps.post = subOp('post', { parameters: writeParams });
    if (Object.keys(subOps).length > 0) paths[`${item}/${sub.subresource}`] = subOps;
  }
  if (r.namespaced && has('list')) paths[`${base}/${r.resource}`] = { get: op('list', { operationId: `list${r.kind}ForAllNamespaces` }) };
  return paths;
}

/** Adds `name` and every schema it references to `out`. */
function collect(name: string, resolve: (ref: string) => Schema | undefined, out: Record<string, Schema>): void {
  if (out[name]) return;
  const schema = resolve(`${refPrefix}${name}`);
  if (!schema) return;
  out[name] = schema;
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(refPrefix)) collect(v.slice(refPrefix.length), resolve, out);
      else visit(v);
    }
  };
  visit(schema);
}

/** Returns the OpenAPI v3 document of one group-version of a cluster, or undefined if not served. */
export function groupVersionDocument(resources: ClusterResources, group: string, version: string, serverVersion: string): OpenApiDocument | undefined {
  const list = resources.all.filter((r) => r.group === group && r.version === version);
  if (list.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, Schema> = {};
  for (const r of list) {
    Object.assign(paths, resourcePaths(r, r.definition));
    if (r.definition) collect(r.definition, r.resolve, schemas);
    if (r.definition) collect(`${r.definition}List`, r.resolve, schemas);
    for (const common of ['io.k8s.apimachinery.pkg.apis.meta.v1.Status', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', 'io.k8s.api.autoscaling.v1.Scale']) {
      collect(common, r.resolve, schemas);
    }
  }
  const sortedSchemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  const doc = { openapi: '3.0.0', info: { title: 'Kubernetes', version: serverVersion }, paths, components: { schemas: sortedSchemas } };
  const body = JSON.stringify(doc);
  return { body, hash: createHash('sha512').update(body).digest('hex').slice(0, 64).toUpperCase() };
}

/** Caches documents per cluster until its resources change. */
export class OpenApiCache {
  private readonly docs = new Map<string, { generation: number; doc: OpenApiDocument | undefined }>();
  private readonly serverVersion: string;

  constructor(serverVersion: string) {
    this.serverVersion = serverVersion;
  }

  /** Returns the document of a group-version, building it once per cluster generation. */
  document(cluster: string, resources: ClusterResources, group: string, version: string): OpenApiDocument | undefined {
    const key = `${cluster}\0${group}\0${version}`;
    const cached = this.docs.get(key);
    if (cached && cached.generation === resources.generation) return cached.doc;
    const doc = groupVersionDocument(resources, group, version, this.serverVersion);
    this.docs.set(key, { generation: resources.generation, doc });
    return doc;
  }

  /** Returns the /openapi/v3 root listing every group-version with its hashed URL. */
  root(cluster: string, resources: ClusterResources, urlPrefix: string): unknown {
    const gvs = new Set(resources.all.map((r) => `${r.group}\0${r.version}`));
    const paths: Record<string, unknown> = {};
    for (const gv of [...gvs].sort()) {
      const [group = '', version = ''] = gv.split('\0');
      const doc = this.document(cluster, resources, group, version);
      if (!doc) continue;
      const path = gvPath(group, version);
      paths[path] = { serverRelativeURL: `${urlPrefix}/openapi/v3/${path}?hash=${doc.hash}` };
    }
    return { paths };
  }

  /** Forgets a cluster's documents. */
  dropCluster(cluster: string): void {
    for (const key of this.docs.keys()) if (key.startsWith(`${cluster}\0`)) this.docs.delete(key);
  }
}
