// scheduling.k8s.io/v1 PriorityClass (pkg/apis/scheduling/validation): user classes stay at or
// below one billion, "system-" names are reserved for the two built-in classes, and value and
// preemptionPolicy are fixed once created.

import { fieldForbidden, fieldInvalid, fieldNotSupported, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { num, str } from './util.ts';

/** The highest value a user-defined priority class may have (HighestUserDefinablePriority). */
export const highestUserDefinablePriority = 1_000_000_000;

/** The classes the system defines, by name: value and whether they are the global default. */
const systemClasses: Record<string, number> = {
  'system-cluster-critical': 2_000_000_000,
  'system-node-critical': 2_000_001_000,
};

/** Returns why a system-prefixed class is not a known system class, or undefined (IsKnownSystemPriorityClass). */
function systemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const expected = systemClasses[name];
  if (expected === undefined) return `${name} is not a known system priority class`;
  if (value !== expected) return `value of ${name} PriorityClass must be ${expected}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

/** Returns the field errors of a PriorityClass. */
export function validatePriorityClass(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(obj.metadata?.name);
  const value = num(obj.value);
  if (name.startsWith('system-')) {
    const err = systemClassError(name, value, obj.globalDefault === true);
    if (err) errs.push(fieldForbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`));
  } else if (value > highestUserDefinablePriority) {
    errs.push(fieldForbidden('value', `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`));
  }
  if (typeof obj.preemptionPolicy === 'string' && !['PreemptLowerPriority', 'Never'].includes(obj.preemptionPolicy)) {
    errs.push(fieldNotSupported('preemptionPolicy', obj.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  }
  return errs;
}

/** Returns the field errors of a PriorityClass update (ValidatePriorityClassUpdate checks only immutability). */
export function validatePriorityClassUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (num(obj.value) !== num(old.value)) errs.push(fieldForbidden('value', 'may not be changed in an update.'));
  // An absent policy is defaulted to PreemptLowerPriority.
  const policy = str(obj.preemptionPolicy) || 'PreemptLowerPriority';
  const oldPolicy = str(old.preemptionPolicy) || 'PreemptLowerPriority';
  if (policy !== oldPolicy) errs.push(fieldInvalid('preemptionPolicy', policy, validation.fieldImmutableErrorMsg));
  return errs;
}
