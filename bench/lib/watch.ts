// A Kubernetes watch as the benchmarks consume it: one streaming GET with ?watch=1, one JSON
// event per line. Lines are handed over unparsed, so a benchmark with a thousand watchers can
// pick out what it needs (a name, a timestamp) without paying for JSON.parse of every event.

import { Agent, request } from 'undici';

/** An open watch. */
export interface WatchHandle {
  /** Resolves when the server ends the stream or it fails; the reason if it failed. */
  ended: Promise<Error | undefined>;
  /** Ends the watch from this side. */
  close(): void;
}

/** Returns a keep-alive agent for watches: no body or header timeout, no connection limit. */
export function watchAgent(ca: string): Agent {
  return new Agent({ connect: { ca, servername: 'localhost' }, bodyTimeout: 0, headersTimeout: 0, pipelining: 1, connections: null });
}

/**
 * Opens a watch on `url` (which carries ?watch=1) and calls `onLine` with each event line.
 * Resolves once the server answered 200 (the watch is registered); rejects otherwise.
 */
export async function openWatch(url: string, token: string, agent: Agent, onLine: (line: string) => void): Promise<WatchHandle> {
  const abort = new AbortController();
  const res = await request(url, { method: 'GET', dispatcher: agent, signal: abort.signal, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (res.statusCode !== 200) {
    const text = await res.body.text();
    throw new Error(`watch ${url}: ${res.statusCode} ${text}`);
  }
  let rest = '';
  res.body.setEncoding('utf8');
  res.body.on('data', (chunk: string) => {
    let start = 0;
    let nl = chunk.indexOf('\n');
    if (nl === -1) {
      rest += chunk;
      return;
    }
    onLine(rest + chunk.slice(0, nl));
    rest = '';
    start = nl + 1;
    while ((nl = chunk.indexOf('\n', start)) !== -1) {
      onLine(chunk.slice(start, nl));
      start = nl + 1;
    }
    rest = chunk.slice(start);
  });
  const ended = new Promise<Error | undefined>((resolve) => {
    res.body.once('end', () => resolve(undefined));
    res.body.once('error', (err: Error) => resolve(abort.signal.aborted ? undefined : err));
  });
  return { ended, close: () => abort.abort() };
}
