// PodSpec and PodTemplateSpec (pkg/apis/core/validation ValidatePodSpec, ValidatePodTemplateSpec,
// Kubernetes 1.32), in upstream's order: volumes, containers, init containers, restart and DNS
// policy, node selector, names that must be DNS names, deadlines, tolerations. Affinity,
// topology spread, security contexts and DNS config are not checked yet.

import { fieldForbidden, fieldInvalid, fieldNotSupported, validation, type FieldError } from '../../../apimachinery/index.ts';
import { validateContainers, validateInitContainers } from './container.ts';
import { goQuote, goValue } from './go-value.ts';
import { arr, child, index, invalidEach, isNil, numOpt, objOr, str, stringMap, type Obj } from './util.ts';
import { validateVolumes } from './volume.ts';

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const maxInt32 = 2147483647;

/** Returns %#v of a core.Toleration (the value of the "value must be empty" error). */
function goToleration(t: Obj): string {
  const seconds = isNil(t.tolerationSeconds) ? '(*int64)(nil)' : '(*int64)(0xc000000000)';
  return `core.Toleration{Key:${goQuote(str(t.key))}, Operator:${goQuote(str(t.operator))}, Value:${goQuote(str(t.value))}, Effect:${goQuote(str(t.effect))}, TolerationSeconds:${seconds}}`;
}

/** Returns the errors of spec.tolerations (ValidateTolerations). */
function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(tolerations).forEach((raw, i) => {
    const t = objOr(raw);
    const at = index(path, i);
    const key = str(t.key);
    const operator = str(t.operator);
    const effect = str(t.effect);
    if (key) errs.push(...validation.validateLabelName(key, child(at, 'key')));
    if (!key && operator !== 'Exists') {
      errs.push(fieldInvalid(child(at, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (!isNil(t.tolerationSeconds) && effect !== 'NoExecute') {
      errs.push(fieldInvalid(child(at, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = validation.isValidLabelValue(str(t.value));
      if (msgs.length > 0) errs.push(fieldInvalid(child(at, 'operator'), str(t.value), msgs.join(';')));
    } else if (operator === 'Exists') {
      if (str(t.value)) errs.push(fieldInvalid(child(at, 'operator'), goValue(goToleration(t), t), "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(fieldNotSupported(child(at, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect && !taintEffects.includes(effect)) errs.push(fieldNotSupported(child(at, 'effect'), effect, taintEffects));
  });
  return errs;
}

/** Returns the errors of a pod spec at `path` ("spec", or "spec.template.spec" in a workload). */
export function validatePodSpec(specValue: unknown, path: string): FieldError[] {
  const spec = objOr(specValue);
  const errs: FieldError[] = [];
  const { names: volumes, errors: volumeErrors } = validateVolumes(spec.volumes, child(path, 'volumes'));
  errs.push(...volumeErrors);
  errs.push(...validateContainers(spec.containers, volumes, child(path, 'containers')));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, volumes, child(path, 'initContainers')));
  // restartPolicy and dnsPolicy are always defaulted upstream, so absent is never "Required".
  const restartPolicy = str(spec.restartPolicy) || 'Always';
  if (!restartPolicies.includes(restartPolicy)) errs.push(fieldNotSupported(child(path, 'restartPolicy'), restartPolicy, restartPolicies));
  const dnsPolicy = str(spec.dnsPolicy) || 'ClusterFirst';
  if (!dnsPolicies.includes(dnsPolicy)) errs.push(fieldNotSupported(child(path, 'dnsPolicy'), dnsPolicy, dnsPolicies));
  errs.push(...validation.validateLabels(stringMap(spec.nodeSelector), child(path, 'nodeSelector')));
  const serviceAccountName = str(spec.serviceAccountName);
  if (serviceAccountName) errs.push(...invalidEach(validation.nameIsDNSSubdomain(serviceAccountName, false), child(path, 'serviceAccountName'), serviceAccountName));
  const nodeName = str(spec.nodeName);
  if (nodeName) errs.push(...invalidEach(validation.nameIsDNSSubdomain(nodeName, false), child(path, 'nodeName'), nodeName));
  const deadline = numOpt(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > maxInt32)) {
    errs.push(fieldInvalid(child(path, 'activeDeadlineSeconds'), deadline, validation.inclusiveRangeError(1, maxInt32)));
  }
  const hostname = str(spec.hostname);
  if (hostname) errs.push(...invalidEach(validation.isDNS1123Label(hostname), child(path, 'hostname'), hostname));
  const subdomain = str(spec.subdomain);
  if (subdomain) errs.push(...invalidEach(validation.isDNS1123Label(subdomain), child(path, 'subdomain'), subdomain));
  errs.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  const priorityClassName = str(spec.priorityClassName);
  if (priorityClassName) errs.push(...invalidEach(validation.nameIsDNSSubdomain(priorityClassName, false), child(path, 'priorityClassName'), priorityClassName));
  const preemptionPolicy = spec.preemptionPolicy;
  if (typeof preemptionPolicy === 'string' && !['PreemptLowerPriority', 'Never'].includes(preemptionPolicy)) {
    errs.push(fieldNotSupported(child(path, 'preemptionPolicy'), preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  }
  return errs;
}

/** Returns the errors of a pod template at `path` (ValidatePodTemplateSpec). */
export function validatePodTemplateSpec(templateValue: unknown, path: string): FieldError[] {
  const template = objOr(templateValue);
  const meta = objOr(template.metadata);
  // Upstream names the labels "<path>.labels", without "metadata".
  const errs = validation.validateLabels(stringMap(meta.labels), child(path, 'labels'));
  errs.push(...validation.validateAnnotations(stringMap(meta.annotations), child(path, 'annotations')));
  const spec = objOr(template.spec);
  errs.push(...validatePodSpec(spec, child(path, 'spec')));
  if (arr(spec.ephemeralContainers).length > 0) {
    errs.push(fieldForbidden(child(child(path, 'spec'), 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

/** Returns the restart policy of a template after upstream defaulting ("Always" when unset). */
export function templateRestartPolicy(templateValue: unknown): string {
  return str(objOr(objOr(templateValue).spec).restartPolicy) || 'Always';
}

/** Returns the labels of a template's metadata. */
export function templateLabels(templateValue: unknown): unknown {
  return objOr(objOr(templateValue).metadata).labels;
}
