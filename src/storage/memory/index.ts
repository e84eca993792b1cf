// memory:// — the in-memory backend for unit tests.
import { LocalEngine } from '../local-engine.ts';
import { MemoryLog } from './memory-log.ts';

/** Returns a KVEngine that keeps everything in process memory. */
export function openMemoryEngine(): LocalEngine {
  return new LocalEngine('memory', new MemoryLog());
}
