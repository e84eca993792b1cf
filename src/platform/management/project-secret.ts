// ProjectSecret is stored as a core Secret in the project namespace (loft-platform-api.md §2.8):
// label loft.sh/project-secret, and the ProjectSecret's own fields in loft.sh/project-secret-*
// annotations. A Secret created with those labels is a ProjectSecret too.

import type { KubeObject } from '../../apimachinery/index.ts';
import type { StoredAs } from '../../registry/index.ts';

const marker = 'loft.sh/project-secret';
const nameLabel = 'loft.sh/project-secret-name';
const annotation = {
  displayName: 'loft.sh/project-secret-displayname',
  description: 'loft.sh/project-secret-description',
  owner: 'loft.sh/project-secret-owner',
  access: 'loft.sh/project-secret-access',
  conditions: 'loft.sh/project-secret-status-conditions',
} as const;

type Obj = Record<string, unknown>;

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The mapping between ProjectSecret and the Secret that stores it. */
export const projectSecretStorage: StoredAs = {
  group: '',
  resource: 'secrets',
  toStored(obj) {
    const spec = (obj.spec ?? {}) as Obj;
    const status = (obj.status ?? {}) as Obj;
    const { managedFields: _managed, ...meta } = obj.metadata ?? {};
    const annotations: Record<string, string> = { ...(meta.annotations ?? {}) };
    const set = (key: string, value: unknown, json = false): void => {
      if (value === undefined || value === null || value === '') delete annotations[key];
      else annotations[key] = json ? JSON.stringify(value) : String(value);
    };
    set(annotation.displayName, spec.displayName);
    set(annotation.description, spec.description);
    set(annotation.owner, spec.owner, true);
    set(annotation.access, spec.access, true);
    set(annotation.conditions, status.conditions, true);
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...meta, labels: { ...(meta.labels ?? {}), [marker]: 'true', [nameLabel]: meta.name ?? '' }, annotations },
      type: 'Opaque',
      ...(spec.data ? { data: spec.data } : {}),
    };
  },
  fromStored(stored) {
    const labels = stored.metadata?.labels ?? {};
    if (labels[marker] !== 'true') return undefined;
    const { [marker]: _m, [nameLabel]: _n, ...ownLabels } = labels;
    const storedAnnotations = stored.metadata?.annotations ?? {};
    const ownAnnotations = Object.fromEntries(Object.entries(storedAnnotations).filter(([k]) => !Object.values(annotation).includes(k as never)));
    const spec: Obj = {};
    if (storedAnnotations[annotation.displayName]) spec.displayName = storedAnnotations[annotation.displayName];
    if (storedAnnotations[annotation.description]) spec.description = storedAnnotations[annotation.description];
    const owner = parseJson(storedAnnotations[annotation.owner]);
    if (owner) spec.owner = owner;
    const access = parseJson(storedAnnotations[annotation.access]);
    if (access) spec.access = access;
    if (stored.data) spec.data = stored.data;
    const conditions = parseJson(storedAnnotations[annotation.conditions]);
    const metadata = { ...stored.metadata } as KubeObject['metadata'] & Obj;
    if (Object.keys(ownLabels).length > 0) metadata.labels = ownLabels;
    else delete metadata.labels;
    if (Object.keys(ownAnnotations).length > 0) metadata.annotations = ownAnnotations;
    else delete metadata.annotations;
    return {
      apiVersion: 'management.loft.sh/v1',
      kind: 'ProjectSecret',
      metadata,
      spec,
      ...(conditions ? { status: { conditions } } : {}),
    };
  },
};
