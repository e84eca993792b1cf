// The management.loft.sh/v1 kinds as the registry serves them: discovery facts, subresources,
// schema and a strategy per kind. In the real platform these are Go types behind an aggregated
// API server (loft-sh/api pkg/apis/management/v1), so unknown fields are dropped as Go decoding
// drops them ('builtin' pruning) and strategic merge patch is accepted (with no patch merge keys
// declared it behaves as a JSON merge patch). Object-local checks (validation.ts) are part of each
// kind's strategy; rules that need other objects (projects, templates, quotas) are admission.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { KindStrategy, ResourceInfo, SubresourceInfo, TableColumn } from '../../registry/index.ts';
import {
  validateOwnedObject,
  validateProject,
  validateVirtualClusterInstance,
  validateVirtualClusterInstanceUpdate,
  validateVirtualClusterTemplate,
} from './validation.ts';
import { projectSecretStorage } from './project-secret.ts';
import { managementDefinition, managementGroup, managementSchemas, managementVersion } from './schemas.ts';

/** The verbs of every stored management kind, in discovery order. */
export const standardVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

type Obj = Record<string, unknown>;

/** Returns the value at `path` below `obj`, or undefined. */
function get(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Obj)[p];
  }
  return cur;
}

const text = (v: unknown, fallback = ''): string => (typeof v === 'string' && v !== '' ? v : fallback);
const col = (name: string, description: string, cell: TableColumn['cell'], extra: Partial<TableColumn> = {}): TableColumn => ({
  name,
  type: 'string',
  description,
  cell,
  ...extra,
});

/** Returns the owner as the table prints it: the user, or the team, or <none>. */
function ownerCell(obj: KubeObject): string {
  const user = text(get(obj, 'spec', 'owner', 'user'));
  if (user) return user;
  const team = text(get(obj, 'spec', 'owner', 'team'));
  return team ? `team:${team}` : '<none>';
}

/** Returns the template column of an instance: the referenced template, "inline", or <none>. */
function templateCell(obj: KubeObject): string {
  const name = text(get(obj, 'spec', 'templateRef', 'name'));
  if (name) {
    const version = text(get(obj, 'spec', 'templateRef', 'version'));
    return version ? `${name}@${version}` : name;
  }
  return get(obj, 'spec', 'template') ? 'inline' : '<none>';
}

const displayNameColumn = col('Display Name', 'The name shown in the UI', (o) => text(get(o, 'spec', 'displayName')), { priority: 1 });
const ownerColumn = col('Owner', 'The user or team owning the object', ownerCell);

/** Table columns per kind (Name is added before them and Age after them). */
const columns: Record<string, TableColumn[]> = {
  VirtualClusterInstance: [
    col('Template', 'The virtual cluster template (and version pattern) the instance uses, or inline', templateCell),
    col('Phase', 'The phase the virtual cluster instance is in', (o) => text(get(o, 'status', 'phase'))),
    ownerColumn,
    col('Cluster', 'The connected cluster holding the virtual cluster', (o) => text(get(o, 'spec', 'clusterRef', 'cluster')), { priority: 1 }),
    col('Host Namespace', 'The namespace in the connected cluster holding the virtual cluster', (o) => text(get(o, 'spec', 'clusterRef', 'namespace')), {
      priority: 1,
    }),
    displayNameColumn,
  ],
  VirtualClusterTemplate: [
    col('Display Name', 'The name shown in the UI', (o) => text(get(o, 'spec', 'displayName'))),
    col('Versions', 'The versions of the template', (o) => {
      const versions = (get(o, 'spec', 'versions') as Obj[] | undefined) ?? [];
      return versions.length > 0 ? versions.map((v) => text(v.version, '?')).join(',') : '<none>';
    }),
  ],
  Project: [col('Display Name', 'The name shown in the UI', (o) => text(get(o, 'spec', 'displayName'))), ownerColumn],
  ProjectSecret: [
    col('Display Name', 'The name shown in the UI', (o) => text(get(o, 'spec', 'displayName'))),
    col('Data', 'The number of keys in the secret', (o) => Object.keys((get(o, 'spec', 'data') as Obj | undefined) ?? {}).length, { type: 'integer' }),
  ],
  Cluster: [
    col('Display Name', 'The name shown in the UI', (o) => text(get(o, 'spec', 'displayName'))),
    col('Phase', 'The phase the cluster is in', (o) => text(get(o, 'status', 'phase'))),
  ],
  User: [
    col('Username', 'The username that is used to login', (o) => text(get(o, 'spec', 'username'))),
    col('Email', 'The users email address', (o) => text(get(o, 'spec', 'email'))),
    displayNameColumn,
  ],
  Team: [col('Display Name', 'The name shown in the UI', (o) => text(get(o, 'spec', 'displayName'))), col('Users', 'The users of the team', (o) => {
    const users = (get(o, 'spec', 'users') as string[] | undefined) ?? [];
    return users.length > 0 ? users.join(',') : '<none>';
  })],
  OwnedAccessKey: [
    col('Display Name', 'The name shown in the UI', (o) => text(get(o, 'spec', 'displayName'))),
    col('Type', 'The type of the access key', (o) => text(get(o, 'spec', 'type'))),
    col('User', 'The user or team the access key belongs to', (o) => text(get(o, 'spec', 'user')) || text(get(o, 'spec', 'team')) || '<none>'),
  ],
  App: [col('Display Name', 'The name shown in the UI', (o) => text(get(o, 'spec', 'displayName')))],
};

/** What differs between the management kinds. */
interface KindFacts {
  kind: string;
  resource: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Create-only kinds computed per request (Self, SelfSubjectAccessReview): not stored, no status subresource. */
  virtual?: boolean;
  nameValidation?: KindStrategy['nameValidation'];
  /** Subresources besides status. */
  extraSubresources?: Array<{ subresource: string; kind: string; verbs: string[] }>;
}

/**
 * The kinds, in discovery order. Short names: upstream's aggregated server declares none for the
 * management group; `vci` is ours (loft-platform-api.md, STYLE.md). Categories: none upstream.
 */
const kinds: KindFacts[] = [
  {
    kind: 'VirtualClusterInstance',
    resource: 'virtualclusterinstances',
    namespaced: true,
    shortNames: ['vci'],
    extraSubresources: [{ subresource: 'kubeconfig', kind: 'VirtualClusterInstanceKubeConfig', verbs: ['create'] }],
  },
  { kind: 'VirtualClusterTemplate', resource: 'virtualclustertemplates', namespaced: false },
  {
    kind: 'Project',
    resource: 'projects',
    namespaced: false,
    // The project name is part of its namespace, loft-p-<name>, so it must itself be a label.
    nameValidation: 'DNS1123Label',
    extraSubresources: [
      { subresource: 'templates', kind: 'ProjectTemplates', verbs: ['get'] },
      { subresource: 'clusters', kind: 'ProjectClusters', verbs: ['get'] },
    ],
  },
  { kind: 'ProjectSecret', resource: 'projectsecrets', namespaced: true },
  { kind: 'Cluster', resource: 'clusters', namespaced: false },
  { kind: 'User', resource: 'users', namespaced: false },
  { kind: 'Team', resource: 'teams', namespaced: false },
  { kind: 'OwnedAccessKey', resource: 'ownedaccesskeys', namespaced: false },
  { kind: 'App', resource: 'apps', namespaced: false },
  { kind: 'Self', resource: 'selves', namespaced: false, virtual: true },
  { kind: 'SelfSubjectAccessReview', resource: 'selfsubjectaccessreviews', namespaced: false, virtual: true },
];

/** Returns the GroupVersionKind of a management kind. */
function gvkOf(kind: string): SubresourceInfo['kind'] {
  return { group: managementGroup, version: managementVersion, kind };
}

/** Returns the strategy of a management kind. */
function strategyOf(facts: KindFacts): KindStrategy {
  const stored = !facts.virtual;
  const strategy: KindStrategy = {
    nameValidation: facts.nameValidation ?? 'DNS1123Subdomain',
    hasStatusSubresource: stored,
    // Upstream stores these as storage.loft.sh custom resources with a status subresource, so
    // metadata.generation moves on every spec change.
    tracksGeneration: stored,
  };
  const own = columns[facts.kind];
  if (own) strategy.columns = own;
  Object.assign(strategy, validators[facts.kind] ?? (stored ? { validate: validateOwnedObject } : {}));
  return strategy;
}

/** The object-local validation of each kind (admission adds the rules that need other objects). */
const validators: Record<string, Partial<KindStrategy>> = {
  VirtualClusterInstance: {
    validate: validateVirtualClusterInstance,
    validateUpdate: validateVirtualClusterInstanceUpdate,
  },
  VirtualClusterTemplate: { validate: validateVirtualClusterTemplate },
  Project: { validate: validateProject },
};

/** Returns the ResourceInfo of every management.loft.sh/v1 kind, in discovery order. */
export function managementResources(): ResourceInfo[] {
  const { schemas, resolve } = managementSchemas();
  return kinds.map((facts) => {
    const definition = managementDefinition(facts.kind);
    const subresources: SubresourceInfo[] = [];
    if (!facts.virtual) subresources.push({ subresource: 'status', kind: gvkOf(facts.kind), verbs: ['get', 'patch', 'update'] });
    for (const extra of facts.extraSubresources ?? []) subresources.push({ subresource: extra.subresource, kind: gvkOf(extra.kind), verbs: extra.verbs });
    subresources.sort((a, b) => a.subresource.localeCompare(b.subresource));
    const resource: ResourceInfo = {
      group: managementGroup,
      version: managementVersion,
      kind: facts.kind,
      listKind: `${facts.kind}List`,
      resource: facts.resource,
      singularResource: facts.kind.toLowerCase(),
      namespaced: facts.namespaced,
      verbs: facts.virtual ? ['create'] : [...standardVerbs],
      shortNames: facts.shortNames ?? [],
      categories: [],
      subresources,
      schema: schemas[definition],
      resolve,
      definition,
      strategy: strategyOf(facts),
      acceptsStrategicMerge: true,
      returnDeletedObject: true,
      pruneMode: 'builtin',
      filteredList: !facts.virtual,
    };
    if (facts.kind === 'ProjectSecret') resource.storedAs = projectSecretStorage;
    return resource;
  });
}
