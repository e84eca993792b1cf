// Go's encoding/json for template values: Marshal (sorted map keys, HTML-safe escaping,
// Go's float formatting), MarshalIndent, and Unmarshal into interface{} (every number is a
// float64) with Go's syntax error messages.

import { formatFloat } from './printf.ts';
import { GoError, Int64, goTypeOf, isGoObject, isList, isMap, newMap, sortedKeys } from './values.ts';

const hex = '0123456789abcdef';

/** Returns the JSON string literal Go writes for s. */
export function jsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) {
      switch (c) {
        case 8: out += '\\b'; break;
        case 12: out += '\\f'; break;
        case 10: out += '\\n'; break;
        case 13: out += '\\r'; break;
        case 9: out += '\\t'; break;
        default: out += '\\u00' + hex[c >> 4] + hex[c & 15];
      }
    } else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) out += '\\u00' + hex[c >> 4] + hex[c & 15];
    else if (c === 0x2028 || c === 0x2029) out += '\\u202' + hex[c & 15];
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i] + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += s[i];
  }
  return out + '"';
}

/** Returns the JSON text Go writes for a float64; throws for NaN and infinities. */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new GoError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const abs = Math.abs(f);
  let fmt: 'e' | 'f' = 'f';
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) fmt = 'e';
  let s = formatFloat(f, fmt, -1);
  if (fmt === 'e') {
    const n = s.length;
    if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') s = s.slice(0, n - 2) + s[n - 1];
  }
  return s;
}

interface EncodeOptions {
  escapeHTML: boolean;
  indent: string;
  /** Called per value so callers can charge work. */
  charge?: (n: number) => void;
}

/** Returns json.Marshal(v) (or MarshalIndent with options.indent). Throws GoError like Go. */
export function encodeJson(v: unknown, options: EncodeOptions): string {
  const parts: string[] = [];
  const visiting = new Set<object>();
  const enc = (x: unknown, depth: number): void => {
    options.charge?.(1);
    if (x === undefined || x === null) {
      parts.push('null');
      return;
    }
    switch (typeof x) {
      case 'string': parts.push(jsonString(x, options.escapeHTML)); return;
      case 'boolean': parts.push(x ? 'true' : 'false'); return;
      case 'bigint': parts.push(x.toString()); return;
      case 'number': parts.push(jsonFloat(x)); return;
      case 'function': throw new GoError(`json: unsupported type: ${goTypeOf(x)}`);
    }
    if (x instanceof Int64) {
      parts.push(x.value.toString());
      return;
    }
    if (isGoObject(x)) {
      enc(x.goJson(), depth);
      return;
    }
    const obj = x as object;
    if (visiting.has(obj)) throw new GoError(`json: unsupported value: encountered a cycle via ${goTypeOf(obj)}`);
    visiting.add(obj);
    const nl = options.indent === '' ? '' : '\n' + options.indent.repeat(depth + 1);
    const close = options.indent === '' ? '' : '\n' + options.indent.repeat(depth);
    const colon = options.indent === '' ? ':' : ': ';
    if (isList(obj)) {
      if (obj.length === 0) parts.push('[]');
      else {
        parts.push('[');
        obj.forEach((e, i) => {
          if (i > 0) parts.push(',');
          parts.push(nl);
          enc(e, depth + 1);
        });
        parts.push(close + ']');
      }
    } else if (isMap(obj)) {
      const keys = sortedKeys(obj);
      if (keys.length === 0) parts.push('{}');
      else {
        parts.push('{');
        keys.forEach((k, i) => {
          if (i > 0) parts.push(',');
          parts.push(nl + jsonString(k, options.escapeHTML) + colon);
          enc(obj[k], depth + 1);
        });
        parts.push(close + '}');
      }
    }
    visiting.delete(obj);
  };
  enc(v, 0);
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Unmarshal

class JsonSyntaxError extends GoError {}

/** Returns how Go's JSON scanner quotes a byte in messages: 'x', '\n', '"'. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const cp = c.codePointAt(0) as number;
  let s: string;
  if (cp < 0x20 || cp === 0x7f) {
    switch (cp) {
      case 7: s = '\\a'; break;
      case 8: s = '\\b'; break;
      case 12: s = '\\f'; break;
      case 10: s = '\\n'; break;
      case 13: s = '\\r'; break;
      case 9: s = '\\t'; break;
      case 11: s = '\\v'; break;
      default: s = '\\x' + cp.toString(16).padStart(2, '0');
    }
  } else s = c;
  return `'${s}'`;
}

class Parser {
  readonly s: string;
  i = 0;
  constructor(s: string) {
    this.s = s;
  }

  fail(context: string): never {
    if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected end of JSON input');
    const c = String.fromCodePoint(this.s.codePointAt(this.i) as number);
    throw new JsonSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  ws(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else break;
    }
  }

  value(depth: number): unknown {
    if (depth > 10_000) throw new JsonSyntaxError('exceeded max depth');
    this.ws();
    const c = this.s[this.i];
    switch (c) {
      case '{': return this.object(depth);
      case '[': return this.array(depth);
      case '"': return this.string();
      case 't': return this.literal('true', true);
      case 'f': return this.literal('false', false);
      case 'n': return this.literal('null', null);
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    this.fail('looking for beginning of value');
  }

  literal(word: string, v: unknown): unknown {
    for (let k = 0; k < word.length; k++) {
      if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected end of JSON input');
      if (this.s[this.i] !== word[k]) this.fail(`in literal ${word} (expecting ${quoteChar(word[k])})`);
      this.i++;
    }
    return v;
  }

  number(): unknown {
    const start = this.i;
    if (this.s[this.i] === '-') this.i++;
    const digit = (): boolean => this.i < this.s.length && this.s[this.i] >= '0' && this.s[this.i] <= '9';
    if (this.s[this.i] === '0') this.i++;
    else if (digit()) while (digit()) this.i++;
    else this.fail('in numeric literal');
    if (this.s[this.i] === '.') {
      this.i++;
      if (!digit()) this.fail('after decimal point in numeric literal');
      while (digit()) this.i++;
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      if (!digit()) this.fail('in exponent of numeric literal');
      while (digit()) this.i++;
    }
    const text = this.s.slice(start, this.i);
    const f = Number(text);
    if (!Number.isFinite(f)) return new NumberOverflow(text);
    return f;
  }

  string(): string {
    this.i++; // opening quote
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected end of JSON input');
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('in string literal');
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      this.i++;
      const e = this.s[this.i];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.i++;
      } else if (e === 'u') {
        this.i++;
        const h = this.s.slice(this.i, this.i + 4);
        for (let k = 0; k < 4; k++) {
          if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected end of JSON input');
          if (!/[0-9a-fA-F]/.test(this.s[this.i])) this.fail('in \\u hexadecimal character escape');
          this.i++;
        }
        out += String.fromCharCode(parseInt(h, 16));
      } else {
        if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected end of JSON input');
        this.fail('in string escape code');
      }
    }
  }

  array(depth: number): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      this.fail('after array element');
    }
  }

  object(depth: number): Record<string, unknown> {
    this.i++;
    const out = newMap();
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('looking for beginning of object key string');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail('after object key');
      this.i++;
      out[key] = this.value(depth + 1);
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      this.fail('after object key:value pair');
    }
  }
}

class NumberOverflow {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

function fixNumbers(v: unknown): unknown {
  if (v instanceof NumberOverflow) throw new GoError(`json: cannot unmarshal number ${v.text} into Go value of type float64`);
  if (isList(v)) return v.map(fixNumbers);
  if (isMap(v)) {
    for (const k of Object.keys(v)) v[k] = fixNumbers(v[k]);
  }
  return v;
}

/** Returns json.Unmarshal(text) into interface{}; throws GoError with Go's message. */
export function decodeJson(text: string): unknown {
  const p = new Parser(text);
  p.ws();
  if (p.i >= text.length) throw new GoError('unexpected end of JSON input');
  const v = p.value(0);
  p.ws();
  if (p.i < text.length) p.fail('after top-level value');
  return fixNumbers(v);
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (isList(v)) return 'array';
  return 'object';
}

/** Returns json.Unmarshal(text) into a map[string]interface{}. */
export function decodeJsonObject(text: string): Record<string, unknown> {
  const v = decodeJson(text);
  if (v === null) return newMap();
  if (!isMap(v)) throw new GoError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`);
  return v;
}

/** Returns json.Unmarshal(text) into a []interface{}. */
export function decodeJsonArray(text: string): unknown[] {
  const v = decodeJson(text);
  if (v === null) return [];
  if (!isList(v)) throw new GoError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type []interface {}`);
  return v;
}
