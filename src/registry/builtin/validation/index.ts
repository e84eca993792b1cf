// Validation of the built-in kinds, plugged into their strategies:
//   1. prepareForCreate / prepareForUpdate first run the decode-time type check (decode.ts), so a
//      body that would not decode into the kind's Go struct is a 400 before defaulting,
//      admission or validation, as kube-apiserver's decoder makes it;
//   2. validate / validateUpdate add the kind's own rules (one module per kind, after upstream's
//      pkg/apis/<group>/validation) and Required errors for the schema's required fields.
// An update that leaves everything but metadata and status as it was skips the kind rules, so a
// controller writing status, or a label change, is never blocked by an object stored before a
// rule existed.

import { badRequest, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import type { KindStrategy } from '../../resource.ts';
import { builtinSchemas } from '../index.ts';
import { validateConfigMap, validateConfigMapUpdate } from './configmap.ts';
import { validateCronJob, validateCronJobUpdate } from './cronjob.ts';
import { validateDaemonSet, validateDaemonSetUpdate } from './daemonset.ts';
import { decodeError, decodeFailureMessage } from './decode.ts';
import { validateDeployment, validateDeploymentUpdate } from './deployment.ts';
import { validateIngress } from './ingress.ts';
import { validateJob, validateJobUpdate } from './job.ts';
import { validateNetworkPolicy } from './network-policy.ts';
import { validatePod, validatePodTemplate, validatePodUpdate } from './pod.ts';
import { validatePriorityClass, validatePriorityClassUpdate } from './priority-class.ts';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from './pvc.ts';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateClusterRoleBindingUpdate,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
} from './rbac.ts';
import { validateReplicaSet, validateReplicaSetUpdate } from './replicaset.ts';
import { missingRequiredFields, withRequiredFields } from './required.ts';
import { validateSecret, validateSecretUpdate } from './secret.ts';
import { validateService, validateServiceUpdate } from './service.ts';
import { validateStatefulSet, validateStatefulSetUpdate } from './statefulset.ts';
import { sameValue } from './util.ts';

/** The rules of one kind: on create, and on update (which upstream runs instead of, not after, create's). */
interface KindRules {
  validate(obj: KubeObject): FieldError[];
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

/** Kind rules by "group/resource". */
const kindRules: Record<string, KindRules> = {
  '/pods': { validate: validatePod, validateUpdate: validatePodUpdate },
  '/podtemplates': { validate: validatePodTemplate },
  '/services': { validate: validateService, validateUpdate: validateServiceUpdate },
  '/configmaps': { validate: validateConfigMap, validateUpdate: validateConfigMapUpdate },
  '/secrets': { validate: validateSecret, validateUpdate: validateSecretUpdate },
  '/persistentvolumeclaims': { validate: validatePersistentVolumeClaim, validateUpdate: validatePersistentVolumeClaimUpdate },
  'apps/deployments': { validate: validateDeployment, validateUpdate: validateDeploymentUpdate },
  'apps/replicasets': { validate: validateReplicaSet, validateUpdate: validateReplicaSetUpdate },
  'apps/statefulsets': { validate: validateStatefulSet, validateUpdate: validateStatefulSetUpdate },
  'apps/daemonsets': { validate: validateDaemonSet, validateUpdate: validateDaemonSetUpdate },
  'batch/jobs': { validate: validateJob, validateUpdate: validateJobUpdate },
  'batch/cronjobs': { validate: validateCronJob, validateUpdate: validateCronJobUpdate },
  'rbac.authorization.k8s.io/roles': { validate: validateRole },
  'rbac.authorization.k8s.io/clusterroles': { validate: validateClusterRole },
  'rbac.authorization.k8s.io/rolebindings': { validate: validateRoleBinding, validateUpdate: validateRoleBindingUpdate },
  'rbac.authorization.k8s.io/clusterrolebindings': { validate: validateClusterRoleBinding, validateUpdate: validateClusterRoleBindingUpdate },
  'scheduling.k8s.io/priorityclasses': { validate: validatePriorityClass, validateUpdate: validatePriorityClassUpdate },
  'networking.k8s.io/ingresses': { validate: validateIngress },
  'networking.k8s.io/networkpolicies': { validate: validateNetworkPolicy },
};

let definitions: Map<string, string> | undefined;

/** Returns the OpenAPI definition of the built-in kind `apiVersion`/`kind`, if one is served. */
function definitionOf(apiVersion: unknown, kind: unknown): string | undefined {
  if (!definitions) {
    definitions = new Map();
    for (const [name, schema] of Object.entries(builtinSchemas().schemas)) {
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
        const key = `${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`;
        // List and option kinds share GVKs (DeleteOptions); the first definition of a kind wins.
        if (!definitions.has(key)) definitions.set(key, name);
      }
    }
  }
  return definitions.get(`${String(apiVersion)}/${String(kind)}`);
}

/** Throws the 400 kube-apiserver's decoder gives when `obj` does not decode into its kind's Go struct. */
export function assertDecodes(obj: KubeObject): void {
  const definition = definitionOf(obj.apiVersion, obj.kind);
  if (!definition) return;
  const { schemas, resolve } = builtinSchemas();
  const schema = schemas[definition];
  if (!schema) return;
  const error = decodeError(obj, schema, resolve, definition);
  if (error === undefined) return;
  const version = String(obj.apiVersion).split('/').pop() ?? '';
  throw badRequest(decodeFailureMessage(obj, String(obj.kind), version, error));
}

/** Returns the Required errors of `obj`'s schema that `errors` do not already cover. */
function withRequired(obj: KubeObject, errors: FieldError[]): FieldError[] {
  const definition = definitionOf(obj.apiVersion, obj.kind);
  const { schemas, resolve } = builtinSchemas();
  const schema = definition ? schemas[definition] : undefined;
  return schema ? withRequiredFields(errors, missingRequiredFields(obj, schema, resolve)) : errors;
}

/** Returns whether an update changes nothing outside metadata and status. */
function onlyMetadataOrStatusChanged(obj: KubeObject, old: KubeObject): boolean {
  const rest = (o: KubeObject): Record<string, unknown> => ({ ...o, metadata: undefined, status: undefined });
  return sameValue(rest(obj), rest(old));
}

/** Returns `strategy` with the decode check and the validation rules of the built-in resource `key` ("group/resource"). */
export function withBuiltinValidation(key: string, strategy: KindStrategy): KindStrategy {
  const rules = kindRules[key];
  return {
    ...strategy,
    prepareForCreate(obj, ctx) {
      assertDecodes(obj);
      // The store drops status on create itself only when a kind has no prepareForCreate.
      if (strategy.prepareForCreate) strategy.prepareForCreate(obj, ctx);
      else if (strategy.hasStatusSubresource) delete obj.status;
    },
    prepareForUpdate(obj, old, ctx) {
      assertDecodes(obj);
      strategy.prepareForUpdate?.(obj, old, ctx);
    },
    validate(obj, ctx) {
      const errors = [...(strategy.validate?.(obj, ctx) ?? []), ...(rules?.validate(obj) ?? [])];
      return withRequired(obj, errors);
    },
    validateUpdate(obj, old, ctx) {
      const errors = [...(strategy.validateUpdate?.(obj, old, ctx) ?? strategy.validate?.(obj, ctx) ?? [])];
      if (onlyMetadataOrStatusChanged(obj, old)) return errors;
      if (rules) errors.push(...(rules.validateUpdate ? rules.validateUpdate(obj, old) : rules.validate(obj)));
      return withRequired(obj, errors);
    },
  };
}
