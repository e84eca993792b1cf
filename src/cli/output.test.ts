// kubectl-style output: ages, tables, -o formats.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { parse } from 'yaml';
import { age, formatTable, parseOutputFormat, printList, type ListPrinter } from './output.ts';
import { humanDuration } from '../apimachinery/index.ts';
import { UsageError } from './errors.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

test('ages read like kubectl (duration.HumanDuration)', () => {
  const cases: Array<[number, string]> = [
    [-5 * s, '<invalid>'],
    [-500, '0s'],
    [0, '0s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [2 * m + 5 * s, '2m5s'],
    [10 * m, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 20 * m, '3h20m'],
    [8 * h, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [3 * d + 4 * h, '3d4h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [2 * 365 * d, '2y'],
    [3 * 365 * d + 10 * d, '3y10d'],
    [9 * 365 * d, '9y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
  assert.equal(age({ metadata: { creationTimestamp: new Date(1_000_000).toISOString() } }, 1_000_000 + 90 * s), '90s');
  assert.equal(age({ metadata: {} }, 0), '<unknown>');
});

test('tables: upper-case headers, columns three spaces apart, no trailing blanks', () => {
  assert.equal(formatTable(['NAME', 'STATUS'], [['demo', 'Ready'], ['a-longer-name', '<none>']]), 'NAME            STATUS\ndemo            Ready\na-longer-name   <none>\n');
  assert.equal(formatTable(['NAME', 'X'], [['a', 'b']], true), 'a   b\n');
});

test('-o accepts table, json, yaml and name; anything else is a usage error in kubectl’s words', () => {
  assert.equal(parseOutputFormat(undefined), 'table');
  assert.equal(parseOutputFormat('yaml'), 'yaml');
  assert.throws(() => parseOutputFormat('xml'), (err: Error) => err instanceof UsageError && err.message === 'unable to match a printer suitable for the output format "xml", allowed formats are: json,name,table,yaml');
});

test('json and yaml print a v1 List of the objects; name prints resource/name; an empty table says so on stderr', () => {
  const printer: ListPrinter = { plural: 'things', resource: 'thing.example.com', headers: ['NAME'], row: (o) => [o.metadata?.name ?? ''] };
  const items = [{ apiVersion: 'x/v1', kind: 'Thing', metadata: { name: 'a' } }];
  const capture = (format: 'json' | 'yaml' | 'name' | 'table', list = items): { out: string; err: string } => {
    const out = new PassThrough();
    const err = new PassThrough();
    printList(out, err, list, format, printer);
    return { out: String(out.read() ?? ''), err: String(err.read() ?? '') };
  };
  assert.deepEqual(JSON.parse(capture('json').out), { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
  assert.deepEqual(parse(capture('yaml').out), { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
  assert.equal(capture('name').out, 'thing.example.com/a\n');
  assert.deepEqual(capture('table', []), { out: '', err: 'No things found.\n' });
  assert.deepEqual(JSON.parse(capture('json', []).out).items, []);
});
