// Server-side printing columns of the built-in kinds, as kubectl shows them against a real
// cluster (pkg/printers/internalversion/printers.go). Name and Age are added by the table
// converter; a kind that places Age elsewhere lists it explicitly.

import { age, type KubeObject } from '../../apimachinery/index.ts';
import type { TableColumn } from '../resource.ts';

type Obj = Record<string, unknown>;

function get(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Obj)[p];
  }
  return cur;
}

const str = (v: unknown, fallback = '<none>'): string => (v === undefined || v === null || v === '' ? fallback : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const col = (name: string, cell: TableColumn['cell'], extra: Partial<TableColumn> = {}): TableColumn => ({ name, type: 'string', cell, ...extra });
const wide = (name: string, cell: TableColumn['cell']): TableColumn => col(name, cell, { priority: 1 });
const ageCol: TableColumn = col('Age', () => '');

function containers(obj: KubeObject): Obj[] {
  return (get(obj, 'spec', 'template', 'spec', 'containers') as Obj[] | undefined) ?? [];
}

/** Returns a label selector in kubectl's printed form. */
function selectorString(sel: unknown): string {
  if (!sel || typeof sel !== 'object') return '<none>';
  const s = sel as { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length > 0 ? parts.join(',') : '<none>';
}

function mapSelector(sel: unknown): string {
  const entries = Object.entries((sel as Record<string, string>) ?? {});
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

function servicePorts(obj: KubeObject): string {
  const ports = (get(obj, 'spec', 'ports') as Obj[] | undefined) ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function podReady(obj: KubeObject): string {
  const specContainers = (get(obj, 'spec', 'containers') as Obj[] | undefined) ?? [];
  const statuses = (get(obj, 'status', 'containerStatuses') as Obj[] | undefined) ?? [];
  return `${statuses.filter((s) => s.ready === true).length}/${specContainers.length}`;
}

function podStatus(obj: KubeObject): string {
  if (get(obj, 'metadata', 'deletionTimestamp')) return 'Terminating';
  return str(get(obj, 'status', 'reason') ?? get(obj, 'status', 'phase'), 'Pending');
}

function subjects(obj: KubeObject, kind: string): string {
  const list = ((get(obj, 'subjects') as Obj[] | undefined) ?? []).filter((s) => s.kind === kind);
  if (kind === 'ServiceAccount') return list.map((s) => `${s.namespace ?? ''}/${s.name}`).join(', ');
  return list.map((s) => String(s.name)).join(', ');
}

const createdAt: TableColumn = col('Created At', (obj) => str(obj.metadata?.creationTimestamp), { type: 'date' });

const byKind: Record<string, TableColumn[]> = {
  '/namespaces': [col('Status', (o) => str(get(o, 'status', 'phase'), 'Active'))],
  '/configmaps': [col('Data', (o) => Object.keys((o.data as Obj) ?? {}).length + Object.keys((o.binaryData as Obj) ?? {}).length, { type: 'integer' })],
  '/secrets': [
    col('Type', (o) => str(o.type, 'Opaque')),
    col('Data', (o) => Object.keys((o.data as Obj) ?? {}).length, { type: 'integer' }),
  ],
  '/serviceaccounts': [col('Secrets', (o) => ((o.secrets as unknown[]) ?? []).length, { type: 'integer' })],
  '/services': [
    col('Type', (o) => str(get(o, 'spec', 'type'), 'ClusterIP')),
    col('Cluster-IP', (o) => str(get(o, 'spec', 'clusterIP'))),
    col('External-IP', (o) => {
      const ips = (get(o, 'spec', 'externalIPs') as string[] | undefined) ?? [];
      if (get(o, 'spec', 'type') === 'ExternalName') return str(get(o, 'spec', 'externalName'));
      if (get(o, 'spec', 'type') === 'LoadBalancer') return ips.length ? ips.join(',') : '<pending>';
      return ips.length ? ips.join(',') : '<none>';
    }),
    col('Port(s)', servicePorts),
    ageCol,
    wide('Selector', (o) => mapSelector(get(o, 'spec', 'selector'))),
  ],
  '/pods': [
    col('Ready', podReady),
    col('Status', podStatus),
    col('Restarts', (o) => ((get(o, 'status', 'containerStatuses') as Obj[] | undefined) ?? []).reduce((n, s) => n + num(s.restartCount), 0), { type: 'integer' }),
    ageCol,
    wide('IP', (o) => str(get(o, 'status', 'podIP'))),
    wide('Node', (o) => str(get(o, 'spec', 'nodeName'))),
    wide('Nominated Node', (o) => str(get(o, 'status', 'nominatedNodeName'))),
    wide('Readiness Gates', (o) => {
      const gates = (get(o, 'spec', 'readinessGates') as unknown[] | undefined) ?? [];
      return gates.length ? `0/${gates.length}` : '<none>';
    }),
  ],
  'apps/deployments': [
    col('Ready', (o) => `${num(get(o, 'status', 'readyReplicas'))}/${num(get(o, 'spec', 'replicas'))}`),
    col('Up-to-date', (o) => num(get(o, 'status', 'updatedReplicas')), { type: 'integer' }),
    col('Available', (o) => num(get(o, 'status', 'availableReplicas')), { type: 'integer' }),
    ageCol,
    wide('Containers', (o) => containers(o).map((c) => c.name).join(',')),
    wide('Images', (o) => containers(o).map((c) => c.image).join(',')),
    wide('Selector', (o) => selectorString(get(o, 'spec', 'selector'))),
  ],
  'apps/replicasets': [
    col('Desired', (o) => num(get(o, 'spec', 'replicas')), { type: 'integer' }),
    col('Current', (o) => num(get(o, 'status', 'replicas')), { type: 'integer' }),
    col('Ready', (o) => num(get(o, 'status', 'readyReplicas')), { type: 'integer' }),
    ageCol,
    wide('Containers', (o) => containers(o).map((c) => c.name).join(',')),
    wide('Images', (o) => containers(o).map((c) => c.image).join(',')),
    wide('Selector', (o) => selectorString(get(o, 'spec', 'selector'))),
  ],
  'apps/statefulsets': [
    col('Ready', (o) => `${num(get(o, 'status', 'readyReplicas'))}/${num(get(o, 'spec', 'replicas'))}`),
    ageCol,
    wide('Containers', (o) => containers(o).map((c) => c.name).join(',')),
    wide('Images', (o) => containers(o).map((c) => c.image).join(',')),
  ],
  'apps/daemonsets': [
    col('Desired', (o) => num(get(o, 'status', 'desiredNumberScheduled')), { type: 'integer' }),
    col('Current', (o) => num(get(o, 'status', 'currentNumberScheduled')), { type: 'integer' }),
    col('Ready', (o) => num(get(o, 'status', 'numberReady')), { type: 'integer' }),
    col('Up-to-date', (o) => num(get(o, 'status', 'updatedNumberScheduled')), { type: 'integer' }),
    col('Available', (o) => num(get(o, 'status', 'numberAvailable')), { type: 'integer' }),
    col('Node Selector', (o) => mapSelector(get(o, 'spec', 'template', 'spec', 'nodeSelector'))),
    ageCol,
  ],
  'batch/jobs': [
    col('Status', (o) => {
      const conds = (get(o, 'status', 'conditions') as Obj[] | undefined) ?? [];
      const c = conds.find((x) => x.status === 'True' && (x.type === 'Complete' || x.type === 'Failed' || x.type === 'Suspended'));
      return c ? String(c.type) : 'Running';
    }),
    col('Completions', (o) => `${num(get(o, 'status', 'succeeded'))}/${get(o, 'spec', 'completions') ?? 1}`),
    col('Duration', (o) => {
      const start = get(o, 'status', 'startTime') as string | undefined;
      if (!start) return '';
      const end = (get(o, 'status', 'completionTime') as string | undefined) ?? new Date().toISOString();
      return age(start, Date.parse(end));
    }),
    ageCol,
  ],
  'batch/cronjobs': [
    col('Schedule', (o) => str(get(o, 'spec', 'schedule'))),
    col('Timezone', (o) => str(get(o, 'spec', 'timeZone'))),
    col('Suspend', (o) => String(Boolean(get(o, 'spec', 'suspend')))),
    col('Active', (o) => ((get(o, 'status', 'active') as unknown[] | undefined) ?? []).length, { type: 'integer' }),
    col('Last Schedule', (o, now) => {
      const t = get(o, 'status', 'lastScheduleTime') as string | undefined;
      return t ? age(t, now) : '<none>';
    }),
    ageCol,
  ],
  'rbac.authorization.k8s.io/roles': [createdAt],
  'rbac.authorization.k8s.io/clusterroles': [createdAt],
  'rbac.authorization.k8s.io/rolebindings': [
    col('Role', (o) => `${get(o, 'roleRef', 'kind')}/${get(o, 'roleRef', 'name')}`),
    ageCol,
    wide('Users', (o) => subjects(o, 'User')),
    wide('Groups', (o) => subjects(o, 'Group')),
    wide('ServiceAccounts', (o) => subjects(o, 'ServiceAccount')),
  ],
  'rbac.authorization.k8s.io/clusterrolebindings': [
    col('Role', (o) => `${get(o, 'roleRef', 'kind')}/${get(o, 'roleRef', 'name')}`),
    ageCol,
    wide('Users', (o) => subjects(o, 'User')),
    wide('Groups', (o) => subjects(o, 'Group')),
    wide('ServiceAccounts', (o) => subjects(o, 'ServiceAccount')),
  ],
  'apiextensions.k8s.io/customresourcedefinitions': [createdAt],
  '/events': [
    col('Last Seen', (o, now) => age((o.lastTimestamp as string) ?? (o.eventTime as string) ?? o.metadata?.creationTimestamp, now)),
    col('Type', (o) => str(o.type)),
    col('Reason', (o) => str(o.reason)),
    col('Object', (o) => `${String(get(o, 'involvedObject', 'kind') ?? '').toLowerCase()}/${get(o, 'involvedObject', 'name') ?? ''}`),
    col('Message', (o) => str(o.message, '')),
  ],
  '/endpoints': [
    col('Endpoints', (o) => {
      const subsets = (o.subsets as Obj[] | undefined) ?? [];
      const eps = subsets.flatMap((s) => ((s.addresses as Obj[] | undefined) ?? []).flatMap((a) => ((s.ports as Obj[] | undefined) ?? [{ port: '' }]).map((p) => `${a.ip}:${p.port}`)));
      return eps.length ? eps.slice(0, 3).join(',') + (eps.length > 3 ? ` + ${eps.length - 3} more...` : '') : '<none>';
    }),
  ],
  'coordination.k8s.io/leases': [col('Holder', (o) => str(get(o, 'spec', 'holderIdentity'), ''))],
  'scheduling.k8s.io/priorityclasses': [
    col('Value', (o) => num(o.value), { type: 'integer' }),
    col('Global-Default', (o) => String(Boolean(o.globalDefault))),
    ageCol,
    col('PreemptionPolicy', (o) => str(o.preemptionPolicy, 'PreemptLowerPriority')),
  ],
  'policy/poddisruptionbudgets': [
    col('Min Available', (o) => str(get(o, 'spec', 'minAvailable'), 'N/A')),
    col('Max Unavailable', (o) => str(get(o, 'spec', 'maxUnavailable'), 'N/A')),
    col('Allowed Disruptions', (o) => num(get(o, 'status', 'disruptionsAllowed')), { type: 'integer' }),
  ],
  'networking.k8s.io/ingresses': [
    col('Class', (o) => str(get(o, 'spec', 'ingressClassName'))),
    col('Hosts', (o) => {
      const hosts = ((get(o, 'spec', 'rules') as Obj[] | undefined) ?? []).map((r) => r.host ?? '*');
      return hosts.length ? hosts.join(',') : '*';
    }),
    col('Address', () => ''),
    col('Ports', (o) => (((get(o, 'spec', 'tls') as unknown[] | undefined) ?? []).length ? '80, 443' : '80')),
  ],
  '/resourcequotas': [
    col('Request', (o) => Object.entries((get(o, 'spec', 'hard') as Record<string, string>) ?? {}).filter(([k]) => !k.startsWith('limits.')).map(([k, v]) => `${k}: ${(get(o, 'status', 'used', k) as string) ?? '0'}/${v}`).join(', ')),
    col('Limit', (o) => Object.entries((get(o, 'spec', 'hard') as Record<string, string>) ?? {}).filter(([k]) => k.startsWith('limits.')).map(([k, v]) => `${k}: ${(get(o, 'status', 'used', k) as string) ?? '0'}/${v}`).join(', ')),
  ],
  '/persistentvolumeclaims': [
    col('Status', (o) => str(get(o, 'status', 'phase'), 'Pending')),
    col('Volume', (o) => str(get(o, 'spec', 'volumeName'), '')),
    col('Capacity', (o) => str(get(o, 'status', 'capacity', 'storage'), '')),
    col('Access Modes', (o) => ((get(o, 'status', 'accessModes') as string[] | undefined) ?? []).join(',')),
    col('StorageClass', (o) => str(get(o, 'spec', 'storageClassName'))),
  ],
  '/nodes': [
    col('Status', (o) => {
      const ready = ((get(o, 'status', 'conditions') as Obj[] | undefined) ?? []).find((c) => c.type === 'Ready');
      return ready?.status === 'True' ? 'Ready' : 'NotReady';
    }),
    col('Roles', () => '<none>'),
    ageCol,
    col('Version', (o) => str(get(o, 'status', 'nodeInfo', 'kubeletVersion'), '')),
  ],
  'storage.k8s.io/storageclasses': [
    col('Provisioner', (o) => str(o.provisioner)),
    col('ReclaimPolicy', (o) => str(o.reclaimPolicy, 'Delete')),
    col('VolumeBindingMode', (o) => str(o.volumeBindingMode, 'Immediate')),
    col('AllowVolumeExpansion', (o) => String(Boolean(o.allowVolumeExpansion))),
  ],
  'autoscaling/horizontalpodautoscalers': [
    col('Reference', (o) => `${get(o, 'spec', 'scaleTargetRef', 'kind')}/${get(o, 'spec', 'scaleTargetRef', 'name')}`),
    col('Targets', () => '<unknown>'),
    col('MinPods', (o) => num(get(o, 'spec', 'minReplicas') ?? 1), { type: 'integer' }),
    col('MaxPods', (o) => num(get(o, 'spec', 'maxReplicas')), { type: 'integer' }),
    col('Replicas', (o) => num(get(o, 'status', 'currentReplicas')), { type: 'integer' }),
  ],
};

/** Returns the printing columns of a resource ("group/resource"), if it has its own. */
export function columnsFor(key: string): TableColumn[] | undefined {
  return byKind[key];
}
