// Defaulted fields of the built-in kinds (pkg/apis/<group>/v1/defaults.go), so objects read
// back the way they do from a real cluster.

import type { KubeObject } from '../../apimachinery/index.ts';

type Obj = Record<string, unknown>;

function setDefault(obj: Obj, field: string, value: unknown): void {
  if (obj[field] === undefined) obj[field] = value;
}

/** Defaults a container (core/v1 SetDefaults_Container and friends). */
function defaultContainer(c: Obj): void {
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (c.imagePullPolicy === undefined) {
    const image = String(c.image ?? '');
    const tag = image.includes('@') ? 'digest' : (image.split('/').pop() ?? '').split(':')[1];
    c.imagePullPolicy = tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  for (const p of (c.ports as Obj[] | undefined) ?? []) setDefault(p, 'protocol', 'TCP');
  setDefault(c, 'resources', {});
}

/** Defaults a PodSpec (core/v1 SetDefaults_PodSpec). */
export function defaultPodSpec(spec: Obj | undefined): void {
  if (!spec) return;
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...((spec.containers as Obj[]) ?? []), ...((spec.initContainers as Obj[]) ?? [])]) defaultContainer(c);
}

const byKind: Record<string, (obj: KubeObject) => void> = {
  '/namespaces': (obj) => {
    const spec = ((obj.spec as Obj | undefined) ??= {});
    if (obj.metadata?.deletionTimestamp === undefined) setDefault(spec, 'finalizers', ['kubernetes']);
  },
  '/secrets': (obj) => setDefault(obj as Obj, 'type', 'Opaque'),
  '/pods': (obj) => defaultPodSpec(obj.spec as Obj | undefined),
  '/services': (obj) => {
    const spec = ((obj.spec as Obj | undefined) ??= {});
    setDefault(spec, 'type', 'ClusterIP');
    if (spec.type !== 'ExternalName') {
      setDefault(spec, 'sessionAffinity', 'None');
      setDefault(spec, 'ipFamilies', ['IPv4']);
      setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
      setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    }
    for (const p of (spec.ports as Obj[] | undefined) ?? []) {
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'targetPort', p.port);
    }
  },
  'apps/deployments': (obj) => {
    const spec = ((obj.spec as Obj | undefined) ??= {});
    setDefault(spec, 'replicas', 1);
    setDefault(spec, 'revisionHistoryLimit', 10);
    setDefault(spec, 'progressDeadlineSeconds', 600);
    if (spec.strategy === undefined) spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
    defaultPodSpec((spec.template as Obj | undefined)?.spec as Obj | undefined);
  },
  'apps/replicasets': (obj) => {
    const spec = ((obj.spec as Obj | undefined) ??= {});
    setDefault(spec, 'replicas', 1);
    defaultPodSpec((spec.template as Obj | undefined)?.spec as Obj | undefined);
  },
  'apps/statefulsets': (obj) => {
    const spec = ((obj.spec as Obj | undefined) ??= {});
    setDefault(spec, 'replicas', 1);
    setDefault(spec, 'podManagementPolicy', 'OrderedReady');
    setDefault(spec, 'revisionHistoryLimit', 10);
    defaultPodSpec((spec.template as Obj | undefined)?.spec as Obj | undefined);
  },
  'apps/daemonsets': (obj) => {
    const spec = ((obj.spec as Obj | undefined) ??= {});
    setDefault(spec, 'revisionHistoryLimit', 10);
    defaultPodSpec((spec.template as Obj | undefined)?.spec as Obj | undefined);
  },
  'batch/jobs': (obj) => {
    const spec = ((obj.spec as Obj | undefined) ??= {});
    setDefault(spec, 'backoffLimit', 6);
    setDefault(spec, 'completionMode', 'NonIndexed');
    setDefault(spec, 'suspend', false);
    setDefault(spec, 'parallelism', 1);
    setDefault(spec, 'completions', 1);
    const template = spec.template as Obj | undefined;
    const podSpec = template?.spec as Obj | undefined;
    if (podSpec) {
      setDefault(podSpec, 'restartPolicy', 'Never');
      defaultPodSpec(podSpec);
    }
  },
  'batch/cronjobs': (obj) => {
    const spec = ((obj.spec as Obj | undefined) ??= {});
    setDefault(spec, 'concurrencyPolicy', 'Allow');
    setDefault(spec, 'suspend', false);
    setDefault(spec, 'successfulJobsHistoryLimit', 3);
    setDefault(spec, 'failedJobsHistoryLimit', 1);
    const jobSpec = ((spec.jobTemplate as Obj | undefined)?.spec as Obj | undefined) ?? undefined;
    if (jobSpec) defaultPodSpec((jobSpec.template as Obj | undefined)?.spec as Obj | undefined);
  },
};

/** Returns the defaulting function of a resource ("group/resource"), if it has one. */
export function defaultsFor(key: string): ((obj: KubeObject) => void) | undefined {
  return byKind[key];
}
