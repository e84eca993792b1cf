// Helpers for layers that wrap a Watcher (a kind served as another version, a kind stored as
// another kind) and for the objects watches share between watchers.

import type { WatchEvent, Watcher } from './interface.ts';

/** Whether shared watch objects are deep-frozen (tests set it, so that a mutation throws). */
const freezeShared = process.env.LOFT_FREEZE_WATCH_OBJECTS === '1';

/** Deep-freezes `value` (plain JSON data: objects and arrays). */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/**
 * Returns `value`, which is about to be handed to several watchers: deep-frozen when
 * LOFT_FREEZE_WATCH_OBJECTS=1, as is otherwise (freezing costs a walk of every object, and
 * the consumers are ours: the tests prove they only read).
 */
export function shareWatchObject<T>(value: T): T {
  if (freezeShared) deepFreeze(value);
  return value;
}

/**
 * Returns a watcher of `inner` whose events pass through `map` (undefined drops an event) and
 * whose failure passes through `mapError`, for both iteration and listen. `map` must not
 * mutate the event or its object: they may be shared with other watchers.
 */
export function mapWatcher(inner: Watcher, map: (event: WatchEvent) => WatchEvent | undefined, mapError: (err: unknown) => unknown = (err) => err): Watcher {
  return {
    stop: () => inner.stop(),
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    listen(sink) {
      inner.listen({
        event(event) {
          const mapped = map(event);
          if (mapped) sink.event(mapped);
        },
        end(err) {
          sink.end(err === undefined ? undefined : mapError(err));
        },
      });
    },
    async *[Symbol.asyncIterator]() {
      try {
        for await (const event of inner) {
          const mapped = map(event);
          if (mapped) yield mapped;
        }
      } catch (err) {
        throw mapError(err);
      }
    },
  };
}
