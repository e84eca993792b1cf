import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Int64 } from './values.ts';
import { unquoteGo } from './parser.ts';
import { formatFloat, quote, sprint, sprintf, sprintln } from './printf.ts';

// Expected outputs are what Go's fmt prints (fmt documentation and its print tests).
const cases: [string, unknown[], string][] = [
  ['%s', ['x'], 'x'],
  ['%d', [42n], '42'],
  ['%5d|%-5d|%05d', [42n, 42n, -42n], '   42|42   |-0042'],
  ['%+d % d', [5n, 5n], '+5  5'],
  ['%x %X %o %O %b', [255n, 255n, 8n, 8n, 5n], 'ff FF 10 0o10 101'],
  ['%#x %#o', [255n, 8n], '0xff 010'],
  ['%c %q %U', [65n, 65n, 0x1f600n], "A 'A' U+1F600"],
  ['%v %v %v', [true, null, 1.5], 'true <nil> 1.5'],
  ['%t', [false], 'false'],
  ['%f %.2f %8.3f %-8.1f|', [3.14159, 3.14159, 3.14159, 2.0], '3.141590 3.14    3.142 2.0     |'],
  ['%e %E %.2e', [1234.5678, 1234.5678, 1234.5678], '1.234568e+03 1.234568E+03 1.23e+03'],
  ['%g %g %g %.3g', [100000.0, 1000000.0, 1e-5, 3.14159], '100000 1e+06 1e-05 3.14'],
  ['%v', [1e21], '1e+21'],
  ['%.0f %.0f %.1f', [0.5, 1.5, 0.25], '0 2 0.2'],
  ['%q', ['a"b\n\u0001é'], '"a\\"b\\n\\x01é"'],
  ['%#q', ['abc'], '`abc`'],
  ['%x % x', ['hi', 'hi'], '6869 68 69'],
  ['%10s|%-10s|%.2s', ['go', 'go', 'golang'], '        go|go        |go'],
  ['%T %T %T %T %T', ['s', 1n, new Int64(1n), 1.5, [1n]], 'string int int64 float64 []interface {}'],
  ['%v', [{ b: 1n, a: [1n, 'x'] }], 'map[a:[1 x] b:1]'],
  ['%d', [[1n, 2n]], '[1 2]'],
  ['%s', [['a', 1n]], '[a %!s(int=1)]'],
  ['%d', ['x'], '%!d(string=x)'],
  ['%s', [2n], '%!s(int=2)'],
  ['%d', [null], '%!d(<nil>)'],
  ['%d %d', [1n], '1 %!d(MISSING)'],
  ['%d', [1n, 'x'], '1%!(EXTRA string=x)'],
  ['%', [], '%!(NOVERB)'],
  ['%%', [], '%'],
  ['%[2]d %[1]d', [1n, 2n], '2 1'],
  ['%*d|%-*d', [4n, 7n, 3n, 7n], '   7|7  '],
  ['%.*f', [2n, 3.14159], '3.14'],
  ['%z', [1n], '%!z(int=1)'],
  ['%#v', [{ a: 'x' }], 'map[string]interface {}{"a":"x"}'],
  ['%6.2f%%', [99.5], ' 99.50%'],
];

for (const [format, args, want] of cases) {
  test(`Sprintf(${JSON.stringify(format)})`, () => {
    assert.equal(sprintf(format, args), want);
  });
}

test('Sprint adds spaces only between operands that are not strings', () => {
  assert.equal(sprint([1n, 2n, 'a', 'b', 3n, null]), '1 2ab3 <nil>');
});

test('Sprintln separates every operand and ends with a newline', () => {
  assert.equal(sprintln(['a', 1n]), 'a 1\n');
});

test('FormatFloat shortest forms match Go', () => {
  assert.equal(formatFloat(0.1 + 0.2, 'g', -1), '0.30000000000000004');
  assert.equal(formatFloat(1e100, 'g', -1), '1e+100');
  assert.equal(formatFloat(-0, 'g', -1), '-0');
  assert.equal(formatFloat(Infinity, 'g', -1), '+Inf');
  assert.equal(formatFloat(123456789, 'f', -1), '123456789');
  assert.equal(formatFloat(5e-324, 'e', -1), '5e-324');
});

test('property: %v of a float parses back to the same float', () => {
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Number(formatFloat(x, 'g', -1)) === x || Object.is(x, -0)));
});

test('property: %f with precision p agrees with exact rounding', () => {
  fc.assert(fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 8 }), (x, p) => {
    const s = formatFloat(x, 'f', p);
    return Math.abs(Number(s) - x) <= 0.5 * 10 ** -p + Math.abs(x) * 1e-15;
  }));
});

test('property: %q output is a valid Go string literal of the same text', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => unquoteGo(quote(s)) === s));
});
