// Pod and PodTemplate (pkg/apis/core/validation ValidatePodCreate, ValidatePodTemplate).
// Pod updates are validated like creates; upstream's "pod updates may not change fields other
// than ..." (which prints a diff of the Go structs) is not reproduced.

import { fieldForbidden, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { validatePodSpec, validatePodTemplateSpec } from './pod-spec.ts';
import { arr, objOr } from './util.ts';

/** Returns the field errors of a Pod. */
export function validatePod(obj: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  const errs = validatePodSpec(spec, 'spec');
  if (arr(spec.ephemeralContainers).length > 0) errs.push(fieldForbidden('spec.ephemeralContainers', 'cannot be set on create'));
  return errs;
}

/** Returns the field errors of a Pod update (ephemeral containers come through their own subresource). */
export function validatePodUpdate(obj: KubeObject): FieldError[] {
  return validatePodSpec(objOr(obj.spec), 'spec');
}

/** Returns the field errors of a PodTemplate. */
export function validatePodTemplate(obj: KubeObject): FieldError[] {
  return validatePodTemplateSpec(obj.template, 'template');
}
