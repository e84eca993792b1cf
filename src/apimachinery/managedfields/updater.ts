// The core of field ownership (structured-merge-diff merge/update.go, Updater): how an update
// moves fields between managers, and how an apply merges a configuration, prunes what its
// manager stopped applying, and detects conflicts. Objects are all at one apiVersion here; we do
// not convert between versions, so a manager's set is compared as recorded.

import { ApplyConflicts, conflictsFromManagers } from './conflicts.ts';
import { FieldSet } from './field-set.ts';
import type { VersionedSet } from './managers.ts';
import {
  compareValues,
  ensureNamedFieldsAreMembers,
  mergeValues,
  removeItems,
  toFieldSet,
  valueEquals,
  type Comparison,
} from './typed.ts';
import type { TypeNode } from './types.ts';

/** Updater computes managed field sets for one object type; `ignored` fields (reset by the strategy) are never owned. */
export class Updater {
  private readonly type: TypeNode;
  private readonly ignored: FieldSet | undefined;

  constructor(type: TypeNode, ignored?: FieldSet) {
    this.type = type;
    this.ignored = ignored && !ignored.isEmpty() ? ignored : undefined;
  }

  private filter(set: FieldSet): FieldSet {
    return this.ignored ? set.recursiveDifference(this.ignored) : set;
  }

  // update(): every other manager loses the fields this change modified or added (an error
  // without force when it owned any) and the fields it removed; empty managers are dropped.
  private update(
    oldObject: unknown,
    newObject: unknown,
    managers: Map<string, VersionedSet>,
    workflow: string,
    force: boolean,
  ): Comparison {
    const raw = compareValues(oldObject, newObject, this.type);
    const cmp: Comparison = { added: this.filter(raw.added), modified: this.filter(raw.modified), removed: this.filter(raw.removed) };
    const changed = cmp.modified.union(cmp.added);
    const contested = new Map<string, FieldSet>();
    for (const [manager, vs] of managers) {
      if (manager === workflow) continue;
      const overlap = vs.set.intersection(changed);
      if (!overlap.isEmpty()) contested.set(manager, overlap);
    }
    if (!force && contested.size > 0) throw new ApplyConflicts(conflictsFromManagers(contested));
    for (const [manager, vs] of managers) {
      if (manager === workflow) continue;
      let set = vs.set;
      const lost = contested.get(manager);
      if (lost) set = set.difference(lost);
      if (!cmp.removed.isEmpty()) set = set.difference(cmp.removed);
      if (set !== vs.set) managers.set(manager, { ...vs, set });
    }
    for (const [manager, vs] of managers) if (vs.set.isEmpty()) managers.delete(manager);
    return cmp;
  }

  /** Records an Update by `manager` from `live` to `next` in `managers` (changed in place): it owns what it added or modified. */
  updateOp(live: unknown, next: unknown, apiVersion: string, managers: Map<string, VersionedSet>, manager: string): void {
    const cmp = this.update(live, next, managers, manager, true);
    const previous = managers.get(manager)?.set ?? new FieldSet();
    const set = this.filter(previous.difference(cmp.removed).union(cmp.modified).union(cmp.added));
    if (set.isEmpty()) managers.delete(manager);
    else managers.set(manager, { set, apiVersion, applied: false });
  }

  /**
   * Applies `config` for `manager` onto `live`, updating `managers` in place; returns the new
   * object, or undefined when it equals `live`. Throws ApplyConflicts unless `force`.
   */
  applyOp(
    live: unknown,
    config: unknown,
    apiVersion: string,
    managers: Map<string, VersionedSet>,
    manager: string,
    force: boolean,
  ): unknown {
    let next = mergeValues(live, config, this.type);
    const lastSet = managers.get(manager);
    const set = this.filter(toFieldSet(config, this.type));
    managers.set(manager, { set, apiVersion, applied: true });
    next = this.prune(next, managers, lastSet);
    this.update(live, next, managers, manager, force);
    return valueEquals(live, next) ? undefined : next;
  }

  // prune(): remove what the applier applied last time and not this time, unless some manager
  // (including the applier's new configuration) still owns it. Upstream does it in three steps:
  // remove everything last applied, add back what anyone owns, then add back whatever was not the
  // applier's to remove ("dangling" items, e.g. children of a removed parent nobody claimed).
  private prune(merged: unknown, managers: Map<string, VersionedSet>, lastSet: VersionedSet | undefined): unknown {
    if (!lastSet || lastSet.set.isEmpty()) return merged;
    const named = (s: FieldSet): FieldSet => ensureNamedFieldsAreMembers(s, this.type);
    const last = named(lastSet.set);
    let pruned = removeItems(merged, last, this.type);

    let owned = new FieldSet();
    for (const vs of managers.values()) owned = owned.union(vs.set);
    const mergedSet = named(toFieldSet(merged, this.type));
    const keep = named(toFieldSet(pruned, this.type)).union(named(owned));
    pruned = removeItems(merged, mergedSet.difference(keep), this.type);

    const prunedSet = named(toFieldSet(pruned, this.type));
    return removeItems(merged, mergedSet.difference(prunedSet).intersection(last), this.type);
  }
}
