// The type information structured-merge-diff walks, derived from an OpenAPI schema the way
// kube-openapi's schemaconv does (ToSchemaFromOpenAPI):
// - `type: object` is a map: `properties` are its named fields, `additionalProperties` types the
//   other keys; `x-kubernetes-map-type: atomic` makes it one leaf, otherwise it is granular.
// - `type: array` is a list: `x-kubernetes-list-type` atomic/set/map (+ list-map-keys); without
//   it, `x-kubernetes-patch-strategy: merge` with a merge key is a map keyed by that key, with no
//   key a set; otherwise atomic.
// - no `type` accepts anything (scalar, list or map), as does a schema we cannot resolve.
// - unknown data is "deduced": maps granular, lists atomic, anything else a leaf.

import { derefSchema, type Schema, type SchemaResolver } from '../schema.ts';
import { indexElement, isObject, keyElement, valueElement, type PathElement } from './path.ts';

/** FieldType is a declared field of a map: its type and its schema default (used for missing list keys). */
export interface FieldType {
  readonly type: () => TypeNode;
  readonly default?: unknown;
}

/** MapType describes maps and structs. */
export interface MapType {
  readonly atomic: boolean;
  /** Returns the declared field `name`, undefined for keys typed by `element`. */
  field(name: string): FieldType | undefined;
  /** Returns the type of keys that are not declared fields. */
  readonly element: () => TypeNode;
}

/** ListType describes lists: atomic, a set of scalars, or a map keyed by `keys`. */
export interface ListType {
  readonly relationship: 'atomic' | 'set' | 'map';
  readonly keys: readonly string[];
  readonly element: () => TypeNode;
}

/** ScalarKind is what a scalar must be; "untyped" takes any (int-or-string, dates, unknown formats). */
export type ScalarKind = 'string' | 'numeric' | 'boolean' | 'untyped';

/** TypeNode is what a value at some path may be: any of a scalar, a list, a map. */
export interface TypeNode {
  readonly scalar?: ScalarKind;
  readonly list?: ListType;
  readonly map?: MapType;
}

const noFields = (): undefined => undefined;

/** UNTYPED_ATOMIC accepts anything and owns it as one leaf (schemaconv's __untyped_atomic_). */
export const UNTYPED_ATOMIC: TypeNode = {
  scalar: 'untyped',
  list: { relationship: 'atomic', keys: [], element: () => UNTYPED_ATOMIC },
  map: { atomic: true, field: noFields, element: () => UNTYPED_ATOMIC },
};

/** DEDUCED types data without a schema: maps granular, lists atomic (schemaconv's __untyped_deduced_). */
export const DEDUCED: TypeNode = {
  scalar: 'untyped',
  list: { relationship: 'atomic', keys: [], element: () => UNTYPED_ATOMIC },
  map: { atomic: false, field: noFields, element: () => DEDUCED },
};

// The apiserver gives every kind's metadata the ObjectMeta schema, also for custom resources whose
// structural schema only says `type: object`. These are the parts that matter to field ownership.
const str: Schema = { type: 'string' };
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const objectMetaSchema: Schema = {
  type: 'object',
  properties: {
    name: str,
    generateName: str,
    namespace: str,
    selfLink: str,
    uid: str,
    resourceVersion: str,
    generation: { type: 'integer' },
    creationTimestamp: { type: 'string', format: 'date-time' },
    deletionTimestamp: { type: 'string', format: 'date-time' },
    deletionGracePeriodSeconds: { type: 'integer' },
    labels: stringMap,
    annotations: stringMap,
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        properties: { apiVersion: str, kind: str, name: str, uid: str, controller: { type: 'boolean' }, blockOwnerDeletion: { type: 'boolean' } },
        'x-kubernetes-map-type': 'atomic',
      },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
    },
    finalizers: { type: 'array', items: str, 'x-kubernetes-list-type': 'set' },
    managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
  },
};

/** TypeResolver turns schemas into TypeNodes, lazily (schemas are recursive) and memoized per schema object. */
export class TypeResolver {
  private readonly plain = new WeakMap<Schema, TypeNode>();
  private readonly preserving = new WeakMap<Schema, TypeNode>();
  private readonly roots = new WeakMap<Schema, TypeNode>();
  private objectMeta: TypeNode | undefined;
  private readonly resolve: SchemaResolver;

  constructor(resolve: SchemaResolver) {
    this.resolve = resolve;
  }

  /** Returns the type of a whole object: `schema` with `metadata` typed as ObjectMeta when the schema leaves it open. */
  root(schema: Schema | undefined): TypeNode {
    if (!schema) return this.withObjectMeta(DEDUCED);
    let node = this.roots.get(schema);
    if (!node) {
      node = this.withObjectMeta(this.node(schema, false));
      this.roots.set(schema, node);
    }
    return node;
  }

  private withObjectMeta(base: TypeNode): TypeNode {
    const map = base.map;
    if (!map) return base;
    const declared = map.field('metadata');
    if (declared && declared.type().map?.field('labels')) return base;
    this.objectMeta ??= this.node(objectMetaSchema, false);
    const meta: FieldType = { type: () => this.objectMeta as TypeNode };
    return {
      ...(base.scalar ? { scalar: base.scalar } : {}),
      ...(base.list ? { list: base.list } : {}),
      map: { atomic: map.atomic, element: map.element, field: (name) => (name === 'metadata' ? meta : map.field(name)) },
    };
  }

  /** Returns the type `schema` describes; `preserve` is whether an enclosing schema preserves unknown fields. */
  node(schema: Schema | undefined, preserve: boolean): TypeNode {
    if (!schema) return DEDUCED;
    const cache = preserve ? this.preserving : this.plain;
    let node = cache.get(schema);
    if (!node) {
      node = this.build(schema, preserve);
      cache.set(schema, node);
    }
    return node;
  }

  private build(schema: Schema, preserveIn: boolean): TypeNode {
    const isRef = Boolean(schema.$ref || (schema.allOf?.length === 1 && schema.allOf[0]?.$ref));
    const s = derefSchema(schema, this.resolve);
    if (!s) return DEDUCED;
    // A named type is converted on its own; inline schemas inherit preserve-unknown-fields.
    const preserve = (isRef ? false : preserveIn) || s['x-kubernetes-preserve-unknown-fields'] === true;
    switch (s.type) {
      case undefined:
        return { scalar: 'untyped', list: this.list(s, preserve), map: this.map(s, preserve) };
      case 'object':
        return { map: this.map(s, preserve) };
      case 'array':
        return { list: this.list(s, preserve) };
      case 'integer':
      case 'number':
        return { scalar: 'numeric' };
      case 'boolean':
        return { scalar: 'boolean' };
      case 'string':
        // schemaconv: only plain strings and bytes are strings; other formats take any scalar.
        return { scalar: !s.format || s.format === 'byte' ? 'string' : 'untyped' };
      default:
        return { scalar: 'untyped' };
    }
  }

  private map(s: Schema, preserve: boolean): MapType {
    const fields = new Map<string, FieldType>();
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      let memo: TypeNode | undefined;
      const type = (): TypeNode => (memo ??= this.node(prop, preserve));
      fields.set(name, prop.default !== undefined ? { type, default: prop.default } : { type });
    }
    // Keys outside `properties`: typed by additionalProperties when it is a schema. A closed struct
    // would reject them upstream ("field not declared in schema"); we deduce them instead and leave
    // rejecting unknown fields to validation and pruning.
    const additional = s.additionalProperties;
    let elementMemo: TypeNode | undefined;
    const element = (): TypeNode =>
      (elementMemo ??= additional && typeof additional === 'object' ? this.node(additional, preserve) : DEDUCED);
    return { atomic: s['x-kubernetes-map-type'] === 'atomic', field: (name) => fields.get(name), element };
  }

  private list(s: Schema, preserve: boolean): ListType {
    let memo: TypeNode | undefined;
    const items = s.items;
    const element = (): TypeNode => (memo ??= items ? this.node(items, preserve) : UNTYPED_ATOMIC);
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'set') return { relationship: 'set', keys: [], element };
    if (listType === 'map') {
      const keys = s['x-kubernetes-list-map-keys'];
      return Array.isArray(keys) && keys.length > 0 ? { relationship: 'map', keys, element } : { relationship: 'set', keys: [], element };
    }
    if (listType !== undefined) return { relationship: 'atomic', keys: [], element };
    const strategy = s['x-kubernetes-patch-strategy'];
    if (strategy === 'merge' || strategy === 'merge,retainKeys') {
      const key = s['x-kubernetes-patch-merge-key'];
      return typeof key === 'string' && key ? { relationship: 'map', keys: [key], element } : { relationship: 'set', keys: [], element };
    }
    return { relationship: 'atomic', keys: [], element };
  }
}

/** Returns the element naming `item` in a list of type `list`, or the reason it cannot be named (listItemToPathElement). */
export function listItemElement(list: ListType, item: unknown, index: number): PathElement | string {
  if (list.relationship === 'map') {
    if (item === null) return 'associative list with keys may not have a null element';
    if (!isObject(item)) return 'associative list with keys may not have non-map elements';
    const fields: Array<[string, unknown]> = [];
    for (const name of list.keys) {
      if (item[name] !== undefined) {
        fields.push([name, item[name]]);
        continue;
      }
      const fallback = list.element().map?.field(name)?.default;
      if (fallback === undefined || fallback === null) {
        return `associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)`;
      }
      fields.push([name, fallback]);
    }
    return keyElement(fields);
  }
  if (list.relationship === 'set') {
    if (item === null) return "associative list without keys has an element that's an explicit null";
    if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
    if (isObject(item)) return "associative list without keys has an element that's a map type";
    return valueElement(item);
  }
  return indexElement(index);
}

/** Returns the type of the child `pe` selects below a value of type `type`. */
export function childType(type: TypeNode, pe: PathElement): TypeNode {
  if (pe.kind === 'field') {
    const map = type.map;
    if (!map) return DEDUCED;
    return map.field(pe.name)?.type() ?? map.element();
  }
  return type.list ? type.list.element() : DEDUCED;
}
