// Admission for management.loft.sh (loft-platform-api.md §3 "Admission-time errors", §10 step
// 1): the rules that need other objects or the caller — project namespaces, allowed templates,
// quotas — and the defaults the real platform fills in (owner, clusterRef). Object-local rules
// are in the kinds' strategies (validation.ts).

import { forbidden, type KubeObject } from '../../apimachinery/index.ts';
import type { SystemClient } from '../../controllers/index.ts';
import type { RequestContext, ResourceInfo } from '../../registry/index.ts';
import { projectOfNamespace, virtualClusterNamespace } from '../names.ts';
import { managementGroup } from './schemas.ts';

type Obj = Record<string, unknown>;

/** The logical cluster the management API lives in. */
const managementCluster = 'loft-cluster';

function asObject(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** Returns the Loft user a request acts as: the user name without the loft:user: form. */
export function callerName(ctx: RequestContext): string {
  return ctx.user.name;
}

/** Returns whether `project` allows VirtualClusterTemplate `name` (spec.allowedTemplates, "*" allowed). */
export function templateAllowed(project: KubeObject, name: string): boolean {
  const allowed = (asObject(project.spec)?.allowedTemplates as Obj[] | undefined) ?? [];
  return allowed.some((t) => (t.kind === undefined || t.kind === '' || t.kind === 'VirtualClusterTemplate') && (t.name === '*' || t.name === name));
}

/** Returns the quota keys an instance counts against: all instances, and instances of its template. */
function quotaKeys(vci: KubeObject): string[] {
  const template = asObject(asObject(vci.spec)?.templateRef)?.name;
  return ['virtualclusterinstances', ...(typeof template === 'string' && template ? [`virtualclusterinstances.template=${template}`] : [])];
}

function ownerOf(vci: KubeObject): string {
  const owner = asObject(asObject(vci.spec)?.owner) ?? {};
  return typeof owner.user === 'string' && owner.user ? `user:${owner.user}` : typeof owner.team === 'string' && owner.team ? `team:${owner.team}` : '';
}

/** Throws Forbidden when creating `vci` would exceed a project or per-user quota. */
async function checkQuotas(client: SystemClient, project: KubeObject, vci: KubeObject, namespace: string, gr: { group: string; resource: string }): Promise<void> {
  const quotas = asObject(asObject(project.spec)?.quotas) ?? {};
  const projectQuota = asObject(quotas.project) ?? {};
  const userQuota = asObject(quotas.user) ?? {};
  if (Object.keys(projectQuota).length === 0 && Object.keys(userQuota).length === 0) return;
  const existing = await client.must(managementCluster, managementGroup, 'virtualclusterinstances').list(namespace);
  const owner = ownerOf(vci);
  for (const key of quotaKeys(vci)) {
    const count = (list: KubeObject[]): number => list.filter((o) => quotaKeys(o).includes(key)).length;
    const projectLimit = projectQuota[key];
    if (projectLimit !== undefined && count(existing) + 1 > Number(projectLimit)) {
      throw forbidden(gr, vci.metadata?.name ?? '', `cannot create virtualclusterinstance, because project ${key} limit of ${projectLimit} would be exceeded`);
    }
    const userLimit = userQuota[key];
    if (userLimit !== undefined && owner && count(existing.filter((o) => ownerOf(o) === owner)) + 1 > Number(userLimit)) {
      throw forbidden(gr, vci.metadata?.name ?? '', `cannot create virtualclusterinstance, because user ${key} limit of ${userLimit} would be exceeded`);
    }
  }
}

/** Fills clusterRef.cluster, .namespace and .virtualCluster the way the platform defaults them. */
function defaultClusterRef(vci: KubeObject, project: KubeObject, old: KubeObject | undefined): void {
  const spec = (vci.spec ??= {}) as Obj;
  const ref = (spec.clusterRef = { ...(asObject(spec.clusterRef) ?? {}) });
  const before = asObject(asObject(old?.spec)?.clusterRef) ?? {};
  // An update that leaves a field out keeps what the instance was scheduled with.
  for (const field of ['cluster', 'namespace', 'virtualCluster']) {
    if ((ref[field] === undefined || ref[field] === '') && before[field]) ref[field] = before[field];
  }
  const name = vci.metadata?.name ?? '';
  const projectName = project.metadata?.name ?? '';
  if (!ref.cluster) {
    const allowed = ((asObject(project.spec)?.allowedClusters as Obj[] | undefined) ?? []).map((c) => c.name).find((n) => typeof n === 'string' && n !== '*');
    ref.cluster = allowed ?? managementCluster;
  }
  if (!ref.namespace) {
    const pattern = asObject(asObject(project.spec)?.namespacePattern)?.virtualCluster;
    ref.namespace = typeof pattern === 'string' && pattern ? renderNamespacePattern(pattern, projectName, name) : virtualClusterNamespace(projectName, name);
  }
  if (!ref.virtualCluster) ref.virtualCluster = name;
}

/** Renders the simple {{.Values.loft.project}} / {{.Values.loft.name}} namespace patterns. */
function renderNamespacePattern(pattern: string, project: string, name: string): string {
  return pattern
    .replace(/\{\{\s*\.Values\.loft\.project\s*\}\}/g, project)
    .replace(/\{\{\s*\.Values\.loft\.(?:name|virtualClusterName)\s*\}\}/g, name);
}

/** Returns the admission function of the management kinds. */
export function managementAdmission(client: SystemClient): (info: ResourceInfo, ctx: RequestContext, obj: KubeObject, old: KubeObject | undefined, subresource: string) => Promise<void> {
  return async (info, ctx, obj, old, subresource) => {
    if (info.group !== managementGroup || subresource !== '' || ctx.cluster !== managementCluster) return;
    if (info.resource !== 'virtualclusterinstances') return;
    const gr = { group: info.group, resource: info.resource };
    const name = obj.metadata?.name ?? '';
    const namespace = obj.metadata?.namespace ?? '';
    const projectName = projectOfNamespace(namespace);
    const project = projectName ? await client.must(managementCluster, managementGroup, 'projects').get(undefined, projectName) : undefined;
    if (!project) {
      throw forbidden(gr, name, `namespace "${namespace}" is not the namespace of a project: virtual cluster instances live in loft-p-<project>`);
    }
    const spec = (obj.spec ??= {}) as Obj;
    // api-conventions: an empty metadata map is valid; keeping one lets a JSON patch add a single
    // annotation (the seed's "add /metadata/annotations/my-annotation") to any instance.
    obj.metadata = { ...obj.metadata, annotations: obj.metadata?.annotations ?? {} };
    if (!old) {
      const owner = asObject(spec.owner);
      if (!owner || (!owner.user && !owner.team)) spec.owner = { user: callerName(ctx) };
      const templateName = asObject(spec.templateRef)?.name;
      if (typeof templateName === 'string' && templateName && !templateAllowed(project, templateName)) {
        throw forbidden(gr, name, `virtual cluster template "${templateName}" is not allowed in project "${projectName}"`);
      }
      await checkQuotas(client, project, obj, namespace, gr);
    }
    defaultClusterRef(obj, project, old);
  };
}
