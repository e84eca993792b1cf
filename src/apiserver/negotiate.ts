// Content negotiation for responses (k8s.io/apiserver pkg/endpoints/handlers/negotiation):
// JSON or YAML, and the meta.k8s.io Table form kubectl asks for. kubectl lists protobuf first
// for some reads but always accepts JSON after it, and JSON answers are fine (contract §15).

import { notAcceptable } from '../apimachinery/index.ts';

/** MediaRange is one entry of an Accept header. */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

/** Returns the media ranges of an Accept (or Content-Type) header, in order. */
export function parseMediaTypes(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';');
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
    }
    return { type: type.trim().toLowerCase(), params };
  });
}

/** ResponseFormat is how to encode a response body. */
export interface ResponseFormat {
  encoding: 'json' | 'yaml';
  /** Server-side printing: a meta.k8s.io Table instead of the object. */
  table?: { version: 'v1' | 'v1beta1' };
}

/** The plain JSON format (shared: formats are never modified). */
export const jsonFormat: ResponseFormat = Object.freeze({ encoding: 'json' });

const acceptable = ['application/json', 'application/yaml', 'application/json;as=Table;v=v1;g=meta.k8s.io'];

/** Returns the response format for an Accept header, or throws 406. */
export function negotiateFormat(accept: string | undefined, allowTable: boolean): ResponseFormat {
  // What client-go and most clients send for a plain read: no parsing needed.
  if (accept === undefined || accept === 'application/json' || accept === '*/*') return jsonFormat;
  const ranges = parseMediaTypes(accept);
  if (ranges.length === 0) return jsonFormat;
  for (const range of ranges) {
    if (range.params.as === 'Table') {
      if (!allowTable || range.params.g !== 'meta.k8s.io' || (range.params.v !== 'v1' && range.params.v !== 'v1beta1')) continue;
      if (range.type === 'application/json') return { encoding: 'json', table: { version: range.params.v } };
      continue;
    }
    if (range.params.as) continue;
    if (range.type === 'application/json' || range.type === '*/*' || range.type === 'application/*') return jsonFormat;
    if (range.type === 'application/yaml') return { encoding: 'yaml' };
  }
  throw notAcceptable(acceptable);
}
