// Helm's template functions (helm pkg/engine/funcs.go and engine.go) that Loft's renderer
// adds to Sprig: toYaml, toYamlPretty, fromYaml, fromYamlArray, toJson, fromJson,
// fromJsonArray, toToml, and the late-bound include, tpl and required.

import { decodeJsonArray, decodeJsonObject, encodeJson } from './json.ts';
import { fn } from './sprig/conv.ts';
import { toToml } from './toml.ts';
import { GoError, measure, newMap, type CallContext, type FuncDef } from './values.ts';
import { fromYamlList, fromYamlMap, toYamlV2, toYamlV3 } from './yaml.ts';

function sized(ctx: CallContext, v: unknown): void {
  ctx.checkLength(measure(v, ctx.maxBytes + 1));
}

/** Returns Helm's toYaml: sigs.k8s.io/yaml.Marshal without the final newline; "" on error. */
function toYaml(ctx: CallContext, v: unknown): string {
  sized(ctx, v);
  try {
    return toYamlV2(v, (n) => ctx.charge(n));
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
}

function toYamlPretty(ctx: CallContext, v: unknown): string {
  sized(ctx, v);
  try {
    return toYamlV3(v, (n) => ctx.charge(n));
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
}

/** Returns Helm's toJson: json.Marshal; "" on error. */
function toJson(ctx: CallContext, v: unknown): string {
  sized(ctx, v);
  try {
    return encodeJson(v, { escapeHTML: true, indent: '', charge: (n) => ctx.charge(n) });
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
}

function fromJson(ctx: CallContext, s: string): Record<string, unknown> {
  ctx.charge(1 + (s.length >> 6));
  try {
    return decodeJsonObject(s);
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    const m = newMap();
    m.Error = e.message;
    return m;
  }
}

function fromJsonArray(ctx: CallContext, s: string): unknown[] {
  ctx.charge(1 + (s.length >> 6));
  try {
    return decodeJsonArray(s);
  } catch (e) {
    if (!(e instanceof GoError)) throw e;
    return [e.message];
  }
}

/** Returns Helm's required: the value, or an error with the message when it is nil or "". */
function required(warn: string, val: unknown): unknown {
  if (val === null || val === undefined || val === '') throw new GoError(warn);
  return val;
}

/** Returns Helm's extra functions (they override Sprig's of the same name). */
export function helmFuncs(): Map<string, FuncDef> {
  const table: Record<string, FuncDef> = {
    toYaml: fn(['any'], (c, v: unknown) => toYaml(c, v)),
    toYamlPretty: fn(['any'], (c, v: unknown) => toYamlPretty(c, v)),
    fromYaml: fn(['string'], (c, s: string) => fromYamlMap(s, (n) => c.charge(n))),
    fromYamlArray: fn(['string'], (c, s: string) => fromYamlList(s, (n) => c.charge(n))),
    toJson: fn(['any'], (c, v: unknown) => toJson(c, v)),
    fromJson: fn(['string'], (c, s: string) => fromJson(c, s)),
    fromJsonArray: fn(['string'], (c, s: string) => fromJsonArray(c, s)),
    toToml: fn(['any'], (c, v: unknown) => {
      sized(c, v);
      return toToml(v);
    }),
    include: fn(['string', 'any'], (c, name: string, data: unknown) => c.include(name, data)),
    tpl: fn(['string', 'any'], (c, source: string, data: unknown) => c.tpl(source, data)),
    required: fn(['string', 'any'], (_c, warn: string, val: unknown) => required(warn, val)),
  };
  return new Map(Object.entries(table));
}
