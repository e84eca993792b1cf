// sqlite://PATH — the default backend: one SQLite file in the data directory.
import { LocalEngine } from '../local-engine.ts';
import { SqliteLog } from './sqlite-log.ts';

export type { SqliteSettings } from './sqlite-log.ts';
export { SqliteLog } from './sqlite-log.ts';

/** Returns a KVEngine backed by the SQLite database at `path`. */
export function openSqliteEngine(path: string): LocalEngine {
  return new LocalEngine('sqlite', new SqliteLog(path));
}
