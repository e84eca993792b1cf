// Template version resolution (loft-platform-api.md §4.1) against an independent oracle: plain
// tuple comparison instead of semver, and the wildcard rule read straight from the notes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { resolveVersion } from './versions.ts';

type Triple = [number, number, number];

/** The oracle: the highest tuple whose parts match (x/X = any, else the same number). */
function oracle(versions: Triple[], pattern: string[]): number | undefined {
  let best: number | undefined;
  versions.forEach((v, i) => {
    const ok = pattern.every((p, j) => p.toLowerCase() === 'x' || Number(p) === v[j]);
    if (!ok) return;
    const b = best === undefined ? undefined : versions[best];
    if (!b || v[0] > b[0] || (v[0] === b[0] && (v[1] > b[1] || (v[1] === b[1] && v[2] > b[2])))) best = i;
  });
  return best;
}

const triple = fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4));
const uniqueTriples = fc.uniqueArray(triple, { selector: (t) => t.join('.'), minLength: 0, maxLength: 12 });
const part = fc.oneof(fc.constantFrom('x', 'X'), fc.nat(4).map(String));

test('property: a three-part pattern selects the highest matching version, and the latest is the highest overall', () => {
  fc.assert(
    fc.property(uniqueTriples, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.tuple(part, part, part), fc.constantFrom('', 'v', 'V'), (triples, prefixed, parts, prefix) => {
      const versions = triples.map((t, i) => `${prefixed[i] ? 'v' : ''}${t.join('.')}`);
      const pattern = `${prefix}${parts.join('.')}`;
      const result = resolveVersion(versions, pattern);
      const expected = oracle(triples, parts);
      assert.equal(result.matched, expected, `${pattern} over ${versions.join(',')}`);
      if (expected === undefined) assert.equal(result.failure?.reason, 'VersionNotFound');
      else assert.equal(result.failure, undefined);
      assert.equal(result.latest, oracle(triples, ['x', 'x', 'x']));
      // No pattern means the latest.
      const latest = resolveVersion(versions, '');
      assert.equal(latest.matched, result.latest);
    }),
    { numRuns: 500 },
  );
});

test('property: a pattern without exactly three parts is a VersionError', () => {
  fc.assert(
    fc.property(uniqueTriples, fc.array(part, { minLength: 1, maxLength: 5 }).filter((p) => p.length !== 3), (triples, parts) => {
      const result = resolveVersion(
        triples.map((t) => t.join('.')),
        parts.join('.'),
      );
      assert.equal(result.failure?.reason, 'VersionError');
      assert.match(result.failure?.message ?? '', /expected version in format: 0\.0\.0/);
      assert.equal(result.matched, undefined);
    }),
  );
});

test('a part that is neither a number nor x matches nothing; unparsable versions are skipped', () => {
  const versions = ['1.0.0', 'not-a-version', '1.2.0', 'v1.10.3'];
  assert.equal(resolveVersion(versions, '1.y.0').failure?.reason, 'VersionNotFound');
  assert.match(resolveVersion(versions, '1.y.0').failure?.message ?? '', /"y" is neither a number nor x/);
  assert.deepEqual(resolveVersion(versions, '1.x.x'), { latest: 3, matched: 3 });
  assert.deepEqual(resolveVersion(versions, '1.2.X'), { latest: 3, matched: 2 });
  assert.deepEqual(resolveVersion(versions, 'V1.0.0'), { latest: 3, matched: 0 });
  assert.equal(resolveVersion(versions, '01.x.x').failure?.reason, 'VersionNotFound');
  assert.equal(resolveVersion(['bogus'], '').failure?.reason, 'VersionNotFound');
});
