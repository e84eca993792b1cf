// What the server knows about each served resource: identity, scope, discovery facts, schema and
// the strategy that gives the kind its behaviour (k8s.io/apiserver pkg/registry/rest: one small
// capability per behaviour, gathered in a strategy rather than a subclass).

import type { FieldError, KubeObject, Schema, SchemaResolver } from '../apimachinery/index.ts';
import type { StoredAs } from './stored-as.ts';

/** GroupVersionKind identifies a kind in one API version. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Returns "group/version", or "version" for the core group (an apiVersion string). */
export function apiVersionOf(gv: { group: string; version: string }): string {
  return gv.group ? `${gv.group}/${gv.version}` : gv.version;
}

/** SubresourceInfo describes a subresource as discovery reports it. */
export interface SubresourceInfo {
  subresource: string;
  /** The kind its requests and responses carry (Scale for scale, the parent kind for status). */
  kind: GroupVersionKind;
  verbs: string[];
}

/** TableColumn is one server-side printing column (metav1.TableColumnDefinition). */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  /** 0 = always shown; > 0 = only with -o wide. */
  priority?: number;
  /** Returns the cell for `obj` (null prints empty). */
  cell: (obj: KubeObject, now: number) => string | number | boolean | null;
}

/** RequestContext carries who is asking and how, from the HTTP layer into the registry. */
export interface RequestContext {
  /** The logical cluster the request addresses. */
  cluster: string;
  user: UserInfo;
  /** dryRun=All: run every step but the storage write. */
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  /** Warnings to return in `Warning` headers. */
  warnings: string[];
  /** The client's User-Agent; the default field manager is derived from it. */
  userAgent?: string;
}

/** UserInfo is the authenticated identity of a request (user.Info). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** ScaleInfo says where a kind keeps the fields of its scale subresource. */
export interface ScaleInfo {
  specReplicasPath: string[];
  statusReplicasPath: string[];
  labelSelectorPath?: string[];
}

/**
 * KindStrategy is the per-kind behaviour the generic REST store calls, in the order
 * k8s.io/apiserver pkg/registry/rest/create.go fixes: prepare (may mutate), validate (must not),
 * then canonicalize.
 */
export interface KindStrategy {
  /** Which name rule metadata.name follows. */
  nameValidation: 'DNS1123Subdomain' | 'DNS1123Label' | 'DNS1035Label' | 'PathSegment';
  /** The kind has a status subresource: the main resource ignores status changes. */
  hasStatusSubresource: boolean;
  /** metadata.generation starts at 1 and increments on every change outside metadata and status. */
  tracksGeneration: boolean;
  /** Fills defaulted fields (pkg/apis/<group>/v1/defaults.go). */
  defaults?(obj: KubeObject): void;
  prepareForCreate?(obj: KubeObject, ctx: RequestContext): void;
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: RequestContext): void;
  validate?(obj: KubeObject, ctx: RequestContext): FieldError[];
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: RequestContext): FieldError[];
  /** Whether deletion must wait on something besides metadata.finalizers (namespaces: spec.finalizers). */
  pendingFinalizers?(obj: KubeObject): boolean;
  /** Called when a delete marks the object terminating (namespaces set status.phase). */
  prepareForDelete?(obj: KubeObject): void;
  /** Kind-specific field selectors beyond metadata.name and metadata.namespace. */
  fieldSelectors?: Record<string, (obj: KubeObject) => string | undefined>;
  /** Server-side printing columns; Name and Age are added around them. */
  columns?: TableColumn[];
  /**
   * The columns are the whole table after Name (CRD additionalPrinterColumns): no Age column is
   * added, and a column named "Age" keeps its own cell.
   */
  exactColumns?: boolean;
  scale?: ScaleInfo;
}

/** ResourceInfo is everything the server knows about one served resource. */
export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  resource: string;
  singularResource: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: SubresourceInfo[];
  /** The kind's OpenAPI schema (with $refs) and how to resolve them. */
  schema: Schema | undefined;
  resolve: SchemaResolver;
  /** The OpenAPI definition name of the kind (e.g. io.k8s.api.apps.v1.Deployment). */
  definition?: string;
  strategy: KindStrategy;
  /** For non-persisted kinds (access reviews, token reviews): computes the create response. */
  virtualCreate?: (obj: KubeObject, ctx: RequestContext) => Promise<KubeObject>;
  /** The version objects are stored in (CRDs with several versions); defaults to `version`. */
  storageVersion?: string;
  /** Whether PATCH accepts strategic merge patches (built-ins yes, custom resources 415). */
  acceptsStrategicMerge?: boolean;
  /** Whether DELETE answers with the deleted object (pods, custom resources) instead of a Status. */
  returnDeletedObject?: boolean;
  /**
   * Lists and watches return only the objects the caller may get, instead of 403 when the caller
   * may not list them all (the management API's behaviour).
   */
  filteredList?: boolean;
  /** Set when objects of this kind are kept as objects of another kind (ProjectSecret → Secret). */
  storedAs?: StoredAs;
  /** How unknown fields are found: Go-typed built-ins or CRD structural schemas. */
  pruneMode?: 'builtin' | 'structural';
}

/** Returns "resource.group" as messages name a resource. */
export function qualifiedResource(info: { group: string; resource: string }): { group: string; resource: string } {
  return { group: info.group, resource: info.resource };
}
