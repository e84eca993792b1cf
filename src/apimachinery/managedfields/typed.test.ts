import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathString } from './path.ts';
import { components, resolve, widgetSchema } from './test-fixtures.ts';
import { compareValues, mergeValues, removeItems, toFieldSet, validateValue } from './typed.ts';
import type { FieldSet } from './field-set.ts';
import { TypeResolver } from './types.ts';

const types = new TypeResolver(resolve);
const deployment = types.root(components['Deployment']);
const pod = types.root(components['Pod']);
const widget = types.root(widgetSchema);
const paths = (s: FieldSet): string[] => s.paths().map(pathString);

test('list types: list-type wins, then patch strategy merge with its key, else atomic', () => {
  const spec = pod.map?.field('spec')?.type();
  const container = spec?.map?.field('containers')?.type().list?.element();
  assert.deepEqual(spec?.map?.field('containers')?.type().list?.keys, ['name']);
  assert.equal(container?.map?.field('env')?.type().list?.relationship, 'map');
  assert.deepEqual(container?.map?.field('env')?.type().list?.keys, ['name']);
  assert.equal(container?.map?.field('args')?.type().list?.relationship, 'atomic');
  assert.equal(spec?.map?.field('tolerations')?.type().list?.relationship, 'atomic');
  assert.equal(widget.map?.field('spec')?.type().map?.field('args')?.type().list?.relationship, 'atomic');
  assert.equal(widget.map?.field('spec')?.type().map?.field('tags')?.type().list?.relationship, 'set');
  // A custom resource's open metadata is typed as ObjectMeta.
  const meta = widget.map?.field('metadata')?.type();
  assert.equal(meta?.map?.field('finalizers')?.type().list?.relationship, 'set');
  assert.deepEqual(meta?.map?.field('ownerReferences')?.type().list?.keys, ['uid']);
});

test('toFieldSet: leaves, list items as members, map keys as members, atomic values whole', () => {
  const set = toFieldSet(
    {
      metadata: { labels: { app: 'x' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'x' } },
        template: { spec: { containers: [{ name: 'a', image: 'i', args: ['x'], ports: [{ containerPort: 80 }] }] } },
      },
    },
    deployment,
  );
  assert.deepEqual(paths(set), [
    '.metadata.labels.app',
    '.spec.replicas',
    '.spec.selector',
    '.spec.template.spec.containers[name="a"]',
    '.spec.template.spec.containers[name="a"].args',
    '.spec.template.spec.containers[name="a"].image',
    '.spec.template.spec.containers[name="a"].name',
    // The missing key field takes its schema default.
    '.spec.template.spec.containers[name="a"].ports[containerPort=80,protocol="TCP"]',
    '.spec.template.spec.containers[name="a"].ports[containerPort=80,protocol="TCP"].containerPort',
  ]);
});

test('merge: maps recursively, map-lists by key in the applied order, atomic values replaced', () => {
  const live = {
    spec: {
      labels: { a: '1', b: '2' },
      items: [
        { name: 'a', value: 'x', weight: 1 },
        { name: 'b', value: 'y' },
        { name: 'c', value: 'z' },
      ],
      tags: ['t1', 't2'],
      args: ['one', 'two'],
      selector: { a: '1', b: '2' },
    },
  };
  const config = {
    spec: {
      labels: { b: '3', c: '4' },
      items: [
        { name: 'c', value: 'Z' },
        { name: 'a', value: 'X' },
      ],
      tags: ['t3', 't1'],
      args: ['three'],
      selector: { a: '9' },
    },
  };
  assert.deepEqual(mergeValues(live, config, widget), {
    spec: {
      labels: { a: '1', b: '3', c: '4' },
      items: [
        { name: 'b', value: 'y' },
        { name: 'c', value: 'Z' },
        { name: 'a', value: 'X', weight: 1 },
      ],
      tags: ['t3', 't1', 't2'],
      args: ['three'],
      selector: { a: '9' },
    },
  });
});

test('merge: new items follow the applied order around live-only items', () => {
  const live = { spec: { items: [{ name: 'a' }, { name: 'b' }] } };
  const config = { spec: { items: [{ name: 'c' }, { name: 'a' }] } };
  assert.deepEqual(mergeValues(live, config, widget), { spec: { items: [{ name: 'c' }, { name: 'a' }, { name: 'b' }] } });
});

test('merge: an item duplicated in the live list is replaced by the applied one', () => {
  const live = { spec: { items: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }, { name: 'b' }] } };
  const config = { spec: { items: [{ name: 'a', value: '3' }] } };
  assert.deepEqual(mergeValues(live, config, widget), { spec: { items: [{ name: 'a', value: '3' }, { name: 'b' }] } });
});

test('merge: null and empty values stay distinct', () => {
  assert.deepEqual(mergeValues({ spec: { labels: {} } }, { spec: { labels: null } }, widget), { spec: { labels: null } });
  assert.deepEqual(mergeValues({ spec: { labels: { a: '1' } } }, { spec: { labels: {} } }, widget), { spec: { labels: { a: '1' } } });
  assert.deepEqual(mergeValues({ spec: { mode: 'x' } }, { spec: { mode: null } }, widget), { spec: { mode: null } });
});

test('compare: added items and keys are members too, removed subtrees are listed whole', () => {
  const c = compareValues(
    { spec: { mode: 'a', labels: { x: '1' }, items: [{ name: 'a', value: '1' }] } },
    { spec: { mode: 'b', labels: { x: '1', y: '2' }, items: [{ name: 'b', value: '2' }], tags: ['t'] } },
    widget,
  );
  assert.deepEqual(paths(c.modified), ['.spec.mode']);
  assert.deepEqual(paths(c.added), ['.spec.tags', '.spec.items[name="b"]', '.spec.items[name="b"].name', '.spec.items[name="b"].value', '.spec.labels.y', '.spec.tags[="t"]']);
  assert.deepEqual(paths(c.removed), ['.spec.items[name="a"]', '.spec.items[name="a"].name', '.spec.items[name="a"].value']);
});

test('compare: an empty map becoming non-empty adds only its keys; from nothing it adds the map too', () => {
  assert.deepEqual(paths(compareValues({ data: {} }, { data: { a: '1' } }, types.root(components['ConfigMap'])).added), ['.data.a']);
  assert.deepEqual(paths(compareValues({}, { data: { a: '1' } }, types.root(components['ConfigMap'])).added), ['.data', '.data.a']);
});

test('removeItems: members go, emptied containers stay empty', () => {
  const value = { spec: { labels: { a: '1' }, items: [{ name: 'a', value: 'x' }, { name: 'b' }], mode: 'm' } };
  const toRemove = toFieldSet({ spec: { labels: { a: '1' }, items: [{ name: 'a', value: 'x' }], mode: 'm' } }, widget);
  assert.deepEqual(removeItems(value, toRemove, widget), { spec: { labels: {}, items: [{ name: 'b' }] } });
});

test('validateValue: duplicates and missing keys in configurations, as upstream words them', () => {
  const errors = validateValue(
    { spec: { items: [{ name: 'a' }, { name: 'a' }, { value: 'x' }], tags: ['x', { a: 1 }] } },
    widget,
    true,
  );
  assert.deepEqual(
    errors.map((e) => `${e.path}: ${e.message}`),
    [
      '.spec.items: duplicate entries for key [name="a"]',
      '.spec.items: element 2: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
      ".spec.tags: element 1: associative list without keys has an element that's a map type",
    ],
  );
  assert.equal(validateValue({ spec: { items: [{ name: 'a' }, { name: 'a' }] } }, widget, false).length, 0);
});

test('validateValue: values of the wrong kind in configurations, as upstream words them', () => {
  const errors = validateValue(
    { spec: { replicas: '3', mode: 1, labels: 'a=b', items: { name: 'a' }, selector: { a: true }, extra: { x: [1] } }, metadata: { creationTimestamp: 5 } },
    widget,
    true,
  );
  assert.deepEqual(
    errors.map((e) => `${e.path}: ${e.message}`),
    [
      '.spec.replicas: expected numeric (int or float), got string',
      '.spec.mode: expected string, got &value.valueUnstructured{Value:1}',
      '.spec.labels: expected map, got &{a=b}',
      '.spec.items: expected list, got &{map[name:a]}',
      '.spec.selector.a: expected string, got &value.valueUnstructured{Value:true}',
    ],
  );
  assert.equal(validateValue({ spec: { replicas: '3' } }, widget, false).length, 0, 'live objects are not kind-checked');
});
