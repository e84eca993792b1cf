// Generates the schemas and resource facts of every built-in kind the server serves:
//
//   node_modules/.bin/node scripts/generate-builtin-schemas.ts [--out <dir>]
//
// writes src/registry/builtin/generated/{schemas.json,resources.json} (or into <dir>). CI runs it
// again and fails on a diff (src/registry/builtin/generated.test.ts).
//
// Sources, and why each:
// - @kubernetes/client-node's generated models (dist/gen/models): every built-in model with its
//   fields, types, formats, required fields and upstream descriptions. Its model names drop the
//   upstream package (V1PodSpec, not io.k8s.api.core.v1.PodSpec), so the package of each model
//   is derived below from the API paths that return it.
// - its generated API classes (dist/gen/apis/*Api.js): every REST path with its HTTP method,
//   parameters and request/response models. Resources, scopes, verbs and subresources come from
//   here.
// - kubernetes-models' declarations (kubernetes-models/**/*.d.ts, @kubernetes-models/apimachinery):
//   upstream's descriptions under upstream definition names, including those client-node drops
//   (fields typed by another model, or by IntOrString, MicroTime, Quantity). Only descriptions
//   are taken from here, and only for fields client-node's model has: its Kubernetes version
//   may differ from client-node's.
// - src/registry/builtin/patch-metadata.ts: curated facts client-node does not carry (patch
//   strategies, merge keys, list and map types, Quantity/RawExtension/JSON field types, the few
//   packages the derivation cannot see).
// - src/registry/builtin/resource-facts.ts: curated discovery facts (served group versions,
//   short names, categories, the kinds of connect subresources).

import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Schema } from '../src/apimachinery/index.ts';
import {
  anyFieldTypes,
  definitionFacts,
  fieldFacts,
  leafDefinitions,
  metaModels,
  packageOverrides,
  quantityFields,
  type FieldFacts,
} from '../src/registry/builtin/patch-metadata.ts';
import {
  categories,
  connectSubresourceKinds,
  servedGroupVersions,
  shortNames,
  verbOverrides,
} from '../src/registry/builtin/resource-facts.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const clientNodeGen = join(repoRoot, 'node_modules/@kubernetes/client-node/dist/gen');
const kubernetesModelsRoots = [
  join(repoRoot, 'node_modules/kubernetes-models'),
  join(repoRoot, 'node_modules/@kubernetes-models/apimachinery'),
];
const defaultOutDir = join(repoRoot, 'src/registry/builtin/generated');
const refPrefix = '#/components/schemas/';

// ---------------------------------------------------------------------------------------------
// Models

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface ModelField {
  /** The JSON field name. */
  name: string;
  type: string;
  format: string;
  required: boolean;
  description?: string;
}

interface Model {
  /** client-node's model name, e.g. V1PodSpec. */
  name: string;
  description?: string;
  fields: ModelField[];
}

/** Returns `text` with the escapes openapi-generator adds to JSDoc (\' \" \\) removed. */
function unescapeDoc(text: string): string {
  return text.replace(/\\(.)/g, '$1').trim();
}

/** Returns the class description and each property's description and optionality from a .d.ts. */
function parseDeclaration(source: string): {
  description?: string;
  properties: Map<string, { optional: boolean; description?: string }>;
} {
  const classMatch = /(?:\/\*\*\n\* (.*)\n\*\/\n)?export declare class \w+ \{\n/.exec(source);
  if (!classMatch) throw new Error('no class declaration');
  const body = source.slice(classMatch.index + classMatch[0].length);
  const properties = new Map<string, { optional: boolean; description?: string }>();
  // Properties are indented four spaces, optionally preceded by a one-line JSDoc block.
  const property = /(?:^ {4}\/\*\*\n {4}\* (.*)\n {4}\*\/\n)?^ {4}'([^']+)'(\?)?:/gm;
  for (const m of body.matchAll(property)) {
    properties.set(m[2]!, {
      optional: m[3] === '?',
      ...(m[1] !== undefined ? { description: unescapeDoc(m[1]) } : {}),
    });
  }
  return {
    ...(classMatch[1] !== undefined ? { description: unescapeDoc(classMatch[1]) } : {}),
    properties,
  };
}

/** Returns every client-node model, keyed by model name. */
async function loadModels(): Promise<Map<string, Model>> {
  const dir = join(clientNodeGen, 'models');
  const models = new Map<string, Model>();
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.js') && f !== 'ObjectSerializer.js' && f !== 'all.js')
    .map((f) => f.slice(0, -3))
    .sort();
  for (const name of names) {
    const module = (await import(pathToFileURL(join(dir, `${name}.js`)).href)) as Record<
      string,
      { attributeTypeMap?: Attribute[] } | undefined
    >;
    const attributes = module[name]?.attributeTypeMap;
    if (!attributes) continue;
    const declaration = parseDeclaration(readFileSync(join(dir, `${name}.d.ts`), 'utf8'));
    const fields = attributes.map((a): ModelField => {
      const declared = declaration.properties.get(a.name);
      if (!declared) throw new Error(`${name}.${a.name}: not in ${name}.d.ts`);
      return {
        name: a.baseName,
        type: a.type,
        format: a.format,
        required: !declared.optional,
        ...(declared.description ? { description: declared.description } : {}),
      };
    });
    models.set(name, {
      name,
      ...(declaration.description ? { description: declaration.description } : {}),
      fields,
    });
  }
  return models;
}

/** Returns the model names a client-node type expression mentions. */
function referencedModels(type: string, models: Map<string, Model>): string[] {
  return [...type.matchAll(/[A-Za-z][A-Za-z0-9]*/g)].map((m) => m[0]).filter((t) => models.has(t));
}

// ---------------------------------------------------------------------------------------------
// Upstream descriptions client-node lacks (kubernetes-models)

/** The field descriptions of one upstream definition, as kubernetes-models declares them. */
interface UpstreamDocs {
  /** JSON field name → the field's own description. */
  fields: Map<string, string>;
}

/**
 * Returns `lines` of one kubernetes-models JSDoc block as upstream's text. Its generator escapes
 * `*` as `\*` and a following `/` as `\/` (so no `*\/` closes the comment) and nothing else;
 * blank lines inside a description are ` *` lines.
 */
function upstreamText(lines: string): string {
  return lines
    .split('\n')
    .map((line) => line.replace(/^ *\*(?: |$)/, ''))
    .join('\n')
    .replace(/\\([*/])/g, '$1')
    .trim();
}

/**
 * Returns the upstream name a kubernetes-models declaration exports (`IoK8sApiAppsV1DeploymentSpec`)
 * with each documented property's description, or undefined for a file that declares no
 * definition (index.d.ts).
 */
function parseUpstreamDeclaration(source: string): { alias: string; docs: UpstreamDocs } | undefined {
  const exported = /^export \{ (\w+) as I(IoK8s\w+), \w+ as IoK8s\w+ \};$/m.exec(source);
  if (!exported) return undefined;
  const [, localName, alias] = exported as unknown as [string, string, string];
  const fields = new Map<string, string>();
  // The interface (or, for a scalar such as IntOrString, the type alias) of the exported name.
  const head = new RegExp(`^export (?:declare )?(interface|type) ${localName}\\b[^\\n]*\\n`, 'm').exec(source);
  if (!head) throw new Error(`kubernetes-models: ${alias} declares no ${localName}`);
  if (head[1] === 'interface') {
    const end = source.indexOf('\n}\n', head.index + head[0].length);
    const body = source.slice(head.index + head[0].length, end < 0 ? undefined : end + 1);
    // Properties are indented four spaces, each preceded by a JSDoc block when documented.
    const property = /^ {4}\/\*\*\n((?: {5}\*.*\n)*?) {5}\*\/\n {4}"([^"]+)"\??:/gm;
    for (const m of body.matchAll(property)) {
      const text = upstreamText(m[1]!);
      if (text) fields.set(m[2]!, text);
    }
  }
  return { alias, docs: { fields } };
}

/** Returns every .d.ts file below `dir` but its compiled validators (_schemas), sorted. */
function declarationFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory()) {
      if (entry.name !== '_schemas' && entry.name !== 'node_modules') out.push(...declarationFiles(join(dir, entry.name)));
    } else if (entry.name.endsWith('.d.ts')) {
      out.push(join(dir, entry.name));
    }
  }
  return out;
}

/** Returns upstream's descriptions of every definition kubernetes-models declares, keyed by export name. */
function loadUpstreamDocs(): Map<string, UpstreamDocs> {
  const docs = new Map<string, UpstreamDocs>();
  for (const root of kubernetesModelsRoots) {
    for (const file of declarationFiles(root)) {
      const parsed = parseUpstreamDeclaration(readFileSync(file, 'utf8'));
      if (!parsed) continue;
      if (docs.has(parsed.alias)) throw new Error(`kubernetes-models: ${parsed.alias} declared twice`);
      docs.set(parsed.alias, parsed.docs);
    }
  }
  return docs;
}

/** Returns kubernetes-models' export name of an upstream definition (io.k8s.api.apps.v1.X → IoK8sApiAppsV1X). */
function upstreamAlias(definition: string): string {
  return definition
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Definition names: client-node model name → upstream OpenAPI definition name

interface GroupVersion {
  group: string;
  version: string;
}

/** Returns the upstream package root of an API group's types ("io.k8s.api.apps"). */
function packageRootOfSegment(segment: string): string {
  switch (segment) {
    case 'meta':
      return 'io.k8s.apimachinery.pkg.apis.meta';
    case 'apiextensions':
      return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions';
    case 'apiregistration':
      return 'io.k8s.kube-aggregator.pkg.apis.apiregistration';
    default:
      return `io.k8s.api.${segment}`;
  }
}

/** Returns the Go package segment of an API group: "" → core, rbac.authorization.k8s.io → rbac. */
function segmentOfGroup(group: string): string {
  if (group === '') return 'core';
  if (group === 'internal.apiserver.k8s.io') return 'apiserverinternal';
  return group.split('.')[0]!;
}

/** Splits V1beta1Foo / CoreV1Event into its optional package prefix, version and type name. */
function splitModelName(model: string): { prefix?: string; version: string; type: string } | undefined {
  const m = /^([A-Z][a-z]+)?(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/.exec(model);
  if (!m) return undefined;
  return { ...(m[1] ? { prefix: m[1].toLowerCase() } : {}), version: m[2]!.toLowerCase(), type: m[3]! };
}

// ---------------------------------------------------------------------------------------------
// REST operations

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  path: string;
  parameters: string[];
  bodyType?: string;
  responseType?: string;
  gv: GroupVersion;
}

/** Returns the group version a REST path belongs to, or undefined outside /api/v1 and /apis. */
function groupVersionOfPath(path: string): { gv: GroupVersion; rest: string } | undefined {
  const core = /^\/api\/(v\d\w*)(\/.*)?$/.exec(path);
  if (core) return { gv: { group: '', version: core[1]! }, rest: core[2] ?? '' };
  const named = /^\/apis\/([^/]+)\/(v\d\w*)(\/.*)?$/.exec(path);
  if (named) return { gv: { group: named[1]!, version: named[2]! }, rest: named[3] ?? '' };
  return undefined;
}

/** Returns the REST operations of one generated API class. */
function parseApiClass(source: string): Operation[] {
  // The request factory of each operation: async name(params) { ... localVarPath = '...' ...
  // makeRequestContext(localVarPath, HttpMethod.X) ... serialize(body, "Type", "") }.
  const operations: Operation[] = [];
  const factory = /^ {4}async (\w+)\(([^)]*)\) \{\n([\s\S]*?)^ {4}\}$/gm;
  const responses = new Map<string, string>();
  for (const m of source.matchAll(/^ {4}async (\w+)WithHttpInfo\(response\) \{\n([\s\S]*?)^ {4}\}$/gm)) {
    const ok = /isCodeInRange\("20[01]", response\.httpStatusCode\)\) \{\n\s*const body = ObjectSerializer\.deserialize\(ObjectSerializer\.parse\(await response\.body\.text\(\), contentType\), "([^"]+)"/.exec(
      m[2]!,
    );
    if (ok) responses.set(m[1]!, ok[1]!);
  }
  for (const m of source.matchAll(factory)) {
    const [, name, params, body] = m as unknown as [string, string, string, string];
    if (name.endsWith('WithHttpInfo')) continue;
    const path = /const localVarPath = '([^']+)'/.exec(body)?.[1];
    const method = /makeRequestContext\(localVarPath, HttpMethod\.(\w+)\)/.exec(body)?.[1];
    if (!path || !method) continue;
    const located = groupVersionOfPath(path);
    if (!located) continue;
    const bodyType = /ObjectSerializer\.serialize\(body, "([^"]+)"/.exec(body)?.[1];
    const responseType = responses.get(name);
    operations.push({
      method: method as Operation['method'],
      path,
      parameters: params.split(',').map((p) => p.trim()).filter(Boolean),
      ...(bodyType ? { bodyType } : {}),
      ...(responseType ? { responseType } : {}),
      gv: located.gv,
    });
  }
  return operations;
}

/** Returns every REST operation of the served group versions. */
function loadOperations(served: Set<string>): Operation[] {
  const dir = join(clientNodeGen, 'apis');
  const operations: Operation[] = [];
  for (const file of readdirSync(dir).filter((f) => /^[A-Z]\w*Api\.js$/.test(f)).sort()) {
    for (const op of parseApiClass(readFileSync(join(dir, file), 'utf8'))) {
      if (served.has(gvKey(op.gv))) operations.push(op);
    }
  }
  return operations;
}

function gvKey(gv: GroupVersion): string {
  return gv.group ? `${gv.group}/${gv.version}` : gv.version;
}

interface ParsedPath {
  resource: string;
  namespaced: boolean;
  /** "collection" (no name), "item" (a named object), or a subresource name. */
  target: 'collection' | 'item' | { subresource: string };
}

/** Returns what a REST path addresses, relative to its group version. */
function parsePath(rest: string): ParsedPath | undefined {
  const segments = rest.split('/').filter(Boolean);
  let namespaced = false;
  if (segments[0] === 'namespaces' && segments[1] === '{namespace}') {
    namespaced = true;
    segments.splice(0, 2);
  }
  const [resource, name, subresource, extra] = segments;
  if (!resource || resource.startsWith('{')) return undefined;
  if (extra !== undefined && extra !== '{path}') return undefined;
  if (name === undefined) return { resource, namespaced, target: 'collection'};
  if (name !== '{name}') return undefined;
  if (subresource === undefined) return { resource, namespaced, target: 'item'};
  return { resource, namespaced, target: { subresource }};
}

// ---------------------------------------------------------------------------------------------
// Resources

interface SubresourceEntry {
  subresource: string;
  kind: GroupVersionKind;
  verbs: string[];
  definition?: string;
  connect?: true;
}

interface ResourceEntry {
  group: string;
  version: string;
  kind: string;
  listKind?: string;
  resource: string;
  singularResource: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  definition: string;
  subresources: SubresourceEntry[];
}

const subresourceVerbOf: Record<string, string | undefined> = {
  GET: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

interface ResourceDraft {
  gv: GroupVersion;
  resource: string;
  namespaced: boolean;
  verbs: Set<string>;
  kindModel?: string;
  listModel?: string;
  subresources: Map<string, { verbs: Set<string>; models: string[]; connect: boolean }>;
}

/** Returns the served resources, their verbs and the models of their kinds and subresources. */
function collectResources(operations: Operation[]): ResourceDraft[] {
  const drafts = new Map<string, ResourceDraft>();
  const draft = (gv: GroupVersion, resource: string): ResourceDraft => {
    const key = `${gvKey(gv)}/${resource}`;
    let d = drafts.get(key);
    if (!d) {
      d = { gv, resource, namespaced: false, verbs: new Set(), subresources: new Map() };
      drafts.set(key, d);
    }
    return d;
  };
  // A namespaced resource also has a cluster-wide list path; it must not make it cluster-scoped.
  const namespacedResources = new Set<string>();
  for (const op of operations) {
    const parsed = parsePath(groupVersionOfPath(op.path)!.rest);
    if (parsed?.namespaced) namespacedResources.add(`${gvKey(op.gv)}/${parsed.resource}`);
  }
  for (const op of operations) {
    const parsed = parsePath(groupVersionOfPath(op.path)!.rest);
    if (!parsed) continue;
    const key = `${gvKey(op.gv)}/${parsed.resource}`;
    const d = draft(op.gv, parsed.resource);
    if (namespacedResources.has(key)) {
      d.namespaced = true;
      // GET /api/v1/pods lists across namespaces: the same list verb, nothing new.
      if (!parsed.namespaced) continue;
    }
    if (parsed.target === 'collection') {
      if (op.method === 'GET') {
        d.verbs.add('list');
        if (op.parameters.includes('watch')) d.verbs.add('watch');
        if (op.responseType) d.listModel = op.responseType;
      } else if (op.method === 'POST') {
        d.verbs.add('create');
        // Create-only kinds (reviews, bindings) name their kind by what they accept.
        d.kindModel ??= op.bodyType;
      } else if (op.method === 'DELETE') {
        d.verbs.add('deletecollection');
      }
    } else if (parsed.target === 'item') {
      const verb = { GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[op.method as string];
      if (verb) d.verbs.add(verb);
      if (op.method === 'GET' && op.responseType) d.kindModel = op.responseType;
    } else {
      const name = parsed.target.subresource;
      let sub = d.subresources.get(name);
      if (!sub) {
        sub = { verbs: new Set(), models: [], connect: false };
        d.subresources.set(name, sub);
      }
      const verb = subresourceVerbOf[op.method];
      if (verb) sub.verbs.add(verb);
      // connect* operations stream bytes (exec, attach, portforward, proxy) and log returns text.
      if (op.responseType === 'string') sub.connect = true;
      for (const model of [op.bodyType, op.responseType]) {
        if (model && model !== 'string' && model !== 'any' && model !== 'V1Status' && model !== 'V1DeleteOptions') {
          sub.models.push(model);
        }
      }
    }
  }
  return [...drafts.values()];
}

// ---------------------------------------------------------------------------------------------
// Schema conversion

interface Context {
  models: Map<string, Model>;
  definitionOf: Map<string, string>;
  /** Upstream's descriptions (kubernetes-models), keyed by export name; see upstreamAlias. */
  upstreamDocs: Map<string, UpstreamDocs>;
  /** How many field descriptions came from upstreamDocs. */
  filled: number;
}

/** Returns the schema of a client-node type expression (without the field's description). */
function schemaOfType(type: string, format: string, ctx: Context, where: string): Schema {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return { type: 'array', items: schemaOfType(array[1]!, format, ctx, where) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { type: 'object', additionalProperties: schemaOfType(map[1]!, format, ctx, where) };
  switch (type) {
    case 'string':
      return format ? { type: 'string', format } : { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      return format ? { type: 'number', format } : { type: 'number' };
    case 'Date':
      if (format === 'date-time') return { $ref: refPrefix + 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' };
      if (format === 'date-time-micro') return { $ref: refPrefix + 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime' };
      throw new Error(`${where}: Date with format "${format}"`);
    case 'V1MicroTime':
      // client-node names MicroTime but ships no model for it.
      return { $ref: refPrefix + 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime' };
    case 'IntOrString':
      return { $ref: refPrefix + 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' };
    case 'any':
      throw new Error(`${where}: an untyped field needs an entry in anyFieldTypes (patch-metadata.ts)`);
  }
  const definition = ctx.definitionOf.get(type);
  if (!definition) throw new Error(`${where}: unknown type ${type}`);
  return { $ref: refPrefix + definition };
}

/** Replaces every string leaf of `schema` (a string, array or map of strings) with a Quantity. */
function asQuantity(schema: Schema, where: string): Schema {
  const quantity = { $ref: refPrefix + 'io.k8s.apimachinery.pkg.api.resource.Quantity' };
  if (schema.type === 'string' && !schema.format) return quantity;
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    return { ...schema, additionalProperties: asQuantity(schema.additionalProperties, where) };
  }
  if (schema.type === 'array' && schema.items) return { ...schema, items: asQuantity(schema.items, where) };
  throw new Error(`${where}: listed as a Quantity but is not a string`);
}

/** Returns the descriptions of the leaf definitions `schema` refers to. */
function referencedLeafDescriptions(schema: Schema): string[] {
  const refs = [schema.$ref, schema.items?.$ref, typeof schema.additionalProperties === 'object' ? schema.additionalProperties.$ref : undefined];
  return refs
    .filter((r): r is string => r !== undefined)
    .map((r) => leafDefinitions[r.slice(refPrefix.length)]?.description)
    .filter((d): d is string => d !== undefined);
}

/** Returns the schema of one field, with its description and curated extensions. */
function schemaOfField(definition: string, field: ModelField, ctx: Context): Schema {
  const where = `${definition}.${field.name}`;
  let schema: Schema;
  const anyType = anyFieldTypes[definition]?.[field.name];
  if (anyType) {
    schema = structuredClone(anyType) as Schema;
  } else if (field.type === 'any' || /<any>|: any;/.test(field.type)) {
    throw new Error(`${where}: an untyped field needs an entry in anyFieldTypes (patch-metadata.ts)`);
  } else {
    schema = schemaOfType(field.type, field.format, ctx, where);
  }
  if (quantityFields[definition]?.includes(field.name)) schema = asQuantity(schema, where);
  // Where a field refers to a scalar type (IntOrString, MicroTime, JSON...), client-node
  // replaces the field's description with the type's; that text is not the field's, drop it.
  let description = field.description;
  if (description !== undefined && referencedLeafDescriptions(schema).includes(description)) description = undefined;
  // client-node drops the description of a field typed by another model (upstream puts it beside
  // the allOf reference); take the field's own text from kubernetes-models. Only the text: names,
  // types and required stay client-node's, whose Kubernetes version may differ.
  if (description === undefined) {
    description = ctx.upstreamDocs.get(upstreamAlias(definition))?.fields.get(field.name);
    if (description !== undefined) ctx.filled++;
  }
  const facts: FieldFacts | undefined = fieldFacts[definition]?.[field.name];
  if (schema.$ref) {
    // A bare reference carries nothing else; wrap it when a description or extension sits beside it.
    if (description !== undefined || facts) {
      schema = { allOf: [{ $ref: schema.$ref }] };
    }
  }
  if (description !== undefined) schema.description = description;
  if (facts) Object.assign(schema, facts);
  return schema;
}

/** Returns the schema of a model: an object with its fields as properties. */
function schemaOfModel(definition: string, model: Model, ctx: Context): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const field of model.fields) {
    properties[field.name] = schemaOfField(definition, field, ctx);
    if (field.required) required.push(field.name);
  }
  for (const field of Object.keys(fieldFacts[definition] ?? {})) {
    if (!(field in properties)) throw new Error(`patch-metadata.ts: ${definition} has no field ${field}`);
  }
  for (const field of quantityFields[definition] ?? []) {
    if (!(field in properties)) throw new Error(`patch-metadata.ts: ${definition} has no Quantity field ${field}`);
  }
  const schema: Schema = {
    ...(model.description !== undefined ? { description: model.description } : {}),
    type: 'object',
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(required.length > 0 ? { required } : {}),
  };
  Object.assign(schema, definitionFacts[definition] ?? {});
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Generation

export interface Artefacts {
  schemas: Record<string, Schema>;
  resources: ResourceEntry[];
  /** How many field descriptions client-node lacks were taken from kubernetes-models. */
  upstreamDescriptions: number;
}

/** Returns the generated schemas and resources of every served built-in kind. */
export async function generateBuiltinArtefacts(): Promise<Artefacts> {
  const models = await loadModels();
  const servedKeys = new Set(servedGroupVersions);
  const operations = loadOperations(servedKeys);
  const drafts = collectResources(operations);

  // 1. The package segment of each model that names it outright: a package prefix
  //    (CoreV1Event), the apimachinery meta list, the curated overrides, and the kinds of the
  //    resources each group version serves.
  const segmentOf = new Map<string, string>();
  const assign = (model: string, segment: string, why: string): void => {
    const previous = segmentOf.get(model);
    if (previous !== undefined && previous !== segment) {
      throw new Error(`${model}: package ${previous} and ${segment} (${why}); add a packageOverrides entry`);
    }
    segmentOf.set(model, segment);
  };
  for (const name of models.keys()) {
    const split = splitModelName(name);
    if (split?.prefix) assign(name, split.prefix, 'prefix');
  }
  for (const name of metaModels) assign(name, 'meta', 'metaModels');
  for (const [name, segment] of Object.entries(packageOverrides)) segmentOf.set(name, segment);
  for (const d of drafts) {
    for (const model of [d.kindModel, d.listModel]) {
      if (model && !segmentOf.has(model)) assign(model, segmentOfGroup(d.gv.group), `kind of ${d.resource}`);
    }
  }

  // 2. Every other model reachable from a served kind belongs to the package of the kinds that
  //    reach it (k8s.io/api packages import core/v1 and meta/v1 only, so a type reached from a
  //    core kind is a core type). The exceptions are curated in packageOverrides.
  const roots = new Set<string>();
  for (const d of drafts) {
    for (const model of [d.kindModel, d.listModel]) if (model) roots.add(model);
    for (const sub of d.subresources.values()) for (const model of sub.models) roots.add(model);
  }
  for (const name of metaModels) roots.add(name);
  const reachedFrom = new Map<string, Set<string>>();
  const visit = (model: string, segment: string): void => {
    for (const field of models.get(model)?.fields ?? []) {
      for (const child of referencedModels(field.type, models)) {
        if (segmentOf.has(child)) continue;
        let seen = reachedFrom.get(child);
        if (!seen) reachedFrom.set(child, (seen = new Set()));
        if (seen.has(segment)) continue;
        seen.add(segment);
        visit(child, segment);
      }
    }
  };
  for (const root of roots) {
    if (!segmentOf.has(root)) throw new Error(`${root}: the package of this kind is unknown; add a packageOverrides entry`);
  }
  // Walk down from every placed model (kinds, meta, prefixed, overrides) to the unplaced ones.
  for (const name of [...segmentOf.keys()].sort()) {
    if (models.has(name)) visit(name, segmentOf.get(name)!);
  }
  for (const [model, segments] of [...reachedFrom].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (segments.has('meta')) segments.delete('meta');
    const list = [...segments].sort();
    if (list.length === 1) segmentOf.set(model, list[0]!);
    else if (list.includes('core')) segmentOf.set(model, 'core');
    else throw new Error(`${model}: reached from packages ${list.join(', ')}; add a packageOverrides entry`);
  }

  // 3. Definition names of the models reachable from the roots.
  const definitionOf = new Map<string, string>();
  const reachable = new Set<string>();
  const walk = (model: string): void => {
    if (reachable.has(model)) return;
    reachable.add(model);
    for (const field of models.get(model)?.fields ?? []) for (const child of referencedModels(field.type, models)) walk(child);
  };
  for (const root of roots) walk(root);
  for (const model of reachable) {
    const split = splitModelName(model);
    if (!split) throw new Error(`${model}: not a versioned model name`);
    definitionOf.set(model, `${packageRootOfSegment(segmentOf.get(model)!)}.${split.version}.${split.type}`);
  }

  // 4. Schemas.
  const upstreamDocs = loadUpstreamDocs();
  const ctx: Context = { models, definitionOf, upstreamDocs, filled: 0 };
  const schemas: Record<string, Schema> = {};
  for (const model of [...reachable].sort()) {
    const definition = definitionOf.get(model)!;
    if (schemas[definition]) throw new Error(`${definition}: two models ${model} map to it`);
    schemas[definition] = schemaOfModel(definition, models.get(model)!, ctx);
  }
  for (const [definition, schema] of Object.entries(leafDefinitions)) schemas[definition] = structuredClone(schema);
  for (const definition of Object.keys(fieldFacts)) {
    if (!schemas[definition]) throw new Error(`patch-metadata.ts: no definition ${definition}`);
  }
  for (const definition of Object.keys(definitionFacts)) {
    if (!schemas[definition]) throw new Error(`patch-metadata.ts: no definition ${definition}`);
  }

  // 5. Resources and the group-version-kinds of their definitions.
  const gvks = new Map<string, GroupVersionKind[]>();
  const addGvk = (definition: string, gvk: GroupVersionKind): void => {
    const list = gvks.get(definition) ?? [];
    if (!list.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind)) list.push(gvk);
    gvks.set(definition, list);
  };
  const resources: ResourceEntry[] = [];
  for (const d of drafts) {
    if (!d.kindModel) throw new Error(`${gvKey(d.gv)}/${d.resource}: no kind`);
    const definition = definitionOf.get(d.kindModel)!;
    const kind = groupVersionKindOf(definition).kind;
    addGvk(definition, { group: d.gv.group, version: d.gv.version, kind });
    let listKind: string | undefined;
    if (d.listModel) {
      const listDefinition = definitionOf.get(d.listModel)!;
      listKind = groupVersionKindOf(listDefinition).kind;
      addGvk(listDefinition, { group: d.gv.group, version: d.gv.version, kind: listKind });
    }
    const subresources: SubresourceEntry[] = [];
    for (const [name, sub] of [...d.subresources].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const entry = subresourceEntry(d, name, sub, definitionOf);
      if (entry.definition) addGvk(entry.definition, entry.kind);
      subresources.push(entry);
    }
    const key = `${gvKey(d.gv)}/${d.resource}`;
    resources.push({
      group: d.gv.group,
      version: d.gv.version,
      kind,
      ...(listKind ? { listKind } : {}),
      resource: d.resource,
      singularResource: kind.toLowerCase(),
      namespaced: d.namespaced,
      verbs: [...(verbOverrides[key] ?? d.verbs)].sort(),
      shortNames: shortNames[key] ?? [],
      categories: categories[key] ?? [],
      definition,
      subresources,
    });
  }
  for (const key of [...Object.keys(shortNames), ...Object.keys(categories), ...Object.keys(verbOverrides)]) {
    if (!resources.some((r) => `${gvKey(r)}/${r.resource}` === key)) throw new Error(`resource-facts.ts: no resource ${key}`);
  }
  const order = (r: ResourceEntry): string => `${servedGroupVersions.indexOf(gvKey(r)).toString().padStart(3, '0')}/${r.resource}`;
  resources.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));

  // Every served group version answers with Status and accepts DeleteOptions; watches stream
  // WatchEvents (upstream lists each group version on these meta kinds).
  for (const gv of servedGroupVersions) {
    const [group, version] = gv.includes('/') ? (gv.split('/') as [string, string]) : ['', gv];
    addGvk('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', { group, version, kind: 'DeleteOptions' });
    addGvk('io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent', { group, version, kind: 'WatchEvent' });
  }
  addGvk('io.k8s.apimachinery.pkg.apis.meta.v1.Status', { group: '', version: 'v1', kind: 'Status' });
  for (const [definition, list] of gvks) {
    if (!schemas[definition]) throw new Error(`${definition}: a kind without a schema`);
    schemas[definition]['x-kubernetes-group-version-kind'] = list.sort((a, b) =>
      `${a.group}/${a.version}/${a.kind}` < `${b.group}/${b.version}/${b.kind}` ? -1 : 1,
    );
  }
  return { schemas, resources, upstreamDescriptions: ctx.filled };
}

/** Returns the API group, version and kind a definition name stands for. */
function groupVersionKindOf(definition: string): GroupVersionKind {
  const m = /^(.*)\.(v\d\w*)\.(\w+)$/.exec(definition);
  const group = m ? groupOfPackageRoot.get(m[1]!) : undefined;
  if (!m || group === undefined) throw new Error(`${definition}: not a definition of a served group`);
  return { group, version: m[2]!, kind: m[3]! };
}

/** The API group of each served package root ("io.k8s.api.apps" → "apps"). */
const groupOfPackageRoot = new Map<string, string>(
  servedGroupVersions.map((gv) => {
    const group = gv.includes('/') ? gv.split('/')[0]! : '';
    return [packageRootOfSegment(segmentOfGroup(group)), group];
  }),
);

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Returns the discovery entry of one subresource. */
function subresourceEntry(
  d: ResourceDraft,
  name: string,
  sub: { verbs: Set<string>; models: string[]; connect: boolean },
  definitionOf: Map<string, string>,
): SubresourceEntry {
  const key = `${gvKey(d.gv)}/${d.resource}/${name}`;
  const verbs = [...sub.verbs].sort();
  if (sub.connect) {
    const kind = connectSubresourceKinds[key];
    if (!kind) throw new Error(`resource-facts.ts: connectSubresourceKinds has no ${key}`);
    return { subresource: name, kind: { ...kind }, verbs, connect: true };
  }
  const model = sub.models[0];
  if (!model) throw new Error(`${key}: no kind`);
  const definition = definitionOf.get(model);
  if (!definition) throw new Error(`${key}: ${model} has no definition`);
  // status, ephemeralcontainers and resize answer with the parent object in the parent's
  // group version; scale, eviction, token and binding with a kind of their own.
  const kind =
    model === d.kindModel ? { ...groupVersionKindOf(definition), group: d.gv.group, version: d.gv.version } : groupVersionKindOf(definition);
  return { subresource: name, kind, verbs, definition };
}

/** Returns `value` as 2-space JSON with object keys sorted and a trailing newline. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sort((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** Writes schemas.json and resources.json into `outDir`. */
export async function writeBuiltinArtefacts(outDir: string): Promise<Artefacts> {
  const artefacts = await generateBuiltinArtefacts();
  const { schemas, resources } = artefacts;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'schemas.json'), stableJson(schemas));
  // resources.json keeps its discovery order; only the keys inside each entry are sorted.
  writeFileSync(join(outDir, 'resources.json'), stableJson(resources));
  return artefacts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outFlag = process.argv.indexOf('--out');
  const outDir = outFlag >= 0 && process.argv[outFlag + 1] ? resolve(process.argv[outFlag + 1]!) : defaultOutDir;
  const { upstreamDescriptions } = await writeBuiltinArtefacts(outDir);
  console.log(`${outDir}: ${upstreamDescriptions} field descriptions from kubernetes-models`);
}
