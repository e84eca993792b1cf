// Server-side printing (contract §5.2): kubectl prints Table cells verbatim, so the server
// renders ages itself; Name carries format "name" so multi-type output prefixes "pod/".

import { age, type KubeObject } from '../apimachinery/index.ts';
import type { ResourceInfo, TableColumn } from '../registry/index.ts';

/** How much of each object a row carries (includeObject query parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

const nameColumn: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  cell: (obj) => obj.metadata?.name ?? '',
};

const ageColumn: TableColumn = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  cell: (obj, now) => age(obj.metadata?.creationTimestamp, now),
};

/** Returns the columns of a resource: Name, the kind's own, and Age unless the kind places it. */
export function columnsOf(info: ResourceInfo): TableColumn[] {
  const own = info.strategy.columns ?? [];
  if (info.strategy.exactColumns) return [nameColumn, ...own];
  const hasAge = own.some((c) => c.name === 'Age');
  return [nameColumn, ...own.map((c) => (c.name === 'Age' ? ageColumn : c)), ...(hasAge ? [] : [ageColumn])];
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  const { managedFields: _m, ...metadata } = obj.metadata ?? {};
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

/** Returns a meta.k8s.io Table of `objects`; `withColumns` false omits the definitions (watch events after the first). */
export function toTable(
  info: ResourceInfo,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  opts: { version: 'v1' | 'v1beta1'; include: IncludeObject; withColumns: boolean; now?: number },
): unknown {
  const columns = columnsOf(info);
  const now = opts.now ?? Date.now();
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: `meta.k8s.io/${opts.version}`, metadata: listMeta };
  if (opts.withColumns) {
    table.columnDefinitions = columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority ?? 0,
    }));
  }
  table.rows = objects.map((obj) => {
    const row: Record<string, unknown> = {
      cells: columns.map((c) => {
        try {
          return c.cell(obj, now);
        } catch {
          return null;
        }
      }),
    };
    const object = rowObject(obj, opts.include);
    if (object !== undefined) row.object = object;
    return row;
  });
  return table;
}
