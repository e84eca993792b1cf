// batch/v1 Job (pkg/apis/batch/validation validateJobSpec, ValidateJobSpec, ValidateJobSpecUpdate,
// Kubernetes 1.32). Upstream's Job strategy generates the selector and its template labels unless
// spec.manualSelector is true; this server does not generate them, so the selector rules apply
// to manual selectors only.

import { fieldInvalid, fieldNotSupported, fieldRequired, validation, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { goValue, labelSelectorValue } from './go-value.ts';
import { templateRestartPolicy, validatePodTemplateSpec } from './pod-spec.ts';
import { child, isNil, nonNegative, numOpt, objOf, objOr, sameValue } from './util.ts';
import { templateMatchError } from './workload.ts';

const completionModes = ['NonIndexed', 'Indexed'];

/** Returns the errors of a job spec at `path`, shared by Jobs and CronJob job templates (validateJobSpec). */
export function validateJobSpec(specValue: unknown, path: string): FieldError[] {
  const spec = objOr(specValue);
  const errs: FieldError[] = [];
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errs.push(...nonNegative(numOpt(spec[field]), child(path, field)));
  }
  if (!isNil(spec.maxFailedIndexes) && isNil(spec.backoffLimitPerIndex)) {
    errs.push(fieldRequired(child(path, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  const mode = typeof spec.completionMode === 'string' ? spec.completionMode : undefined;
  if (mode !== undefined && !completionModes.includes(mode)) errs.push(fieldNotSupported(child(path, 'completionMode'), mode, completionModes));
  if (mode === 'Indexed' && isNil(spec.completions)) errs.push(fieldRequired(child(path, 'completions'), 'when completion mode is Indexed'));
  if (mode !== 'Indexed') {
    if (!isNil(spec.backoffLimitPerIndex)) errs.push(fieldInvalid(child(path, 'backoffLimitPerIndex'), spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (!isNil(spec.maxFailedIndexes)) errs.push(fieldInvalid(child(path, 'maxFailedIndexes'), spec.maxFailedIndexes, 'requires indexed completion mode'));
  }
  const templatePath = child(path, 'template');
  errs.push(...validatePodTemplateSpec(spec.template, templatePath));
  // An unset restart policy defaults to Always, which a Job cannot use.
  const restartPolicy = templateRestartPolicy(spec.template);
  const restartPath = child(child(templatePath, 'spec'), 'restartPolicy');
  if (restartPolicy === 'Always') errs.push(fieldRequired(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') errs.push(fieldNotSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  else if (objOf(spec.podFailurePolicy) && restartPolicy !== 'Never') {
    errs.push(fieldInvalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

/** Returns the errors of a Job's own selector (ValidateJobSpec), for manual selectors. */
function validateManualSelector(spec: Record<string, unknown>): FieldError[] {
  if (spec.manualSelector !== true) return [];
  if (isNil(spec.selector)) return [fieldRequired('spec.selector')];
  const errs = validation.validateLabelSelector(objOr(spec.selector) as validation.LabelSelectorSpec, 'spec.selector');
  errs.push(...templateMatchError(spec.selector, spec.template, 'spec.template'));
  return errs;
}

/** Returns the field errors of a Job. */
export function validateJob(obj: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  return [...validateJobSpec(spec, 'spec'), ...validateManualSelector(spec)];
}

/** Returns an immutable-field error for `field` of two job specs. */
function immutable(now: unknown, before: unknown, path: string, render: (v: unknown) => unknown = (v) => v ?? null): FieldError[] {
  return sameValue(now, before) ? [] : [fieldInvalid(path, render(now), validation.fieldImmutableErrorMsg)];
}

/** Template fields a suspended Job that never started may change (AllowMutableSchedulingDirectives). */
const schedulingDirectives = ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates'];

/** Returns the template with the scheduling directives of `from` when they may change. */
function withoutSchedulingDirectives(template: unknown, from: unknown): unknown {
  const t = objOr(template);
  const f = objOr(from);
  const spec = { ...objOr(t.spec) };
  for (const field of schedulingDirectives) spec[field] = objOr(f.spec)[field];
  return { ...t, metadata: { ...objOr(t.metadata), labels: objOr(f.metadata).labels, annotations: objOr(f.metadata).annotations }, spec };
}

/** Returns the field errors of a Job update (ValidateJobSpecUpdate): most of the spec is immutable. */
export function validateJobUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = objOr(obj.spec);
  const before = objOr(old.spec);
  const errs = validateJob(obj);
  const indexed = spec.completionMode === 'Indexed';
  // Indexed Jobs may scale completions together with parallelism (ElasticIndexedJob, GA).
  if (!indexed) errs.push(...immutable(spec.completions, before.completions, 'spec.completions'));
  else if (!sameValue(spec.completions, before.completions) && !isNil(spec.completions) && spec.completions !== spec.parallelism) {
    errs.push(fieldInvalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
  }
  errs.push(...immutable(spec.selector, before.selector, 'spec.selector', labelSelectorValue));
  const suspendedNeverStarted = before.suspend === true && isNil(objOr(old.status).startTime);
  const oldTemplate = suspendedNeverStarted ? withoutSchedulingDirectives(before.template, spec.template) : before.template;
  // Upstream prints the whole core.PodTemplateSpec with %#v; only its type is shown here.
  errs.push(...immutable(spec.template, oldTemplate, 'spec.template', (v) => goValue('core.PodTemplateSpec{...}', v ?? null)));
  for (const field of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    errs.push(...immutable(spec[field], before[field], `spec.${field}`));
  }
  return errs;
}
