// Rendering a template definition (loft-platform-api.md §4.3): every string field, `.Values`
// with `.Values.loft`, errors with the field and line, decoding of the rendered output.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RenderError, renderDefinition } from './render.ts';
import type { TemplateDefinition } from './types.ts';

const loft = { project: 'p', name: 'dev', user: null, team: { name: 'ops' }, clusterAnnotations: { 'loft.sh/ingress-suffix': 'example.com' } };

function renderError(definition: TemplateDefinition, values: Record<string, unknown> = {}): RenderError {
  try {
    renderDefinition(definition, { ...values, loft }, 'spec.template');
  } catch (err) {
    assert.ok(err instanceof RenderError, String(err));
    return err;
  }
  assert.fail('expected a RenderError');
}

test('every string of the definition is rendered, map keys included; other values pass through', () => {
  const rendered = renderDefinition(
    {
      metadata: { labels: { '{{ .Values.loft.project }}-team': '{{ .Values.loft.team.name }}' } },
      access: { defaultClusterRole: '{{ .Values.role }}', rules: [{ users: ['{{ .Values.loft.name }}-admin'], clusterRole: 'admin' }] },
      pro: { enabled: true },
      helmRelease: { values: 'replicas: {{ .Values.replicas }}\nowner: {{ or (and .Values.loft.user .Values.loft.user.name) (and .Values.loft.team .Values.loft.team.name) }}\n' },
      objects: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  {{- toYaml .Values.data | nindent 2 }}\n',
    },
    { role: 'view', replicas: 2, data: { a: 'b' }, loft },
    'spec.template',
  );
  assert.deepEqual(rendered.metadata, { labels: { 'p-team': 'ops' } });
  assert.deepEqual(rendered.access, { defaultClusterRole: 'view', rules: [{ users: ['dev-admin'], clusterRole: 'admin' }] });
  assert.deepEqual(rendered.pro, { enabled: true });
  assert.equal(rendered.helmRelease?.values, 'replicas: 2\nowner: ops\n');
  assert.equal(rendered.objects, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n');
});

test('a failing template names where it is defined, the field and the line', () => {
  const err = renderError({ objects: 'apiVersion: v1\nkind: ConfigMap\n{{ fail "no size" }}\n' });
  assert.equal(err.line, 3);
  assert.match(err.message, /^spec\.template: template: objects:3:3: executing "objects" at <fail "no size">: error calling fail: no size$/);
  assert.match(renderError({ spaceTemplate: { metadata: { labels: { a: '{{ .Values.x.y }}' } } } }, { x: 'text' }).message, /^spec\.template: template: spaceTemplate\.metadata\.labels\.a:1:/);
  assert.match(renderError({ objects: '{{ if }}' }).message, /^spec\.template: template: objects:1: /);
});

test('env and expandenv cannot read the server environment', () => {
  assert.match(renderError({ objects: '{{ env "HOME" }}' }).message, /env is disabled/);
  assert.match(renderError({ objects: '{{ expandenv "$HOME" }}' }).message, /expandenv is disabled/);
});

test('rendered output that does not decode is a rendering error', () => {
  assert.match(renderError({ objects: 'a: [\n' }).message, /could not be decoded: objects: document 1: /);
  assert.match(renderError({ objects: 'apiVersion: v1\nkind: ConfigMap\n' }).message, /objects: document 1: metadata\.name is required/);
  assert.match(renderError({ objects: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n- a\n' }).message, /objects: document 2: a list is not a Kubernetes object/);
  assert.match(renderError({ instanceTemplate: { metadata: { labels: { team: '{{ .Values.team }}' } } } }, { team: 'not a label value' }).message, /instanceTemplate\.metadata\.labels: Invalid value: "not a label value"/);
});
