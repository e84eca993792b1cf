// Objects and helpers the validation tests share: minimal valid objects of each kind, to be
// broken one field at a time, and the messages kubectl would print for field errors.

import { fieldErrorString, type FieldError, type KubeObject } from '../../../apimachinery/index.ts';

/** Returns each error as "field: message", the line kubectl prints per cause. */
export function messages(errors: FieldError[]): string[] {
  return errors.map(fieldErrorString);
}

/** Returns a minimal pod spec with one container. */
export function podSpec(): Record<string, unknown> {
  return { containers: [{ name: 'app', image: 'nginx:1.27' }] };
}

/** Returns a valid Pod. */
export function pod(): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: podSpec() };
}

/** Returns a valid pod template labelled app=web. */
export function template(): Record<string, unknown> {
  return { metadata: { labels: { app: 'web' } }, spec: podSpec() };
}

/** Returns a valid Deployment selecting app=web. */
export function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template() },
  };
}

/** Returns a deep copy of a JSON value, to break one field of a fixture. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
