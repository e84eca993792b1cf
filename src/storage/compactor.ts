// Background compaction that keeps a bounded history. kube-apiserver compacts etcd every five
// minutes to the revision it saw one interval earlier, so a watcher always has at least one
// interval of history to resume from; kine also keeps at least the last 1000 revisions.

import type { Storage } from './interface.ts';

/** Options of the compactor. */
export interface CompactorOptions {
  /** How often to compact (default 5 minutes). */
  intervalMs?: number;
  /** Revisions always kept behind the current one (default 1000). */
  minRetainRevisions?: number;
  /** Called when a compaction fails; the compactor keeps running (k3s-io/kine#489). */
  onError?: (err: unknown) => void;
}

/** Starts compacting `storage` periodically; returns a function that stops it. */
export function startCompactor(storage: Storage, options: CompactorOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 5 * 60_000;
  const retain = options.minRetainRevisions ?? 1000;
  let previous: number | undefined;
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const current = await storage.currentRevision();
      if (previous !== undefined) {
        const target = Math.min(previous, current - retain);
        if (target > (await storage.compactedRevision())) await storage.compact(target);
      }
      previous = current;
    } catch (err) {
      options.onError?.(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
