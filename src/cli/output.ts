// Output of list commands, kubectl's way: a table with upper-case headers and three spaces
// between columns, or -o json|yaml|name printing real Kubernetes objects (a v1 List) that jq and
// `kubectl apply -f -` understand. Ages are kubectl's HumanDuration.

import type { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { humanDuration } from '../apimachinery/index.ts';
import type { KubeObject } from './api.ts';
import { UsageError } from './errors.ts';

/** The output formats of list commands. */
export const outputFormats = ['table', 'json', 'yaml', 'name'] as const;

/** An output format. */
export type OutputFormat = (typeof outputFormats)[number];

/** Returns `value` as an output format; a usage error names the allowed ones (kubectl's wording). */
export function parseOutputFormat(value: string | undefined): OutputFormat {
  const format = value || 'table';
  if ((outputFormats as readonly string[]).includes(format)) return format as OutputFormat;
  throw new UsageError(`unable to match a printer suitable for the output format "${format}", allowed formats are: ${[...outputFormats].sort().join(',')}`);
}


/** Returns the age of `obj` at `now` (kubectl's <unknown> without a creationTimestamp). */
export function age(obj: KubeObject, now: number): string {
  const created = obj.metadata?.creationTimestamp;
  if (!created) return '<unknown>';
  const t = Date.parse(created);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/** Returns rows as aligned text: columns padded to their widest cell, three spaces apart. */
export function formatTable(headers: string[], rows: string[][], noHeaders = false): string {
  const all = noHeaders ? rows : [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd() + '\n').join('');
}

/** How a list command prints its objects. */
export interface ListPrinter {
  /** What the objects are called in "No X found". */
  plural: string;
  /** resource.group, for -o name. */
  resource: string;
  headers: string[];
  row(obj: KubeObject): string[];
}

/** Prints `items` in `format` to `out` (and "No X found." to `err` for an empty table). */
export function printList(out: Writable, err: Writable, items: KubeObject[], format: OutputFormat, printer: ListPrinter, noHeaders = false): void {
  switch (format) {
    case 'json':
      out.write(`${JSON.stringify(asList(items), null, 4)}\n`);
      return;
    case 'yaml':
      out.write(stringify(asList(items), { lineWidth: 0 }));
      return;
    case 'name':
      for (const item of items) out.write(`${printer.resource}/${item.metadata?.name ?? ''}\n`);
      return;
    case 'table':
      if (items.length === 0) {
        err.write(`No ${printer.plural} found.\n`);
        return;
      }
      out.write(formatTable(printer.headers, items.map((i) => printer.row(i)), noHeaders));
  }
}

/** Returns `items` as the v1 List kubectl prints for several objects. */
export function asList(items: KubeObject[]): KubeObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Returns `value` or kubectl's <none> for an empty cell. */
export function cell(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '<none>';
}
