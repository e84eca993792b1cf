// Job and CronJob rules with upstream's messages and paths.
/* eslint-disable @typescript-eslint/no-explicit-any -- each test breaks one field of an untyped JSON fixture, as a request body is. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../apimachinery/index.ts';
import { validateCronJob, validateCronJobUpdate } from './cronjob.ts';
import { copy, messages, podSpec } from './fixtures.ts';
import { validateJob, validateJobUpdate } from './job.ts';

/** Returns a Job as kubectl create job writes it. */
function job(): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once', namespace: 'default' },
    spec: { template: { metadata: {}, spec: { ...podSpec(), restartPolicy: 'Never' } } },
  };
}

/** Returns a CronJob as kubectl create cronjob writes it. */
function cronJob(): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default' },
    spec: { schedule: '*/1 * * * *', jobTemplate: { metadata: { name: 'tick' }, spec: { template: { metadata: {}, spec: { ...podSpec(), restartPolicy: 'OnFailure' } } } } },
  };
}

test('valid Jobs and CronJobs pass', () => {
  assert.deepEqual(messages(validateJob(job())), []);
  assert.deepEqual(messages(validateCronJob(cronJob())), []);
});

test('a Job template restarts OnFailure or Never', () => {
  const always = copy(job()) as any;
  always.spec.template.spec.restartPolicy = 'Always';
  assert.deepEqual(messages(validateJob(always)), ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  const unset = copy(job()) as any;
  delete unset.spec.template.spec.restartPolicy;
  assert.deepEqual(messages(validateJob(unset)), ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  const weird = copy(job()) as any;
  weird.spec.template.spec.restartPolicy = 'Later';
  assert.deepEqual(messages(validateJob(weird)), [
    'spec.template.spec.restartPolicy: Unsupported value: "Later": supported values: "Always", "OnFailure", "Never"',
    'spec.template.spec.restartPolicy: Unsupported value: "Later": supported values: "OnFailure", "Never"',
  ]);
});

test('Job counts are not negative; completion modes are upstream\'s', () => {
  const j = copy(job()) as any;
  Object.assign(j.spec, { parallelism: -1, backoffLimit: -2, completionMode: 'Sometimes' });
  assert.deepEqual(messages(validateJob(j)), [
    'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
    'spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0',
    'spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"',
  ]);
});

test('a manual selector is required and must match the template', () => {
  const j = copy(job()) as any;
  j.spec.manualSelector = true;
  assert.deepEqual(messages(validateJob(j)), ['spec.selector: Required value']);
  j.spec.selector = { matchLabels: { run: 'x' } };
  j.spec.template.metadata.labels = { run: 'y' };
  assert.deepEqual(messages(validateJob(j)), [
    'spec.template.metadata.labels: Invalid value: map[string]string{"run":"y"}: `selector` does not match template `labels`',
  ]);
});

test('a Job template and completions cannot change', () => {
  const old = job();
  const next = copy(old) as any;
  next.spec.template.spec.containers[0].image = 'nginx:2';
  next.spec.completions = 3;
  assert.deepEqual(messages(validateJobUpdate(next, old)), [
    'spec.completions: Invalid value: 3: field is immutable',
    'spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable',
  ]);
  const suspended = copy(old) as any;
  suspended.spec.suspend = true;
  const scheduled = copy(suspended);
  scheduled.spec.template.spec.nodeSelector = { zone: 'a' };
  assert.deepEqual(messages(validateJobUpdate(scheduled, suspended)), []);
});

test('a CronJob schedule is required and must parse', () => {
  const missing = copy(cronJob()) as any;
  delete missing.spec.schedule;
  assert.deepEqual(messages(validateCronJob(missing)), ['spec.schedule: Required value']);
  const bad = copy(cronJob()) as any;
  bad.spec.schedule = 'every minute';
  assert.deepEqual(messages(validateCronJob(bad)), ['spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]']);
  bad.spec.schedule = 'TZ=UTC 0 0 * * *';
  assert.deepEqual(messages(validateCronJob(bad)), ['spec.schedule: Invalid value: "TZ=UTC 0 0 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
});

test('a CronJob: time zone, concurrency policy, job template rules, name length', () => {
  const c = copy(cronJob()) as any;
  Object.assign(c.spec, { timeZone: 'Mars/Olympus', concurrencyPolicy: 'Sometimes' });
  c.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always';
  c.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
  assert.deepEqual(messages(validateCronJob(c)), [
    'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
  ]);
  const long = copy(cronJob()) as any;
  long.metadata.name = 'x'.repeat(53);
  assert.deepEqual(messages(validateCronJob(long)), [`metadata.name: Invalid value: "${'x'.repeat(53)}": must be no more than 52 characters`]);
  assert.deepEqual(messages(validateCronJobUpdate(long, long)), []);
  const zoned = copy(cronJob()) as any;
  zoned.spec.timeZone = 'Europe/Berlin';
  assert.deepEqual(messages(validateCronJob(zoned)), []);
});
