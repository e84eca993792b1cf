// apps/v1 ReplicaSet (pkg/apis/apps/validation ValidateReplicaSetSpec). Upstream words the empty
// selector error with "deployment" here too.

import type { FieldError, KubeObject } from '../../../apimachinery/index.ts';
import { immutableSelector, validateReplicaSetTemplate } from './deployment.ts';
import { nonNegative, numOpt, objOr } from './util.ts';
import { invalidSelectorError, validateWorkloadSelector } from './workload.ts';

/** Returns the field errors of a ReplicaSet. */
export function validateReplicaSet(obj: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  const errs = nonNegative(numOpt(spec.replicas), 'spec.replicas');
  errs.push(...nonNegative(numOpt(spec.minReadySeconds), 'spec.minReadySeconds'));
  errs.push(...validateWorkloadSelector(spec.selector, 'deployment', 'spec.selector'));
  const invalid = invalidSelectorError(spec.selector, 'spec.selector', 'invalid label selector');
  if (invalid.length > 0) errs.push(...invalid);
  else errs.push(...validateReplicaSetTemplate(spec.selector, spec.template, 'spec.template'));
  return errs;
}

/** Returns the field errors of a ReplicaSet update (the selector is immutable in apps/v1). */
export function validateReplicaSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateReplicaSet(obj), ...immutableSelector(obj, old)];
}
