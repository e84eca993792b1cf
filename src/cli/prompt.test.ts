// Questions on stdin/stderr: a line per answer, backspace edits, end of input is an error, and a
// numbered choice takes Enter as the first option.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { ask, choose } from './prompt.ts';

function io(): { stdin: PassThrough; stderr: PassThrough; shown(): string } {
  const stdin = new PassThrough();
  const stderr = new PassThrough();
  let shown = '';
  stderr.on('data', (c: Buffer) => (shown += c.toString()));
  return { stdin, stderr, shown: () => shown };
}

test('ask prints the question on stderr and returns the typed line, backspaces applied', async () => {
  const t = io();
  const answer = ask(t, 'Username: ');
  t.stdin.write('bobx\u007f\n');
  assert.equal(await answer, 'bob');
  assert.equal(t.shown(), 'Username: ');
});

test('ask fails when input ends before an answer', async () => {
  const t = io();
  const answer = ask(t, 'Password: ', { hidden: true });
  t.stdin.end();
  await assert.rejects(answer, /no answer: input ended/);
});

test('choose lists numbered options, re-asks on a bad number, and Enter picks the first', async () => {
  const t = io();
  const picked = choose(t, 'Please choose a template to use', ['isolated', 'shared']);
  t.stdin.write('7\n');
  await new Promise((r) => setImmediate(r));
  t.stdin.write('2\n');
  assert.equal(await picked, 'shared');
  assert.match(t.shown(), /^Please choose a template to use\n {2}1\) isolated\n {2}2\) shared\nEnter a number \[1\]: Please enter a number from 1 to 2\.\nEnter a number \[1\]: $/);
  const t2 = io();
  const first = choose(t2, 'Q', ['a', 'b']);
  t2.stdin.write('\n');
  assert.equal(await first, 'a');
});
