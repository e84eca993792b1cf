import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TemplateError, compileTemplate, renderTemplate, type RenderOptions } from './index.ts';

/** Returns the output of src on data (a fixed clock, deterministic randomness). */
function render(src: string, data: unknown = {}, options: RenderOptions = {}): string {
  return renderTemplate(src, data, { now: () => 1_700_000_000_000, randomBytes: (n) => new Uint8Array(n).fill(7), ...options });
}

/** Returns the TemplateError that rendering src raises. */
function failure(src: string, data: unknown = {}, options: RenderOptions = {}): TemplateError {
  try {
    render(src, data, options);
  } catch (e) {
    assert.ok(e instanceof TemplateError, `expected a TemplateError, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(src)} to fail`);
}

// Each construct of text/template (doc.go, "Actions", "Arguments", "Pipelines", "Variables").
const constructs: [string, string, unknown, string][] = [
  ['text is copied unchanged', 'plain text', {}, 'plain text'],
  ['{{.}} prints dot', '{{ . }}', 'hi', 'hi'],
  ['field chain', '{{ .Values.loft.name }}', { Values: { loft: { name: 'vc1' } } }, 'vc1'],
  ['missing key prints <no value>', '{{ .Values.nope }}', { Values: {} }, '<no value>'],
  ['missing key in the middle of a chain is still <no value>', '{{ .a.b.c }}', {}, '<no value>'],
  ['$ is the data', '{{ with .a }}{{ $.b }}{{ end }}', { a: 1, b: 2 }, '2'],
  ['$x.y on a variable', '{{ $v := .a }}{{ $v.b }}', { a: { b: 'B' } }, 'B'],
  ['comment is dropped', 'a{{/* a comment */}}b', {}, 'ab'],
  ['trimmed comment', 'a  {{- /* c */ -}}  b', {}, 'ab'],
  ['left trim marker', 'a \n\t {{- "b" }}', {}, 'ab'],
  ['right trim marker', '{{ "a" -}} \n\n b', {}, 'ab'],
  ['{{-3}} is the number -3, not a trim marker', '{{-3}}', {}, '-3'],
  ['pipeline passes the last argument', '{{ "abc" | printf "%s-%s" "x" }}', {}, 'x-abc'],
  ['parenthesized pipeline', '{{ printf "%d" (len "abcd") }}', {}, '4'],
  ['chain on a parenthesized pipeline', '{{ (dict "a" (dict "b" 1)).a.b }}', {}, '1'],
  ['variable declaration does not print', '{{ $x := "v" }}[{{ $x }}]', {}, '[v]'],
  ['variable assignment', '{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', {}, '2'],
  ['variables are scoped to their control structure', '{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}', {}, '21'],
  ['if', '{{ if .a }}yes{{ end }}', { a: true }, 'yes'],
  ['if/else', '{{ if .a }}yes{{ else }}no{{ end }}', { a: 0 }, 'no'],
  ['else if', '{{ if eq .n 1 }}one{{ else if eq .n 2 }}two{{ else }}many{{ end }}', { n: 2 }, 'two'],
  ['with sets dot', '{{ with .a }}{{ .b }}{{ end }}', { a: { b: 'x' } }, 'x'],
  ['with/else', '{{ with .a }}{{ . }}{{ else }}none{{ end }}', { a: '' }, 'none'],
  ['else with', '{{ with .a }}a{{ else with .b }}{{ . }}{{ else }}none{{ end }}', { b: 'B' }, 'B'],
  ['range over a list', '{{ range .l }}[{{ . }}]{{ end }}', { l: ['a', 'b'] }, '[a][b]'],
  ['range with index and value', '{{ range $i, $v := .l }}{{ $i }}={{ $v }};{{ end }}', { l: ['a', 'b'] }, '0=a;1=b;'],
  ['range over a map is in key order', '{{ range $k, $v := . }}{{ $k }}:{{ $v }} {{ end }}', { b: 2, a: 1, c: 3 }, 'a:1 b:2 c:3 '],
  ['range/else on an empty list', '{{ range .l }}x{{ else }}empty{{ end }}', { l: [] }, 'empty'],
  ['range over a missing value runs else', '{{ range .nope }}x{{ else }}empty{{ end }}', {}, 'empty'],
  ['range over an integer (Go 1.24)', '{{ range 3 }}{{ . }}{{ end }}', {}, '012'],
  ['range with one variable gets the element', '{{ range $v := .l }}{{ $v }}{{ end }}', { l: [1, 2] }, '12'],
  ['break', '{{ range .l }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}', { l: [1, 2, 3, 4] }, '12'],
  ['continue', '{{ range .l }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ . }}{{ end }}', { l: [1, 2, 3] }, '13'],
  ['define and template', '{{ define "t" }}<{{ . }}>{{ end }}{{ template "t" "x" }}', {}, '<x>'],
  ['template without a pipeline gets no data', '{{ define "t" }}{{ . }}{{ end }}{{ template "t" }}', {}, '<no value>'],
  ['templates do not see the caller\'s variables', '{{ define "t" }}{{ $ }}{{ end }}{{ $x := 1 }}{{ template "t" 2 }}', {}, '2'],
  ['block defines and runs', '{{ block "b" .n }}n={{ . }}{{ end }}', { n: 5 }, 'n=5'],
  ['recursive template', '{{ define "r" }}{{ if gt . 0 }}{{ . }}{{ template "r" (sub . 1) }}{{ end }}{{ end }}{{ template "r" 3 }}', {}, '321'],
  ['raw string', '{{ `a\\n"b"` }}', {}, 'a\\n"b"'],
  ['interpreted string escapes', '{{ "a\\tb\\u00e9\\x41" }}', {}, 'a\tbéA'],
  ['char constant is an int', "{{ 'a' }} {{ '\\n' }}", {}, '97 10'],
  ['integers: decimal, hex, octal, binary, underscores', '{{ 42 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ -7 }}', {}, '42 31 15 15 5 1000 -7'],
  ['floats print like Go %v', '{{ 1.5 }} {{ 1e6 }} {{ 123456.0 }} {{ 1234567.0 }} {{ 0.0001 }} {{ 0.00001 }} {{ 2.0 }}', {}, '1.5 1e+06 123456 1.234567e+06 0.0001 1e-05 2'],
  ['booleans and nil in print', '{{ true }} {{ print nil }}', {}, 'true <nil>'],
  ['maps and lists print like Go', '{{ . }}', { m: { b: [1, 'x', null], a: true } }, 'map[m:map[a:true b:[1 x <nil>]]]'],
  ['newlines inside actions', '{{ printf "%s"\n  "x" }}', {}, 'x'],
];

for (const [name, src, data, want] of constructs) {
  test(`construct: ${name}`, () => {
    assert.equal(render(src, data), want);
  });
}

// The built-in functions of text/template (funcs.go).
const builtins: [string, string, unknown, string][] = [
  ['and returns the first falsy argument or the last', '{{ and 1 0 2 }}|{{ and 1 2 }}', {}, '0|2'],
  ['and short-circuits', '{{ and false (fail "never") }}', {}, 'false'],
  ['or returns the first truthy argument or the last', '{{ or 0 "" "x" }}|{{ or 0 "" }}', {}, 'x|'],
  ['or short-circuits', '{{ or true (fail "never") }}', {}, 'true'],
  ['the Loft owner idiom', '{{ or (and .Values.loft.user .Values.loft.user.name) (and .Values.loft.team .Values.loft.team.name) }}', { Values: { loft: { user: null, team: { name: 'devs' } } } }, 'devs'],
  ['not', '{{ not 0 }} {{ not "x" }}', {}, 'true false'],
  ['len counts bytes of strings', '{{ len "héllo" }} {{ len .l }} {{ len .m }}', { l: [1, 2], m: { a: 1 } }, '6 2 1'],
  ['index into maps and lists', '{{ index .m "a.b" }} {{ index .l 1 0 }} {{ index .m "none" }}', { m: { 'a.b': 'dotted' }, l: [[1], [2]] }, 'dotted 2 <no value>'],
  ['index of a string gives the byte', '{{ index "abc" 1 }}', {}, '98'],
  ['slice is Sprig\'s in Helm', '{{ slice (list 1 2 3 4) 1 3 }} {{ slice "hello" 1 }}', {}, '[2 3] ello'],
  ['print adds spaces between non-strings', '{{ print 1 2 "a" "b" 3 }}', {}, '1 2ab3'],
  ['println', '{{ println "a" 1 }}', {}, 'a 1\n'],
  ['printf', '{{ printf "%05.1f|%-4s|%x|%q|%v|%T" 3.14159 "ab" 255 "hi" .l .l }}', { l: [1] }, '003.1|ab  |ff|"hi"|[1]|[]interface {}'],
  ['eq with several arguments', '{{ eq 2 1 2 3 }} {{ eq "a" "b" }}', {}, 'true false'],
  ['ne lt le gt ge', '{{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }}', {}, 'true true true true false'],
  ['eq with nil', '{{ eq .nope nil }}', {}, 'true'],
  ['html', '{{ html "<a href=\\"x\\">\'&" }}', {}, '&lt;a href=&#34;x&#34;&gt;&#39;&amp;'],
  ['js', '{{ js "a\'b\\"<c>=&" }}', {}, "a\\'b\\\"\\u003Cc\\u003E\\u003D\\u0026"],
  ['urlquery', '{{ urlquery "a b&c=d/é" }}', {}, 'a+b%26c%3Dd%2F%C3%A9'],
  ['call of a non-function fails like Go', '{{ call .x }}', { x: 1 }, 'ERR:error calling call: non-function .x of type int'],
];

for (const [name, src, data, want] of builtins) {
  test(`builtin: ${name}`, () => {
    if (want.startsWith('ERR:')) assert.match(failure(src, data).message, new RegExp(want.slice(4).replace(/[.*+?()[\]{}|^$\\]/g, '\\$&')));
    else assert.equal(render(src, data), want);
  });
}

test('call invokes a function passed in the data', () => {
  assert.equal(render('{{ call .f 2 3 }}', { f: (a: bigint, b: bigint) => Number(a) * Number(b) }), '6');
});

test('user functions extend the set and errors name them', () => {
  assert.equal(render('{{ greet "x" }}', {}, { funcs: { greet: (s: string) => `hello ${s}` } }), 'hello x');
  const e = failure('{{ boom }}', {}, { funcs: { boom: () => { throw new Error('kaput'); } } });
  assert.equal(e.reason, 'error calling boom: kaput');
});

// Errors: the messages of Go's text/template, with the template's own line and column.
const errors: [string, string, unknown, string][] = [
  ['parse: unexpected "}" in operand', '{{ .x }', {}, 'template: vc:1: unexpected "}" in operand'],
  ['parse: unclosed action on a later line', 'a\n{{ .x ', {}, 'template: vc:2: unclosed action'],
  ['parse: unclosed action started earlier', '{{ .x\n\n', {}, 'template: vc:3: unclosed action started at vc:1'],
  ['parse: undefined function', 'x\n{{ nosuch 1 }}', {}, 'template: vc:2: function "nosuch" not defined'],
  ['parse: env is not defined', '{{ env "HOME" }}', {}, 'template: vc:1: function "env" not defined'],
  ['parse: expandenv is not defined', '{{ expandenv "$HOME" }}', {}, 'template: vc:1: function "expandenv" not defined'],
  ['parse: undefined variable', '{{ $x }}', {}, 'template: vc:1: undefined variable "$x"'],
  ['parse: missing end', '{{ if true }}x', {}, 'template: vc:1: unexpected EOF'],
  ['parse: stray end', '{{ end }}', {}, 'template: vc:1: unexpected {{end}}'],
  ['parse: break outside range', '{{ break }}', {}, 'template: vc:1: {{break}} outside {{range}}'],
  ['parse: non executable pipeline stage', '{{ 1 | 2 }}', {}, 'template: vc:1: non executable command in pipeline stage 2'],
  ['parse: bad number', '{{ 12ab }}', {}, 'template: vc:1: bad number syntax: "12a"'],
  ['parse: multiple definition', '{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}', {}, 'template: vc:1: template: multiple definition of template "a"'],
  ['exec: nil pointer evaluating interface', 'l1\n  {{ .Values.x.y }}', { Values: { x: null } }, 'template: vc:2:12: executing "vc" at <.Values.x.y>: nil pointer evaluating interface {}.y'],
  ['exec: fail', '{{ fail "boom" }}', {}, 'template: vc:1:3: executing "vc" at <fail "boom">: error calling fail: boom'],
  ['exec: required', 'a: {{ required "x is required" .Values.x }}', { Values: {} }, 'template: vc:1:6: executing "vc" at <required "x is requi...>: error calling required: x is required'],
  ['exec: incompatible comparison', '{{ eq .n "1" }}', { n: 1 }, 'template: vc:1:3: executing "vc" at <eq .n "1">: error calling eq: incompatible types for comparison: int and string'],
  ['exec: int vs float comparison', '{{ eq 1 1.0 }}', {}, 'error calling eq: incompatible types for comparison: int and float64'],
  ['exec: lt of a map', '{{ lt .m 1 }}', { m: {} }, 'error calling lt: invalid type for comparison'],
  ['exec: wrong argument type from a pipeline', '{{ .m | upper }}', { m: { a: 1 } }, 'template: vc:1:8: executing "vc" at <upper>: wrong type for value; expected string; got map[string]interface {}'],
  ['exec: missing value into a string parameter', '{{ .nope | upper }}', {}, 'invalid value; expected string'],
  ['exec: literal of the wrong type', '{{ upper 3 }}', {}, 'template: vc:1:9: executing "vc" at <3>: expected string; found 3'],
  ['exec: wrong number of args', '{{ upper "a" "b" }}', {}, 'wrong number of args for upper: want 1 got 2'],
  ['exec: too few args to a variadic function', '{{ printf }}', {}, 'wrong number of args for printf: want at least 1 got 0'],
  ['exec: field on a string', '{{ .a.b }}', { a: 'str' }, "can't evaluate field b in type interface {}"],
  ['exec: field with arguments', '{{ .a 1 }}', { a: 1 }, 'a is not a method but has arguments'],
  ['exec: range over a string', '{{ range .s }}{{ end }}', { s: 'abc' }, "range can't iterate over abc"],
  ['exec: template not defined', '{{ template "nope" }}', {}, 'template: vc:1:12: executing "vc" at <{{template "nope"}}>: template "nope" not defined'],
  ['exec: index out of range', '{{ index .l 5 }}', { l: [1] }, 'error calling index: index out of range: 5'],
  ['exec: the error names the define it happened in', '{{ define "inner" }}\n{{ fail "deep" }}{{ end }}{{ template "inner" }}', {}, 'template: vc:2:3: executing "inner" at <fail "deep">: error calling fail: deep'],
  ['exec: include wraps the inner error', '{{ define "i" }}{{ fail "x" }}{{ end }}{{ include "i" . }}', {}, 'template: vc:1:42: executing "vc" at <include "i" .>: error calling include: template: vc:1:19: executing "i" at <fail "x">: error calling fail: x'],
  ['exec: include of a missing template', '{{ include "nope" . }}', {}, 'error calling include: template: no template "nope" associated with template "vc"'],
  ['exec: tpl parse error', '{{ tpl "{{ .x" . }}', {}, 'error calling tpl: cannot parse template "{{ .x": template: vc:1: unclosed action'],
  ['exec: nil is not a command', '{{ nil }}', {}, 'nil is not a command'],
];

for (const [name, src, data, want] of errors) {
  test(`error: ${name}`, () => {
    const e = failure(src, data, { name: 'vc' });
    if (want.startsWith('template: ')) assert.equal(e.message, want);
    else assert.ok(e.message.endsWith(want), `${e.message}\n  does not end with\n${want}`);
  });
}

test('TemplateError carries the line, column, template name and reason', () => {
  const e = failure('line one\nline two {{ .a.b }}', { a: null }, { name: 'objects' });
  assert.equal(e.kind, 'exec');
  assert.equal(e.line, 2);
  assert.equal(e.column, 14);
  assert.equal(e.templateName, 'objects');
  assert.equal(e.context, '.a.b');
  assert.equal(e.reason, 'nil pointer evaluating interface {}.b');
  const p = failure('a\nb\n{{ if }}', {}, { name: 'values' });
  assert.equal(p.kind, 'parse');
  assert.equal(p.line, 3);
  assert.equal(p.reason, 'missing value for if');
});

test('an include error keeps the inner error for its own line', () => {
  const e = failure('{{ include "x" . }}{{ define "x" }}\n\n{{ fail "inner" }}{{ end }}');
  assert.equal(e.line, 1);
  assert.equal(e.innermost().line, 3);
  assert.equal(e.innermost().reason, 'error calling fail: inner');
});

test('missingkey=error and missingkey=zero', () => {
  assert.equal(failure('{{ .a }}', {}, { missingKey: 'error' }).reason, 'map has no entry for key "a"');
  // With missingkey=zero a missing key is a nil interface: printing still shows <no value>.
  assert.equal(render('{{ .a }}', {}, { missingKey: 'zero' }), '<no value>');
  assert.equal(failure('{{ .a.b }}', {}, { missingKey: 'zero' }).reason, 'nil pointer evaluating interface {}.b');
});

test('numbers: float64 mode makes data numbers floats, as in Helm', () => {
  assert.equal(render('{{ .n }} {{ typeOf .n }}', { n: 1000000 }, { numbers: 'float64' }), '1e+06 float64');
  assert.equal(render('{{ .n }} {{ typeOf .n }}', { n: 1000000 }), '1000000 int');
});

test('a compiled template renders many times', () => {
  const t = compileTemplate('{{ .n }}');
  assert.equal(t.render({ n: 1 }), '1');
  assert.equal(t.render({ n: 2 }), '2');
});

test('the caller\'s data is not mutated by set', () => {
  const data = { m: { a: 1 } };
  render('{{ $_ := set .m "b" 2 }}', data);
  assert.deepEqual(data, { m: { a: 1 } });
});

test('"__proto__" is an ordinary key', () => {
  assert.equal(render('{{ $d := dict "__proto__" "x" }}{{ index $d "__proto__" }} {{ keys $d }}'), 'x [__proto__]');
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

// --- safety caps ---

test('cap: output size', () => {
  const e = failure('{{ range until 100 }}{{ "0123456789" }}{{ end }}', {}, { limits: { maxOutputBytes: 500 } });
  assert.equal(e.kind, 'limit');
  assert.match(e.reason, /output exceeds the limit of 500 bytes/);
});

test('cap: a string value larger than the limit', () => {
  const e = failure('{{ $s := repeat 1000 "x" }}', {}, { limits: { maxOutputBytes: 100 } });
  assert.equal(e.kind, 'limit');
  const doubling = failure('{{ $s := "x" }}{{ range until 64 }}{{ $s = print $s $s }}{{ end }}', {}, { limits: { maxOutputBytes: 1 << 16 } });
  assert.equal(doubling.kind, 'limit');
});

test('cap: evaluation steps stop an endless loop', () => {
  const started = Date.now();
  const e = failure('{{ range until 1000000000 }}{{ end }}', {}, { limits: { maxSteps: 100_000 } });
  assert.equal(e.kind, 'limit');
  const nested = failure('{{ range until 1000 }}{{ range until 1000 }}{{ range until 1000 }}{{ end }}{{ end }}{{ end }}', {}, { limits: { maxSteps: 100_000 } });
  assert.equal(nested.kind, 'limit');
  assert.ok(Date.now() - started < 5000);
});

test('cap: template recursion depth', () => {
  const e = failure('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}', {}, { limits: { maxDepth: 50 } });
  assert.equal(e.kind, 'limit');
  assert.match(e.reason, /exceeded maximum template depth \(50\)/);
  const inc = failure('{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}', {}, { limits: { maxDepth: 50 } });
  assert.match(inc.innermost().message, /rendering template has a nested reference name: r: unable to execute template/);
});

test('cap: the default depth does not exhaust the JavaScript stack', () => {
  const e = failure('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}');
  assert.equal(e.kind, 'limit');
});

test('cap: catastrophic regular expressions run in linear time', () => {
  const started = Date.now();
  assert.equal(render('{{ regexMatch "^(a+)+$" .s }}', { s: 'a'.repeat(5000) + '!' }), 'false');
  assert.equal(render('{{ regexMatch "(x+x+)+y" .s }}', { s: 'x'.repeat(3000) }), 'false');
  assert.ok(Date.now() - started < 5000);
});

test('cap: a self-referencing map cannot be printed or encoded forever', () => {
  const e = failure('{{ $d := dict }}{{ $_ := set $d "self" $d }}{{ toJson $d }}', {}, { limits: { maxOutputBytes: 10_000 } });
  assert.equal(e.kind, 'limit');
  const p = failure('{{ $d := dict }}{{ $_ := set $d "self" $d }}{{ $d }}', {}, { limits: { maxOutputBytes: 10_000 } });
  assert.equal(p.kind, 'limit');
});

test('cap: deeply nested parentheses are a parse error, not a crash', () => {
  const src = '{{ ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ' }}';
  const e = failure(src);
  assert.equal(e.kind, 'parse');
  assert.match(e.message, /max expression depth exceeded/);
});

// --- properties ---

test('property: text without "{{" renders as itself', () => {
  fc.assert(fc.property(fc.string().filter((s) => !s.includes('{{')), (s) => render(s) === s));
});

test('property: {{ . }} of a string prints it', () => {
  fc.assert(fc.property(fc.string(), (s) => render('{{ . }}', s) === s));
});

test('property: trim markers remove exactly the adjacent white space', () => {
  const ws = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r') });
  // A word ending in "{" would touch the action's "{{" and open it one character early, as in Go.
  const word = fc.string({ minLength: 1 }).filter((s) => !s.includes('{{') && !s.endsWith('{') && !/^[ \t\r\n]|[ \t\r\n]$/.test(s));
  fc.assert(fc.property(word, ws, ws, word, (a, w1, w2, b) => render(`${a}${w1}{{- "X" -}}${w2}${b}`) === `${a}X${b}`));
  fc.assert(fc.property(word, ws, ws, word, (a, w1, w2, b) => render(`${a}${w1}{{ "X" }}${w2}${b}`) === `${a}${w1}X${w2}${b}`));
});

test('property: integers print as Go prints them', () => {
  fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => render('{{ . }}', n) === n.toString()));
});

test('property: range visits every element in order', () => {
  fc.assert(fc.property(fc.array(fc.integer()), (l) => render('{{ range . }}{{ . }},{{ end }}', l) === l.map((x) => `${x},`).join('')));
});

test('property: eq agrees with JS equality on strings and ints', () => {
  fc.assert(fc.property(fc.string(), fc.string(), (a, b) => render('{{ eq .a .b }}', { a, b }) === String(a === b)));
  fc.assert(fc.property(fc.integer(), fc.integer(), (a, b) => render('{{ lt .a .b }}', { a, b }) === String(a < b)));
});
