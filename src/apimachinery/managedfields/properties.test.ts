// Laws of server-side apply, checked on random Widgets (a custom resource with every kind of
// field: scalars, a granular map, a map-list, a set-list, an atomic list, an atomic struct, and a
// preserve-unknown-fields object).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isStatusError } from '../errors.ts';
import type { KubeObject, ManagedFieldsEntry } from '../object.ts';
import { applyConfiguration, updateManagedFields } from './field-manager.ts';
import { FieldSet } from './field-set.ts';
import { fieldElement as f } from './path.ts';
import { resolve, widget, widgetSchema } from './test-fixtures.ts';

const common = { apiVersion: 'example.com/v1', schema: widgetSchema, resolve };
const t0 = '2024-05-01T10:00:00Z';
const t1 = '2024-05-01T11:00:00Z';
const t2 = '2024-05-01T12:00:00Z';

const name = fc.constantFrom('a', 'b', 'c');
const word = fc.constantFrom('x', 'y', 'z');
const item = fc.record({ name, value: word, weight: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: ['name'] });
const spec = fc.record(
  {
    replicas: fc.integer({ min: 0, max: 3 }),
    mode: fc.oneof(word, fc.constant(null)),
    labels: fc.dictionary(name, word, { maxKeys: 3 }),
    items: fc.uniqueArray(item, { selector: (i) => i.name, maxLength: 3 }),
    tags: fc.uniqueArray(fc.constantFrom('t1', 't2', 't3'), { maxLength: 3 }),
    args: fc.array(word, { maxLength: 2 }),
    selector: fc.record({ a: word, b: word }, { requiredKeys: [] }),
    extra: fc.dictionary(name, fc.oneof(word, fc.dictionary(name, word, { maxKeys: 2 })), { maxKeys: 2 }),
  },
  { requiredKeys: [] },
);
// Configurations without empty collections: an empty list or map applied over a non-empty one
// it used to own is pruned away by the first apply and re-added by the second (upstream too; see
// the unit test "an empty list in a configuration…").
const configSpec = fc.record(
  {
    replicas: fc.integer({ min: 0, max: 3 }),
    mode: fc.oneof(word, fc.constant(null)),
    labels: fc.dictionary(name, word, { minKeys: 1, maxKeys: 3 }),
    items: fc.uniqueArray(item, { selector: (i) => i.name, minLength: 1, maxLength: 3 }),
    tags: fc.uniqueArray(fc.constantFrom('t1', 't2', 't3'), { minLength: 1, maxLength: 3 }),
    args: fc.array(word, { maxLength: 2 }),
    selector: fc.record({ a: word, b: word }, { requiredKeys: [] }),
    extra: fc.dictionary(name, fc.oneof(word, fc.dictionary(name, word, { minKeys: 1, maxKeys: 2 })), { minKeys: 1, maxKeys: 2 }),
  },
  { requiredKeys: [] },
);
const labels = fc.option(fc.dictionary(name, word, { minKeys: 1, maxKeys: 2 }), { nil: undefined });

/** Returns a Widget configuration with `s` as spec and optional metadata labels. */
function config(s: Record<string, unknown>, l?: Record<string, string>): KubeObject {
  const w = widget(s);
  if (l) w.metadata = { ...w.metadata, labels: l };
  return w;
}

/** Returns `obj` as the registry stores it: with a uid and the given managedFields. */
function store(obj: KubeObject, managedFields?: ManagedFieldsEntry[]): KubeObject {
  const metadata: Record<string, unknown> = { ...obj.metadata, uid: 'uid-1', resourceVersion: '1' };
  const mf = managedFields ?? obj.metadata?.managedFields;
  if (mf?.length) metadata['managedFields'] = mf;
  else delete metadata['managedFields'];
  return { ...obj, metadata };
}

/** Returns the object stored after `manager` applies `applied` to `live`. */
function applyAs(live: KubeObject | undefined, applied: KubeObject, manager: string, force: boolean, now: string): KubeObject {
  return store(applyConfiguration({ ...common, live, applied, manager, force, now }).object);
}

/** Returns the object stored after `manager` replaces `live` with `updated` (create when live is undefined). */
function updateAs(live: KubeObject | undefined, updated: KubeObject, manager: string, now: string): KubeObject {
  const next = store(updated, live?.metadata?.managedFields);
  return store(next, updateManagedFields({ ...common, live, updated: next, manager, now }));
}

/** Returns whether `manager`'s entry owns `.spec.<field>`. */
function owns(obj: KubeObject, manager: string, ...path: string[]): boolean {
  const entry = obj.metadata?.managedFields?.find((e) => e.manager === manager);
  return entry ? FieldSet.fromFieldsV1(entry.fieldsV1).has(path.map(f)) : false;
}

// A live object built by a few writes from other managers, or none (the apply creates it).
const history = fc.array(
  fc.record({ kind: fc.constantFrom('update', 'apply'), manager: fc.constantFrom('A', 'B', 'M'), spec, labels }),
  { maxLength: 3 },
);

function build(steps: Array<{ kind: string; manager: string; spec: Record<string, unknown>; labels?: Record<string, string> }>): KubeObject | undefined {
  let live: KubeObject | undefined;
  for (const s of steps) {
    const next = config(s.spec, s.labels);
    live = s.kind === 'update' ? updateAs(live, next, s.manager, t0) : applyAs(live, next, s.manager, true, t0);
  }
  return live;
}

test('property: applying the same configuration twice changes nothing the second time', () => {
  fc.assert(
    fc.property(history, configSpec, labels, (steps, s, l) => {
      const live = build(steps);
      const first = applyAs(live, config(s, l), 'M', true, t1);
      // A configuration that sets nothing trackable, applied to an object nobody else tracks,
      // leaves no managedFields; the next apply then records "before-first-apply", as upstream.
      fc.pre(Boolean(first.metadata?.managedFields?.length));
      const again = applyConfiguration({ ...common, live: first, applied: config(s, l), manager: 'M', force: false, now: t2 });
      assert.equal(again.changed, false);
      assert.deepEqual(again.object, first, 'same object, same managed fields, same times');
    }),
    { numRuns: 300 },
  );
});

test('property: a value another manager set conflicts without force; with force the applier takes it', () => {
  fc.assert(
    fc.property(spec, spec, fc.uniqueArray(word, { minLength: 2, maxLength: 2 }), (sa, sb, [ma, mb]) => {
      const live = updateAs(undefined, config({ ...sa, mode: ma }), 'A', t0);
      const applied = config({ ...sb, mode: mb });
      try {
        applyConfiguration({ ...common, live, applied, manager: 'B', force: false, now: t1 });
        assert.fail('expected a conflict');
      } catch (err) {
        assert.ok(isStatusError(err, 'Conflict'));
        assert.match(err.message, /^Apply failed with \d+ conflicts?: /);
        assert.ok(err.status.details?.causes?.some((c) => c.field === '.spec.mode' && c.message === 'conflict with "A" using example.com/v1'));
        assert.ok(err.status.details?.causes?.every((c) => c.reason === 'FieldManagerConflict'));
      }
      const forced = applyAs(live, applied, 'B', true, t1);
      assert.equal((forced.spec as Record<string, unknown>)['mode'], mb);
      assert.ok(!owns(forced, 'A', 'spec', 'mode'));
      assert.ok(owns(forced, 'B', 'spec', 'mode'));
    }),
    { numRuns: 200 },
  );
});

test('property: a field the applier stops applying is removed, unless another manager still applies it', () => {
  fc.assert(
    fc.property(spec, word, word, fc.boolean(), (s, mode, label, shared) => {
      const items = [{ name: 'a', value: 'v' }, ...((s['items'] as Array<{ name: string }> | undefined) ?? []).filter((i) => i.name !== 'a')];
      const full = { ...s, mode, items };
      let live = applyAs(undefined, config(full, { keep: 'k', drop: label }), 'B', false, t0);
      if (shared) live = applyAs(live, config({ mode, items: [{ name: 'a', value: 'v' }] }, { drop: label }), 'A', false, t0);
      const { mode: _mode, ...withoutMode } = full;
      const reduced = config({ ...withoutMode, items: items.filter((i) => i.name !== 'a') }, { keep: 'k' });
      const after = applyAs(live, reduced, 'B', false, t1);
      // A struct field emptied by pruning goes too, so spec itself may be gone.
      const afterSpec = (after.spec ?? {}) as Record<string, unknown>;
      const afterItems = (afterSpec['items'] as Array<{ name: string }> | undefined) ?? [];
      if (shared) {
        assert.equal(afterSpec['mode'], mode);
        assert.equal(after.metadata?.labels?.['drop'], label);
        assert.ok(afterItems.some((i) => i.name === 'a'));
      } else {
        assert.ok(!('mode' in afterSpec));
        assert.equal(after.metadata?.labels?.['drop'], undefined);
        assert.ok(!afterItems.some((i) => i.name === 'a'));
      }
      assert.equal(after.metadata?.labels?.['keep'], 'k');
      assert.ok(!owns(after, 'B', 'spec', 'mode'));
    }),
    { numRuns: 200 },
  );
});

test('property: what an update sets is owned by its manager alone, and no manager is left empty', () => {
  fc.assert(
    fc.property(history, spec, (steps, s) => {
      const live = build(steps);
      if (!live) return;
      const next = { ...live, spec: { ...(live.spec as Record<string, unknown>), ...s } };
      const after = updateAs(live, next, 'U', t1);
      const entries = after.metadata?.managedFields ?? [];
      const mine = entries.find((e) => e.manager === 'U' && e.operation === 'Update');
      for (const e of entries) {
        const set = FieldSet.fromFieldsV1(e.fieldsV1);
        assert.ok(!set.isEmpty(), `${e.manager} kept an empty entry`);
        if (mine && e !== mine) assert.ok(set.intersection(FieldSet.fromFieldsV1(mine.fieldsV1)).isEmpty(), `${e.manager} shares fields with U`);
      }
    }),
    { numRuns: 200 },
  );
});
