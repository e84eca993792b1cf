import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPathSegmentPrefix,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  utf8Length,
} from './index.ts';

// ---- upstream's exact messages ----

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Msg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const namePartMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const tooManySlashesMsg =
  "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const labelValueMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const cIdentifierMsg =
  "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')";

test('isDNS1123Subdomain: upstream messages, length before pattern', () => {
  assert.deepEqual(isDNS1123Subdomain('example.com'), []);
  assert.deepEqual(isDNS1123Subdomain('Example.com'), [subdomainMsg]);
  assert.deepEqual(isDNS1123Subdomain(''), [subdomainMsg]);
  assert.deepEqual(isDNS1123Subdomain('a'.repeat(253)), []);
  assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
  assert.deepEqual(isDNS1123Subdomain(`${'a'.repeat(253)}-`), ['must be no more than 253 characters', subdomainMsg]);
});

test('isDNS1123Label: dots get their own message', () => {
  assert.deepEqual(isDNS1123Label('my-name'), []);
  assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  assert.deepEqual(isDNS1123Label('-a'), [labelMsg]);
  assert.deepEqual(isDNS1123Label('a'.repeat(63)), []);
  assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.deepEqual(isDNS1123Label(`${'a'.repeat(32)}.${'a'.repeat(32)}`), ['must be no more than 63 characters', 'must not contain dots']);
});

test('isDNS1035Label: must start with a letter', () => {
  assert.deepEqual(isDNS1035Label('abc-123'), []);
  assert.deepEqual(isDNS1035Label('1abc'), [dns1035Msg]);
});

test('isQualifiedName: prefix and name parts', () => {
  assert.deepEqual(isQualifiedName('example.com/MyName'), []);
  assert.deepEqual(isQualifiedName('a b'), [namePartMsg]);
  assert.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('a/'), ['name part must be non-empty', namePartMsg]);
  assert.deepEqual(isQualifiedName('a/b/c'), [tooManySlashesMsg]);
  assert.deepEqual(isQualifiedName('Example.com/a'), [`prefix part ${subdomainMsg}`]);
  assert.deepEqual(isQualifiedName('a'.repeat(64)), ['name part must be no more than 63 characters']);
  assert.deepEqual(isQualifiedName(`${'a'.repeat(254)}/a`), ['prefix part must be no more than 253 characters']);
});

test('isValidLabelValue: empty is fine, 63 bytes at most', () => {
  assert.deepEqual(isValidLabelValue(''), []);
  assert.deepEqual(isValidLabelValue('a'.repeat(63)), []);
  assert.deepEqual(isValidLabelValue('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.deepEqual(isValidLabelValue('-a'), [labelValueMsg]);
  // Lengths are bytes, as Go's len: 32 two-byte characters are 64 bytes.
  assert.deepEqual(isValidLabelValue('é'.repeat(32)), ['must be no more than 63 characters', labelValueMsg]);
});

test('isValidPortName: every rule reports separately', () => {
  assert.deepEqual(isValidPortName('http'), []);
  assert.deepEqual(isValidPortName('-1--'), [
    'must contain at least one letter (a-z)',
    'must not contain consecutive hyphens',
    'must not begin or end with a hyphen',
  ]);
  assert.deepEqual(isValidPortName('a'.repeat(16)), ['must be no more than 15 characters']);
  assert.deepEqual(isValidPortName('HTTP'), [
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'must contain at least one letter (a-z)',
  ]);
  assert.deepEqual(isValidPortName(''), [
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'must contain at least one letter (a-z)',
  ]);
});

test('isCIdentifier, isValidPortNum, isWildcardDNS1123Subdomain, isConfigMapKey, isEnvVarName, path segments', () => {
  assert.deepEqual(isCIdentifier('_ok9'), []);
  assert.deepEqual(isCIdentifier('9no'), [cIdentifierMsg]);
  assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
  assert.deepEqual(isValidPortNum(65535), []);
  assert.deepEqual(isWildcardDNS1123Subdomain('*.example.com'), []);
  assert.equal(isWildcardDNS1123Subdomain('*.*.example.com').length, 1);
  assert.deepEqual(isConfigMapKey('..a'), ["must not start with '..'"]);
  assert.deepEqual(isConfigMapKey('key.name'), []);
  assert.deepEqual(isEnvVarName('.'), ["must not be '.'"]);
  assert.deepEqual(isValidPathSegmentName('..'), ["may not be '..'"]);
  assert.deepEqual(isValidPathSegmentName('a/b%'), ["may not contain '/'", "may not contain '%'"]);
  assert.deepEqual(isValidPathSegmentPrefix('.'), []);
});

test('utf8Length counts bytes as Go does', () => {
  assert.equal(utf8Length('abc'), 3);
  assert.equal(utf8Length('é'), 2);
  assert.equal(utf8Length('€'), 3);
  assert.equal(utf8Length('😀'), 4);
  assert.equal(utf8Length('\ud800'), 3);
});

// ---- property tests against an oracle written without regexes ----

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLower = (c: string): boolean => c >= 'a' && c <= 'z';
const isUpper = (c: string): boolean => c >= 'A' && c <= 'Z';
const isLowerAlnum = (c: string): boolean => isLower(c) || isDigit(c);
const isAlnum = (c: string): boolean => isLowerAlnum(c) || isUpper(c);

/** The DNS-1123 label shape, ignoring length: lower alnum ends, lower alnum or '-' inside. */
function labelShape(s: string): boolean {
  if (s.length === 0) return false;
  if (!isLowerAlnum(s[0] as string) || !isLowerAlnum(s[s.length - 1] as string)) return false;
  for (const c of s) if (!isLowerAlnum(c) && c !== '-') return false;
  return true;
}

function subdomainShape(s: string): boolean {
  return s.split('.').every(labelShape);
}

function dns1035Shape(s: string): boolean {
  return labelShape(s) && isLower(s[0] as string);
}

function nameShape(s: string): boolean {
  if (s.length === 0) return false;
  if (!isAlnum(s[0] as string) || !isAlnum(s[s.length - 1] as string)) return false;
  for (const c of s) if (!isAlnum(c) && c !== '-' && c !== '_' && c !== '.') return false;
  return true;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function expectSubdomain(s: string): string[] {
  return [...(bytes(s) > 253 ? ['must be no more than 253 characters'] : []), ...(subdomainShape(s) ? [] : [subdomainMsg])];
}

function expectLabel(s: string): string[] {
  const errs = bytes(s) > 63 ? ['must be no more than 63 characters'] : [];
  if (!labelShape(s)) errs.push(subdomainShape(s) ? 'must not contain dots' : labelMsg);
  return errs;
}

function expectDNS1035(s: string): string[] {
  return [...(bytes(s) > 63 ? ['must be no more than 63 characters'] : []), ...(dns1035Shape(s) ? [] : [dns1035Msg])];
}

function expectLabelValue(s: string): string[] {
  return [...(bytes(s) > 63 ? ['must be no more than 63 characters'] : []), ...(s === '' || nameShape(s) ? [] : [labelValueMsg])];
}

function expectQualifiedName(s: string): string[] {
  const parts = s.split('/');
  if (parts.length > 2) return [tooManySlashesMsg];
  const errs: string[] = [];
  const name = parts[parts.length - 1] as string;
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...expectSubdomain(prefix).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (bytes(name) > 63) errs.push('name part must be no more than 63 characters');
  if (!nameShape(name)) errs.push(namePartMsg);
  return errs;
}

const boundaryLengths = [0, 1, 2, 14, 15, 16, 61, 62, 63, 64, 65, 251, 252, 253, 254, 255];

/** Strings of boundary lengths over `chars`, with a few characters swapped for `rare` ones. */
function boundaryStrings(chars: string[], rare: string[]): fc.Arbitrary<string> {
  const unit = fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...chars) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });
  const atBoundary = fc.constantFrom(...boundaryLengths).chain((n) => fc.string({ unit, minLength: n, maxLength: n }));
  return fc.oneof(atBoundary, fc.string({ unit, maxLength: 300 }));
}

/** DNS-like names of boundary lengths: alphanumerics with a sprinkling of '-' and '.' inside. */
function dnsLike(maxDots: number): fc.Arbitrary<string> {
  return fc
    .record({
      n: fc.constantFrom(...boundaryLengths.filter((n) => n > 0)),
      seed: fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), { minLength: 255, maxLength: 255 }),
      cuts: fc.array(fc.tuple(fc.nat(), fc.constantFrom('-', '.')), { maxLength: maxDots }),
    })
    .map(({ n, seed, cuts }) => {
      const chars = seed.slice(0, n);
      for (const [at, ch] of cuts) if (n > 2) chars[1 + (at % (n - 2))] = ch;
      return chars.join('');
    });
}

const lowerChars = [...'abcdefghijklmnopqrstuvwxyz0123456789-.'];
const rareChars = ['A', 'Z', '_', '/', ' ', 'é', '😀', '*', '\n', '..'];

test('property: DNS validators agree with the oracle at the 63/253 boundaries', () => {
  const input = fc.oneof(boundaryStrings(lowerChars, rareChars), dnsLike(12));
  fc.assert(
    fc.property(input, (s) => {
      assert.deepEqual(isDNS1123Subdomain(s), expectSubdomain(s));
      assert.deepEqual(isDNS1123Label(s), expectLabel(s));
      assert.deepEqual(isDNS1035Label(s), expectDNS1035(s));
    }),
    { numRuns: 3000 },
  );
});

test('property: label values and qualified names agree with the oracle', () => {
  const nameChars = [...'abcxyzABCXYZ0189-_.'];
  const value = boundaryStrings(nameChars, rareChars);
  const prefix = fc.oneof(dnsLike(8), boundaryStrings(lowerChars, rareChars));
  const key = fc.oneof(value, fc.tuple(prefix, value).map(([p, n]) => `${p}/${n}`), fc.constant('a/b/c'));
  fc.assert(
    fc.property(value, key, (v, k) => {
      assert.deepEqual(isValidLabelValue(v), expectLabelValue(v));
      assert.deepEqual(isQualifiedName(k), expectQualifiedName(k));
    }),
    { numRuns: 3000 },
  );
});

test('property: port names and C identifiers agree with the oracle', () => {
  const portName = boundaryStrings([...'abz09-'], ['A', '_', ' ']);
  fc.assert(
    fc.property(portName, (s) => {
      const expected: string[] = [];
      if (bytes(s) > 15) expected.push('must be no more than 15 characters');
      if (s === '' || [...s].some((c) => !isLowerAlnum(c) && c !== '-')) {
        expected.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
      }
      if (![...s].some(isLower)) expected.push('must contain at least one letter (a-z)');
      if (s.includes('--')) expected.push('must not contain consecutive hyphens');
      if (s.startsWith('-') || s.endsWith('-')) expected.push('must not begin or end with a hyphen');
      assert.deepEqual(isValidPortName(s), expected);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(boundaryStrings([...'aZ_09'], ['-', ' ']), (s) => {
      const ok = s.length > 0 && !isDigit(s[0] as string) && [...s].every((c) => isAlnum(c) || c === '_');
      assert.deepEqual(isCIdentifier(s), ok ? [] : [cIdentifierMsg]);
    }),
    { numRuns: 1000 },
  );
});

/** Any Unicode text, lone surrogates included (fc's 'binary' unit is slow to generate). */
function anyUnicode(maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength }).map((cps) => String.fromCodePoint(...cps));
}

test('property: validators never throw on arbitrary Unicode and stay fast on long input', () => {
  fc.assert(
    fc.property(anyUnicode(400), (s) => {
      for (const check of [isDNS1123Subdomain, isDNS1123Label, isDNS1035Label, isQualifiedName, isValidLabelValue, isValidPortName]) {
        assert.ok(Array.isArray(check(s)));
      }
    }),
  );
  const started = performance.now();
  const hostile = `${'a-'.repeat(100_000)}!`;
  isDNS1123Subdomain(hostile);
  isQualifiedName(hostile);
  isValidLabelValue(hostile);
  assert.ok(performance.now() - started < 1000, 'long inputs validate in linear time');
});
