// apps/v1 DaemonSet (pkg/apis/apps/validation ValidateDaemonSetSpec, ValidateDaemonSetUpdateStrategy).
// A nil selector is not "Required" here upstream: it selects nothing, so the template never matches.
// The update strategy defaults to RollingUpdate with maxUnavailable 1 and maxSurge 0.

import { fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { intOrStringValue, labelSelectorValue } from './go-value.ts';
import { immutableSelector } from './deployment.ts';
import { validatePodTemplateSpec } from './pod-spec.ts';
import { child, isNil, len, nonNegative, numOpt, objOf, objOr, str } from './util.ts';
import {
  intOrPercentValue,
  strategyValue,
  templateMatchError,
  validateAlwaysRestart,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
} from './workload.ts';

/** Returns the errors of spec.updateStrategy (ValidateDaemonSetUpdateStrategy). */
function validateUpdateStrategy(strategyRaw: unknown, path: string): FieldError[] {
  const strategy = objOr(strategyRaw);
  const type = str(strategy.type) || 'RollingUpdate';
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') {
    return [fieldNotSupported(path, strategyValue('apps.DaemonSetUpdateStrategy', 'apps.RollingUpdateDaemonSet', strategyRaw), ['RollingUpdate', 'OnDelete'])];
  }
  const rollingUpdate = objOf(strategy.rollingUpdate) ?? {};
  const at = child(path, 'rollingUpdate');
  const maxUnavailable = isNil(rollingUpdate.maxUnavailable) ? 1 : rollingUpdate.maxUnavailable;
  const maxSurge = isNil(rollingUpdate.maxSurge) ? 0 : rollingUpdate.maxSurge;
  const errs = validatePositiveIntOrPercent(maxUnavailable, child(at, 'maxUnavailable'));
  errs.push(...validatePositiveIntOrPercent(maxSurge, child(at, 'maxSurge')));
  errs.push(...validateNotMoreThan100Percent(maxUnavailable, child(at, 'maxUnavailable')));
  errs.push(...validateNotMoreThan100Percent(maxSurge, child(at, 'maxSurge')));
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(fieldInvalid(child(at, 'maxSurge'), intOrStringValue(maxSurge), 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(fieldRequired(child(at, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

/** Returns the field errors of a DaemonSet (ValidateDaemonSetSpec). */
export function validateDaemonSet(obj: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  const selector = spec.selector;
  const errs = isNil(selector) ? [] : validation.validateLabelSelector(objOr(selector) as validation.LabelSelectorSpec, 'spec.selector');
  errs.push(...templateMatchError(selector, spec.template, 'spec.template'));
  if (!isNil(selector) && len(objOr(selector).matchLabels) + len(objOr(selector).matchExpressions) === 0) {
    errs.push(fieldInvalid('spec.selector', labelSelectorValue(selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(spec.template, 'spec.template'));
  errs.push(...validateAlwaysRestart(spec.template, 'spec.template', 'DaemonSet'));
  errs.push(...nonNegative(numOpt(spec.minReadySeconds), 'spec.minReadySeconds'));
  errs.push(...nonNegative(numOpt(spec.templateGeneration), 'spec.templateGeneration'));
  errs.push(...validateUpdateStrategy(spec.updateStrategy, 'spec.updateStrategy'));
  errs.push(...nonNegative(numOpt(spec.revisionHistoryLimit), 'spec.revisionHistoryLimit'));
  return errs;
}

/** Returns the field errors of a DaemonSet update (the selector is immutable in apps/v1). */
export function validateDaemonSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateDaemonSet(obj), ...immutableSelector(obj, old)];
}
