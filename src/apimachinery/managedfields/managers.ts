// metadata.managedFields as the apiserver reads and writes it (k8s.io/apimachinery
// pkg/util/managedfields/internal: managedfields.go, capmanagers.go, stripmeta.go). Inside, each
// entry is a field set keyed by a manager identifier: the entry minus its fields and time, as
// JSON, without the apiVersion for Apply entries (an applier keeps one entry across versions).

import type { ManagedFieldsEntry } from '../object.ts';
import { FieldSet } from './field-set.ts';
import { fieldElement } from './path.ts';

/** VersionedSet is one manager's fields, the apiVersion they were set at, and whether they were applied. */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** Managed holds every manager's fields and the time of its last change, keyed by manager identifier. */
export interface Managed {
  readonly fields: Map<string, VersionedSet>;
  readonly times: Map<string, string>;
}

/** Returns an empty Managed. */
export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

/** Returns a copy that can be changed without touching `m`. */
export function copyManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

/** ManagerInfo is the part of an entry that identifies its manager. */
export interface ManagerInfo {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  subresource?: string;
}

/** Returns the manager identifier of an entry: its manager, operation, apiVersion (Update only) and subresource as JSON (BuildManagerIdentifier). */
export function managerIdentifier(info: ManagerInfo): string {
  // Field order and omitempty follow metav1.ManagedFieldsEntry.
  const id: Record<string, string> = {};
  if (info.manager) id['manager'] = info.manager;
  if (info.operation) id['operation'] = info.operation;
  if (info.apiVersion && info.operation !== 'Apply') id['apiVersion'] = info.apiVersion;
  if (info.subresource) id['subresource'] = info.subresource;
  return JSON.stringify(id);
}

/** Returns the parts of a manager identifier, or undefined when it is not one. */
export function parseManagerIdentifier(id: string): ManagerInfo | undefined {
  try {
    const parsed = JSON.parse(id) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ManagerInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** Returns the managed fields `entries` encode; throws an Error naming the bad entry (DecodeManagedFields). */
export function decodeManagedFields(entries: unknown): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((raw: unknown, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`managed fields entry ${i} is not an object`);
    const e = raw as ManagedFieldsEntry;
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new Error('apiVersion must not be empty');
    if (!e.fieldsType) throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    const id = managerIdentifier(e);
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1);
    } catch (err) {
      throw new Error(`error decoding versioned set from entry ${i}: ${(err as Error).message}`, { cause: err });
    }
    managed.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    if (e.time) managed.times.set(id, e.time);
    else managed.times.delete(id);
  });
  return managed;
}

/** Returns Unix seconds of an RFC 3339 time, 0 when absent or unreadable (metav1.Time.Unix). */
function unixSeconds(time: string | undefined): number {
  if (!time) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Returns the entries `managed` encodes, sorted: Apply before Update, then by time, manager, apiVersion, subresource (encodeManagedFields). */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] {
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const info = parseManagerIdentifier(id) ?? { manager: id };
    const entry: ManagedFieldsEntry = {};
    entry.manager = info.manager ?? '';
    entry.operation = vs.applied ? 'Apply' : 'Update';
    if (info.operation === 'Apply' || info.operation === 'Update') entry.operation = info.operation;
    entry.apiVersion = vs.apiVersion;
    const time = managed.times.get(id);
    if (time) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = vs.set.toFieldsV1();
    if (info.subresource) entry.subresource = info.subresource;
    entries.push(entry);
  }
  const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return entries.sort(
    (p, q) =>
      byString(p.operation ?? '', q.operation ?? '') ||
      unixSeconds(p.time) - unixSeconds(q.time) ||
      byString(p.manager ?? '', q.manager ?? '') ||
      byString(p.apiVersion ?? '', q.apiVersion ?? '') ||
      byString(p.subresource ?? '', q.subresource ?? ''),
  );
}

/** Returns `now` as metav1.Time writes it: RFC 3339 in UTC, whole seconds. */
export function formatTime(now: Date | string): string {
  const d = typeof now === 'string' ? new Date(now) : now;
  if (Number.isNaN(d.getTime())) return typeof now === 'string' ? now : '';
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

// stripmeta.go: fields every object has and no manager should own.
const stripSet = FieldSet.of(
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  [fieldElement('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(
    (f) => [fieldElement('metadata'), fieldElement(f)],
  ),
);

/** Removes the server-maintained fields (apiVersion, kind, metadata.name, uid, resourceVersion…) from `manager`'s set, dropping it when empty. */
export function stripMeta(fields: Map<string, VersionedSet>, manager: string): void {
  const vs = fields.get(manager);
  if (!vs) return;
  const set = vs.set.difference(stripSet);
  if (set.isEmpty()) fields.delete(manager);
  else fields.set(manager, { ...vs, set });
}

/** DefaultMaxUpdateManagers is how many Update entries an object keeps before the oldest are merged. */
export const maxUpdateManagers = 10;

/** The manager the oldest Update entries are merged into. */
export const ancientChangesManager = 'ancient-changes';

/** Returns `managed` with at most `max` Update entries: the oldest are merged, per apiVersion, into "ancient-changes" (capmanagers.go). */
export function capUpdateManagers(managed: Managed, max = maxUpdateManagers): Managed {
  const updaters = [...managed.fields.entries()].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return managed;
  const out = copyManaged(managed);
  updaters.sort((a, b) => unixSeconds(out.times.get(a)) - unixSeconds(out.times.get(b)) || (a < b ? -1 : a > b ? 1 : 0));
  const firstOfVersion = new Map<string, string>();
  let remaining = updaters.length;
  for (let i = 0; i < updaters.length && remaining > max; i++) {
    const id = updaters[i] as string;
    const vs = out.fields.get(id) as VersionedSet;
    const time = out.times.get(id);
    const bucket = managerIdentifier({ manager: ancientChangesManager, operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!out.fields.has(bucket)) {
      out.fields.set(bucket, out.fields.get(first) as VersionedSet);
      out.fields.delete(first);
    }
    const merged = (out.fields.get(bucket) as VersionedSet).set.union(vs.set);
    out.fields.set(bucket, { set: merged, apiVersion: vs.apiVersion, applied: vs.applied });
    out.fields.delete(id);
    // The bucket takes the time of the newest update merged into it.
    if (time) out.times.set(bucket, time);
    else out.times.delete(bucket);
    remaining--;
  }
  return out;
}
