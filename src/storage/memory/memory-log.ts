// The in-memory revision log: the same rows as the SQLite table, held in arrays. For unit
// tests and throwaway servers; everything is lost when the process ends.

import type { HistoryRow, LogRow, NewRow, RevisionLog } from '../revision-log.ts';

/** Returns the index of the first element of the sorted `keys` that is ≥ `key`. */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Returns the index of the first row with revision > `after` in the revision-ordered `rows`. */
function firstAfter(rows: LogRow[], after: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as LogRow).revision <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** MemoryLog keeps rows in revision order, per key, and the keys sorted for ranges. */
export class MemoryLog implements RevisionLog {
  private rows: LogRow[] = [];
  private readonly byRevision = new Map<number, LogRow>();
  private readonly byKey = new Map<string, LogRow[]>();
  private readonly keys: string[] = [];
  private last = 0;
  private compacted = 0;
  private undo: LogRow[] | undefined;

  lastRevision(): number {
    return this.last;
  }

  compactedRevision(): number {
    return this.compacted;
  }

  latest(key: string, at: number): LogRow | undefined {
    const versions = this.byKey.get(key);
    if (!versions) return undefined;
    for (let i = versions.length - 1; i >= 0; i--) {
      const row = versions[i] as LogRow;
      if (row.revision <= at) return row;
    }
    return undefined;
  }

  range(start: string, end: string, at: number, limit: number): LogRow[] {
    const out: LogRow[] = [];
    for (let i = lowerBound(this.keys, start); i < this.keys.length; i++) {
      const key = this.keys[i] as string;
      if (key >= end) break;
      const row = this.latest(key, at);
      if (row && !row.deleted) {
        out.push(row);
        if (limit > 0 && out.length >= limit) break;
      }
    }
    return out;
  }

  history(start: string, end: string, after: number, limit: number): HistoryRow[] {
    const out: HistoryRow[] = [];
    for (let i = firstAfter(this.rows, after); i < this.rows.length && out.length < limit; i++) {
      const row = this.rows[i] as LogRow;
      if (row.key < start || row.key >= end) continue;
      out.push({ row, prev: row.prevRevision > 0 ? this.byRevision.get(row.prevRevision) : undefined });
    }
    return out;
  }

  transaction<T>(fn: () => T): T {
    const undo: LogRow[] = [];
    this.undo = undo;
    const lastBefore = this.last;
    try {
      const result = fn();
      this.undo = undefined;
      return result;
    } catch (err) {
      for (const row of undo.reverse()) this.remove(row);
      this.last = lastBefore;
      this.undo = undefined;
      throw err;
    }
  }

  append(revision: number, row: NewRow): void {
    const stored: LogRow = { ...row, revision, createRevision: row.createRevision || revision };
    this.rows.push(stored);
    this.byRevision.set(revision, stored);
    let versions = this.byKey.get(row.key);
    if (!versions) {
      versions = [];
      this.byKey.set(row.key, versions);
      this.keys.splice(lowerBound(this.keys, row.key), 0, row.key);
    }
    versions.push(stored);
    this.last = Math.max(this.last, revision);
    this.undo?.push(stored);
  }

  setCompactedRevision(revision: number): void {
    this.compacted = Math.max(this.compacted, revision);
  }

  compactWindow(from: number, to: number): number {
    const doomed: LogRow[] = [];
    for (let i = firstAfter(this.rows, from); i < this.rows.length; i++) {
      const row = this.rows[i] as LogRow;
      if (row.revision > to) break;
      // A row superseded by a row at or below the compaction point can never be read again.
      const prev = row.prevRevision > 0 ? this.byRevision.get(row.prevRevision) : undefined;
      if (prev) doomed.push(prev);
      if (row.deleted) doomed.push(row);
    }
    for (const row of doomed) this.remove(row);
    return doomed.length;
  }

  close(): void {
    this.rows = [];
  }

  private remove(row: LogRow): void {
    if (!this.byRevision.delete(row.revision)) return;
    const at = firstAfter(this.rows, row.revision - 1);
    if (this.rows[at] === row) this.rows.splice(at, 1);
    const versions = this.byKey.get(row.key);
    if (!versions) return;
    const index = versions.indexOf(row);
    if (index >= 0) versions.splice(index, 1);
    if (versions.length === 0) {
      this.byKey.delete(row.key);
      const k = lowerBound(this.keys, row.key);
      if (this.keys[k] === row.key) this.keys.splice(k, 1);
    }
  }
}
