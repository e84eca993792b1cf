import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isStatusError } from '../errors.ts';
import {
  checkSupportedFields,
  escapeFieldValue,
  fieldRequiresExactMatch,
  fieldSelectorToString,
  isEverything,
  matchesFields,
  objectMetaFields,
  parseFieldSelector,
  requirements,
  unescapeFieldValue,
  unsupportedFieldSelector,
  type FieldRequirement,
  type FieldSelector,
} from './index.ts';

/** Returns the 400 message parseFieldSelector throws for `text`. */
function parseError(text: string): string {
  try {
    parseFieldSelector(text);
  } catch (err) {
    assert.ok(isStatusError(err, 'BadRequest'));
    assert.equal(err.code, 400);
    return err.message;
  }
  assert.fail(`expected ${JSON.stringify(text)} not to parse`);
}

test('parsing: operators, commas, sorting by term', () => {
  assert.ok(isEverything(parseFieldSelector('')));
  assert.ok(isEverything(parseFieldSelector(',,')));
  assert.deepEqual(requirements(parseFieldSelector('metadata.name=a')), [{ field: 'metadata.name', operator: '=', value: 'a' }]);
  assert.deepEqual(requirements(parseFieldSelector('status.phase!=Running,metadata.namespace==default')), [
    { field: 'metadata.namespace', operator: '=', value: 'default' },
    { field: 'status.phase', operator: '!=', value: 'Running' },
  ]);
  // The first operator splits: the value may contain '!' but '=' must be escaped.
  assert.deepEqual(requirements(parseFieldSelector('a=b!c')), [{ field: 'a', operator: '=', value: 'b!c' }]);
  assert.deepEqual(requirements(parseFieldSelector('a=')), [{ field: 'a', operator: '=', value: '' }]);
  assert.deepEqual(requirements(parseFieldSelector('a== x')), [{ field: 'a', operator: '=', value: ' x' }]);
});

test('escaping: \\ , and = in values', () => {
  assert.deepEqual(requirements(parseFieldSelector('a=b\\,c\\=d\\\\e')), [{ field: 'a', operator: '=', value: 'b,c=d\\e' }]);
  assert.equal(escapeFieldValue('b,c=d\\e!'), 'b\\,c\\=d\\\\e!');
  assert.equal(unescapeFieldValue('plain'), 'plain');
  assert.equal(fieldSelectorToString(parseFieldSelector('a=x\\,y,b!=z')), 'a=x\\,y,b!=z');
});

test('parse errors carry upstream messages', () => {
  assert.equal(parseError('a'), "invalid selector: 'a'; can't understand 'a'");
  assert.equal(parseError('b=1,a'), "invalid selector: 'b=1,a'; can't understand 'a'");
  assert.equal(parseError('a=b=c'), 'invalid field selector: unescaped character in value: 61');
  assert.equal(parseError('a=\\x'), 'invalid field selector: invalid escape sequence: \\x');
  assert.equal(parseError('a=\\!'), 'invalid field selector: invalid escape sequence: \\!');
  assert.equal(parseError('a=b\\'), 'invalid field selector: invalid escape sequence: \\');
});

test('matching: a missing field is the empty string', () => {
  const obj = { metadata: { name: 'web', namespace: 'default' } };
  const get = objectMetaFields(obj);
  assert.ok(matchesFields(parseFieldSelector('metadata.name=web'), get));
  assert.ok(matchesFields(parseFieldSelector('metadata.name!=db,metadata.namespace=default'), get));
  assert.ok(!matchesFields(parseFieldSelector('metadata.name=db'), get));
  assert.ok(matchesFields(parseFieldSelector('spec.nodeName='), get));
  assert.ok(!matchesFields(parseFieldSelector('spec.nodeName!='), get));
  assert.ok(matchesFields(parseFieldSelector(''), () => undefined));
  assert.equal(fieldRequiresExactMatch(parseFieldSelector('metadata.name==web'), 'metadata.name'), 'web');
  assert.equal(fieldRequiresExactMatch(parseFieldSelector('metadata.name!=web'), 'metadata.name'), undefined);
});

test('unsupported fields: upstream wording per conversion style', () => {
  const supported = ['metadata.name', 'metadata.namespace'];
  const e1 = unsupportedFieldSelector('ingresses', 'foo.bar', supported);
  assert.equal(e1.code, 400);
  assert.equal(e1.reason, 'BadRequest');
  assert.equal(e1.message, '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"');
  assert.equal(unsupportedFieldSelector('pods', 'foo', [...supported, 'spec.nodeName']).message, 'field label not supported: foo');
  assert.equal(unsupportedFieldSelector('widgets', 'foo', supported, { style: 'kind' }).message, 'field label not supported: foo');
  assert.throws(() => checkSupportedFields(parseFieldSelector('metadata.name=a,spec.x=1'), 'things', supported), {
    message: '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
  });
  const ok = parseFieldSelector('metadata.name=a');
  assert.equal(checkSupportedFields(ok, 'things', supported), ok);
});

// ---- properties ----

const fieldName = fc.string({ unit: fc.constantFrom(...'abcxyz.'), minLength: 1, maxLength: 12 });
const fieldValue = fc.string({ unit: fc.constantFrom('a', 'b', '\\', ',', '=', '!', ' ', '.', 'é', '-'), maxLength: 10 });
const requirementArb: fc.Arbitrary<FieldRequirement> = fc.record({ field: fieldName, operator: fc.constantFrom('=', '!=') as fc.Arbitrary<'=' | '!='>, value: fieldValue });
const selectorArb: fc.Arbitrary<FieldSelector> = fc.array(requirementArb, { maxLength: 5 }).map((reqs) => ({ requirements: reqs }));

function key(r: FieldRequirement): string {
  return JSON.stringify([r.field, r.operator, r.value]);
}

test('property: parse(toString(s)) has the same requirements, in canonical order', () => {
  fc.assert(
    fc.property(selectorArb, (s) => {
      const parsed = parseFieldSelector(fieldSelectorToString(s));
      assert.deepEqual(parsed.requirements.map(key).sort(), s.requirements.map(key).sort());
      // Parsing the canonical form again changes nothing.
      assert.deepEqual(parseFieldSelector(fieldSelectorToString(parsed)), parsed);
    }),
    { numRuns: 2000 },
  );
});

test('property: escaping round-trips any value', () => {
  fc.assert(
    fc.property(fc.string(), (v) => {
      assert.equal(unescapeFieldValue(escapeFieldValue(v)), v);
    }),
  );
});

test('property: matching agrees with a reference model', () => {
  const objectFields = fc.dictionary(fieldName, fieldValue, { maxKeys: 5 });
  fc.assert(
    fc.property(selectorArb, objectFields, (s, fields) => {
      const get = (path: string): string | undefined => (Object.hasOwn(fields, path) ? fields[path] : undefined);
      const expected = s.requirements.every((r) => {
        const actual = Object.hasOwn(fields, r.field) ? fields[r.field] : '';
        return r.operator === '=' ? actual === r.value : actual !== r.value;
      });
      assert.equal(matchesFields(s, get), expected);
      assert.equal(matchesFields(parseFieldSelector(fieldSelectorToString(s)), get), expected);
    }),
    { numRuns: 2000 },
  );
});

test('property: arbitrary input either parses or is a 400', () => {
  const text = fc.string({ unit: fc.constantFrom('a', '=', '!', ',', '\\', ' ', '.'), maxLength: 20 });
  fc.assert(
    fc.property(text, (t) => {
      try {
        parseFieldSelector(t);
      } catch (err) {
        assert.ok(isStatusError(err, 'BadRequest'), String(err));
      }
    }),
    { numRuns: 2000 },
  );
});
