// TOML encoding as BurntSushi/toml's Encoder writes it (Helm's toToml): plain keys first,
// sorted, then [tables] and [[arrays of tables]], nested levels indented by two spaces.

import { formatFloat } from './printf.ts';
import { GoError, Int64, goTypeOf, isGoObject, isList, isMap, sortedKeys } from './values.ts';

const tomlEscapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

function quoteToml(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch in tomlEscapes) out += tomlEscapes[ch];
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function bareKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : quoteToml(k);
}

function isArrayOfTables(v: unknown): boolean {
  return isList(v) && v.length > 0 && v.every((e) => isMap(e));
}

function element(v: unknown): string {
  if (typeof v === 'string') return quoteToml(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Int64) return v.value.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    const s = formatFloat(v, 'f', -1);
    return s.includes('.') ? s : s + '.0';
  }
  if (isGoObject(v)) return quoteToml(v.goString());
  if (isList(v)) return '[' + v.filter((e) => e !== null && e !== undefined).map(element).join(', ') + ']';
  if (isMap(v)) {
    const keys = sortedKeys(v).filter((k) => v[k] !== null && v[k] !== undefined);
    return '{' + keys.map((k) => `${bareKey(k)} = ${element(v[k])}`).join(', ') + '}';
  }
  throw new GoError(`toml: unsupported type: ${goTypeOf(v)}`);
}

/** Returns BurntSushi/toml's encoding of a map; errors come back as the error text (as Helm does). */
export function toToml(v: unknown): string {
  if (!isMap(v)) return `toml: top-level values must be Go maps or structs`;
  const lines: string[] = [];
  let wrote = false;
  const write = (s: string): void => {
    lines.push(s);
    wrote = true;
  };
  const table = (path: string[], m: Record<string, unknown>, depth: number): void => {
    if (depth > 1000) throw new GoError('toml: value nests too deeply');
    const keys = sortedKeys(m).filter((k) => m[k] !== null && m[k] !== undefined);
    for (const k of keys) {
      const val = m[k];
      if (isMap(val) || isArrayOfTables(val)) continue;
      write(`${path.length > 0 ? '  '.repeat(path.length) : ''}${bareKey(k)} = ${element(val)}\n`);
    }
    for (const k of keys) {
      const val = m[k];
      const sub = [...path, k];
      const name = sub.map(bareKey).join('.');
      const subIndent = '  '.repeat(sub.length - 1);
      if (isMap(val)) {
        if (sub.length === 1 && wrote) lines.push('\n');
        write(`${subIndent}[${name}]\n`);
        table(sub, val, depth + 1);
      } else if (isArrayOfTables(val)) {
        for (const e of val as Record<string, unknown>[]) {
          if (sub.length === 1 && wrote) lines.push('\n');
          write(`${subIndent}[[${name}]]\n`);
          table(sub, e, depth + 1);
        }
      }
    }
  };
  try {
    table([], v, 0);
  } catch (e) {
    if (e instanceof GoError) return e.message;
    throw e;
  }
  return lines.join('');
}
