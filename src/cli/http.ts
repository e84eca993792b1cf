// A tiny HTTPS client for the platform: node:https with the CA the login trusted (or no
// verification with --insecure), the access key as bearer token, JSON in and out. A Kubernetes
// Status body becomes an ApiError carrying the server's message verbatim.

import { request as httpsRequest, type RequestOptions } from 'node:https';
import { readFileSync } from 'node:fs';
import { ApiError, CliError } from './errors.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The user agent of every request: loft/<version>. */
export const userAgent = `loft/${pkg.version}`;

/** Where and how to reach a platform. */
export interface Endpoint {
  /** https://host[:port] */
  host: string;
  accessKey?: string;
  insecure?: boolean;
  /** Base64 PEM the server's certificate is verified against; system CAs when absent. */
  caData?: string;
}

/** Options of one request. */
export interface RequestInit {
  body?: unknown;
  query?: Record<string, string | undefined>;
  contentType?: string;
  headers?: Record<string, string>;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
}

/** A raw response. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Returns the TLS options for `endpoint`: its CA (a pinned certificate works too), or no verification. */
export function tlsOptions(endpoint: Pick<Endpoint, 'insecure' | 'caData'>): RequestOptions {
  if (endpoint.insecure) return { rejectUnauthorized: false };
  if (endpoint.caData) {
    // allowPartialTrustChain: the login may have pinned the server's own certificate (when the
    // server does not send its CA), which OpenSSL accepts as a trust anchor only with this flag.
    return { ca: Buffer.from(endpoint.caData, 'base64').toString('utf8'), allowPartialTrustChain: true } as RequestOptions;
  }
  return {};
}

const tlsErrorCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);

/** Returns whether `err` is a TLS verification failure (unknown authority, wrong name, expired). */
export function isTlsVerificationError(err: unknown): boolean {
  return tlsErrorCodes.has((err as { code?: string }).code ?? '');
}

/** Returns a CliError that says what a connection failure means for the user. */
function connectionError(err: Error & { code?: string }, host: string): CliError {
  if (err.code === 'ECONNREFUSED') return new CliError(`couldn't connect to ${host}: connection refused (is the platform running?)`);
  if (err.code === 'ENOTFOUND') return new CliError(`couldn't connect to ${host}: host not found`);
  if (isTlsVerificationError(err)) {
    return new CliError(`couldn't verify the certificate of ${host} (${err.code}: ${err.message}); run 'loft login ${host}' again, or with --insecure if you trust this server`);
  }
  return new CliError(`couldn't connect to ${host}: ${err.message}`);
}

/** Returns the error an unsuccessful response means: its Status message if it has one. */
export function responseError(res: HttpResponse, method: string, url: string): ApiError {
  try {
    const body = JSON.parse(res.body) as { kind?: string; message?: string; reason?: string };
    if (body.kind === 'Status' && body.message) return new ApiError(body.message, res.status, body.reason ?? '');
  } catch {
    // Not JSON: described below.
  }
  const text = res.body.trim().slice(0, 200);
  return new ApiError(`${method} ${url}: the server responded with status ${res.status}${text ? `: ${text}` : ''}`, res.status, '');
}

/** An HTTPS client bound to one platform endpoint. */
export class HttpClient {
  readonly endpoint: Endpoint;

  constructor(endpoint: Endpoint) {
    this.endpoint = endpoint;
  }

  /** Sends one request and resolves with the raw response (any status). */
  send(method: string, path: string, init: RequestInit = {}): Promise<HttpResponse> {
    const url = new URL(this.endpoint.host + path);
    for (const [key, value] of Object.entries(init.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': userAgent, ...init.headers };
    if (this.endpoint.accessKey) headers.Authorization = `Bearer ${this.endpoint.accessKey}`;
    let payload: Buffer | undefined;
    if (init.body !== undefined) {
      payload = Buffer.from(typeof init.body === 'string' ? init.body : JSON.stringify(init.body));
      headers['Content-Type'] = init.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method, headers, ...tlsOptions(this.endpoint), timeout: init.timeoutMs ?? 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(connectionError(err, this.endpoint.host)));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`timed out after ${(init.timeoutMs ?? 30_000) / 1000}s`), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(connectionError(err, this.endpoint.host)));
      req.end(payload);
    });
  }

  /** Sends one request and returns the parsed JSON body; throws ApiError on a non-2xx status. */
  async json<T>(method: string, path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.send(method, path, init);
    if (res.status < 200 || res.status > 299) throw responseError(res, method, path);
    if (res.body.trim() === '') return undefined as T;
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new CliError(`${method} ${path}: the server sent a response that is not JSON`);
    }
  }
}
