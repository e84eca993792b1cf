// GET projects/<p>/templates and projects/<p>/clusters (issue #5 item 4, loft-platform-api.md
// §2.4): the templates and clusters a user may pick in a project are those the project allows
// (allowedTemplates, allowedClusters; "*" allows all) and that the user may see (get).

import type { KubeObject } from '../../apimachinery/index.ts';
import { writeObject, type Authorizer, type ResourceCall, type SubresourceHandler } from '../../apiserver/index.ts';
import type { SystemClient } from '../../controllers/index.ts';
import { templateAllowed } from '../management/admission.ts';

type Obj = Record<string, unknown>;
const group = 'management.loft.sh';

/** Returns the names the project's allowedClusters lists ("*" = every cluster). */
function clusterAllowed(project: KubeObject, name: string): boolean {
  const allowed = (((project.spec ?? {}) as Obj).allowedClusters as Obj[] | undefined) ?? [];
  return allowed.some((c) => c.name === '*' || c.name === name);
}

/** Returns the objects of `resource` the caller may get and `allowed` accepts. */
async function visible(call: ResourceCall, client: SystemClient, authorizer: Authorizer, resource: string, allowed: (name: string) => boolean): Promise<KubeObject[]> {
  const all = await client.must(call.ctx.cluster, group, resource).list();
  const out: KubeObject[] = [];
  for (const obj of all) {
    const name = obj.metadata?.name ?? '';
    if (!allowed(name)) continue;
    const decision = await authorizer.authorize({
      user: call.ctx.user,
      cluster: call.ctx.cluster,
      verb: 'get',
      isResourceRequest: true,
      path: '',
      apiGroup: group,
      apiVersion: 'v1',
      namespace: '',
      resource,
      subresource: '',
      name,
    });
    if (decision.allowed) out.push(obj);
  }
  return out;
}

/** Returns the handlers of the templates and clusters subresources of projects. */
export function projectSubresources(client: SystemClient, authorizer: Authorizer): Map<string, SubresourceHandler> {
  const templates: SubresourceHandler = async (call) => {
    const project = await call.store.get(call.ctx, undefined, call.request.name);
    const items = await visible(call, client, authorizer, 'virtualclustertemplates', (name) => templateAllowed(project, name));
    const defaults = ((((project.spec ?? {}) as Obj).allowedTemplates as Obj[] | undefined) ?? []).find(
      (t) => t.isDefault === true && (t.kind === undefined || t.kind === 'VirtualClusterTemplate') && t.name !== '*',
    );
    writeObject(call.req, call.res, 200, {
      apiVersion: `${group}/v1`,
      kind: 'ProjectTemplates',
      metadata: { name: call.request.name, creationTimestamp: null },
      defaultVirtualClusterTemplate: (defaults?.name as string | undefined) ?? '',
      virtualClusterTemplates: items,
      defaultSpaceTemplate: '',
      spaceTemplates: [],
    });
  };
  const clusters: SubresourceHandler = async (call) => {
    const project = await call.store.get(call.ctx, undefined, call.request.name);
    const items = await visible(call, client, authorizer, 'clusters', (name) => clusterAllowed(project, name));
    writeObject(call.req, call.res, 200, {
      apiVersion: `${group}/v1`,
      kind: 'ProjectClusters',
      metadata: { name: call.request.name, creationTimestamp: null },
      clusters: items,
    });
  };
  return new Map([
    [`${group}/projects/templates`, templates],
    [`${group}/projects/clusters`, clusters],
  ]);
}
