// LOFT_TIMEOUT is a Go duration; instance status summaries name reason and message.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loftTimeout, parseGoDuration, statusSummary } from './wait.ts';

test('Go durations: units ns to h, fractions, sums and signs; anything else is refused', () => {
  assert.equal(parseGoDuration('10m'), 600_000);
  assert.equal(parseGoDuration('1h30m'), 5_400_000);
  assert.equal(parseGoDuration('1.5s'), 1500);
  assert.equal(parseGoDuration('250ms'), 250);
  assert.equal(parseGoDuration('0'), 0);
  assert.equal(parseGoDuration('-1m'), -60_000);
  assert.equal(parseGoDuration('2h45m30.5s'), 9_930_500);
  for (const bad of ['', '10', 'm', '1x', '1h 2m', '-']) assert.throws(() => parseGoDuration(bad), /invalid duration/, bad);
  assert.deepEqual(loftTimeout({}), { ms: 600_000, text: '10m' });
  assert.deepEqual(loftTimeout({ LOFT_TIMEOUT: '30s' }), { ms: 30_000, text: '30s' });
  assert.throws(() => loftTimeout({ LOFT_TIMEOUT: 'soon' }), /invalid LOFT_TIMEOUT/);
});

test('a status summary is "message (reason)", else that of the first false condition', () => {
  assert.equal(statusSummary({ status: { reason: 'TemplateNotFound', message: 'template x not found' } }), 'template x not found (TemplateNotFound)');
  assert.equal(statusSummary({ status: { reason: 'OnlyReason' } }), 'OnlyReason');
  assert.equal(
    statusSummary({ status: { conditions: [{ type: 'A', status: 'True' }, { type: 'TemplateResolved', status: 'False', reason: 'VersionError', message: 'bad version' }] } }),
    'bad version (VersionError)',
  );
  assert.equal(statusSummary({}), '');
});
