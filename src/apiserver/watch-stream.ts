// Streams a watch to the client (contract §6): 200 at once with headers flushed, one JSON event
// per line, Table-wrapped events when asked, BOOKMARKs with kind and apiVersion, an ERROR event
// carrying a Status (410 Expired) when the watch fails, and the stream kept open until
// timeoutSeconds (or a random 30-60 minutes, as kube-apiserver spreads reconnects).
//
// Fan-out: a change is one shared object for every watcher of it (storage decodes it once), so
// its line — `{"type":"ADDED","object":{...}}\n` — is the same bytes for every JSON watcher of
// the resource and is serialized once, then written to each socket as is. Events are pushed
// to the response as they happen (Watcher.listen), with no promise or generator per event; a
// full socket pauses its own watch, whose bounded buffer then holds the events (and ends the
// watch if the client falls too far behind), so one slow client never holds up the others.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../apimachinery/index.ts';
import { apiVersionOf, type ResourceInfo } from '../registry/index.ts';
import type { WatchEvent, Watcher } from '../storage/index.ts';
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

type ObjectEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * The JSON lines of watch objects, by object and event type. Watch objects are immutable
 * (storage/interface.ts WatchEvent), so an object's line never goes stale; an entry lives as
 * long as its object.
 */
const lines = new WeakMap<KubeObject, Partial<Record<ObjectEventType, Buffer>>>();

/** Returns the line of a JSON watch event, serialized once per object and type. */
function eventLine(type: ObjectEventType, object: KubeObject): Buffer {
  let byType = lines.get(object);
  if (!byType) {
    byType = {};
    lines.set(object, byType);
  }
  // The same bytes as JSON.stringify({ type, object }) + '\n'.
  return (byType[type] ??= Buffer.from(`{"type":"${type}","object":${JSON.stringify(object)}}\n`, 'utf8'));
}

/** Serves `watcher` on `res` until the client leaves, the timeout passes or the watch fails. */
export function streamWatch(req: IncomingMessage, res: ServerResponse, watcher: Watcher, opts: WatchStreamOptions): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const seconds = opts.timeoutSeconds && opts.timeoutSeconds > 0 ? opts.timeoutSeconds : 1800 + Math.floor(Math.random() * 1800);
  const timer = setTimeout(() => watcher.stop(), seconds * 1000);
  timer.unref?.();
  // The client left: nothing more can be written, so let the buffered events go (writes to a
  // destroyed response are dropped) and the end follow.
  const gone = (): void => {
    watcher.stop();
    watcher.resume();
  };
  const drained = (): void => watcher.resume();
  req.on('close', gone);
  res.on('close', gone);
  res.on('drain', drained);
  const write = (chunk: Buffer | string): void => {
    if (res.destroyed) return;
    // A full socket: hold the next events in the watch's buffer until it drains.
    if (!res.write(chunk)) watcher.pause();
  };
  let first = true;
  const tableLine = (event: WatchEvent & { object: KubeObject }): string => {
    const table = toTable(opts.info, [event.object], { resourceVersion: event.object.metadata?.resourceVersion }, {
      version: (opts.format.table as { version: 'v1' | 'v1beta1' }).version,
      include: opts.include,
      withColumns: first,
    });
    first = false;
    return `${JSON.stringify({ type: event.type, object: table })}\n`;
  };
  return new Promise((resolve) => {
    watcher.listen({
      event(event) {
        if (event.type === 'BOOKMARK') {
          const metadata: Record<string, unknown> = { resourceVersion: event.resourceVersion };
          if (event.initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
          write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: opts.info.kind, apiVersion: apiVersionOf(opts.info), metadata } })}\n`);
        } else if (opts.format.table) {
          write(tableLine(event));
        } else {
          write(eventLine(event.type, event.object));
        }
      },
      end(err) {
        if (err !== undefined) write(`${JSON.stringify({ type: 'ERROR', object: statusOf(err) })}\n`);
        clearTimeout(timer);
        req.off('close', gone);
        res.off('close', gone);
        res.off('drain', drained);
        watcher.stop();
        if (!res.destroyed) res.end();
        opts.onEnd?.();
        resolve();
      },
    });
  });
}
