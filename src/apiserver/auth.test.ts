import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import fc from 'fast-check';
import { bearerToken } from './auth.ts';

const withAuthorization = (value: string | undefined): IncomingMessage => ({ headers: value === undefined ? {} : { authorization: value } }) as unknown as IncomingMessage;
/** The definition the fast path must agree with. */
const byPattern = (value: string): string | undefined => /^bearer\s+(\S+)\s*$/i.exec(value)?.[1];

test('bearerToken reads "Bearer <token>" in any spelling the pattern accepts, and nothing else', () => {
  assert.equal(bearerToken(withAuthorization(undefined)), undefined);
  assert.equal(bearerToken(withAuthorization('')), undefined);
  assert.equal(bearerToken(withAuthorization('Bearer abc.def-_~+/=')), 'abc.def-_~+/=');
  assert.equal(bearerToken(withAuthorization('bearer  abc  ')), 'abc');
  assert.equal(bearerToken(withAuthorization('Bearer a b')), undefined);
  assert.equal(bearerToken(withAuthorization('Bearer ')), undefined);
  assert.equal(bearerToken(withAuthorization('Basic abc')), undefined);
  const chars = [...'Bearbe rB\tA0.-_~é\u00a0\u2028xyz'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 20 }), fc.boolean(), (parts, prefixed) => {
      const value = `${prefixed ? 'Bearer ' : ''}${parts.join('')}`;
      assert.equal(bearerToken(withAuthorization(value)), byPattern(value), JSON.stringify(value));
    }),
    { numRuns: 5000 },
  );
});
