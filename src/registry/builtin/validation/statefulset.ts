// apps/v1 StatefulSet (pkg/apis/apps/validation ValidateStatefulSetSpec, ValidateStatefulSetUpdate).
// Upstream checks only the labels and annotations of a StatefulSet's pod template, not its pod
// spec ("TODO: Add validation for PodSpec"), and names StatefulSets with DNS labels.

import { fieldForbidden, fieldInvalid, fieldNotSupported, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { goQuote, goValue, intOrStringValue } from './go-value.ts';
import { child, invalidEach, isNil, nonNegative, numOpt, objOf, objOr, sameValue, str, stringMap } from './util.ts';
import { intOrPercentValue, invalidSelectorError, templateMatchError, validateAlwaysRestart, validateNotMoreThan100Percent, validatePositiveIntOrPercent, validateWorkloadSelector } from './workload.ts';

const retentionPolicies = ['Retain', 'Delete'];

/** Returns the errors of spec.updateStrategy (type defaults to RollingUpdate). */
function validateUpdateStrategy(strategyRaw: unknown, path: string): FieldError[] {
  const strategy = objOr(strategyRaw);
  const type = str(strategy.type) || 'RollingUpdate';
  const rollingUpdate = objOf(strategy.rollingUpdate);
  if (type === 'OnDelete') {
    if (!rollingUpdate) return [];
    const maxUnavailable = isNil(rollingUpdate.maxUnavailable) ? '(*intstr.IntOrString)(nil)' : '(*intstr.IntOrString)(0xc000000000)';
    const rendered = `apps.RollingUpdateStatefulSetStrategy{Partition:${numOpt(rollingUpdate.partition) ?? 0}, MaxUnavailable:${maxUnavailable}}`;
    return [fieldInvalid(child(path, 'rollingUpdate'), goValue(rendered, rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'")];
  }
  if (type !== 'RollingUpdate') {
    const rendered = `apps.StatefulSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${rollingUpdate ? '(*apps.RollingUpdateStatefulSetStrategy)(0xc000000000)' : '(*apps.RollingUpdateStatefulSetStrategy)(nil)'}}`;
    return [fieldInvalid(path, goValue(rendered, strategyRaw), "must be 'RollingUpdate' or 'OnDelete'")];
  }
  if (!rollingUpdate) return [];
  const at = child(path, 'rollingUpdate');
  const errs = nonNegative(numOpt(rollingUpdate.partition), child(at, 'partition'));
  if (!isNil(rollingUpdate.maxUnavailable)) {
    const maxUnavailable = rollingUpdate.maxUnavailable;
    errs.push(...validatePositiveIntOrPercent(maxUnavailable, child(at, 'maxUnavailable')));
    if (intOrPercentValue(maxUnavailable) === 0) errs.push(fieldInvalid(child(at, 'maxUnavailable'), intOrStringValue(maxUnavailable), 'cannot be 0'));
    errs.push(...validateNotMoreThan100Percent(maxUnavailable, child(at, 'maxUnavailable')));
  }
  return errs;
}

/** Returns the field errors of a StatefulSet spec (ValidateStatefulSetSpec). */
function validateSpec(obj: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  const errs: FieldError[] = [];
  const policy = str(spec.podManagementPolicy) || 'OrderedReady';
  if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(fieldInvalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateUpdateStrategy(spec.updateStrategy, 'spec.updateStrategy'));
  const retention = objOf(spec.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    for (const field of ['whenDeleted', 'whenScaled']) {
      const value = str(retention[field]) || 'Retain';
      if (!retentionPolicies.includes(value)) errs.push(fieldNotSupported(`spec.persistentVolumeClaimRetentionPolicy.${field}`, value, retentionPolicies));
    }
  }
  errs.push(...nonNegative(numOpt(spec.replicas), 'spec.replicas'));
  errs.push(...nonNegative(numOpt(spec.minReadySeconds), 'spec.minReadySeconds'));
  const ordinals = objOf(spec.ordinals);
  if (ordinals) errs.push(...nonNegative(numOpt(ordinals.start), 'spec.ordinals.start'));
  errs.push(...validateWorkloadSelector(spec.selector, 'statefulset', 'spec.selector'));
  const invalid = invalidSelectorError(spec.selector, 'spec.selector', '');
  if (invalid.length > 0) errs.push(...invalid);
  else {
    const template = objOr(spec.template);
    const meta = objOr(template.metadata);
    errs.push(...templateMatchError(spec.selector, template, 'spec.template'));
    errs.push(...validation.validateLabels(stringMap(meta.labels), 'spec.template.labels'));
    errs.push(...validation.validateAnnotations(stringMap(meta.annotations), 'spec.template.annotations'));
  }
  errs.push(...validateAlwaysRestart(spec.template, 'spec.template', 'StatefulSet'));
  return errs;
}

/** Returns the errors of a name that is a DNS subdomain but not the DNS label StatefulSets need. */
function validateName(obj: KubeObject): FieldError[] {
  const name = str(obj.metadata?.name);
  // Names that are not even subdomains were refused by the generic metadata check already.
  if (!name || validation.nameIsDNSSubdomain(name, false).length > 0) return [];
  return invalidEach(validation.nameIsDNSLabel(name, false), 'metadata.name', name);
}

/** Returns the field errors of a StatefulSet. */
export function validateStatefulSet(obj: KubeObject): FieldError[] {
  return [...validateName(obj), ...validateSpec(obj)];
}

/** Spec fields a StatefulSet update may change (ValidateStatefulSetUpdate). */
const mutableSpecFields = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);

/** Returns the field errors of a StatefulSet update: only some spec fields may change. */
export function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateSpec(obj);
  const now = objOr(obj.spec);
  const before = objOr(old.spec);
  const keys = new Set([...Object.keys(now), ...Object.keys(before)]);
  const changed = [...keys].some((k) => !mutableSpecFields.has(k) && !sameValue(now[k], before[k]));
  if (changed) {
    errs.push(
      fieldForbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}
