// apps/v1 Deployment (pkg/apis/apps/validation ValidateDeploymentSpec, ValidateDeploymentStrategy,
// and the registry strategy's immutable selector). Defaults upstream fills before validating
// (replicas 1, strategy RollingUpdate with 25%/25%, progressDeadlineSeconds 600) are assumed
// when absent.

import { fieldForbidden, fieldInvalid, fieldNotSupported, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { intOrStringValue, labelSelectorValue } from './go-value.ts';
import { validatePodTemplateSpec } from './pod-spec.ts';
import { child, isNil, nonNegative, numOpt, objOf, objOr, sameValue, str } from './util.ts';
import {
  intOrPercentValue,
  invalidSelectorError,
  strategyValue,
  templateMatchError,
  validateAlwaysRestart,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateWorkloadSelector,
} from './workload.ts';

/** Returns the errors of a ReplicaSet-style template: selector match, pod template, restart policy (ValidatePodTemplateSpecForReplicaSet). */
export function validateReplicaSetTemplate(selector: unknown, template: unknown, path: string): FieldError[] {
  const errs = templateMatchError(selector, template, path);
  errs.push(...validatePodTemplateSpec(template, path));
  errs.push(...validateAlwaysRestart(template, path, 'ReplicaSet'));
  return errs;
}

/** Returns the errors of spec.strategy (ValidateDeploymentStrategy). */
function validateStrategy(strategyValueRaw: unknown, path: string): FieldError[] {
  const strategy = objOr(strategyValueRaw);
  const type = str(strategy.type) || 'RollingUpdate';
  if (type === 'Recreate') {
    return isNil(strategy.rollingUpdate) ? [] : [fieldForbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")];
  }
  if (type !== 'RollingUpdate') {
    return [fieldNotSupported(path, strategyValue('apps.DeploymentStrategy', 'apps.RollingUpdateDeployment', strategyValueRaw), ['Recreate', 'RollingUpdate'])];
  }
  const rollingUpdate = objOf(strategy.rollingUpdate) ?? {};
  const at = child(path, 'rollingUpdate');
  const maxUnavailable = isNil(rollingUpdate.maxUnavailable) ? '25%' : rollingUpdate.maxUnavailable;
  const maxSurge = isNil(rollingUpdate.maxSurge) ? '25%' : rollingUpdate.maxSurge;
  const errs = validatePositiveIntOrPercent(maxUnavailable, child(at, 'maxUnavailable'));
  errs.push(...validatePositiveIntOrPercent(maxSurge, child(at, 'maxSurge')));
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    errs.push(fieldInvalid(child(at, 'maxUnavailable'), intOrStringValue(maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...validateNotMoreThan100Percent(maxUnavailable, child(at, 'maxUnavailable')));
  return errs;
}

/** Returns the field errors of a Deployment (ValidateDeploymentSpec). */
export function validateDeployment(obj: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  const errs = nonNegative(numOpt(spec.replicas), 'spec.replicas');
  errs.push(...validateWorkloadSelector(spec.selector, 'deployment', 'spec.selector'));
  const invalid = invalidSelectorError(spec.selector, 'spec.selector', 'invalid label selector');
  if (invalid.length > 0) errs.push(...invalid);
  else errs.push(...validateReplicaSetTemplate(spec.selector, spec.template, 'spec.template'));
  errs.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  const minReadySeconds = numOpt(spec.minReadySeconds) ?? 0;
  errs.push(...nonNegative(minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(numOpt(spec.revisionHistoryLimit), 'spec.revisionHistoryLimit'));
  const progressDeadline = numOpt(spec.progressDeadlineSeconds) ?? 600;
  errs.push(...nonNegative(progressDeadline, 'spec.progressDeadlineSeconds'));
  if (progressDeadline <= minReadySeconds) {
    errs.push(fieldInvalid('spec.progressDeadlineSeconds', progressDeadline, 'must be greater than minReadySeconds'));
  }
  return errs;
}

/** Returns the error of a changed selector: apps/v1 selectors are immutable (the registry strategies' ValidateUpdate). */
export function immutableSelector(obj: KubeObject, old: KubeObject): FieldError[] {
  const now = objOr(obj.spec).selector;
  const before = objOr(old.spec).selector;
  if (sameValue(now, before)) return [];
  return [fieldInvalid('spec.selector', labelSelectorValue(now), validation.fieldImmutableErrorMsg)];
}

/** Returns the field errors of a Deployment update. */
export function validateDeploymentUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateDeployment(obj), ...immutableSelector(obj, old)];
}
