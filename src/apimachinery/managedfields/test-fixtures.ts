// Schemas for the managedfields tests: a slice of the built-in OpenAPI (Deployment, Pod,
// ConfigMap, with $refs and the list extensions that matter) and a custom resource's inline
// structural schema. Used by the *.test.ts files beside this one only.

import type { KubeObject } from '../object.ts';
import type { Schema, SchemaResolver } from '../schema.ts';

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const wrap = (name: string): Schema => ({ allOf: [ref(name)], default: {} });
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', format: 'int32' };
const bool: Schema = { type: 'boolean' };
const intOrString: Schema = { 'x-kubernetes-int-or-string': true };
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string', default: '' } };

/** components are the built-in schemas, by name. */
export const components: Record<string, Schema> = {
  ObjectMeta: {
    type: 'object',
    properties: {
      name: str,
      namespace: str,
      uid: str,
      resourceVersion: str,
      generation: { type: 'integer', format: 'int64' },
      creationTimestamp: { type: 'string', format: 'date-time' },
      labels: stringMap,
      annotations: stringMap,
      finalizers: { type: 'array', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      ownerReferences: {
        type: 'array',
        items: wrap('OwnerReference'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      managedFields: { type: 'array', items: { type: 'object' } },
    },
  },
  OwnerReference: {
    type: 'object',
    properties: { apiVersion: str, kind: str, name: str, uid: str, controller: bool },
    required: ['apiVersion', 'kind', 'name', 'uid'],
    'x-kubernetes-map-type': 'atomic',
  },
  Deployment: {
    type: 'object',
    properties: { apiVersion: str, kind: str, metadata: wrap('ObjectMeta'), spec: wrap('DeploymentSpec'), status: wrap('DeploymentStatus') },
    'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
  },
  DeploymentSpec: {
    type: 'object',
    properties: {
      replicas: int,
      paused: bool,
      selector: wrap('LabelSelector'),
      template: wrap('PodTemplateSpec'),
      // A non-pointer struct: the v3 OpenAPI gives it `default: {}`; rollingUpdate is a pointer.
      strategy: {
        type: 'object',
        default: {},
        properties: { type: str, rollingUpdate: { type: 'object', properties: { maxSurge: intOrString, maxUnavailable: intOrString } } },
      },
    },
    required: ['selector', 'template'],
  },
  DeploymentStatus: { type: 'object', properties: { replicas: int, readyReplicas: int } },
  LabelSelector: {
    type: 'object',
    properties: {
      matchLabels: stringMap,
      matchExpressions: {
        type: 'array',
        items: { type: 'object', properties: { key: str, operator: str, values: { type: 'array', items: str, 'x-kubernetes-list-type': 'atomic' } } },
        'x-kubernetes-list-type': 'atomic',
      },
    },
    'x-kubernetes-map-type': 'atomic',
  },
  PodTemplateSpec: { type: 'object', properties: { metadata: wrap('ObjectMeta'), spec: wrap('PodSpec') } },
  Pod: { type: 'object', properties: { apiVersion: str, kind: str, metadata: wrap('ObjectMeta'), spec: wrap('PodSpec') } },
  PodSpec: {
    type: 'object',
    properties: {
      containers: {
        type: 'array',
        items: wrap('Container'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      nodeSelector: { ...stringMap, 'x-kubernetes-map-type': 'atomic' },
      tolerations: { type: 'array', items: { type: 'object', properties: { key: str, value: str } }, 'x-kubernetes-list-type': 'atomic' },
      restartPolicy: str,
    },
    required: ['containers'],
  },
  Container: {
    type: 'object',
    properties: {
      name: str,
      image: str,
      args: { type: 'array', items: str, 'x-kubernetes-list-type': 'atomic' },
      ports: {
        type: 'array',
        items: wrap('ContainerPort'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
        'x-kubernetes-patch-merge-key': 'containerPort',
        'x-kubernetes-patch-strategy': 'merge',
      },
      // As in the v2 OpenAPI: only the strategic-merge-patch extensions, no list type.
      env: { type: 'array', items: wrap('EnvVar'), 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
    },
    required: ['name'],
  },
  ContainerPort: { type: 'object', properties: { containerPort: int, protocol: { type: 'string', default: 'TCP' }, name: str }, required: ['containerPort'] },
  EnvVar: { type: 'object', properties: { name: str, value: str }, required: ['name'] },
  ConfigMap: { type: 'object', properties: { apiVersion: str, kind: str, metadata: wrap('ObjectMeta'), data: stringMap, immutable: bool } },
};

/** resolve follows "#/components/schemas/<name>" refs into `components`. */
export const resolve: SchemaResolver = (r) => components[r.replace('#/components/schemas/', '')];

/** widgetSchema is a custom resource's structural schema: inline, metadata left as `type: object`. */
export const widgetSchema: Schema = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        mode: str,
        labels: { type: 'object', additionalProperties: str },
        items: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: str, value: str, weight: { type: 'integer' } } },
        },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: str },
        args: { type: 'array', items: str },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { a: str, b: str } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    status: { type: 'object', properties: { phase: str } },
  },
};

/** Returns a Widget with `spec`, named w in namespace ns. */
export function widget(spec: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, spec, ...extra };
}
