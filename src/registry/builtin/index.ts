// The built-in Kubernetes kinds: discovery facts and schemas generated from
// @kubernetes/client-node (generated/*.json, see README.md), with each kind's strategy.

import { readFileSync } from 'node:fs';
import type { Schema, SchemaResolver } from '../../apimachinery/index.ts';
import type { ResourceInfo, SubresourceInfo } from '../resource.ts';
import { strategyFor } from './strategies.ts';

/** One entry of generated/resources.json. */
interface ResourceFacts {
  group: string;
  version: string;
  kind: string;
  listKind?: string;
  resource: string;
  singularResource: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  definition: string;
  subresources?: Array<SubresourceInfo & { connect?: boolean }>;
}

const refPrefix = '#/components/schemas/';

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./generated/${name}`, import.meta.url), 'utf8')) as T;
}

let cached: { schemas: Record<string, Schema>; resolve: SchemaResolver } | undefined;

/** Returns the built-in schemas (upstream OpenAPI definition names) and their resolver. */
export function builtinSchemas(): { schemas: Record<string, Schema>; resolve: SchemaResolver } {
  if (!cached) {
    const schemas = readJson<Record<string, Schema>>('schemas.json');
    cached = { schemas, resolve: (ref) => (ref.startsWith(refPrefix) ? schemas[ref.slice(refPrefix.length)] : undefined) };
  }
  return cached;
}

/** Returns the ResourceInfo of every built-in resource, in discovery order. */
export function builtinResources(): ResourceInfo[] {
  const facts = readJson<ResourceFacts[]>('resources.json');
  const { schemas, resolve } = builtinSchemas();
  // autoscaling/v1 shares storage with autoscaling/v2 upstream through conversion, which this
  // server does not do; only v2 is served.
  return facts.filter((f) => !(f.group === 'autoscaling' && f.version === 'v1')).map((f) => {
    const strategy = strategyFor(f.group, f.resource, f.subresources ?? []);
    return {
      group: f.group,
      version: f.version,
      kind: f.kind,
      listKind: f.listKind ?? `${f.kind}List`,
      resource: f.resource,
      singularResource: f.singularResource,
      namespaced: f.namespaced,
      verbs: f.verbs,
      shortNames: f.shortNames ?? [],
      categories: f.categories ?? [],
      // Connect subresources (exec, log, proxy) need a kubelet; discovery lists them anyway.
      subresources: (f.subresources ?? []).map(({ connect: _connect, ...s }) => s),
      schema: schemas[f.definition],
      resolve,
      definition: f.definition,
      strategy,
      acceptsStrategicMerge: true,
      returnDeletedObject: f.group === '' && f.resource === 'pods',
      pruneMode: 'builtin',
    } satisfies ResourceInfo;
  });
}
