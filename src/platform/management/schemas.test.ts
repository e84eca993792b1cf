// The management.loft.sh schemas against the product documentation (seed-fixture.ts): every
// field the seed documents exists with the seed's type and description, the seed's example
// survives pruning untouched, and every definition is well-formed for kubectl explain/apply.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derefSchema, pruneUnknownFields, type Schema } from '../../apimachinery/index.ts';
import { managementDefinition, managementSchemas, refPrefix } from './schemas.ts';
import { seedExample, seedFields, type SeedType } from './seed-fixture.ts';

const { schemas, resolve } = managementSchemas();
const vci = managementDefinition('VirtualClusterInstance');
const vciSchema = schemas[vci];

/** Returns the (dereferenced) schema at a dotted path ("spec.charts[].name") below `root`, or fails. */
function schemaAt(root: Schema | undefined, path: string): Schema {
  let current = derefSchema(root, resolve);
  for (const raw of path.split('.')) {
    const isList = raw.endsWith('[]');
    const name = isList ? raw.slice(0, -2) : raw;
    assert.ok(current, `${path}: nothing before ${name}`);
    const property = current.properties?.[name];
    assert.ok(property, `${path}: ${name} is not declared`);
    current = derefSchema(property, resolve);
    if (isList) {
      assert.equal(current?.type, 'array', `${path}: ${name} is not a list`);
      current = derefSchema(current?.items, resolve);
    }
  }
  assert.ok(current, `${path}: unresolved`);
  return current;
}

/** Returns the raw property schema (with its own description) at a dotted path. */
function propertyAt(path: string): Schema {
  const cut = path.lastIndexOf('.');
  const parent = cut < 0 ? derefSchema(vciSchema, resolve) : schemaAt(vciSchema, path.slice(0, cut));
  const name = path.slice(cut + 1).replace(/\[\]$/, '');
  const property = parent?.properties?.[name];
  assert.ok(property, `${path}: not declared`);
  return property;
}

/** Returns a schema's type in the seed's vocabulary (metav1.Time is an "object" there). */
function seedTypeOf(schema: Schema): SeedType | string {
  const s = derefSchema(schema, resolve) ?? {};
  if (s.type === 'array') return `${derefSchema(s.items, resolve)?.type ?? 'object'}[]`;
  if (s.type === 'string' && s.format === 'date-time') return 'object';
  return s.type ?? 'object';
}

/** Returns every leaf path of a JSON value ("spec.owner.user", "a[].b"). */
function leafPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => leafPaths(v, `${path}[]`));
  if (value && typeof value === 'object' && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, path ? `${path}.${k}` : k));
  }
  return [path];
}

/** Returns a sample value for a seed field. */
function sampleFor(path: string, type: SeedType): unknown {
  if (path === 'status.conditions') return [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }];
  if (/(Timestamp|\.time)$/.test(path)) return '2024-01-01T00:00:00Z';
  switch (type) {
    case 'string':
      return 'x';
    case 'boolean':
      return true;
    case 'integer':
      return 1;
    case 'string[]':
      return ['x'];
    case 'object[]':
      return [{}];
    default:
      return {};
  }
}

/** Returns an object with every seed field set (lists hold one element). */
function fullSeedObject(): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, type] of seedFields) {
    const segments = path.split('.');
    let cur: Record<string, unknown> = root;
    segments.forEach((raw, i) => {
      const last = i === segments.length - 1;
      const isList = raw.endsWith('[]');
      const name = isList ? raw.slice(0, -2) : raw;
      if (last) {
        if (cur[name] === undefined) cur[name] = sampleFor(path, type);
        return;
      }
      if (isList) {
        cur[name] ??= [{}];
        cur = (cur[name] as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
      } else {
        cur[name] ??= {};
        cur = cur[name] as Record<string, unknown>;
      }
    });
  }
  return root;
}

test('every field of the seed reference is declared by the VirtualClusterInstance schema', () => {
  assert.ok(seedFields.length > 250);
  for (const [path] of seedFields) schemaAt(vciSchema, path);
});

test("every field the seed describes carries the seed's description verbatim", () => {
  let compared = 0;
  for (const [path, , description] of seedFields) {
    if (!description) continue;
    assert.equal(propertyAt(path).description, description, path);
    compared++;
  }
  assert.ok(compared > 200, `only ${compared} descriptions compared`);
});

test("every field of the seed reference has the seed's type (conditions are a list, as the Go type is)", () => {
  for (const [path, type] of seedFields) {
    const expected = path === 'status.conditions' ? 'object[]' : type;
    assert.equal(seedTypeOf(propertyAt(path)), expected, path);
  }
});

test('a dozen named fields read as the seed documents them', () => {
  const named: Record<string, string> = {
    'spec.templateRef.version':
      "Version holds the template version to use. Version is expected to be in semantic versioning format. Alternatively, you can also exchange major, minor or patch with an 'x' to tell Loft to automatically select the latest major, minor or patch version.",
    'spec.templateRef.syncOnce':
      "SyncOnce tells the controller to sync the instance once with the template. This is useful if you want to sync an instance after a template was changed. To automatically sync an instance with a template, use 'x.x.x' as version instead.",
    'spec.template': 'Template is the inline template to use for virtual cluster creation. This is mutually exclusive with templateRef.',
    'spec.parameters':
      'Parameters are values to pass to the template. The values should be encoded as YAML string where each parameter is represented as a top-level field key.',
    'spec.extraAccessRules': 'ExtraAccessRules defines extra rules which users and teams should have which access to the virtual cluster.',
    'spec.template.access.rules':
      'Rules defines which users and teams should have which access to the virtual cluster. If no rule matches an authenticated incoming user, the user will get cluster admin access.',
    'spec.template.access.defaultClusterRole': 'Specifies which cluster role should get applied to users or teams that do not match a rule below.',
    'spec.clusterRef.virtualCluster': 'VirtualCluster is the name of the virtual cluster inside the namespace',
    'spec.networkPeer': 'NetworkPeer specifies if the cluster is connected via tailscale.',
    'spec.external': 'External specifies if the virtual cluster is managed by the platform agent or externally.',
    'spec.template.accessPoint.ingress.enabled':
      'Enabled defines if the virtual cluster access point (via ingress) is enabled or not; requires the connected cluster to have the loft.sh/ingress-suffix annotation set to define the domain name suffix used for the ingress.',
    'status.phase': 'Phase describes the current phase the virtual cluster instance is in',
    'status.deployHash': 'DeployHash is the hash of the last deployed values.',
    'status.virtualCluster': 'VirtualCluster is the template rendered with all the parameters',
    'status.spaceObjects.charts[].lastAppliedChartConfigHash': 'LastAppliedChartConfigHash is the last applied configuration',
  };
  for (const [path, description] of Object.entries(named)) assert.equal(propertyAt(path).description, description, path);
});

test('every field path of the seed example is declared', () => {
  for (const path of leafPaths(seedExample)) schemaAt(vciSchema, path);
});

test('pruning the seed example through the schema removes nothing', () => {
  const copy = structuredClone(seedExample);
  assert.deepEqual(pruneUnknownFields(copy, vciSchema, resolve, 'builtin'), []);
  assert.deepEqual(copy, seedExample);
});

test('pruning an object carrying every seed field removes nothing', () => {
  const full = fullSeedObject();
  const copy = structuredClone(full);
  assert.deepEqual(pruneUnknownFields(copy, vciSchema, resolve, 'builtin'), []);
  assert.deepEqual(copy, full);
});

test('pruning drops fields the Go types do not have, at any depth', () => {
  const obj = structuredClone(seedExample) as Record<string, unknown>;
  const spec = obj.spec as Record<string, unknown>;
  spec.bogus = 1;
  (spec.templateRef as Record<string, unknown>).bogus = 2;
  spec.template = { charts: [{ name: 'a', bogus: 3 }], access: { rules: [{ clusterRole: 'view', bogus: 4 }] } };
  obj.status = { conditions: [{ type: 'Ready', status: 'True', bogus: 5 }], bogus: 6 };
  assert.deepEqual(pruneUnknownFields(obj, vciSchema, resolve, 'builtin').sort(), [
    'spec.bogus',
    'spec.template.access.rules[0].bogus',
    'spec.template.charts[0].bogus',
    'spec.templateRef.bogus',
    'status.bogus',
    'status.conditions[0].bogus',
  ]);
});

test('spec.parameters is a YAML string and status.conditions a list keyed by type', () => {
  assert.equal(schemaAt(vciSchema, 'spec.parameters').type, 'string');
  const conditions = propertyAt('status.conditions');
  assert.equal(conditions.type, 'array');
  assert.equal(conditions['x-kubernetes-list-type'], 'map');
  assert.deepEqual(conditions['x-kubernetes-list-map-keys'], ['type']);
  const condition = schemaAt(vciSchema, 'status.conditions[]');
  for (const field of ['type', 'status', 'severity', 'lastTransitionTime', 'reason', 'message']) assert.ok(condition.properties?.[field], field);
  assert.deepEqual(Object.keys(schemaAt(vciSchema, 'status').properties ?? {}).filter((k) => ['canUse', 'canUpdate', 'online'].includes(k)), [
    'canUse',
    'canUpdate',
    'online',
  ]);
});

test('definition names follow upstream: api.v4 management/storage, agentapi.v4 cluster/storage', () => {
  const prefixes = [
    'com.github.loft-sh.api.v4.pkg.apis.management.v1.',
    'com.github.loft-sh.api.v4.pkg.apis.storage.v1.',
    'com.github.loft-sh.agentapi.v4.pkg.apis.loft.cluster.v1.',
    'com.github.loft-sh.agentapi.v4.pkg.apis.loft.storage.v1.',
  ];
  for (const name of Object.keys(schemas)) assert.ok(prefixes.some((p) => name.startsWith(p)), name);
  assert.ok(schemas['com.github.loft-sh.api.v4.pkg.apis.storage.v1.VirtualClusterTemplateDefinition']);
  assert.ok(schemas['com.github.loft-sh.agentapi.v4.pkg.apis.loft.storage.v1.Condition']);
});

test('every property of every definition has a type and a description, and every $ref resolves', () => {
  const visit = (schema: Schema, where: string): void => {
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const at = `${where}.${name}`;
      assert.ok(property.type, `${at}: no type`);
      assert.ok(property.description, `${at}: no description`);
      visit(property, at);
    }
    for (const nested of [schema.items, typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined, ...(schema.allOf ?? [])]) {
      if (!nested) continue;
      if (nested.$ref) assert.ok(resolve(nested.$ref), `${where}: unresolved ${nested.$ref}`);
      visit(nested, where);
    }
  };
  for (const [name, schema] of Object.entries(schemas)) {
    assert.equal(schema.type, 'object', name);
    visit(schema, name);
  }
});

test('every kind and list kind carries its group-version-kind; lists hold items of the kind', () => {
  const kinds = ['VirtualClusterInstance', 'VirtualClusterTemplate', 'Project', 'ProjectSecret', 'Cluster', 'User', 'Team', 'OwnedAccessKey', 'App'];
  const virtual = ['Self', 'SelfSubjectAccessReview', 'VirtualClusterInstanceKubeConfig', 'ProjectTemplates', 'ProjectClusters'];
  for (const kind of [...kinds, ...virtual]) {
    assert.deepEqual(schemas[managementDefinition(kind)]?.['x-kubernetes-group-version-kind'], [{ group: 'management.loft.sh', version: 'v1', kind }], kind);
  }
  for (const kind of kinds) {
    const list = schemas[managementDefinition(`${kind}List`)];
    assert.deepEqual(list?.['x-kubernetes-group-version-kind'], [{ group: 'management.loft.sh', version: 'v1', kind: `${kind}List` }]);
    assert.equal(list?.properties?.items?.items?.$ref, `${refPrefix}${managementDefinition(kind)}`);
    assert.deepEqual(list?.required, ['items']);
  }
});

test('the resolver serves management and built-in definitions alike', () => {
  assert.equal(resolve(`${refPrefix}${vci}`), vciSchema);
  assert.ok(resolve(`${refPrefix}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`)?.properties?.name);
  assert.equal(resolve(`${refPrefix}does.not.Exist`), undefined);
  assert.equal(resolve('#/definitions/x'), undefined);
});

test('the other kinds declare the fields the brief names', () => {
  const fields: Record<string, string[]> = {
    Project: ['spec.members[].clusterRole', 'spec.allowedClusters[].name', 'spec.allowedTemplates[].isDefault', 'spec.requireTemplate.disabled', 'spec.quotas.project', 'spec.quotas.user', 'spec.namespacePattern.virtualCluster', 'status.quotas.project.used', 'status.conditions[].type'],
    VirtualClusterTemplate: ['spec.template.helmRelease.chart.version', 'spec.parameters[].variable', 'spec.parameters[].options', 'spec.parameters[].section', 'spec.versions[].version', 'spec.versions[].template.objects', 'spec.versions[].parameters[].defaultValue', 'spec.access[].verbs', 'spec.spaceTemplateRef.name', 'status.apps[].name'],
    User: ['spec.username', 'spec.passwordRef.secretName', 'spec.codesRef.key', 'spec.imagePullSecrets[].secretName', 'spec.tokenGeneration', 'spec.ssoGroups', 'spec.clusterRoles[].name', 'status.teams'],
    Team: ['spec.username', 'spec.users', 'spec.groups', 'spec.imagePullSecrets[].kind', 'spec.clusterRoles[].name', 'spec.access[].users'],
    Cluster: ['spec.config.secretName', 'spec.local', 'spec.networkPeer', 'spec.managementNamespace', 'spec.unusable', 'spec.metrics.storage.size', 'spec.opencost.replicas', 'status.phase', 'status.online', 'status.conditions[].reason'],
    OwnedAccessKey: ['spec.user', 'spec.team', 'spec.subject', 'spec.groups', 'spec.key', 'spec.ttl', 'spec.ttlAfterLastActivity', 'spec.scope.roles[].role', 'spec.scope.virtualClusters[].virtualCluster', 'spec.scope.clusters[].cluster', 'spec.type', 'spec.identity.userId', 'spec.oidcProvider.clientId', 'status.lastActivity'],
    Self: ['spec.accessKey', 'status.user.teams[].name', 'status.team.name', 'status.accessKey', 'status.accessKeyScope.projects[].project', 'status.accessKeyType', 'status.subject', 'status.uid', 'status.groups', 'status.instanceID', 'status.loftHost', 'status.projectNamespacePrefix'],
    ProjectSecret: ['spec.displayName', 'spec.data', 'spec.access[].teams', 'status.conditions[].message'],
    App: ['spec.clusters', 'spec.recommendedApp', 'spec.defaultNamespace', 'spec.readme', 'spec.icon', 'spec.config.chart.repoURL', 'spec.config.bash.podSecurityContext.runAsUser', 'spec.wait', 'spec.timeout', 'spec.parameters[].type', 'spec.versions[].version', 'spec.access[].name'],
    SelfSubjectAccessReview: ['spec.resourceAttributes.verb', 'spec.nonResourceAttributes.path', 'status.allowed', 'status.denied', 'status.reason'],
    VirtualClusterInstanceKubeConfig: ['spec.certificateTTL', 'spec.server', 'status.kubeConfig'],
    ProjectTemplates: ['defaultVirtualClusterTemplate', 'virtualClusterTemplates[].spec.versions[].version'],
    ProjectClusters: ['clusters[].spec.displayName'],
  };
  for (const [kind, paths] of Object.entries(fields)) for (const path of paths) schemaAt(schemas[managementDefinition(kind)], path);
  assert.equal(schemaAt(schemas[managementDefinition('ProjectSecret')], 'spec.data').additionalProperties && (schemaAt(schemas[managementDefinition('ProjectSecret')], 'spec.data').additionalProperties as Schema).format, 'byte');
  assert.equal(schemaAt(schemas[managementDefinition('User')], 'spec.tokenGeneration').format, 'int64');
});
