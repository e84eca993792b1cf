// The project controller: a project `p` owns the namespace loft-p-p. Creating the project
// creates the namespace; deleting the project deletes the namespace and everything in it (the
// namespace controller empties it) before the project's finalizer is removed.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { Controller, ObjectEvent, ReconcileResult, SystemClient } from '../../controllers/index.ts';
import { projectNamespace, projectOfNamespace } from '../names.ts';

/** The finalizer that holds a project until its namespace is gone. */
export const projectCleanupFinalizer = 'loft.sh/cleanup';

const managementCluster = 'loft-cluster';

/** ProjectController keeps each project's namespace in step with the project. */
export class ProjectController implements Controller {
  readonly name = 'project';
  readonly watches = ['management.loft.sh/projects', '/namespaces'] as const;
  private readonly client: SystemClient;

  constructor(client: SystemClient) {
    this.client = client;
  }

  keys(event: ObjectEvent): string[] {
    if (event.cluster !== managementCluster) return [];
    if (event.resource === 'projects') return [event.object.metadata?.name ?? ''];
    const project = projectOfNamespace(event.object.metadata?.name);
    return project ? [project] : [];
  }

  async reconcile(name: string): Promise<ReconcileResult> {
    const projects = this.client.must(managementCluster, 'management.loft.sh', 'projects');
    const namespaces = this.client.must(managementCluster, '', 'namespaces');
    const project = await projects.get(undefined, name);
    if (!project) return {};
    const meta = project.metadata ?? {};
    const finalizers = meta.finalizers ?? [];
    const nsName = projectNamespace(name);
    if (meta.deletionTimestamp) {
      if (!finalizers.includes(projectCleanupFinalizer)) return {};
      const ns = await namespaces.get(undefined, nsName);
      if (ns) {
        if (!ns.metadata?.deletionTimestamp) await namespaces.delete(undefined, nsName);
        return { requeueAfterMs: 500 };
      }
      await projects.update({ ...project, metadata: { ...meta, finalizers: finalizers.filter((f) => f !== projectCleanupFinalizer) } });
      return {};
    }
    if (!finalizers.includes(projectCleanupFinalizer)) {
      await projects.update({ ...project, metadata: { ...meta, finalizers: [...finalizers, projectCleanupFinalizer] } });
    }
    const ns = await namespaces.get(undefined, nsName);
    if (!ns) {
      await namespaces.ensure(undefined, projectNamespaceObject(name));
    } else if (ns.metadata?.deletionTimestamp) {
      // The namespace is going away while the project stays: recreate it once it is gone.
      return { requeueAfterMs: 500 };
    }
    return {};
  }
}

/** Returns the namespace object of a project, labelled as the platform labels it. */
export function projectNamespaceObject(project: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: projectNamespace(project), labels: { 'loft.sh/project': project, 'loft.sh/project-namespace': 'true' } },
  };
}
