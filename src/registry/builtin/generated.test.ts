// The generated built-in schemas and resource facts: CI regenerates them and fails on a diff
// (STYLE.md "Generated artefacts"), and a few facts kubectl and the patch algorithms rely on are
// checked by name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { derefSchema, type Schema } from '../../apimachinery/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const generatedDir = join(here, 'generated');

interface ResourceEntry {
  group: string;
  version: string;
  kind: string;
  listKind?: string;
  resource: string;
  singularResource: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  definition: string;
  subresources: Array<{
    subresource: string;
    kind: { group: string; version: string; kind: string };
    verbs: string[];
    definition?: string;
    connect?: boolean;
  }>;
}

const schemas = JSON.parse(readFileSync(join(generatedDir, 'schemas.json'), 'utf8')) as Record<string, Schema>;
const resources = JSON.parse(readFileSync(join(generatedDir, 'resources.json'), 'utf8')) as ResourceEntry[];
const refPrefix = '#/components/schemas/';
const resolveRef = (ref: string): Schema | undefined => schemas[ref.slice(refPrefix.length)];

/** Returns the schema at a dotted path below a definition, following refs and array items. */
function schemaAt(definition: string, path: string): Schema {
  let current = derefSchema(schemas[definition], resolveRef);
  for (const segment of path.split('.')) {
    assert.ok(current, `${definition}: no schema before ${segment}`);
    if (segment === '[]') {
      current = derefSchema(current.items, resolveRef);
      continue;
    }
    const property = current.properties?.[segment];
    assert.ok(property, `${definition}.${path}: no property ${segment}`);
    current = derefSchema(property, resolveRef);
  }
  assert.ok(current, `${definition}.${path}: unresolved`);
  return current;
}

/** Returns every $ref in a schema tree. */
function refsOf(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) for (const s of schema) refsOf(s, out);
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refsOf(value, out);
    }
  }
  return out;
}

test('the generator reproduces the committed files byte for byte', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'builtin-schemas-'));
  try {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/generate-builtin-schemas.ts'), '--out', outDir], {
      stdio: 'pipe',
    });
    for (const file of ['schemas.json', 'resources.json']) {
      const fresh = readFileSync(join(outDir, file), 'utf8');
      const committed = readFileSync(join(generatedDir, file), 'utf8');
      assert.ok(
        fresh === committed,
        `src/registry/builtin/generated/${file} is stale: run node_modules/.bin/node scripts/generate-builtin-schemas.ts`,
      );
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});

test('every $ref points at a definition that exists', () => {
  const missing = [...new Set(refsOf(schemas))].filter((ref) => !resolveRef(ref));
  assert.deepEqual(missing, []);
});

test('Deployment reaches its pod containers, merged by name', () => {
  const containers = schemaAt('io.k8s.api.apps.v1.Deployment', 'spec.template.spec.containers');
  assert.equal(containers.type, 'array');
  assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers['x-kubernetes-list-type'], 'map');
  assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
  assert.equal(schemaAt('io.k8s.api.apps.v1.Deployment', 'spec.template.spec.containers.[].image').type, 'string');
});

test('Container ports are keyed by containerPort and protocol', () => {
  const ports = schemaAt('io.k8s.api.core.v1.Container', 'ports');
  assert.equal(ports['x-kubernetes-patch-merge-key'], 'containerPort');
  assert.deepEqual(ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  assert.equal(schemaAt('io.k8s.api.core.v1.Container', 'env')['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(schemaAt('io.k8s.api.core.v1.Container', 'volumeMounts')['x-kubernetes-patch-merge-key'], 'mountPath');
});

test('metadata lists follow upstream: finalizers a merged set, ownerReferences keyed by uid', () => {
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
  assert.equal(schemaAt(meta, 'finalizers')['x-kubernetes-list-type'], 'set');
  assert.equal(schemaAt(meta, 'finalizers')['x-kubernetes-patch-strategy'], 'merge');
  assert.deepEqual(schemaAt(meta, 'ownerReferences')['x-kubernetes-list-map-keys'], ['uid']);
  assert.equal(schemaAt('io.k8s.api.core.v1.PodSpec', 'tolerations')['x-kubernetes-list-type'], 'atomic');
  assert.equal(schemaAt('io.k8s.api.core.v1.PodSpec', 'volumes')['x-kubernetes-patch-strategy'], 'merge,retainKeys');
  assert.deepEqual(schemaAt('io.k8s.api.core.v1.ServiceSpec', 'ports')['x-kubernetes-list-map-keys'], ['port', 'protocol']);
  assert.equal(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']?.['x-kubernetes-map-type'], 'atomic');
});

test('ConfigMap data is a map of strings', () => {
  const data = schemaAt('io.k8s.api.core.v1.ConfigMap', 'data');
  assert.equal(data.type, 'object');
  assert.deepEqual(data.additionalProperties, { type: 'string' });
});

test('scalar wrappers have their upstream JSON forms', () => {
  assert.equal(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity']?.type, 'string');
  const intOrString = schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'];
  assert.equal(intOrString?.format, 'int-or-string');
  assert.equal(intOrString?.['x-kubernetes-int-or-string'], true);
  assert.equal(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time']?.format, 'date-time');
  assert.equal(schemas['io.k8s.apimachinery.pkg.runtime.RawExtension']?.type, 'object');
  const limits = schemaAt('io.k8s.api.core.v1.ResourceRequirements', 'limits');
  assert.deepEqual(limits.additionalProperties, { $ref: `${refPrefix}io.k8s.apimachinery.pkg.api.resource.Quantity` });
  const created = schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']?.properties?.creationTimestamp;
  assert.deepEqual(created?.allOf, [{ $ref: `${refPrefix}io.k8s.apimachinery.pkg.apis.meta.v1.Time` }]);
});

test('CRD schemas recurse through JSONSchemaProps by reference', () => {
  const props = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps';
  const openAPIV3Schema = schemaAt(
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    'spec.versions.[].schema.openAPIV3Schema',
  );
  assert.ok(openAPIV3Schema.properties?.properties);
  assert.deepEqual(schemas[props]?.properties?.properties?.additionalProperties, { $ref: refPrefix + props });
  assert.deepEqual(schemas[props]?.properties?.not, { $ref: refPrefix + props });
});

test('descriptions are upstream field descriptions', () => {
  assert.match(schemaAt('io.k8s.api.apps.v1.DeploymentSpec', 'replicas').description ?? '', /Number of desired pods/);
  assert.match(schemas['io.k8s.api.core.v1.Pod']?.description ?? '', /collection of containers/);
});

test('fields typed by another model carry their own description beside an allOf reference', () => {
  /** Asserts `definition.field` is `{ description, allOf: [{ $ref: target }] }` with a matching description. */
  const described = (definition: string, field: string, target: string, text: RegExp): void => {
    const property = schemas[definition]?.properties?.[field];
    assert.ok(property, `${definition}.${field}: no property`);
    assert.deepEqual(property.allOf, [{ $ref: refPrefix + target }], `${definition}.${field}: not an allOf reference`);
    assert.equal(property.$ref, undefined);
    assert.match(property.description ?? '', text, `${definition}.${field}`);
  };
  const deploymentSpec = 'io.k8s.api.apps.v1.DeploymentSpec';
  described(deploymentSpec, 'template', 'io.k8s.api.core.v1.PodTemplateSpec', /^Template describes the pods that will be created/);
  described(deploymentSpec, 'selector', 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector', /^Label selector for pods/);
  described(deploymentSpec, 'strategy', 'io.k8s.api.apps.v1.DeploymentStrategy', /^The deployment strategy to use/);
  described('io.k8s.api.core.v1.Container', 'resources', 'io.k8s.api.core.v1.ResourceRequirements', /^Compute Resources required by this container/);
  for (const kind of ['apps.v1.Deployment', 'core.v1.Pod', 'core.v1.ConfigMap', 'core.v1.Namespace', 'batch.v1.Job']) {
    described(`io.k8s.api.${kind}`, 'metadata', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', /^Standard object's metadata/);
  }
  described(
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    'metadata',
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    /^Standard object's metadata/,
  );
  described('io.k8s.api.apps.v1.DeploymentList', 'metadata', 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta', /^Standard list metadata/);
  // kubectl explain resolves the reference and keeps the field's text, not the referenced type's.
  const template = schemaAt('io.k8s.api.apps.v1.Deployment', 'spec.template');
  assert.match(template.description ?? '', /^Template describes the pods/);
  assert.ok(template.properties?.spec, 'spec.template resolves to PodTemplateSpec');
});

test('IntOrString, MicroTime and Quantity fields carry their own description, not the type\'s', () => {
  const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
  const port = schemas['io.k8s.api.core.v1.HTTPGetAction']?.properties?.port;
  assert.deepEqual(port?.allOf, [{ $ref: refPrefix + intOrString }]);
  assert.match(port?.description ?? '', /^Name or number of the port to access on the container/);
  assert.notEqual(port?.description, schemas[intOrString]?.description);
  const targetPort = schemas['io.k8s.api.core.v1.ServicePort']?.properties?.targetPort;
  assert.match(targetPort?.description ?? '', /^Number or name of the port to access on the pods targeted by the service/);
  const eventTime = schemas['io.k8s.api.events.v1.Event']?.properties?.eventTime;
  assert.deepEqual(eventTime?.allOf, [{ $ref: `${refPrefix}io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime` }]);
  assert.match(eventTime?.description ?? '', /^eventTime is the time when this Event was first observed/);
  const sizeLimit = schemas['io.k8s.api.core.v1.EmptyDirVolumeSource']?.properties?.sizeLimit;
  assert.deepEqual(sizeLimit?.allOf, [{ $ref: `${refPrefix}io.k8s.apimachinery.pkg.api.resource.Quantity` }]);
  assert.match(sizeLimit?.description ?? '', /^sizeLimit is the total amount of local storage/);
});

test('upstream line breaks and escaped asterisks survive in filled descriptions', () => {
  const os = schemas['io.k8s.api.core.v1.PodSpec']?.properties?.os?.description ?? '';
  assert.match(os, /if this is set\.\n\nIf the OS field is set to linux/);
  assert.match(os, /spec\.containers\[\*\]\.securityContext/);
  assert.doesNotMatch(os, /\\/);
});

test('every resource names an existing definition carrying its group-version-kind', () => {
  for (const r of resources) {
    const schema = schemas[r.definition];
    assert.ok(schema, `${r.group}/${r.version}/${r.resource}: no definition ${r.definition}`);
    assert.ok(
      schema['x-kubernetes-group-version-kind']?.some((g) => g.group === r.group && g.version === r.version && g.kind === r.kind),
      `${r.definition} lacks x-kubernetes-group-version-kind ${r.group}/${r.version} ${r.kind}`,
    );
    for (const sub of r.subresources) {
      if (sub.definition) assert.ok(schemas[sub.definition], `${r.resource}/${sub.subresource}: no ${sub.definition}`);
    }
  }
});

test('resources carry upstream discovery facts', () => {
  const find = (group: string, version: string, resource: string): ResourceEntry => {
    const r = resources.find((x) => x.group === group && x.version === version && x.resource === resource);
    assert.ok(r, `no ${group}/${version}/${resource}`);
    return r;
  };
  const pods = find('', 'v1', 'pods');
  assert.equal(pods.namespaced, true);
  assert.deepEqual(pods.shortNames, ['po']);
  assert.deepEqual(pods.categories, ['all']);
  assert.deepEqual(pods.verbs, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
  const exec = pods.subresources.find((s) => s.subresource === 'exec');
  assert.deepEqual(exec, { subresource: 'exec', kind: { group: '', version: 'v1', kind: 'PodExecOptions' }, verbs: ['create', 'get'], connect: true });
  const eviction = pods.subresources.find((s) => s.subresource === 'eviction');
  assert.deepEqual(eviction?.kind, { group: 'policy', version: 'v1', kind: 'Eviction' });
  assert.deepEqual(find('', 'v1', 'namespaces').verbs, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
  assert.deepEqual(find('', 'v1', 'componentstatuses').verbs, ['get', 'list']);
  assert.deepEqual(find('', 'v1', 'bindings').verbs, ['create']);
  assert.deepEqual(find('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews').verbs, ['create']);
  assert.equal(find('authorization.k8s.io', 'v1', 'localsubjectaccessreviews').namespaced, true);
  assert.deepEqual(find('authentication.k8s.io', 'v1', 'tokenreviews').verbs, ['create']);
  const token = find('', 'v1', 'serviceaccounts').subresources.find((s) => s.subresource === 'token');
  assert.deepEqual(token?.kind, { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' });
  const deployments = find('apps', 'v1', 'deployments');
  assert.deepEqual(deployments.shortNames, ['deploy']);
  assert.equal(deployments.listKind, 'DeploymentList');
  assert.deepEqual(deployments.subresources.find((s) => s.subresource === 'scale')?.kind, {
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
  });
  const crds = find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
  assert.deepEqual(crds.shortNames, ['crd', 'crds']);
  assert.deepEqual(crds.categories, ['api-extensions']);
  assert.equal(crds.namespaced, false);
  assert.equal(find('autoscaling', 'v2', 'horizontalpodautoscalers').singularResource, 'horizontalpodautoscaler');
});
