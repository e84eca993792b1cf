// The management API calls the CLI makes (loft-platform-api.md §1, §2), all under
// <host>/kubernetes/management. Objects stay plain JSON: the CLI reads a few fields and sends the
// rest back untouched, so fields it does not know survive an update.

import { ApiError, isStatus } from './errors.ts';
import type { HttpClient } from './http.ts';

/** The group/version of the management kinds. */
export const managementApiVersion = 'management.loft.sh/v1';

/** Returns the namespace of `project`: loft-p-<project>, hard-coded as in v3 loftctl's naming package. */
export function projectNamespace(project: string): string {
  return `loft-p-${project}`;
}

/** Object metadata as the CLI reads it. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A template parameter (storage/v1 AppParameter). */
export interface AppParameter {
  variable: string;
  label?: string;
  description?: string;
  type?: string;
  options?: string[];
  min?: number;
  max?: number;
  required?: boolean;
  defaultValue?: string;
  placeholder?: string;
  invalidation?: string;
  validation?: string;
  section?: string;
}

/** A VirtualClusterTemplate with the fields template resolution reads. */
export interface VirtualClusterTemplate extends KubeObject {
  spec?: {
    displayName?: string;
    parameters?: AppParameter[];
    versions?: Array<{ version?: string; parameters?: AppParameter[]; [field: string]: unknown }>;
    [field: string]: unknown;
  };
}

/** The projects/<p>/templates subresource (ProjectTemplates). */
export interface ProjectTemplates {
  defaultVirtualClusterTemplate?: string;
  virtualClusterTemplates?: VirtualClusterTemplate[];
}

/** Self.status as the CLI reads it. */
export interface SelfStatus {
  user?: { name?: string; username?: string; displayName?: string };
  team?: { name?: string; displayName?: string };
  subject?: string;
  accessKey?: string;
  accessKeyType?: string;
  projectNamespacePrefix?: string;
}

/** A Kubernetes list. */
export interface KubeList<T> {
  items?: T[];
}

const base = '/kubernetes/management';

/** Returns the URL path of a management.loft.sh resource (collection when `name` is empty). */
export function managementPath(resource: string, name?: string, namespace?: string, subresource?: string): string {
  let path = `${base}/apis/${managementApiVersion}`;
  if (namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${resource}`;
  if (name) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

/** Returns the URL path of a core/v1 resource in the management cluster. */
export function corePath(resource: string, name?: string, namespace?: string): string {
  let path = `${base}/api/v1`;
  if (namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${resource}`;
  if (name) path += `/${encodeURIComponent(name)}`;
  return path;
}

/** Typed calls to the management API of one logged-in platform. */
export class ManagementClient {
  readonly http: HttpClient;

  constructor(http: HttpClient) {
    this.http = http;
  }

  /** Returns the caller's Self (POST selves with an empty Self). */
  async self(): Promise<SelfStatus> {
    const self = await this.http.json<KubeObject>('POST', managementPath('selves'), { body: { apiVersion: managementApiVersion, kind: 'Self' } });
    return (self?.status ?? {}) as SelfStatus;
  }

  /** Returns the objects of a management collection. */
  async list<T extends KubeObject>(resource: string, namespace?: string, query?: Record<string, string>): Promise<T[]> {
    const list = await this.http.json<KubeList<T>>('GET', managementPath(resource, undefined, namespace), { query });
    return list?.items ?? [];
  }

  /** Returns one management object. */
  get<T extends KubeObject>(resource: string, name: string, namespace?: string, query?: Record<string, string>): Promise<T> {
    return this.http.json<T>('GET', managementPath(resource, name, namespace), { query });
  }

  /** Returns one management object, or undefined when it does not exist. */
  async find<T extends KubeObject>(resource: string, name: string, namespace?: string, query?: Record<string, string>): Promise<T | undefined> {
    try {
      return await this.get<T>(resource, name, namespace, query);
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  /** Creates a management object and returns it as stored. */
  create<T extends KubeObject>(resource: string, obj: T, namespace?: string): Promise<T> {
    return this.http.json<T>('POST', managementPath(resource, undefined, namespace), { body: obj });
  }

  /** Replaces a management object (optimistic concurrency through its resourceVersion). */
  update<T extends KubeObject>(resource: string, obj: T): Promise<T> {
    return this.http.json<T>('PUT', managementPath(resource, obj.metadata?.name, obj.metadata?.namespace), { body: obj });
  }

  /** Applies a JSON merge patch (RFC 7386) to a management object. */
  mergePatch<T extends KubeObject>(resource: string, name: string, namespace: string | undefined, patch: unknown): Promise<T> {
    return this.http.json<T>('PATCH', managementPath(resource, name, namespace), { body: patch, contentType: 'application/merge-patch+json' });
  }

  /** Deletes a management object. */
  async delete(resource: string, name: string, namespace?: string): Promise<void> {
    await this.http.json<unknown>('DELETE', managementPath(resource, name, namespace));
  }

  // Where the server lacks the projects/<p>/templates subresource, the templates are listed and
  // filtered by spec.allowedTemplates (name "*" allows all; isDefault marks the default).
  /** Returns the templates project `project` allows, and its default template. */
  async projectTemplates(project: string): Promise<ProjectTemplates> {
    try {
      return await this.http.json<ProjectTemplates>('GET', managementPath('projects', project, undefined, 'templates'));
    } catch (err) {
      if (!(err instanceof ApiError) || (err.code !== 404 && err.code !== 405)) throw err;
    }
    const projectObj = await this.get<KubeObject>('projects', project);
    const allowed = ((projectObj.spec?.allowedTemplates as Array<Record<string, unknown>> | undefined) ?? []).filter(
      (t) => !t.kind || t.kind === 'VirtualClusterTemplate',
    );
    if (allowed.length === 0) return { virtualClusterTemplates: [] };
    const templates = await this.list<VirtualClusterTemplate>('virtualclustertemplates');
    const names = new Set(allowed.map((t) => t.name));
    const defaultEntry = allowed.find((t) => t.isDefault === true && t.name !== '*');
    return {
      ...(typeof defaultEntry?.name === 'string' ? { defaultVirtualClusterTemplate: defaultEntry.name } : {}),
      virtualClusterTemplates: templates.filter((t) => names.has('*') || names.has(t.metadata?.name)),
    };
  }

  /** Creates a core/v1 object in the management cluster (namespaces, secrets). */
  createCore<T extends KubeObject>(resource: string, obj: T, namespace?: string): Promise<T> {
    return this.http.json<T>('POST', corePath(resource, undefined, namespace), { body: obj });
  }
}
