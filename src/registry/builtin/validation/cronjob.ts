// batch/v1 CronJob (pkg/apis/batch/validation ValidateCronJobCreate, validateCronJobSpec,
// ValidateJobTemplateSpec, validateTimeZone, Kubernetes 1.32).

import { fieldInvalid, fieldNotSupported, fieldRequired, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';
import { cronScheduleError, isKnownTimeZone } from './cron.ts';
import { goValue, labelSelectorValue } from './go-value.ts';
import { validateJobSpec } from './job.ts';
import { isNil, nonNegative, numOpt, objOr, str } from './util.ts';

const concurrencyPolicies = ['Allow', 'Forbid', 'Replace'];
/** A component of an IANA zone name: letters, digits, ".", "-", "_", "+", at most 14 characters. */
const timeZoneComponent = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** Returns the errors of spec.schedule; `allowTZ` when the old schedule already used TZ= (validateScheduleFormat). */
function validateSchedule(schedule: string, allowTZ: boolean, timeZone: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const err = cronScheduleError(schedule);
  if (err) errs.push(fieldInvalid('spec.schedule', schedule, err));
  if (allowTZ && schedule.includes('TZ') && typeof timeZone === 'string') {
    errs.push(fieldInvalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    errs.push(fieldInvalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

/** Returns the errors of spec.timeZone (validateTimeZone). */
function validateTimeZone(timeZone: unknown): FieldError[] {
  if (typeof timeZone !== 'string') return [];
  if (timeZone.length === 0) return [fieldInvalid('spec.timeZone', timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !timeZoneComponent.test(part)) {
      return [fieldInvalid('spec.timeZone', timeZone, `unknown time zone ${timeZone}`)];
    }
  }
  const errs: FieldError[] = [];
  if (timeZone.toLowerCase() === 'local') {
    errs.push(fieldInvalid('spec.timeZone', timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  if (!isKnownTimeZone(timeZone)) errs.push(fieldInvalid('spec.timeZone', timeZone, `unknown time zone ${timeZone}`));
  return errs;
}

/** Returns the errors of a CronJob spec; `old` on update (validateCronJobSpec). */
function validateSpec(obj: KubeObject, old: KubeObject | undefined): FieldError[] {
  const spec = objOr(obj.spec);
  const before = old ? objOr(old.spec) : undefined;
  const errs: FieldError[] = [];
  const schedule = str(spec.schedule);
  if (!schedule) errs.push(fieldRequired('spec.schedule'));
  else errs.push(...validateSchedule(schedule, before !== undefined && str(before.schedule).includes('TZ'), spec.timeZone));
  errs.push(...nonNegative(numOpt(spec.startingDeadlineSeconds), 'spec.startingDeadlineSeconds'));
  if (!before || before.timeZone !== spec.timeZone) errs.push(...validateTimeZone(spec.timeZone));
  const policy = str(spec.concurrencyPolicy) || 'Allow';
  if (!concurrencyPolicies.includes(policy)) errs.push(fieldNotSupported('spec.concurrencyPolicy', policy, concurrencyPolicies));
  const jobSpec = objOr(objOr(spec.jobTemplate).spec);
  errs.push(...validateJobSpec(jobSpec, 'spec.jobTemplate.spec'));
  if (!isNil(jobSpec.selector)) errs.push(fieldInvalid('spec.jobTemplate.spec.selector', labelSelectorValue(jobSpec.selector), '`selector` will be auto-generated'));
  if (jobSpec.manualSelector === true) errs.push(fieldNotSupported('spec.jobTemplate.spec.manualSelector', goValue('true', true), ['nil', 'false']));
  errs.push(...nonNegative(numOpt(spec.successfulJobsHistoryLimit), 'spec.successfulJobsHistoryLimit'));
  errs.push(...nonNegative(numOpt(spec.failedJobsHistoryLimit), 'spec.failedJobsHistoryLimit'));
  return errs;
}

/** Returns the field errors of a CronJob on create: names leave room for the 11-character job suffix. */
export function validateCronJob(obj: KubeObject): FieldError[] {
  const errs = validateSpec(obj, undefined);
  const name = str(obj.metadata?.name);
  if (name.length > 52) errs.push(fieldInvalid('metadata.name', name, 'must be no more than 52 characters'));
  return errs;
}

/** Returns the field errors of a CronJob update (the 52-character limit is not re-checked). */
export function validateCronJobUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return validateSpec(obj, old);
}
