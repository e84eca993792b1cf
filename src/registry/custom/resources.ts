// A CustomResourceDefinition becomes one ResourceInfo per served version
// (apiextensions-apiserver pkg/apiserver/customresource_handler.go getOrCreateServingInfoFor):
// discovery facts, the published schema, and a strategy that prunes, defaults and validates with
// the version's structural schema, prints additionalPrinterColumns and serves status and scale.
// Every version shares one storage key prefix (group + plural), and conversion is None: an
// object read through another version only has its apiVersion rewritten.

import { StatusError, type FieldError, type KubeObject } from '../../apimachinery/index.ts';
import { jsonEqual } from '../object-meta.ts';
import type { KindStrategy, RequestContext, ResourceInfo, ScaleInfo, SubresourceInfo } from '../resource.ts';
import { hasRules, validateRules } from './cel.ts';
import { defaultPrinterColumns, printerColumns } from './columns.ts';
import { applyDefaults, pruneNonNullableNulls } from './defaulting.ts';
import { publishedSchema } from './openapi.ts';
import { validateAgainstSchema, validateListSetsAndMaps } from './schema-validation.ts';
import { crdSpec, type CrdVersion, type JSONSchemaProps, type ScaleSubresource } from './types.ts';

/** Every verb a custom resource serves. */
const customResourceVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Field error types that make upstream skip CEL rules (hasBlockingErr). */
const blocking = new Set<FieldError['type']>(['FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid']);

const maxInt32 = 2147483647;

/** Returns ".spec.replicas" as ["spec", "replicas"]. */
function simplePath(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter(Boolean);
}

function readPath(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Returns the errors of the replicas a scale subresource reads (ValidateScaleSpec). */
function validateScaleSpec(obj: KubeObject, scale: ScaleSubresource | undefined): FieldError[] {
  if (!scale) return [];
  const replicas = readPath(obj, simplePath(scale.specReplicasPath));
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) return [];
  if (replicas < 0) return [{ type: 'FieldValueInvalid', field: scale.specReplicasPath, value: replicas, detail: 'should be a non-negative integer' }];
  if (replicas > maxInt32) return [{ type: 'FieldValueInvalid', field: scale.specReplicasPath, value: replicas, detail: `should be less than or equal to ${maxInt32}` }];
  return [];
}

/** Returns the value of a selectable field as a field selector compares it, or undefined when absent. */
function selectableValue(obj: KubeObject, path: string[]): string | undefined {
  const v = readPath(obj, path);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Builds the strategy of one served version. */
function versionStrategy(crd: KubeObject, version: CrdVersion, schema: JSONSchemaProps): KindStrategy {
  const spec = crdSpec(crd);
  const subresources = version.subresources ?? {};
  const hasStatus = subresources.status !== undefined && subresources.status !== null;
  const scale = subresources.scale ?? undefined;
  const terminating = Boolean(crd.metadata?.deletionTimestamp);
  const deprecation = version.deprecated ? (version.deprecationWarning ?? `${spec.group}/${version.name} ${spec.names.kind} is deprecated`) : undefined;
  const warn = (ctx: RequestContext): void => {
    if (deprecation && !ctx.warnings.includes(deprecation)) ctx.warnings.push(deprecation);
  };

  /** customResourceStrategy.Validate / ValidateUpdate, after RestStore's type and object meta checks. */
  const validateObject = (obj: KubeObject, old: KubeObject | undefined): FieldError[] => {
    const errors = validateAgainstSchema(obj, schema, old);
    errors.push(...validateScaleSpec(obj, scale));
    // list-type set/map uniqueness is ratcheted as a whole: checked only if the old object passed.
    if (!old || validateListSetsAndMaps(old, schema).length === 0) errors.push(...validateListSetsAndMaps(obj, schema));
    if (!hasRules(schema)) return errors;
    if (errors.some((e) => blocking.has(e.type))) {
      errors.push({
        type: 'FieldValueInvalid',
        field: '<nil>',
        value: 'null',
        detail: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
      });
    } else {
      errors.push(...validateRules(obj, schema, old));
    }
    return errors;
  };

  const fieldSelectors: Record<string, (obj: KubeObject) => string | undefined> = {};
  for (const f of version.selectableFields ?? []) {
    const path = simplePath(f.jsonPath);
    fieldSelectors[path.join('.')] = (obj) => selectableValue(obj, path);
  }

  const columns = version.additionalPrinterColumns?.length ? version.additionalPrinterColumns : defaultPrinterColumns;
  const scaleInfo: ScaleInfo | undefined = scale
    ? {
        specReplicasPath: simplePath(scale.specReplicasPath),
        statusReplicasPath: simplePath(scale.statusReplicasPath),
        ...(scale.labelSelectorPath ? { labelSelectorPath: simplePath(scale.labelSelectorPath) } : {}),
      }
    : undefined;

  return {
    nameValidation: 'DNS1123Subdomain',
    hasStatusSubresource: hasStatus,
    // Upstream bumps generation on any change outside metadata (and outside status when the
    // status subresource exists).
    tracksGeneration: true,
    defaults(obj) {
      pruneNonNullableNulls(obj, schema);
      applyDefaults(obj, schema);
    },
    prepareForCreate(obj, ctx) {
      // crdHandler: a terminating CRD serves everything but create.
      if (terminating) {
        throw new StatusError(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating', {
          group: spec.group,
          kind: spec.names.plural,
        });
      }
      if (hasStatus) delete obj.status;
      warn(ctx);
    },
    prepareForUpdate(obj, old, ctx) {
      // Without a status subresource a status change is a change of the object: a new generation.
      if (!hasStatus && !jsonEqual(obj.status, old.status)) {
        const meta = (obj.metadata ??= {});
        meta.generation = (old.metadata?.generation ?? 0) + 1;
      }
      warn(ctx);
    },
    validate: (obj) => validateObject(obj, undefined),
    validateUpdate: (obj, old) => validateObject(obj, old),
    fieldSelectors,
    columns: printerColumns(columns),
    exactColumns: true,
    ...(scaleInfo ? { scale: scaleInfo } : {}),
  };
}

/** Returns the ResourceInfo of every served version of `crd`, in version preference order. */
export function customResources(crd: KubeObject): ResourceInfo[] {
  const spec = crdSpec(crd);
  const { group, names } = spec;
  const kind = names.kind;
  const listKind = names.listKind || `${kind}List`;
  const plural = names.plural;
  const singular = names.singular || kind.toLowerCase();
  const storage = spec.versions.find((v) => v.storage)?.name;
  const infos: ResourceInfo[] = [];
  for (const version of spec.versions) {
    if (!version.served) continue;
    // A private copy: compiled patterns and CEL programs are cached on schema nodes, per generation.
    const schema = structuredClone(version.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as JSONSchemaProps;
    const published = publishedSchema(group, version.name, kind, listKind, plural, schema);
    const strategy = versionStrategy(crd, version, schema);
    const subresources: SubresourceInfo[] = [];
    if (strategy.hasStatusSubresource) subresources.push({ subresource: 'status', kind: { group, version: version.name, kind }, verbs: ['get', 'patch', 'update'] });
    if (version.subresources?.scale) subresources.push({ subresource: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
    infos.push({
      group,
      version: version.name,
      kind,
      listKind,
      resource: plural,
      singularResource: singular,
      namespaced: spec.scope === 'Namespaced',
      verbs: customResourceVerbs,
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      subresources,
      schema: published.schema,
      resolve: published.resolve,
      definition: published.definition,
      strategy,
      ...(storage ? { storageVersion: storage } : {}),
      acceptsStrategicMerge: false,
      returnDeletedObject: true,
      pruneMode: 'structural',
    });
  }
  return infos.sort((a, b) => compareVersions(a.version, b.version));
}

/** Orders Kubernetes versions by preference: GA before beta before alpha, higher numbers first (version.CompareKubeAwareVersionStrings). */
function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    return [m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [sa, ma, na] = parse(a);
  const [sb, mb, nb] = parse(b);
  return sb - sa || mb - ma || nb - na || (a < b ? -1 : a > b ? 1 : 0);
}
