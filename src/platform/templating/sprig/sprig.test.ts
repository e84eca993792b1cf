import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { helmFuncs } from '../helm.ts';
import { TemplateError, renderTemplate } from '../index.ts';
import { sprigFuncs } from './index.ts';

/** A deterministic byte source (xorshift), so random functions are testable. */
function randomSource(): (n: number) => Uint8Array {
  let x = 0x12345678;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  };
}

// 2023-11-14T22:13:20Z
const NOW = 1_700_000_000_000;

function render(src: string, data: unknown = {}): string {
  return renderTemplate(src, data, { now: () => NOW, randomBytes: randomSource() });
}

function failure(src: string, data: unknown = {}): TemplateError {
  try {
    render(src, data);
  } catch (e) {
    assert.ok(e instanceof TemplateError);
    return e;
  }
  assert.fail(`expected ${src} to fail`);
}

type Case = [fn: string, src: string, want: string | RegExp] | [fn: string, src: string, want: string | RegExp, data: unknown];

// One row per function; "(doc)" marks outputs taken from the examples in Sprig's documentation
// (docs/*.md) or Helm's (template function list).
const cases: Case[] = [
  // strings
  ['hello', '{{ hello }}', 'Hello!'],
  ['abbrev', '{{ abbrev 5 "hello world" }}', 'he...'], // (doc)
  ['abbrevboth', '{{ abbrevboth 5 10 "1234 5678 9123" }}', '...5678...'], // (doc)
  ['trunc', '{{ trunc 5 "hello world" }}|{{ trunc -5 "hello world" }}|{{ trunc 50 "hi" }}', 'hello|world|hi'], // (doc)
  ['trim', '{{ trim "   hello    " }}', 'hello'], // (doc)
  ['upper', '{{ upper "hello ß" }}', 'HELLO ß'],
  ['lower', '{{ lower "HELLO" }}', 'hello'],
  ['title', '{{ title "hello world" }}', 'Hello World'], // (doc)
  ['untitle', '{{ untitle "Hello World" }}', 'hello world'], // (doc)
  ['substr', '{{ substr 0 5 "hello world" }}|{{ substr 6 -1 "hello world" }}', 'hello|world'], // (doc)
  ['repeat', '{{ repeat 3 "hello" }}', 'hellohellohello'], // (doc)
  ['trimall', '{{ trimall "$" "$5.00" }}', '5.00'],
  ['trimAll', '{{ trimAll "$" "$5.00" }}', '5.00'], // (doc)
  ['trimSuffix', '{{ trimSuffix "-" "hello-" }}', 'hello'], // (doc)
  ['trimPrefix', '{{ trimPrefix "-" "-hello" }}', 'hello'], // (doc)
  ['nospace', '{{ nospace "hello w o r l d" }}', 'helloworld'], // (doc)
  ['initials', '{{ initials "First Try" }}', 'FT'], // (doc)
  ['randAlphaNum', '{{ randAlphaNum 12 }}', /^[A-Za-z0-9]{12}$/],
  ['randAlpha', '{{ randAlpha 12 }}', /^[A-Za-z]{12}$/],
  ['randAscii', '{{ randAscii 12 }}', /^[\x20-\x7e]{12}$/],
  ['randNumeric', '{{ randNumeric 12 }}', /^[0-9]{12}$/],
  ['swapcase', '{{ swapcase "This Is A.Test" }}', 'tHIS iS a.tEST'], // (doc)
  ['shuffle', '{{ shuffle "hello" | splitList "" | sortAlpha | join "" }}', 'ehllo'],
  ['snakecase', '{{ snakecase "FirstName" }}|{{ snakecase "HTTPServer" }}', 'first_name|http_server'], // (doc)
  ['camelcase', '{{ camelcase "http_server" }}', 'HttpServer'], // (doc)
  ['kebabcase', '{{ kebabcase "FirstName" }}', 'first-name'], // (doc)
  ['wrap', '{{ wrap 5 "Hello World" }}', 'Hello\nWorld'],
  ['wrapWith', '{{ wrapWith 5 "\\t" "Hello World" }}', 'Hello\tWorld'], // (doc)
  ['contains', '{{ contains "cat" "catch" }}', 'true'], // (doc)
  ['hasPrefix', '{{ hasPrefix "cat" "catch" }}', 'true'], // (doc)
  ['hasSuffix', '{{ hasSuffix "ch" "catch" }}', 'true'],
  ['quote', '{{ quote "hello" 1 nil "a\\"b" }}', '"hello" "1" "a\\"b"'],
  ['squote', '{{ squote "hello" 1 }}', "'hello' '1'"],
  ['cat', '{{ cat "hello" "beautiful" "world" }}', 'hello beautiful world'], // (doc)
  ['indent', '{{ indent 4 "hello\\nworld" }}', '    hello\n    world'],
  ['nindent', '{{ nindent 4 "x" }}', '\n    x'],
  ['replace', '{{ "I Am Henry VIII" | replace " " "-" }}', 'I-Am-Henry-VIII'], // (doc)
  ['plural', '{{ len "foo" | plural "one anchovy" "many anchovies" }}', 'many anchovies'], // (doc)
  ['toString', '{{ toString 5 | typeOf }} {{ toString (list 1 "a") }}', 'string [1 a]'],
  ['split', '{{ split "$" "foo$bar$baz" }}', 'map[_0:foo _1:bar _2:baz]'], // (doc)
  ['splitList', '{{ splitList "$" "foo$bar$baz" }}', '[foo bar baz]'], // (doc)
  ['splitn', '{{ splitn "$" 2 "foo$bar$baz" }}', 'map[_0:foo _1:bar$baz]'], // (doc)
  ['toStrings', '{{ toStrings (list 1 2 3) }} {{ typeOf (toStrings (list 1)) }}', '[1 2 3] []string'],
  ['join', '{{ list "hello" "world" | join "_" }}', 'hello_world'], // (doc)
  ['sortAlpha', '{{ sortAlpha (list "c" "a" "b") }}', '[a b c]'],
  // lists
  ['list', '{{ list 1 2 3 }}', '[1 2 3]'],
  ['tuple', '{{ tuple 1 "a" }}', '[1 a]'],
  ['append', '{{ append (list 1 2) 3 }}', '[1 2 3]'],
  ['push', '{{ push (list 1 2) 3 }}', '[1 2 3]'],
  ['mustAppend', '{{ mustAppend (list 1) 2 }}', '[1 2]'],
  ['mustPush', '{{ mustPush (list 1) 2 }}', '[1 2]'],
  ['prepend', '{{ prepend (list 1 2) 0 }}', '[0 1 2]'],
  ['mustPrepend', '{{ mustPrepend (list 1 2) 0 }}', '[0 1 2]'],
  ['first', '{{ first (list 1 2 3) }}|{{ first (list) }}', '1|<no value>'],
  ['mustFirst', '{{ mustFirst (list 1 2 3) }}', '1'],
  ['rest', '{{ rest (list 1 2 3) }}', '[2 3]'],
  ['mustRest', '{{ mustRest (list 1 2 3) }}', '[2 3]'],
  ['last', '{{ last (list 1 2 3) }}', '3'],
  ['mustLast', '{{ mustLast (list 1 2 3) }}', '3'],
  ['initial', '{{ initial (list 1 2 3) }}', '[1 2]'],
  ['mustInitial', '{{ mustInitial (list 1 2 3) }}', '[1 2]'],
  ['reverse', '{{ reverse (list 1 2 3) }}', '[3 2 1]'],
  ['mustReverse', '{{ mustReverse (list 1 2 3) }}', '[3 2 1]'],
  ['uniq', '{{ list 1 1 1 2 | uniq }}', '[1 2]'],
  ['mustUniq', '{{ mustUniq (list "a" "a") }}', '[a]'],
  ['without', '{{ without (list 1 2 3 4) 1 3 }}', '[2 4]'], // (doc)
  ['mustWithout', '{{ mustWithout (list 1 2 3 4) 2 }}', '[1 3 4]'],
  ['has', '{{ has 4 (list 1 2 3 4) }} {{ has 1 nil }}', 'true false'], // (doc)
  ['mustHas', '{{ mustHas "x" (list "x") }}', 'true'],
  ['compact', '{{ compact (list 1 "" nil 2 0 false) }}', '[1 2]'],
  ['mustCompact', '{{ mustCompact (list "a" "") }}', '[a]'],
  ['slice', '{{ slice (list 1 2 3 4 5) 1 3 }}|{{ slice (list 1 2 3) 1 }}|{{ slice (list 1 2) }}', '[2 3]|[2 3]|[1 2]'], // (doc)
  ['mustSlice', '{{ mustSlice (list 1 2 3) 0 1 }}', '[1]'],
  ['concat', '{{ concat (list 1 2) (list 3) (list) }}', '[1 2 3]'],
  ['chunk', '{{ chunk 2 (list 1 2 3 4 5) }}', '[[1 2] [3 4] [5]]'],
  ['mustChunk', '{{ mustChunk 3 (list 1 2 3 4) }}', '[[1 2 3] [4]]'],
  ['until', '{{ until 5 }}', '[0 1 2 3 4]'], // (doc)
  ['untilStep', '{{ untilStep 3 6 2 }}', '[3 5]'], // (doc)
  // dicts
  ['dict', '{{ dict "name1" "value1" "name2" "value2" "odd" }}', 'map[name1:value1 name2:value2 odd:]'],
  ['get', '{{ get (dict "a" 1) "a" }}|{{ get (dict) "b" }}', '1|'],
  ['set', '{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}', 'map[a:1 b:2]'],
  ['unset', '{{ $d := dict "a" 1 "b" 2 }}{{ $_ := unset $d "a" }}{{ $d }}', 'map[b:2]'],
  ['hasKey', '{{ hasKey (dict "a" 1) "a" }} {{ hasKey (dict "a" 1) "b" }}', 'true false'],
  ['pluck', '{{ pluck "name1" (dict "name1" "value1") (dict "name1" "value2") (dict) }}', '[value1 value2]'],
  ['keys', '{{ keys (dict "b" 1 "a" 2) | sortAlpha }}', '[a b]'],
  ['pick', '{{ pick (dict "a" 1 "b" 2 "c" 3) "a" "c" }}', 'map[a:1 c:3]'],
  ['omit', '{{ omit (dict "a" 1 "b" 2 "c" 3) "a" "c" }}', 'map[b:2]'],
  ['merge', '{{ merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 2 "n" (dict "x" 2 "y" 2)) }}', 'map[a:1 b:2 n:map[x:1 y:2]]'],
  ['mustMerge', '{{ mustMerge (dict "a" "") (dict "a" "filled") }}', 'map[a:filled]'],
  ['mergeOverwrite', '{{ mergeOverwrite (dict "default" "default" "overwrite" "me" "key" true) (dict "overwrite" "overwritten" "key" false) }}', 'map[default:default key:false overwrite:overwritten]'], // (doc)
  ['mustMergeOverwrite', '{{ mustMergeOverwrite (dict "a" 1) (dict "a" 2) }}', 'map[a:2]'],
  ['values', '{{ values (dict "a" 1 "b" 2) }}', '[1 2]'],
  ['deepCopy', '{{ $a := dict "n" (dict "x" 1) }}{{ $b := deepCopy $a }}{{ $_ := set $b.n "x" 2 }}{{ $a.n.x }}{{ $b.n.x }}', '12'],
  ['mustDeepCopy', '{{ mustDeepCopy (list 1 (dict "a" 2)) }}', '[1 map[a:2]]'],
  ['dig', '{{ dig "user" "role" "humanName" "guest" . }}|{{ dig "user" "x" "guest" . }}', 'curator|guest', { user: { role: { humanName: 'curator' } } }], // (doc)
  // numbers
  ['atoi', '{{ atoi "42" }} {{ atoi "x" }} {{ typeOf (atoi "1") }}', '42 0 int'],
  ['int64', '{{ int64 "42" }} {{ typeOf (int64 1) }}', '42 int64'],
  ['int', '{{ int "42" }} {{ int 3.9 }} {{ int "0x10" }} {{ int "12.00" }} {{ int "x" }}', '42 3 16 12 0'],
  ['float64', '{{ float64 "1.5" }} {{ float64 2 | typeOf }}', '1.5 float64'],
  ['toDecimal', '{{ toDecimal "0777" }}', '511'], // (doc)
  ['seq', '{{ seq 5 }}|{{ seq -3 }}|{{ seq 0 2 }}|{{ seq 2 -2 }}|{{ seq 0 2 10 }}|{{ seq 0 -2 -5 }}', '1 2 3 4 5|1 0 -1 -2 -3|0 1 2|2 1 0 -1 -2|0 2 4 6 8 10|0 -2 -4'], // (doc)
  ['add', '{{ add 1 2 3 }} {{ add 1 "2" 1.9 }}', '6 4'],
  ['add1', '{{ add1 1 }}', '2'],
  ['sub', '{{ sub 3 2 }}', '1'],
  ['div', '{{ div 7 2 }} {{ div -7 2 }}', '3 -3'],
  ['mod', '{{ mod 7 3 }} {{ mod -7 3 }}', '1 -1'],
  ['mul', '{{ mul 2 3 4 }}', '24'],
  ['randInt', '{{ $r := randInt 5 8 }}{{ and (ge $r 5) (lt $r 8) }}', 'true'],
  ['add1f', '{{ add1f 1.5 }}', '2.5'],
  ['addf', '{{ addf 1.5 2 2 }} {{ addf 0.1 0.2 }}', '5.5 0.3'], // (doc)
  ['subf', '{{ subf 7.5 2 3 }}', '2.5'], // (doc)
  ['mulf', '{{ mulf 1.5 2 2 }}', '6'], // (doc)
  ['divf', '{{ divf 10 2 4 }} {{ divf 1 3 }}', '1.25 0.3333333333333333'], // (doc)
  ['biggest', '{{ biggest 1 5 3 }}', '5'],
  ['max', '{{ max 1 2 3 }}', '3'], // (doc)
  ['min', '{{ min 1 2 3 }}', '1'], // (doc)
  ['maxf', '{{ maxf 1 2.5 3 }}', '3'], // (doc)
  ['minf', '{{ minf 1.5 2 3 }}', '1.5'], // (doc)
  ['ceil', '{{ ceil 123.001 }}', '124'], // (doc)
  ['floor', '{{ floor 123.9999 }}', '123'], // (doc)
  ['round', '{{ round 123.555555 3 }} {{ round 123.5 0 }}', '123.556 124'], // (doc)
  // defaults, flow, reflection
  ['default', '{{ .missing | default "foo" }}|{{ "" | default "foo" }}|{{ "bar" | default "foo" }}|{{ 0 | default 7 }}', 'foo|foo|bar|7'], // (doc)
  ['empty', '{{ empty "" }} {{ empty 0 }} {{ empty (list) }} {{ empty "x" }} {{ empty .missing }}', 'true true true false true'],
  ['coalesce', '{{ coalesce 0 1 2 }} {{ coalesce "" false "x" }}', '1 x'], // (doc)
  ['all', '{{ all "a" 1 (list 1) }} {{ all "a" "" }}', 'true false'],
  ['any', '{{ any "" 0 "x" }} {{ any "" 0 }}', 'true false'],
  ['ternary', '{{ true | ternary "foo" "bar" }} {{ ternary "foo" "bar" false }}', 'foo bar'], // (doc)
  ['fail', '{{ if false }}{{ fail "no" }}{{ end }}ok', 'ok'],
  ['typeOf', '{{ typeOf 1 }} {{ typeOf "x" }} {{ typeOf 1.5 }} {{ typeOf nil }} {{ typeOf (now) }}', 'int string float64 <nil> time.Time'],
  ['typeIs', '{{ typeIs "int" 1 }} {{ typeIs "string" 1 }}', 'true false'],
  ['typeIsLike', '{{ typeIsLike "semver.Version" (semver "1.0.0") }}', 'true'],
  ['kindOf', '{{ kindOf (list) }} {{ kindOf (dict) }} {{ kindOf nil }} {{ kindOf (add 1 1) }}', 'slice map invalid int64'],
  ['kindIs', '{{ kindIs "map" (dict) }} {{ kindIs "int" 1 }}', 'true true'],
  ['deepEqual', '{{ deepEqual (list 1 (dict "a" 2)) (list 1 (dict "a" 2)) }} {{ deepEqual 1 (int64 1) }}', 'true false'],
  // JSON (sprig's own; Helm's toJson/fromJson are below)
  ['mustFromJson', '{{ mustFromJson "[1, \\"a\\", null]" }} {{ typeOf (index (mustFromJson "[1]") 0) }}', '[1 a <nil>] float64'],
  ['mustToJson', '{{ mustToJson (dict "a" (list 1 "<b>")) }}', '{"a":[1,"\\u003cb\\u003e"]}'],
  ['toPrettyJson', '{{ toPrettyJson (dict "a" (list 1) "b" (dict)) }}', '{\n  "a": [\n    1\n  ],\n  "b": {}\n}'],
  ['mustToPrettyJson', '{{ mustToPrettyJson (list) }}', '[]'],
  ['toRawJson', '{{ toRawJson (dict "h" "<b>&") }}', '{"h":"<b>&"}'],
  ['mustToRawJson', '{{ mustToRawJson "<" }}', '"<"'],
  // encoding
  ['b64enc', '{{ b64enc "hello" }}', 'aGVsbG8='],
  ['b64dec', '{{ b64dec "aGVsbG8=" }}|{{ b64dec "aGVsbG8" }}|{{ b64dec "!!" }}', 'hello|illegal base64 data at input byte 4|illegal base64 data at input byte 0'],
  ['b32enc', '{{ b32enc "hello" }}', 'NBSWY3DP'],
  ['b32dec', '{{ b32dec "NBSWY3DP" }}|{{ b32dec "NB!" }}', 'hello|illegal base32 data at input byte 2'],
  // crypto
  ['sha1sum', '{{ sha1sum "hello" }}', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
  ['sha256sum', '{{ sha256sum "hello" }}', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
  ['sha512sum', '{{ sha512sum "hello" }}', '9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043'],
  ['adler32sum', '{{ adler32sum "hello" }}', '103547413'],
  ['derivePassword', '{{ derivePassword 1 "long" "password" "user" "example.com" }}', 'ZedaFaxcZaso9*'], // (doc)
  ['encryptAES', '{{ encryptAES "secretkey" "plaintext" | len }}', '44'],
  ['decryptAES', '{{ encryptAES "secretkey" "plain text" | decryptAES "secretkey" }}', 'plain text'],
  ['randBytes', '{{ randBytes 24 | len }}', '32'],
  ['uuidv4', '{{ uuidv4 }}', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
  ['genPrivateKey', '{{ genPrivateKey "ecdsa" }}', /^-----BEGIN EC PRIVATE KEY-----\n[\s\S]+-----END EC PRIVATE KEY-----\n$/],
  // semver
  ['semver', '{{ $v := semver "1.2.3-alpha.1+123" }}{{ $v.Major }}.{{ $v.Minor }}.{{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v }} {{ (semver "v2").String }}', '1.2.3 alpha.1 123 1.2.3-alpha.1+123 2.0.0'],
  ['semverCompare', '{{ semverCompare "^1.2.0" "1.2.3" }} {{ semverCompare "~1.2.0" "1.3.0" }} {{ semverCompare ">= 1.2, < 3.0.0 || >= 4.2.3" "4.5.0" }} {{ semverCompare "1.2 - 1.4.5" "1.4.6" }} {{ semverCompare ">=1.0.0" "1.1.0-beta" }} {{ semverCompare "1.x" "1.9.2" }}', 'true false true false false true'], // (doc)
  // regex
  ['regexMatch', '{{ regexMatch "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\\\.[A-Za-z]{2,}$" "test@acme.com" }} {{ regexMatch "(" "x" }}', 'true false'], // (doc)
  ['mustRegexMatch', '{{ mustRegexMatch "^a" "abc" }}', 'true'],
  ['regexFindAll', '{{ regexFindAll "[2,4,6,8]" "123456789" -1 }} {{ regexFindAll "[2,4,6,8]" "123456789" 2 }}', '[2 4 6 8] [2 4]'], // (doc)
  ['mustRegexFindAll', '{{ mustRegexFindAll "a." "abacad" -1 }}', '[ab ac ad]'],
  ['regexFind', '{{ regexFind "[a-zA-Z][1-9]" "abcd1234" }}', 'd1'], // (doc)
  ['mustRegexFind', '{{ mustRegexFind "x+" "axxb" }}', 'xx'],
  ['regexReplaceAll', '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}', '-W-xxW- ---'], // (doc)
  ['mustRegexReplaceAll', '{{ mustRegexReplaceAll "(?P<n>b)" "abc" "[$n]" }}', 'a[b]c'],
  ['regexReplaceAllLiteral', '{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}', '-${1}-${1}-'], // (doc)
  ['mustRegexReplaceAllLiteral', '{{ mustRegexReplaceAllLiteral "b" "abc" "$" }}', 'a$c'],
  ['regexSplit', '{{ regexSplit "z+" "pizza" -1 }} {{ regexSplit "z+" "pizza" 1 }}', '[pi a] [pizza]'], // (doc)
  ['mustRegexSplit', '{{ mustRegexSplit "," "a,b,c" 2 }}', '[a b,c]'],
  ['regexQuoteMeta', '{{ regexQuoteMeta "1.2.3" }}', '1\\.2\\.3'], // (doc)
  // dates (the clock is 2023-11-14T22:13:20Z, Local is UTC)
  ['now', '{{ now | date "2006-01-02T15:04:05Z07:00" }}', '2023-11-14T22:13:20Z'],
  ['date', '{{ date "2006-01-02" 0 }} {{ now | date "Mon Jan _2 15:04:05 MST 2006" }}', '1970-01-01 Tue Nov 14 22:13:20 UTC 2023'],
  ['dateInZone', '{{ dateInZone "2006-01-02 15:04 MST -0700" (now) "America/New_York" }}', '2023-11-14 17:13 EST -0500'],
  ['date_in_zone', '{{ date_in_zone "15:04" (now) "Nowhere/Zone" }}', '22:13'],
  ['htmlDate', '{{ now | htmlDate }}', '2023-11-14'],
  ['htmlDateInZone', '{{ htmlDateInZone (now) "Asia/Tokyo" }}', '2023-11-15'],
  ['dateModify', '{{ now | dateModify "-1.5h" | date "15:04" }} {{ now | dateModify "bad" | date "15:04" }}', '20:43 22:13'],
  ['date_modify', '{{ now | date_modify "24h" | htmlDate }}', '2023-11-15'],
  ['mustDateModify', '{{ now | mustDateModify "90m" | date "15:04" }}', '23:43'],
  ['must_date_modify', '{{ now | must_date_modify "-10m" | date "15:04" }}', '22:03'],
  ['ago', '{{ now | dateModify "-61m" | ago }}', '1h1m0s'],
  ['duration', '{{ duration "95" }} {{ duration (int64 3600) }} {{ duration 95 }}', '1m35s 1h0m0s 0s'], // (doc)
  ['durationRound', '{{ durationRound "2h10m5s" }} {{ durationRound "400h" }}', '2h 16d'], // (doc)
  ['toDate', '{{ toDate "2006-01-02" "2017-12-31" | date "02/01/2006" }} {{ toDate "2006-01-02" "x" | date "2006" }}', '31/12/2017 0001'], // (doc)
  ['mustToDate', '{{ mustToDate "2006-01-02T15:04:05Z07:00" "2020-02-03T04:05:06+01:00" | date "2006-01-02 15:04" }}', '2020-02-03 03:05'],
  ['unixEpoch', '{{ toDate "2006-01-02" "1970-01-02" | unixEpoch }}', '86400'],
  // paths and URLs
  ['base', '{{ base "foo/bar/baz" }}', 'baz'], // (doc)
  ['dir', '{{ dir "foo/bar/baz" }}', 'foo/bar'], // (doc)
  ['clean', '{{ clean "foo/bar/../baz" }}', 'foo/baz'], // (doc)
  ['ext', '{{ ext "foo.bar" }}', '.bar'], // (doc)
  ['isAbs', '{{ isAbs "/x" }} {{ isAbs "x" }}', 'true false'],
  ['osBase', '{{ osBase "/a/b" }}', 'b'],
  ['osDir', '{{ osDir "/a/b" }}', '/a'],
  ['osClean', '{{ osClean "/a//b/" }}', '/a/b'],
  ['osExt', '{{ osExt "a.tar.gz" }}', '.gz'],
  ['osIsAbs', '{{ osIsAbs "/a" }}', 'true'],
  ['urlParse', '{{ urlParse "http://admin:secret@server.com:8080/api?list=false#anchor" }}', 'map[fragment:anchor host:server.com:8080 hostname:server.com opaque: path:/api query:list=false scheme:http userinfo:admin:secret]'], // (doc)
  ['urlJoin', '{{ urlJoin (dict "fragment" "fragment" "host" "host:80" "path" "/path" "query" "query" "scheme" "http") }}', 'http://host:80/path?query#fragment'], // (doc)
  // Helm
  ['toYaml', '{{ toYaml . }}', 'list:\n- 1\n- a: b\nname: vc\nnested:\n  "on": "yes"\n  port: 8080', { name: 'vc', list: [1, { a: 'b' }], nested: { port: 8080, on: 'yes' } }],
  ['toYamlPretty', '{{ toYamlPretty . }}', 'list:\n  - 1\n  - a: b', { list: [1, { a: 'b' }] }],
  ['fromYaml', '{{ $v := fromYaml "a: 1\\nb: [yes, \\"no\\", 0777]" }}{{ $v.a }} {{ $v.b }} {{ typeOf $v.a }}', '1 [true no 511] float64'],
  ['fromYamlArray', '{{ fromYamlArray "- 1\\n- b" }} {{ fromYamlArray "a: 1" }}', '[1 b] [error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}]'],
  ['toJson', '{{ toJson . }}', '{"a":[1,1.5,"x",null,true],"b":{}}', { a: [1, 1.5, 'x', null, true], b: {} }],
  ['fromJson', '{{ (fromJson "{\\"a\\": {\\"b\\": 2}}").a.b }} {{ (fromJson "{").Error }}', '2 unexpected end of JSON input'],
  ['fromJsonArray', '{{ fromJsonArray "[1, \\"x\\"]" }} {{ fromJsonArray "{}" }}', '[1 x] [json: cannot unmarshal object into Go value of type []interface {}]'],
  ['toToml', '{{ toToml (dict "a" 1 "b" (dict "c" "d") "f" 1.0 "l" (list 1 2)) }}', 'a = 1\nf = 1.0\nl = [1, 2]\n\n[b]\n  c = "d"\n'],
  ['include', '{{ define "labels" }}app: {{ .name }}{{ end }}{{ include "labels" . | indent 2 }}', '  app: vc', { name: 'vc' }],
  ['tpl', '{{ tpl "{{ .Values.x }}-{{ .Values.missing }}" . }}', 'X-', { Values: { x: 'X' } }],
  ['required', '{{ required "x is required" .x }}', 'ok', { x: 'ok' }],
];

for (const c of cases) {
  const [name, src, want] = c;
  const data = c.length === 4 ? c[3] : {};
  test(`${name}: ${src}`, () => {
    const out = render(src, data);
    if (typeof want === 'string') assert.equal(out, want);
    else assert.match(out, want);
  });
}

test('every implemented function has a test row', () => {
  const tested = new Set(cases.map((c) => c[0]));
  const all = [...sprigFuncs().keys(), ...helmFuncs().keys()];
  const missing = all.filter((n) => !tested.has(n));
  assert.deepEqual(missing, []);
});

test('functions Helm and Loft remove are not defined', () => {
  for (const name of ['env', 'expandenv', 'getHostByName']) {
    assert.equal(failure(`{{ ${name} "x" }}`).message, `template: template:1: function "${name}" not defined`);
  }
});

// Edge behaviour that matches Sprig's Go code.
const edges: [string, string, string, unknown?][] = [
  ['first of nil panics like reflect.TypeOf(nil).Kind()', '{{ first .nope }}', 'error calling first: runtime error: invalid memory address or nil pointer dereference'],
  ['append on a string', '{{ append "x" 1 }}', 'error calling append: Cannot push on type string'],
  ['div by zero', '{{ div 1 0 }}', 'error calling div: runtime error: integer divide by zero'],
  ['substr out of range', '{{ substr 2 1 "abc" }}', 'error calling substr: runtime error: slice bounds out of range [2:1]'],
  ['repeat negative', '{{ repeat -1 "x" }}', 'error calling repeat: strings: negative Repeat count'],
  ['set on a nil map', '{{ set .nope "a" 1 }}', 'error calling set: assignment to entry in nil map'],
  ['dig into a non-map', '{{ dig "a" "b" "x" (dict "a" 1) }}', 'error calling dig: interface conversion: interface {} is int, not map[string]interface {}'],
  ['regexFind with a bad pattern panics like MustCompile', '{{ regexFind "(" "x" }}', 'error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`'],
  ['mustRegexFind returns the parse error', '{{ mustRegexFind "a**" "x" }}', 'error calling mustRegexFind: error parsing regexp: invalid nested repetition operator: `**`'],
  ['semver of garbage', '{{ semver "x.y" }}', 'error calling semver: Invalid Semantic Version'],
  ['semverCompare with a bad constraint', '{{ semverCompare "> > 1" "1.0.0" }}', 'error calling semverCompare: improper constraint: > > 1'],
  ['mustToDate with a bad value', '{{ mustToDate "2006-01-02" "x" }}', 'error calling mustToDate: parsing time "x" as "2006-01-02": cannot parse "x" as "2006"'],
  ['mustDateModify with a bad duration', '{{ now | mustDateModify "3 days" }}', 'error calling mustDateModify: time: unknown unit " days" in duration "3 days"'],
  ['toRawJson of NaN panics', '{{ toRawJson (float64 "NaN") }}', 'error calling toRawJson: json: unsupported value: NaN'],
  ['divf by zero', '{{ divf 1 0 }}', 'error calling divf: decimal division by 0'],
  ['chunk of size 0', '{{ chunk 0 (list 1) }}', 'error calling chunk: runtime error: makeslice: len out of range'],
  ['trunc takes an int', '{{ trunc "3" "abc" }}', 'expected integer; found "3"'],
];

for (const [name, src, want] of edges) {
  test(`edge: ${name}`, () => {
    const e = failure(src);
    assert.ok(e.message.endsWith(want), `${e.message}\n  does not end with\n${want}`);
  });
}

test('edge: Go strings are bytes (len, trunc, substr on UTF-8)', () => {
  assert.equal(render('{{ len "é" }} {{ trunc 2 "héllo" }} {{ substr 0 3 "héllo" }}'), '2 h\uFFFD hé');
});

test('edge: int64 results are not equal to ints under deepEqual or has, as in Go', () => {
  assert.equal(render('{{ has (add 1 1) (list 1 2) }} {{ eq (add 1 1) 2 }}'), 'false true');
});

// --- properties ---

/** Returns JSON with object keys sorted (Go's encoding/json order) for comparisons. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) : x));
}

const jsonValue = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

test('property: toJson | fromJson round-trips JSON objects', () => {
  fc.assert(fc.property(fc.dictionary(fc.string(), jsonValue, { maxKeys: 5 }), (obj) => {
    const out = renderTemplate('{{ toJson (fromJson (toJson .)) }}', obj, { numbers: 'float64' });
    const direct = renderTemplate('{{ toJson . }}', obj, { numbers: 'float64' });
    return out === direct && canonical(JSON.parse(out)) === canonical(obj);
  }), { numRuns: 200 });
});

test('property: toJson agrees with JSON.parse on the value', () => {
  fc.assert(fc.property(jsonValue, (v) => {
    const out = renderTemplate('{{ toJson . }}', v, { numbers: 'float64' });
    return canonical(JSON.parse(out)) === canonical(v === undefined ? null : v);
  }), { numRuns: 300 });
});

test('property: b64enc | b64dec is the identity', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => render('{{ b64enc . | b64dec }}', s) === s));
});

test('property: b32enc | b32dec is the identity', () => {
  fc.assert(fc.property(fc.string(), (s) => render('{{ b32enc . | b32dec }}', s) === s));
});

test('property: quote output parses back, as a template string literal, to the same string', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
    const quoted = render('{{ quote . }}', s);
    return render(`{{ ${quoted} }}`) === s;
  }));
});

test('property: toYaml | fromYaml round-trips maps of strings', () => {
  fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme' }), { maxKeys: 5 }), (obj) => {
    const out = render('{{ toYaml . | fromYaml | toJson }}', obj);
    return canonical(JSON.parse(out)) === canonical(obj);
  }), { numRuns: 300 });
});

test('property: sortAlpha sorts by bytes and keeps every element', () => {
  fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' })), (l) => {
    const out = renderTemplate('{{ toJson (sortAlpha .) }}', l);
    const sorted = [...l].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return out === JSON.stringify(sorted).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }));
});

test('property: regexQuoteMeta makes any string match itself literally', () => {
  fc.assert(fc.property(fc.string(), (s) => render('{{ regexMatch (printf "^%s$" (regexQuoteMeta .)) . }}', s) === 'true'));
});

test('property: semverCompare "=v" holds exactly for v itself', () => {
  const part = fc.integer({ min: 0, max: 30 });
  fc.assert(fc.property(part, part, part, part, part, part, (a, b, c, x, y, z) => {
    const out = render(`{{ semverCompare "=${a}.${b}.${c}" "${x}.${y}.${z}" }}`);
    return out === String(a === x && b === y && c === z);
  }));
});
