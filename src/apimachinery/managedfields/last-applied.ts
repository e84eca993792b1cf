// Moving from client-side to server-side apply with kubectl (k8s.io/apimachinery
// pkg/util/managedfields/internal: lastappliedmanager.go, lastappliedupdater.go). Both only act
// for the field manager "kubectl", which is what `kubectl apply --server-side` sends:
// - a conflict on a field the last-applied-configuration annotation set, with the value it still
//   has, is not a conflict: kubectl applied it before, client-side;
// - after a successful apply, an existing annotation is rewritten to the applied configuration,
//   so that a later client-side `kubectl apply` computes its patch from what was applied last.

import type { KubeObject } from '../object.ts';
import type { FieldSet } from './field-set.ts';
import { goJSON, isObject } from './path.ts';
import { cloneValue, compareValues, toFieldSet, validateValue } from './typed.ts';
import type { TypeNode } from './types.ts';

/** The annotation client-side apply keeps the last applied configuration in. */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** The manager name both behaviours are reserved for. */
export const kubectlManager = 'kubectl';

// ObjectMeta validation's limit on all annotations together (TotalAnnotationSizeLimitB).
const totalAnnotationSizeLimit = 256 * 1024;

/** Returns the fields the last-applied annotation on `live` set that still hold those values, undefined without a usable annotation. */
export function fieldsFromLastApplied(live: KubeObject, apiVersion: string, type: TypeNode): FieldSet | undefined {
  const text = live.metadata?.annotations?.[lastAppliedAnnotation];
  if (typeof text !== 'string' || text === '') return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(last) || last['apiVersion'] !== apiVersion) return undefined;
  if (validateValue(last, type, true).length > 0 || validateValue(live, type, true).length > 0) return undefined;
  // Fields whose live value differs from (or is missing in) the annotation are not kubectl's.
  const cmp = compareValues(last, live, type);
  return toFieldSet(last, type).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** Returns `object` with its last-applied annotation, when it has one, set to `applied` (the annotation itself left out). */
export function syncLastApplied(object: KubeObject, applied: KubeObject): KubeObject {
  const current = object.metadata?.annotations?.[lastAppliedAnnotation];
  if (typeof current !== 'string' || current === '') return object;
  const annotations: Record<string, string> = { ...object.metadata?.annotations, [lastAppliedAnnotation]: lastAppliedValue(applied) };
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += utf8Length(k) + utf8Length(String(v));
  // An annotation that would make the object invalid is dropped rather than set.
  if (size > totalAnnotationSizeLimit) delete annotations[lastAppliedAnnotation];
  return { ...object, metadata: { ...object.metadata, annotations } };
}

/** Returns the annotation value for `applied`: its JSON as Go encodes an unstructured object, newline-terminated (buildLastApplied). */
export function lastAppliedValue(applied: KubeObject): string {
  const copy = cloneValue(applied);
  const metadata = copy.metadata;
  if (metadata) {
    const annotations = metadata.annotations;
    if (isObject(annotations)) delete annotations[lastAppliedAnnotation];
    else delete metadata.annotations;
  }
  return `${goJSON(copy)}\n`;
}

/** Returns the number of bytes `s` takes in UTF-8. */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
