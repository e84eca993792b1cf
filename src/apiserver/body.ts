// Request bodies: read with a byte cap before anything is parsed, then decoded from JSON, YAML or
// protobuf with limits on nesting and aliases (reliability-security.md §3: 3 MiB like
// kube-apiserver's MaxRequestBodyBytes; a JSON nesting cap because recursive code overflows on
// deep input; the yaml package's alias cap against "billion laughs").

import type { IncomingMessage } from 'node:http';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { badRequest, requestEntityTooLarge, StatusError, unsupportedMediaType } from '../apimachinery/index.ts';
import { decodeProtobufObject } from './protobuf/index.ts';

/** The largest request body accepted (k8s.io/apiserver MaxRequestBodyBytes). */
export const maxRequestBodyBytes = 3 * 1024 * 1024;
/** The deepest JSON or YAML nesting accepted; real objects rarely pass 20. */
export const maxNestingDepth = 100;

/** Reads the whole body, refusing more than `limit` bytes with 413 before buffering them. */
export function readBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? -1);
  if (declared > limit) {
    req.resume();
    return Promise.reject(requestEntityTooLarge(`limit is ${limit}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        // Keep draining (without buffering) so the 413 can be written on this connection.
        reject(requestEntityTooLarge(`limit is ${limit}`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}

/** Throws 400 if JSON `text` nests deeper than maxNestingDepth; a linear scan before JSON.parse. */
export function checkJsonDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxNestingDepth) throw badRequest(`the request body nests deeper than ${maxNestingDepth} levels`);
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
}

/** Returns the JSON value of `text`, or throws 400 with the parser's message. */
export function parseJson(text: string): unknown {
  checkJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`error decoding JSON: ${(err as Error).message}`);
  }
}

/** Returns the depth of a decoded value, stopping past the limit. */
function depthOf(value: unknown, limit: number, depth = 0): number {
  if (depth > limit) return depth;
  if (typeof value !== 'object' || value === null) return depth;
  let max = depth;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    max = Math.max(max, depthOf(child, limit, depth + 1));
    if (max > limit) break;
  }
  return max;
}

/** Returns the value of one YAML document, refusing alias bombs, several documents and deep nesting. */
export function parseYamlDocument(text: string): unknown {
  let value: unknown;
  try {
    const docs = parseAllDocuments(text);
    if (Array.isArray(docs) && docs.length > 1) throw badRequest('the request body holds more than one YAML document');
    value = parseYaml(text, { maxAliasCount: 100, prettyErrors: false, uniqueKeys: false });
  } catch (err) {
    if (err instanceof StatusError) throw err;
    throw badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
  }
  if (depthOf(value, maxNestingDepth) > maxNestingDepth) throw badRequest(`the request body nests deeper than ${maxNestingDepth} levels`);
  return value;
}

/** The media types a write body may have. */
export type BodyFormat = 'json' | 'yaml' | 'protobuf';

/** Returns the body format of a Content-Type for create/update, or throws 415. */
export function bodyFormat(contentType: string | undefined): BodyFormat {
  const type = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase();
  switch (type) {
    case 'application/json':
    case '':
      return 'json';
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml':
      return 'yaml';
    case 'application/vnd.kubernetes.protobuf':
      return 'protobuf';
    default:
      throw unsupportedMediaType(type ?? '', ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
  }
}

/** Returns the decoded object body of a create or update. */
export function decodeObjectBody(body: Buffer, contentType: string | undefined): unknown {
  const format = bodyFormat(contentType);
  if (format === 'protobuf') return decodeProtobufObject(body);
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty');
  return format === 'yaml' ? parseYamlDocument(text) : parseJson(text);
}
