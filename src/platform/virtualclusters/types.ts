// The slices of the management.loft.sh types the controller reads and writes, with json names
// as loft-sh/api storage/v1 declares them (loft-platform-api.md §2). Objects arrive as JSON, so
// every field is optional and read defensively.

import type { Condition } from './conditions.ts';

/** A JSON object. */
export type Obj = Record<string, unknown>;

/** TemplateMetadata: labels and annotations for an object the template describes. */
export interface TemplateMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** InstanceAccessRule: users/teams that get `clusterRole` inside the virtual cluster. */
export interface InstanceAccessRule {
  users?: string[];
  teams?: string[];
  clusterRole?: string;
}

/** InstanceAccess: the in-cluster role mapping of a template. */
export interface InstanceAccess {
  defaultClusterRole?: string;
  rules?: InstanceAccessRule[];
}

/** VirtualClusterTemplateDefinition (also VCI spec.template and status.virtualCluster). */
export interface TemplateDefinition {
  metadata?: TemplateMetadata;
  instanceTemplate?: { metadata?: TemplateMetadata };
  apps?: Obj[];
  charts?: Obj[];
  objects?: string;
  access?: InstanceAccess;
  helmRelease?: { chart?: Obj; values?: string };
  spaceTemplate?: { metadata?: TemplateMetadata; objects?: string; charts?: Obj[]; apps?: Obj[] };
  [field: string]: unknown;
}

/** AppParameter: one template parameter (§2.3, §4.2). */
export interface AppParameter {
  variable?: string;
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

/** ObjectsStatus: what was applied (objects as YAML, charts, apps). */
export interface ObjectsStatus {
  lastAppliedObjects?: string;
  charts?: Obj[];
  apps?: Obj[];
}

/** The VCI status fields the controller owns. */
export interface InstanceStatus {
  phase?: string;
  reason?: string;
  message?: string;
  serviceUID?: string;
  deployHash?: string;
  conditions?: Condition[];
  virtualClusterObjects?: ObjectsStatus;
  spaceObjects?: ObjectsStatus;
  virtualCluster?: TemplateDefinition;
  [field: string]: unknown;
}

/** What the instance was last rendered from (the loft.sh/applied-template annotation). */
export interface AppliedTemplate {
  /** The template name; empty for an inline template. */
  name: string;
  /** The template version applied; empty for unversioned templates. */
  version: string;
  /** sha256 of the template source (definition and parameter declarations) applied. */
  templateHash: string;
  /** sha256 of the other render inputs applied: parameters, extraAccessRules, `.Values.loft`. */
  inputsHash: string;
}

/** Returns `v` as a plain object, or undefined. */
export function asObject(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** Returns `v` if it is a non-empty string, else undefined. */
export function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Returns `v` as an array of strings (non-strings dropped). */
export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}
