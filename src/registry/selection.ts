// Label and field selectors as one predicate over objects (k8s.io/apiserver
// pkg/storage/selection_predicate.go). metadata.name and metadata.namespace work on every kind;
// strategies add their own fields (e.g. spec.nodeName on pods, involvedObject.* on events).

import { fields, labels, type KubeObject } from '../apimachinery/index.ts';
import type { ResourceInfo } from './resource.ts';

/** SelectionPredicate matches objects by label and field selectors. */
export interface SelectionPredicate {
  match: (obj: KubeObject) => boolean;
  /** The name a metadata.name=X field selector pins, for single-object watches. */
  name?: string;
  everything: boolean;
}

/** Returns the value of a field path for field selectors. */
function fieldGetter(info: ResourceInfo, obj: KubeObject): (path: string) => string | undefined {
  return (path) => {
    if (path === 'metadata.name') return obj.metadata?.name ?? '';
    if (path === 'metadata.namespace') return obj.metadata?.namespace ?? '';
    return info.strategy.fieldSelectors?.[path]?.(obj);
  };
}

/** Returns the predicate for the selectors of a list or watch; throws 400 for bad selectors. */
export function selectionPredicate(info: ResourceInfo, labelSelector: string | undefined, fieldSelector: string | undefined): SelectionPredicate {
  const labelSel = labels.parseSelector(labelSelector ?? '');
  const fieldSel = fields.parseFieldSelector(fieldSelector ?? '');
  const supported = ['metadata.name', 'metadata.namespace', ...Object.keys(info.strategy.fieldSelectors ?? {})];
  for (const requirement of fields.requirements(fieldSel)) {
    if (!supported.includes(requirement.field)) {
      throw fields.unsupportedFieldSelector(info.resource, requirement.field, supported);
    }
  }
  const everything = labels.isEverything(labelSel) && fields.isEverything(fieldSel);
  const pinned = fields.requirements(fieldSel).find((r) => r.field === 'metadata.name' && r.operator !== '!=');
  return {
    everything,
    name: pinned?.value,
    match: everything
      ? () => true
      : (obj) => labels.matches(labelSel, obj.metadata?.labels) && fields.matchesFields(fieldSel, fieldGetter(info, obj)),
  };
}
