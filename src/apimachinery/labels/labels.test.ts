import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isStatusError } from '../errors.ts';
import {
  compareStrings,
  isEverything,
  matches,
  newRequirement,
  parseSelector,
  requiresExactMatch,
  selectorFromLabelSelector,
  selectorFromSet,
  selectorToString,
  sortByKey,
  type LabelSelector,
  type Operator,
  type Requirement,
} from './index.ts';

/** Returns the 400 message parseSelector throws for `text`. */
function parseError(text: string): string {
  try {
    parseSelector(text);
  } catch (err) {
    assert.ok(isStatusError(err, 'BadRequest'), `expected a 400 for ${JSON.stringify(text)}, got ${String(err)}`);
    assert.equal(err.code, 400);
    return err.message;
  }
  assert.fail(`expected ${JSON.stringify(text)} not to parse`);
}

test('the string form: every operator, canonical output', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['   ', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['a', 'a'],
    ['!a', '!a'],
    ['a>1', 'a>1'],
    ['a<2', 'a<2'],
    ['a in (y,x)', 'a in (x,y)'],
    ['a notin (x)', 'a notin (x)'],
    [' b = 1 , a ', 'a,b=1'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['environment in (production, qa)', 'environment in (production,qa)'],
    ['a in (x,x,y)', 'a in (x,y)'],
    ['a=', 'a='],
    ['a=,b', 'a=,b'],
    ['in in (in,notin)', 'in in (in,notin)'],
    ['notin=in', 'notin=in'],
    ['example.com/app.kubernetes.io=x', 'example.com/app.kubernetes.io=x'],
    ['a\tin\n(b)', 'a in (b)'],
    ['b,a=1,a', 'a=1,a,b'],
  ];
  for (const [input, canonical] of cases) {
    assert.equal(selectorToString(parseSelector(input)), canonical, JSON.stringify(input));
  }
});

test('parse errors carry upstream messages', () => {
  assert.equal(parseError('a in'), "unable to parse requirement: found '' expected: '('");
  assert.equal(parseError('a b'), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  assert.equal(parseError(')'), "found ')', expected: !, identifier, or 'end of string'");
  assert.equal(parseError('a,'), "found '', expected: identifier after ','");
  assert.equal(parseError('!a=b'), "found '=', expected: ',' or 'end of string'");
  assert.equal(parseError('a in (b c)'), "unable to parse requirement: found 'c', expected: ',' or ')'");
  assert.equal(parseError('a in (x,y'), "unable to parse requirement: found '', expected: ',' or ')'");
  assert.equal(parseError('a in (=)'), "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  assert.equal(parseError('a in (x,=)'), "unable to parse requirement: found '=', expected: ',', or identifier");
  assert.equal(parseError('a=('), "unable to parse requirement: found '(', expected: identifier");
  assert.equal(parseError('!'), "unable to parse requirement: found '', expected: identifier");
  assert.equal(parseError('a>x'), "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer");
  assert.equal(
    parseError('a=-b'),
    "unable to parse requirement: values[0][a]: Invalid value: \"-b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  );
  assert.equal(
    parseError('a/b/c=d'),
    "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  );
  assert.equal(parseError(`${'k'.repeat(64)}=v`), `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`);
  assert.match(parseError(`a=${'v'.repeat(64)}`), /^unable to parse requirement: values\[0\]\[a\]: Invalid value: "v+": must be no more than 63 characters$/);
  assert.match(parseError('a>-1'), /^unable to parse requirement: values\[0\]\[a\]: Invalid value: "-1": a valid label/);
  assert.match(parseError('a>99999999999999999999'), /the value must be an integer/);
});

test('matching: each operator', () => {
  const labels = { app: 'web', tier: 'front', n: '10' };
  const yes = ['app', 'app=web', 'app==web', 'app!=db', 'app in (db,web)', 'app notin (db)', '!missing', 'missing!=x', 'missing notin (x)', 'n>9', 'n<11', ''];
  const no = ['missing', 'app=db', 'app!=web', 'app in (db)', 'app notin (web)', '!app', 'missing=x', 'missing in (x)', 'n>10', 'n<10', 'app>1', 'missing>1'];
  for (const s of yes) assert.equal(matches(parseSelector(s), labels), true, s);
  for (const s of no) assert.equal(matches(parseSelector(s), labels), false, s);
  assert.equal(matches(parseSelector('!a,b!=c'), undefined), true);
  assert.equal(matches(parseSelector('a'), undefined), false);
  assert.equal(matches(parseSelector('a='), { a: '' }), true);
});

test('the struct form: matchLabels and matchExpressions', () => {
  const sel = selectorFromLabelSelector({
    matchLabels: { b: '1' },
    matchExpressions: [
      { key: 'a', operator: 'In', values: ['y', 'x', 'x'] },
      { key: 'c', operator: 'DoesNotExist' },
      { key: 'd', operator: 'Exists' },
      { key: 'e', operator: 'NotIn', values: ['z'] },
    ],
  });
  assert.equal(selectorToString(sel), 'a in (x,x,y),b=1,!c,d,e notin (z)');
  assert.equal(matches(sel, { a: 'x', b: '1', d: '' }), true);
  assert.equal(matches(sel, { a: 'x', b: '1', c: '', d: '' }), false);
  assert.equal(requiresExactMatch(sel, 'b'), '1');
  assert.equal(requiresExactMatch(sel, 'a'), undefined);

  // null selects nothing, an empty selector everything.
  assert.equal(matches(selectorFromLabelSelector(null), {}), false);
  assert.equal(isEverything(selectorFromLabelSelector(null)), false);
  assert.equal(isEverything(selectorFromLabelSelector({})), true);
  assert.equal(matches(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }), undefined), true);
});

test('the struct form: errors', () => {
  const message = (spec: Parameters<typeof selectorFromLabelSelector>[0]): string => {
    try {
      selectorFromLabelSelector(spec);
    } catch (err) {
      assert.ok(isStatusError(err, 'BadRequest'));
      return err.message;
    }
    assert.fail('expected an error');
  };
  assert.equal(message({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), '"Gt" is not a valid pod selector operator');
  assert.equal(message({ matchExpressions: [{ key: 'a', operator: 'toString' }] }), '"toString" is not a valid pod selector operator');
  assert.equal(
    message({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
  );
  assert.equal(
    message({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
    'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
  );
  assert.match(message({ matchLabels: { 'a b': 'c' } }), /^key: Invalid value: "a b": name part must consist/);
  assert.match(message({ matchExpressions: [{ key: 'a b', operator: 'In', values: ['-'] }] }), /^\[key: Invalid value: "a b": .*, values\[0\]\[a b\]: Invalid value: "-": .*\]$/);
});

test('newRequirement validates; selectorFromSet does not', () => {
  assert.deepEqual(newRequirement('a', 'in', ['x']), { key: 'a', operator: 'in', values: ['x'] });
  assert.throws(() => newRequirement('a', '=', ['x', 'y']), /exact-match compatibility requires one single value/);
  assert.throws(() => newRequirement('a', 'gt', ['1', '2']), /for 'Gt', 'Lt' operators, exactly one value is required/);
  assert.throws(() => newRequirement('a', 'bogus' as Operator, []), /operator: Unsupported value: "bogus": supported values: "in", "notin"/);
  assert.equal(selectorToString(selectorFromSet({ b: '2', a: '1' })), 'a=1,b=2');
  assert.equal(isEverything(selectorFromSet(undefined)), true);
});

// ---- properties ----

const keyword = fc.constantFrom('in', 'notin');
const namePart = fc.oneof(
  keyword,
  fc
    .tuple(fc.constantFrom(...'abzAZ09'), fc.string({ unit: fc.constantFrom(...'ab9-_.'), maxLength: 4 }), fc.constantFrom(...'ayZ0'))
    .map(([a, mid, z]) => `${a}${mid}${z}`),
  fc.constantFrom(...'abcxyz'),
);
const labelKey = fc.oneof({ weight: 4, arbitrary: namePart }, { weight: 1, arbitrary: namePart.map((n) => `example.com/${n}`) });
const labelValue = fc.oneof(namePart, fc.constant(''), fc.constantFrom('1', '10', '42'));
const integerValue = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String);

const requirementArb: fc.Arbitrary<Requirement> = fc.oneof(
  fc.record({ key: labelKey, operator: fc.constantFrom<Operator>('in', 'notin'), values: fc.uniqueArray(labelValue, { minLength: 1, maxLength: 4 }) }),
  fc.record({ key: labelKey, operator: fc.constantFrom<Operator>('=', '==', '!='), values: labelValue.map((v) => [v]) }),
  fc.record({ key: labelKey, operator: fc.constantFrom<Operator>('gt', 'lt'), values: integerValue.map((v) => [v]) }),
  fc.record({ key: labelKey, operator: fc.constantFrom<Operator>('exists', '!'), values: fc.constant([]) }),
);

/** Selectors as the parser builds them: requirements by key, each value set sorted. */
const selectorArb: fc.Arbitrary<LabelSelector> = fc.array(requirementArb, { maxLength: 5 }).map((reqs) => ({
  requirements: sortByKey(reqs.map((r) => ({ ...r, values: [...r.values].sort(compareStrings) }))),
  matchesNothing: false,
}));

const labelsArb = fc.option(fc.dictionary(labelKey, labelValue, { maxKeys: 6 }), { nil: undefined });

/** An independent model of requirement semantics, for matching. */
function modelMatches(r: Requirement, labels: Record<string, string> | undefined): boolean {
  const map = new Map(Object.entries(labels ?? {}));
  const present = map.has(r.key);
  const v = map.get(r.key);
  const inSet = present && r.values.some((x) => x === v);
  if (r.operator === 'in' || r.operator === '=' || r.operator === '==') return inSet;
  if (r.operator === 'notin' || r.operator === '!=') return !inSet;
  if (r.operator === 'exists') return present;
  if (r.operator === '!') return !present;
  const isInt = (s: string | undefined): s is string => s !== undefined && /^\d+$/.test(s) && BigInt(s) < 2n ** 63n;
  if (!isInt(v) || !isInt(r.values[0])) return false;
  return r.operator === 'gt' ? BigInt(v) > BigInt(r.values[0]) : BigInt(v) < BigInt(r.values[0]);
}

test('property: parse(toString(s)) equals s', () => {
  fc.assert(
    fc.property(selectorArb, (s) => {
      assert.deepEqual(parseSelector(selectorToString(s)), s);
    }),
    { numRuns: 2000 },
  );
});

test('property: printing a parsed selector is a fixed point', () => {
  fc.assert(
    fc.property(selectorArb, fc.constantFrom(' ', '  ', '\t'), (s, ws) => {
      // Re-space the canonical form: whitespace around tokens does not change the meaning.
      const spaced = selectorToString(s).replace(/,/g, `${ws},${ws}`);
      const once = selectorToString(parseSelector(spaced));
      assert.equal(selectorToString(parseSelector(once)), once);
      assert.equal(once, selectorToString(s));
    }),
  );
});

test('property: matching agrees with the reference model', () => {
  fc.assert(
    fc.property(selectorArb, labelsArb, (s, labels) => {
      const expected = s.requirements.every((r) => modelMatches(r, labels));
      assert.equal(matches(s, labels), expected);
      assert.equal(matches(parseSelector(selectorToString(s)), labels), expected);
    }),
    { numRuns: 3000 },
  );
});

test('property: the empty selector matches everything', () => {
  fc.assert(
    fc.property(labelsArb, fc.constantFrom('', ' ', '\t\n'), (labels, text) => {
      const s = parseSelector(text);
      assert.ok(isEverything(s));
      assert.ok(matches(s, labels));
      assert.ok(matches(selectorFromLabelSelector({}), labels));
      assert.ok(!matches(selectorFromLabelSelector(null), labels));
    }),
  );
});

/** Any Unicode text, lone surrogates included (fc's 'binary' unit is slow to generate). */
function anyUnicode(maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength }).map((cps) => String.fromCodePoint(...cps));
}

test('property: arbitrary input either parses or is a 400, never a crash', () => {
  const tokenish = fc.string({ unit: fc.constantFrom('a', 'b', '=', '!', '(', ')', ',', ' ', 'in', 'notin', '<', '>', '1', '-', '\0', 'é'), maxLength: 30 });
  fc.assert(
    fc.property(fc.oneof(tokenish, anyUnicode(60)), (text) => {
      try {
        const s = parseSelector(text);
        // Whatever parses prints to something that parses to the same selector.
        assert.deepEqual(parseSelector(selectorToString(s)), s);
      } catch (err) {
        assert.ok(isStatusError(err, 'BadRequest'), String(err));
      }
    }),
    { numRuns: 3000 },
  );
});
