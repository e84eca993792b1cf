// Issue #3: a CRD served within seconds, its objects with printer columns, a status update
// through --subresource=status, and kubectl wait --for=condition=Ready.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from './harness.ts';

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    shortNames: [wd]
    categories: [all]
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
    additionalPrinterColumns:
    - name: Size
      type: integer
      jsonPath: .spec.size
    - name: Phase
      type: string
      jsonPath: .status.phase
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1}
              color: {type: string, default: blue}
          status:
            type: object
            properties:
              phase: {type: string}
              conditions:
                type: array
                items:
                  type: object
                  properties:
                    type: {type: string}
                    status: {type: string}
`;

describe('custom resources through kubectl', { concurrency: false }, () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.stop();
  });

  test('a CRD is established and its kind served within seconds', async () => {
    assert.match(await s.kubectlOk(['apply', '-f', s.file('crd.yaml', crd)]), /customresourcedefinition.apiextensions.k8s.io\/widgets.example.com created/);
    await s.kubectlOk(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=10s']);
    const resources = await s.kubectlOk(['api-resources', '--api-group=example.com']);
    assert.match(resources, /^widgets\s+wd\s+example.com\/v1\s+true\s+Widget$/m);
  });

  test('objects validate, default and print their columns', async () => {
    const ok = s.file('w1.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: default\nspec:\n  size: 3\n');
    assert.match(await s.kubectlOk(['create', '-f', ok]), /widget.example.com\/w1 created/);
    const w1 = JSON.parse(await s.kubectlOk(['get', 'widget', 'w1', '-o', 'json']));
    assert.equal(w1.spec.color, 'blue', 'the schema default is applied');
    const table = await s.kubectlOk(['get', 'wd']);
    assert.match(table, /^NAME\s+SIZE\s+PHASE\s+AGE$/m);
    assert.match(table, /^w1\s+3\s+\S*\s*\d+s$/m);
    const bad = s.file('w2.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w2\n  namespace: default\nspec:\n  size: 0\n');
    const refused = await s.kubectl(['create', '-f', bad]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /The Widget "w2" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1/);
  });

  test('status is written through --subresource=status and kubectl wait sees Ready', async () => {
    const waiting = s.kubectl(['wait', '--for=condition=Ready', 'widget/w1', '--timeout=20s'], { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1000));
    await s.kubectlOk([
      'patch', 'widget', 'w1', '--subresource=status', '--type=merge',
      '-p', '{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}',
    ]);
    const result = await waiting;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /widget.example.com\/w1 condition met/);
    // The main resource ignores status changes.
    await s.kubectlOk(['patch', 'widget', 'w1', '--type=merge', '-p', '{"status":{"phase":"Hacked"}}']);
    assert.equal(JSON.parse(await s.kubectlOk(['get', 'widget', 'w1', '-o', 'json'])).status.phase, 'Running');
    assert.match(await s.kubectlOk(['get', 'widgets']), /^w1\s+3\s+Running\s+/m);
  });

  test('get all includes custom kinds in the all category; deleting the CRD deletes its objects', async () => {
    assert.match(await s.kubectlOk(['get', 'all', '-n', 'default']), /widget.example.com\/w1/);
    await s.kubectlOk(['delete', 'crd', 'widgets.example.com', '--wait', '--timeout=30s'], { timeoutMs: 40_000 });
    const after = await s.kubectl(['get', 'widgets']);
    assert.equal(after.code, 1);
    // kubectl's discovery cache may still list the kind for a moment; either way it is gone.
    assert.match(after.stderr, /the server doesn't have a resource type "widgets"|could not find the requested resource/);
  });
});
