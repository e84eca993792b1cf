// Server-side printing of custom resources (apiextensions-apiserver pkg/registry/customresource/
// tableconvertor): Name, then each additionalPrinterColumn with its JSONPath evaluated on the
// object; with no printer columns, Name and Age. `date` cells are rendered as ages because
// kubectl prints cells verbatim (contract §5.2).

import { age, evaluateJsonPath, parseJsonPath, type KubeObject } from '../../apimachinery/index.ts';
import type { TableColumn } from '../resource.ts';
import type { PrinterColumn } from './types.ts';

const columnTypes = new Set(['integer', 'number', 'string', 'boolean', 'date']);

/** Returns a JSON value as Go's fmt.Fprint prints it (client-go jsonpath text output). */
export function goPrint(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${goPrint(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** Returns the cell of a typed column for a JSON value (cellForJSONValue). */
function typedCell(type: string, value: unknown, now: number): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value)) ? '<invalid>' : age(value, now);
    }
    default:
      return null;
  }
}

/** Returns the table columns of additionalPrinterColumns (an invalid JSONPath prints empty cells). */
export function printerColumns(columns: PrinterColumn[]): TableColumn[] {
  return columns.map((c) => {
    let steps: ReturnType<typeof parseJsonPath> | undefined;
    try {
      steps = parseJsonPath(c.jsonPath);
    } catch {
      steps = undefined;
    }
    const type = (columnTypes.has(c.type) ? c.type : 'string') as TableColumn['type'];
    return {
      name: c.name,
      type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority ?? 0,
      cell: (obj: KubeObject, now: number) => {
        if (!steps) return null;
        // Only simple JSON paths are allowed, so the first result is the one (upstream takes results[0][0]).
        const [value] = evaluateJsonPath(obj, steps);
        if (value === undefined || value === null) return null;
        if (type === 'string') return goPrint(value);
        return typedCell(type, value, now);
      },
    };
  });
}

/** The Age column a CRD without printer columns gets (serveDefaultColumnsIfEmpty). */
export const defaultPrinterColumns: PrinterColumn[] = [
  {
    name: 'Age',
    type: 'date',
    jsonPath: '.metadata.creationTimestamp',
    description:
      'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  },
];
