// The Go scalar parsers the decode check and the validators lean on: resource.Quantity,
// encoding/base64, time.Parse for RFC 3339, and robfig/cron's standard schedules.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { base64ErrorOffset } from './base64.ts';
import { cronScheduleError } from './cron.ts';
import { rfc3339Layout, rfc3339MicroLayout, timeParseError } from './go-time.ts';
import { compareQuantities, errFormatWrong, errSuffix, isWholeNumber, parseQuantity, quantityString, type Quantity } from './quantity.ts';

/** Returns the parsed quantity, failing the test on an error. */
function q(text: string): Quantity {
  const parsed = parseQuantity(text);
  assert.notEqual(typeof parsed, 'string', `${text}: ${String(parsed)}`);
  return parsed as Quantity;
}

test('quantity: String() keeps canonical text and canonicalises the rest', () => {
  const cases: Array<[string, string]> = [
    ['1', '1'],
    ['100m', '100m'],
    ['0.5', '500m'],
    ['1.5', '1500m'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['100Ki', '100Ki'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['0', '0'],
    ['-1', '-1'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
  ];
  for (const [text, canonical] of cases) assert.equal(quantityString(q(text)), canonical, text);
});

test('quantity: upstream error messages', () => {
  assert.equal(parseQuantity(''), errFormatWrong);
  assert.equal(parseQuantity('abc'), errFormatWrong);
  assert.equal(parseQuantity('1Gb'), errFormatWrong);
  assert.equal(parseQuantity('1.5.5'), errFormatWrong);
  assert.equal(parseQuantity('1e'), errSuffix);
  assert.equal(parseQuantity('1iG'), errSuffix);
  assert.equal(errFormatWrong, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
});

test('quantity: comparison and whole numbers', () => {
  assert.equal(compareQuantities(q('1'), q('1000m')), 0);
  assert.equal(compareQuantities(q('1Gi'), q('1G')), 1);
  assert.equal(compareQuantities(q('500m'), q('0.6')), -1);
  assert.ok(isWholeNumber(q('2')));
  assert.ok(!isWholeNumber(q('1500m')));
});

test('property: quantities written as integers keep their value through String()', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom('', 'k', 'M', 'Ki', 'Mi', 'm'), (n, suffix) => {
      const original = q(`${n}${suffix}`);
      assert.equal(compareQuantities(q(quantityString(original)), original), 0);
    }),
  );
});

test('base64: Go StdEncoding error offsets', () => {
  assert.equal(base64ErrorOffset('aGVsbG8='), undefined);
  assert.equal(base64ErrorOffset('aGVs\nbG8='), undefined);
  assert.equal(base64ErrorOffset(''), undefined);
  assert.equal(base64ErrorOffset('abc'), 0);
  assert.equal(base64ErrorOffset('hello!'), 5);
  assert.equal(base64ErrorOffset('aGVsbG8'), 4);
  assert.equal(base64ErrorOffset('aGVsbG8=x'), 8);
  assert.equal(base64ErrorOffset('aGVsbA='), 7);
  assert.equal(base64ErrorOffset('a==='), 1);
});

test('property: every standard base64 encoding decodes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => assert.equal(base64ErrorOffset(Buffer.from(bytes).toString('base64')), undefined)));
});

test('time: RFC 3339 with Go parse errors', () => {
  assert.equal(timeParseError('2024-01-02T03:04:05Z', rfc3339Layout), undefined);
  assert.equal(timeParseError('2024-01-02T03:04:05.123+02:00', rfc3339Layout), undefined);
  assert.equal(timeParseError('yesterday', rfc3339Layout), 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"');
  assert.equal(timeParseError('2024-01-02', rfc3339Layout), 'parsing time "2024-01-02" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"');
  assert.equal(timeParseError('2024-13-02T03:04:05Z', rfc3339Layout), 'parsing time "2024-13-02T03:04:05Z": month out of range');
  assert.equal(timeParseError('2023-02-29T03:04:05Z', rfc3339Layout), 'parsing time "2023-02-29T03:04:05Z": day out of range');
  assert.equal(timeParseError('2024-01-02T03:04:05Zjunk', rfc3339Layout), 'parsing time "2024-01-02T03:04:05Zjunk": extra text: "junk"');
  assert.equal(timeParseError('2024-01-02T03:04:05.000000Z', rfc3339MicroLayout), undefined);
  assert.equal(
    timeParseError('2024-01-02T03:04:05.123Z', rfc3339MicroLayout),
    'parsing time "2024-01-02T03:04:05.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
  );
});

test('cron: standard schedules and descriptors parse', () => {
  for (const s of ['*/1 * * * *', '0 0 * * *', '15 3 1-15/2 jan-jun mon,fri', '@daily', '@every 1h30m', '0 0 ? * *', 'TZ=UTC 0 0 * * *']) {
    assert.equal(cronScheduleError(s), undefined, s);
  }
});

test('cron: robfig/cron error messages', () => {
  assert.equal(cronScheduleError('abc'), 'expected exactly 5 fields, found 1: [abc]');
  assert.equal(cronScheduleError('* * * *'), 'expected exactly 5 fields, found 4: [* * * *]');
  assert.equal(cronScheduleError('61 * * * *'), 'end of range (61) above maximum (59): 61');
  assert.equal(cronScheduleError('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
  assert.equal(cronScheduleError('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
  assert.equal(cronScheduleError('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
  assert.equal(cronScheduleError('*/0 * * * *'), 'step of range should be a positive number: */0');
  assert.equal(cronScheduleError('1-2-3 * * * *'), 'too many hyphens: 1-2-3');
  assert.equal(cronScheduleError('@weekdays'), 'unrecognized descriptor: @weekdays');
  assert.equal(cronScheduleError('* * * * 7'), 'end of range (7) above maximum (6): 7');
  assert.equal(cronScheduleError('@every 5'), 'failed to parse duration @every 5: time: missing unit in duration "5"');
});
