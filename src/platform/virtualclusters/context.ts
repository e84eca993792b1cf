// What one reconcile of one instance carries from step to step: the instance as last read or
// written, a draft of its status (written once, at the end), and what the steps found out.

import { createHash } from 'node:crypto';
import { isStatusError, type KubeObject } from '../../apimachinery/index.ts';
import type { SystemClient } from '../../controllers/index.ts';
import type { ConditionSet } from './conditions.ts';
import { appliedTemplateAnnotation } from './names.ts';
import { projectOfNamespace } from '../names.ts';
import type { LoftValues } from './render.ts';
import { asObject, nonEmpty, type AppliedTemplate, type AppParameter, type InstanceStatus, type Obj, type TemplateDefinition } from './types.ts';

/** Options of the VirtualClusterInstanceController. */
export interface VirtualClusterControllerOptions {
  /** The client the controller acts through: a system identity, with the platform's admission hooks. */
  client: SystemClient;
  /**
   * Deletes every key of a logical cluster (one storage range delete) and returns how many it
   * deleted. Called when an instance is deleted, before its host namespace.
   */
  deleteLogicalCluster: (cluster: string) => Promise<number>;
  /** Creates the default ClusterRoles (cluster-admin, admin, edit, view, ...) in a new logical cluster. */
  bootstrapRbac?: (client: SystemClient, cluster: string) => Promise<void>;
  /** Reconcile workers (default 8). */
  concurrency?: number;
  /** The clock for lastTransitionTime (default: the system clock). */
  now?: () => Date;
}

/** The template content an instance resolves to. */
export interface ResolvedTemplate {
  /** The VirtualClusterTemplate's name; empty for an inline template. */
  name: string;
  /** The version selected; empty for unversioned and inline templates. */
  version: string;
  definition: TemplateDefinition;
  parameters: AppParameter[];
  /** Where the definition lives, for messages: `virtualclustertemplate "x" spec.versions[1].template`. */
  sourcePath: string;
  /** sha256 of the definition and parameter declarations. */
  hash: string;
}

/** The state one reconcile pass builds up. */
export interface ReconcileContext {
  readonly client: SystemClient;
  readonly options: VirtualClusterControllerOptions;
  /** The instance as last read or written (its resourceVersion guards the status write). */
  vci: KubeObject;
  /** The status to write at the end of the pass. */
  readonly status: InstanceStatus;
  readonly conditions: ConditionSet;
  /** Set by the Scheduled step when it succeeds. */
  project?: KubeObject;
  cluster?: KubeObject;
  /** Set by the TemplateResolved step when a template resolves. */
  resolved?: ResolvedTemplate;
  /** Whether `resolved` is to be rendered and applied this pass (false: keep running status.virtualCluster). */
  sync: boolean;
  /** `.Values` parameters, set by the parameters step. */
  values?: Obj;
  /** The definition the instance runs this pass: freshly rendered, or the one applied before. */
  rendered?: TemplateDefinition;
  /** What was rendered this pass (recorded in the loft.sh/applied-template annotation). */
  applied?: AppliedTemplate;
  /** Whether templateRef.syncOnce is to be cleared (after a successful resolve). */
  clearSyncOnce: boolean;
  /** The earliest the instance needs another look while waiting on something. */
  requeueAfterMs?: number;
}

/** A step of the reconcile. */
export interface Step {
  readonly name: string;
  run(ctx: ReconcileContext): Promise<void>;
}

/** Asks for another reconcile after `ms` (the earliest request wins). */
export function requeue(ctx: ReconcileContext, ms: number): void {
  ctx.requeueAfterMs = ctx.requeueAfterMs === undefined ? ms : Math.min(ctx.requeueAfterMs, ms);
}

/** Returns the instance's spec. */
export function specOf(vci: KubeObject): Obj {
  return asObject(vci.spec) ?? {};
}

/** Returns the instance's templateRef (empty object when unset). */
export function templateRefOf(vci: KubeObject): { name?: string; version?: string; syncOnce?: boolean } {
  return (asObject(specOf(vci).templateRef) ?? {}) as { name?: string; version?: string; syncOnce?: boolean };
}

/** Returns clusterRef.{cluster, namespace, virtualCluster}, empty strings when unset. */
export function clusterRefOf(vci: KubeObject): { cluster: string; namespace: string; virtualCluster: string } {
  const ref = asObject(specOf(vci).clusterRef) ?? {};
  const s = (v: unknown): string => (typeof v === 'string' ? v : '');
  return { cluster: s(ref.cluster), namespace: s(ref.namespace), virtualCluster: s(ref.virtualCluster) || (vci.metadata?.name ?? '') };
}

/** Returns whether the instance was deployed once (TemplateResolved stops gating readiness then). */
export function wasDeployed(ctx: ReconcileContext): boolean {
  return typeof ctx.status.deployHash === 'string' && ctx.status.deployHash !== '';
}

/** Returns the definition applied before this pass, if any. */
export function previousDefinition(ctx: ReconcileContext): TemplateDefinition | undefined {
  return asObject(ctx.status.virtualCluster) as TemplateDefinition | undefined;
}

/** Returns the loft.sh/applied-template annotation, parsed. */
export function appliedTemplateOf(vci: KubeObject): AppliedTemplate | undefined {
  const raw = vci.metadata?.annotations?.[appliedTemplateAnnotation];
  if (!raw) return undefined;
  try {
    const parsed = asObject(JSON.parse(raw));
    return parsed ? (parsed as unknown as AppliedTemplate) : undefined;
  } catch {
    return undefined;
  }
}

/** Returns sha256 (hex) of `value` as canonical JSON (object keys sorted), so key order never matters. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = asObject(value);
  if (obj) {
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Returns the `.Values.loft` values of an instance (§4.3). */
export function loftValues(ctx: ReconcileContext): LoftValues {
  const vci = ctx.vci;
  const ref = clusterRefOf(vci);
  const owner = asObject(specOf(vci).owner) ?? {};
  const user = nonEmpty(owner.user);
  const team = nonEmpty(owner.team);
  return {
    project: projectOfNamespace(vci.metadata?.namespace) ?? '',
    name: vci.metadata?.name ?? '',
    virtualClusterName: ref.virtualCluster,
    virtualClusterNamespace: ref.namespace,
    space: ref.namespace,
    cluster: ref.cluster,
    user: user ? { name: user } : null,
    team: !user && team ? { name: team } : null,
    clusterAnnotations: { ...(ctx.cluster?.metadata?.annotations ?? {}) },
  };
}

/** Returns the hash of everything besides the template that a render depends on: parameters, extraAccessRules, `.Values.loft`. */
export function renderInputsHash(ctx: ReconcileContext): string {
  const spec = specOf(ctx.vci);
  return contentHash({ parameters: spec.parameters ?? '', extraAccessRules: spec.extraAccessRules ?? [], loft: loftValues(ctx) });
}

/** Keeps the instance on the definition it runs (if deployed) after TemplateResolved failed. */
export function keepLastDefinition(ctx: ReconcileContext): void {
  if (wasDeployed(ctx)) ctx.rendered = previousDefinition(ctx);
}

/** Returns the message of an API error that retrying cannot fix (a 4xx other than Conflict and TooManyRequests), or undefined. */
export function permanentErrorMessage(err: unknown): string | undefined {
  if (!isStatusError(err)) return undefined;
  return err.code >= 400 && err.code < 500 && err.code !== 409 && err.code !== 429 ? err.message : undefined;
}

/** Waits for every promise, then throws the first rejection: nothing keeps writing after a failure is reported. */
export async function settleAll(promises: Iterable<Promise<unknown> | undefined>): Promise<void> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}
