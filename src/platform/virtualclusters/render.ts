// Rendering a template definition (loft-platform-api.md §4.3): every string of the definition —
// metadata, instanceTemplate, objects, helmRelease.values, access, spaceTemplate, charts, apps —
// is a Go text/template rendered with `.Values` (parameters plus `.Values.loft`), and the result
// is decoded back into the definition: multi-document `objects` must parse as manifests and
// rendered labels and annotations must be valid.
//
// Strings are rendered one by one rather than the definition marshalled to YAML and rendered as a
// whole: the result is the same for every string field, a value containing quotes or newlines
// cannot break the surrounding YAML, `nindent` in `objects` indents relative to the objects
// document the author wrote, and an error names the field and the line within it, which is the
// line the author sees in the template. Map keys containing "{{" are rendered too.

import { fieldErrorString, validation } from '../../apimachinery/index.ts';
import { compileTemplate, TemplateError, type Template } from '../templating/index.ts';
import { parseManifests } from './objects.ts';
import { asObject, type Obj, type TemplateDefinition, type TemplateMetadata } from './types.ts';

/** The template could not be rendered or its output decoded (reason ErrorRenderingTemplate). */
export class RenderError extends Error {
  /** The template's line of the failure (1-based), when the engine knows it. */
  readonly line: number | undefined;

  constructor(message: string, line?: number) {
    super(message);
    this.name = 'RenderError';
    this.line = line;
  }
}

/** The built-in values under `.Values.loft` (§4.3). */
export interface LoftValues {
  project: string;
  name: string;
  virtualClusterName: string;
  virtualClusterNamespace: string;
  space: string;
  cluster: string;
  /** The owner when it is a user; nil otherwise, as the docs' `and .Values.loft.user ...` idiom expects. */
  user: { name: string } | null;
  /** The owner when it is a team; nil otherwise. */
  team: { name: string } | null;
  clusterAnnotations: Record<string, string>;
}

// Functions Loft removes from the template function map: they would read the server's environment.
const disabledFuncs = {
  env: (): never => {
    throw new Error('env is disabled in virtual cluster templates');
  },
  expandenv: (): never => {
    throw new Error('expandenv is disabled in virtual cluster templates');
  },
};

const cacheLimit = 512;
const cache = new Map<string, Template>();

/** Returns the compiled template for a field (an LRU cache: templates are re-rendered on every reconcile). */
function compiled(name: string, source: string): Template {
  const key = `${name}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const template = compileTemplate(source, { name, funcs: disabledFuncs });
  cache.set(key, template);
  if (cache.size > cacheLimit) cache.delete(cache.keys().next().value as string);
  return template;
}

/** Returns the definition with every string rendered against `values`; throws RenderError naming `sourcePath`. */
export function renderDefinition(definition: TemplateDefinition, values: Obj, sourcePath: string): TemplateDefinition {
  const data = { Values: values };
  const rendered = renderNode(definition, '', data, sourcePath) as TemplateDefinition;
  decode(rendered, sourcePath);
  return rendered;
}

function childPath(path: string, key: string): string {
  return path === '' ? key : /^[A-Za-z0-9_]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function renderNode(node: unknown, path: string, data: unknown, sourcePath: string): unknown {
  if (typeof node === 'string') return node.includes('{{') ? renderString(node, path, data, sourcePath) : node;
  if (Array.isArray(node)) return node.map((v, i) => renderNode(v, `${path}[${i}]`, data, sourcePath));
  const obj = asObject(node);
  if (!obj) return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = k.includes('{{') ? renderString(k, childPath(path, k), data, sourcePath) : k;
    if (key === '__proto__') continue;
    out[key] = renderNode(v, childPath(path, k), data, sourcePath);
  }
  return out;
}

function renderString(source: string, path: string, data: unknown, sourcePath: string): string {
  try {
    return compiled(path || 'template', source).render(data);
  } catch (err) {
    if (err instanceof TemplateError) throw new RenderError(`${sourcePath}: ${err.message}`, err.line || undefined);
    throw new RenderError(`${sourcePath}: rendering ${path}: ${(err as Error).message}`);
  }
}

/** Checks that the rendered definition decodes: manifests parse, labels and annotations are valid. */
function decode(rendered: TemplateDefinition, sourcePath: string): void {
  const fail = (why: string): never => {
    throw new RenderError(`${sourcePath}: the rendered template could not be decoded: ${why}`);
  };
  for (const field of ['objects', 'spaceTemplate.objects'] as const) {
    const text = field === 'objects' ? rendered.objects : rendered.spaceTemplate?.objects;
    if (text === undefined || text === null || text === '') continue;
    if (typeof text !== 'string') fail(`${field}: must be a string of YAML documents`);
    try {
      parseManifests(text as string);
    } catch (err) {
      fail(`${field}: ${(err as Error).message}`);
    }
  }
  const metadatas: Array<[string, TemplateMetadata | undefined]> = [
    ['metadata', rendered.metadata],
    ['instanceTemplate.metadata', rendered.instanceTemplate?.metadata],
    ['spaceTemplate.metadata', rendered.spaceTemplate?.metadata],
  ];
  for (const [field, meta] of metadatas) {
    if (!meta) continue;
    const errors = [...validation.validateLabels(meta.labels, `${field}.labels`), ...validation.validateAnnotations(meta.annotations, `${field}.annotations`)];
    if (errors.length > 0) fail(errors.map(fieldErrorString).join('; '));
  }
}
