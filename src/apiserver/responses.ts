// Writing responses: objects as JSON or YAML (gzip above kube-apiserver's 128 KiB threshold
// when the client accepts it) and every error as a Kubernetes Status, in one place.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { stringify as toYaml } from 'yaml';
import { internalError, isStatusError, type Status } from '../apimachinery/index.ts';
import { isStorageError } from '../storage/index.ts';
import type { ResponseFormat } from './negotiate.ts';

const gzipThresholdBytes = 128 * 1024;

/** Writes `body` with `code`, encoded as `format` asks, with any `Warning` headers. */
export function writeObject(
  req: IncomingMessage,
  res: ServerResponse,
  code: number,
  body: unknown,
  format: ResponseFormat = { encoding: 'json' },
  warnings: string[] = [],
): void {
  const yaml = format.encoding === 'yaml';
  let payload: Buffer = Buffer.from(yaml ? toYaml(body, { aliasDuplicateObjects: false }) : JSON.stringify(body), 'utf8');
  const headers: Record<string, string | string[] | number> = {
    'Content-Type': yaml ? 'application/yaml' : 'application/json',
    'Cache-Control': 'no-cache, private',
  };
  if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  if (payload.length >= gzipThresholdBytes && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = gzipSync(payload, { level: 1 });
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept-Encoding';
  }
  headers['Content-Length'] = payload.length;
  res.writeHead(code, headers);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

/** Returns the Status an error becomes; unexpected errors are 500s without internals. */
export function statusOf(err: unknown): Status {
  if (isStatusError(err)) return err.status;
  if (isStorageError(err)) return internalError(`storage: ${err.message}`).status;
  return internalError('an unexpected error occurred; see the server log').status;
}

/** Writes `err` as a Status response (with Retry-After for 429/503/504). */
export function writeError(req: IncomingMessage, res: ServerResponse, err: unknown, warnings: string[] = []): Status {
  const status = statusOf(err);
  if (res.headersSent) {
    res.destroy();
    return status;
  }
  const retryAfter = status.details?.retryAfterSeconds;
  if (retryAfter !== undefined && (status.code === 429 || status.code >= 500)) res.setHeader('Retry-After', String(retryAfter));
  writeObject(req, res, status.code, status, { encoding: 'json' }, warnings);
  return status;
}
