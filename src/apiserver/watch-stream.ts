// Streams a watch to the client (contract §6): 200 at once with headers flushed, one JSON event
// per line, Table-wrapped events when asked, BOOKMARKs with kind and apiVersion, an ERROR event
// carrying a Status (410 Expired) when the watch fails, and the stream kept open until
// timeoutSeconds (or a random 30-60 minutes, as kube-apiserver spreads reconnects).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../apimachinery/index.ts';
import { apiVersionOf, type ResourceInfo } from '../registry/index.ts';
import type { Watcher } from '../storage/index.ts';
import type { ResponseFormat } from './negotiate.ts';
import { statusOf } from './responses.ts';
import { toTable, type IncludeObject } from './table.ts';

/** Options of one watch response. */
export interface WatchStreamOptions {
  info: ResourceInfo;
  format: ResponseFormat;
  include: IncludeObject;
  timeoutSeconds?: number;
  /** Called when the stream ends, whatever the reason. */
  onEnd?: () => void;
}

/** Serves `watcher` on `res` until the client leaves, the timeout passes or the watch fails. */
export async function streamWatch(req: IncomingMessage, res: ServerResponse, watcher: Watcher, opts: WatchStreamOptions): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const seconds = opts.timeoutSeconds && opts.timeoutSeconds > 0 ? opts.timeoutSeconds : 1800 + Math.floor(Math.random() * 1800);
  const timer = setTimeout(() => watcher.stop(), seconds * 1000);
  timer.unref?.();
  const stop = (): void => watcher.stop();
  req.on('close', stop);
  res.on('close', stop);
  let first = true;
  const write = async (event: unknown): Promise<void> => {
    if (res.destroyed) return;
    if (!res.write(`${JSON.stringify(event)}\n`)) {
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  };
  const wrap = (obj: KubeObject): unknown => {
    if (!opts.format.table) return obj;
    const table = toTable(opts.info, [obj], { resourceVersion: obj.metadata?.resourceVersion }, {
      version: opts.format.table.version,
      include: opts.include,
      withColumns: first,
    });
    first = false;
    return table;
  };
  try {
    for await (const event of watcher) {
      if (event.type === 'BOOKMARK') {
        const metadata: Record<string, unknown> = { resourceVersion: event.resourceVersion };
        if (event.initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
        await write({ type: 'BOOKMARK', object: { kind: opts.info.kind, apiVersion: apiVersionOf(opts.info), metadata } });
      } else {
        await write({ type: event.type, object: wrap(event.object) });
      }
    }
  } catch (err) {
    await write({ type: 'ERROR', object: statusOf(err) });
  } finally {
    clearTimeout(timer);
    req.off('close', stop);
    watcher.stop();
    if (!res.destroyed) res.end();
    opts.onEnd?.();
  }
}
