// Streams a watch to the client (contract §6): 200 at once with headers flushed, one JSON event
// per line, Table-wrapped events when asked, BOOKMARKs with kind and apiVersion, an ERROR event
// carrying a Status (410 Expired) when the watch fails, and the stream kept open until
// timeoutSeconds (or a random 30-60 minutes, as kube-apiserver spreads reconnects).
//
// Fan-out: a change is one shared object for every watcher of it (storage decodes it once), so
// its line — `{"type":"ADDED","object":{...}}\n` — is the same bytes for every JSON watcher of
// the resource and is serialized once. Events are pushed to the response as they happen
// (Watcher.listen), with no promise or generator per event and watcher, and wait in the
// response for one flush that writes every waiting response, each its lines as one chunk
// (the same Buffer for all watchers of the resource). Flushes are paced by their own cost
// (flushPacing), so under load the events of several commits share one socket write. A full
// socket pauses its own watch, whose bounded buffer then holds the events (and ends the watch
// if the client falls too far behind), so one slow client never holds up the others.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
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

/**
 * How long the fan-out waits after a flush, as a multiple of the time that flush took. Each
 * socket write costs about the same whatever it carries (a TLS record, a syscall, a wake-up of
 * the reader: 10-20 µs here), so a thousand watchers at 100 events/s cannot each get a write per
 * event on 2 cores. Waiting as long as the last flush took keeps the fan-out under half of the
 * event loop: when flushes are cheap (few watchers) the wait is microseconds; when they are
 * expensive, the events that arrive meanwhile share one write per socket.
 */
const flushPacing = 1;

/** A watch response with events waiting to be written. */
interface PendingStream {
  /** Writes what is waiting. */
  flush(): void;
}

/** How many bytes of events a response holds for the next flush before it pauses its watch. */
const maxPendingBytes = 64 * 1024;

/** The responses with events waiting, written by one flush for all of them. */
let dirty = new Set<PendingStream>();
let flushScheduled = false;
let nextFlushAt = 0;

/** The last lines joined, and their chunks: the watchers of one resource flush the same lines. */
let lastJoined: { lines: Array<Buffer | string>; body: Buffer; chunk?: Buffer } | undefined;

const crlf = Buffer.from('\r\n', 'latin1');

/** Returns `lines` as one body, made once for every response of a flush that waits for the same lines. */
function joined(lines: Array<Buffer | string>): NonNullable<typeof lastJoined> {
  const last = lastJoined;
  if (last && last.lines.length === lines.length && last.lines.every((line, i) => line === lines[i])) return last;
  const only = lines.length === 1 ? lines[0] : undefined;
  const body = Buffer.isBuffer(only) ? only : Buffer.concat(lines.map((line) => (typeof line === 'string' ? Buffer.from(line, 'utf8') : line)));
  lastJoined = { lines, body };
  return lastJoined;
}

/** Returns `lines` as one HTTP/1.1 chunk (size line, the lines, CRLF), framed once per flush for every response that waits for them. */
function chunkOf(lines: Array<Buffer | string>): Buffer {
  const entry = joined(lines);
  return (entry.chunk ??= Buffer.concat([Buffer.from(`${entry.body.length.toString(16)}\r\n`, 'latin1'), entry.body, crlf]));
}

/** Writes every waiting response, then sets when the next flush may run. */
function flushAll(): void {
  flushScheduled = false;
  const started = performance.now();
  // A flush may resume watches, which queue their responses again: for the next flush.
  const streams = dirty;
  dirty = new Set();
  for (const stream of streams) stream.flush();
  lastJoined = undefined;
  // The socket writes happen when the responses uncork, on the next tick: measure up to there.
  process.nextTick(() => {
    const ended = performance.now();
    nextFlushAt = ended + (ended - started) * flushPacing;
  });
}

/** Queues `stream` for the next flush. */
function markDirty(stream: PendingStream): void {
  dirty.add(stream);
  if (flushScheduled) return;
  flushScheduled = true;
  const wait = nextFlushAt - performance.now();
  if (wait >= 1) setTimeout(flushAll, wait);
  else setImmediate(flushAll);
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
  // Lines waiting for the next flush, in order; written as one chunk.
  let pending: Array<Buffer | string> = [];
  let pendingBytes = 0;
  // The watch is paused while the socket is full (until 'drain') or enough waits for a flush.
  let socketFull = false;
  let paused = false;
  const flow = (): void => {
    const pause = socketFull || pendingBytes >= maxPendingBytes;
    if (pause === paused) return;
    paused = pause;
    if (pause) watcher.pause();
    else watcher.resume();
  };
  const stream: PendingStream = {
    flush() {
      while (pending.length > 0) {
        const lines = pending;
        pending = [];
        pendingBytes = 0;
        // A client that left is resumed by gone(), to run its watch to the end.
        if (res.destroyed || res.writableEnded) return;
        // Node frames each write of a chunked response itself: a size line, the data and CRLF
        // as four writes under a cork, about 4 µs per write here. The chunk framed once per
        // flush goes to the socket as one write instead, when the response is chunked and its
        // socket is its own (a pipelined response waits without a socket).
        const socket = res.socket;
        let ok: boolean;
        if (res.chunkedEncoding && res.headersSent && socket) {
          if (drainSocket !== socket) {
            drainSocket?.off('drain', drained);
            socket.on('drain', drained);
            drainSocket = socket;
          }
          ok = socket.write(chunkOf(lines));
        } else {
          ok = res.write(joined(lines).body);
        }
        if (!ok) socketFull = true;
        // Resuming hands over buffered events at once: a backlog (a large initial state, a
        // client catching up) is written as fast as the socket takes it, live events wait
        // for the next flush.
        flow();
        if (socketFull || pendingBytes < maxPendingBytes) return;
      }
    },
  };
  const drained = (): void => {
    socketFull = false;
    if (pendingBytes >= maxPendingBytes) {
      dirty.delete(stream);
      stream.flush();
    } else {
      flow();
    }
  };
  req.on('close', gone);
  res.on('close', gone);
  res.on('drain', drained);
  // The socket written to directly, whose 'drain' resumes the watch too.
  let drainSocket: Duplex | undefined;
  const write = (line: Buffer | string): void => {
    if (pending.length === 0) markDirty(stream);
    pending.push(line);
    pendingBytes += line.length;
    if (pendingBytes >= maxPendingBytes && !paused) flow();
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
        dirty.delete(stream);
        stream.flush();
        clearTimeout(timer);
        req.off('close', gone);
        res.off('close', gone);
        res.off('drain', drained);
        drainSocket?.off('drain', drained);
        watcher.stop();
        if (!res.destroyed) res.end();
        opts.onEnd?.();
        resolve();
      },
    });
  });
}
