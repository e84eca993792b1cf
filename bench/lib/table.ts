// Plain-text and Markdown tables for benchmark output, and the number formats they use, so
// every benchmark prints figures the same way.

/** Column describes one column of a table. */
export interface Column {
  header: string;
  /** Numbers read best right-aligned; names left-aligned (the default). */
  align?: 'left' | 'right';
}

/** Returns `rows` as an aligned plain-text table with a header rule, for a terminal. */
export function formatTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((col, c) => Math.max(col.header.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]): string =>
    columns
      .map((col, c) => {
        const cell = cells[c] ?? '';
        return col.align === 'right' ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((col) => col.header)), rule, ...rows.map(line)].join('\n');
}

/** Returns `rows` as a GitHub-flavoured Markdown table. */
export function formatMarkdownTable(columns: Column[], rows: string[][]): string {
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  const header = `| ${columns.map((col) => escape(col.header)).join(' | ')} |`;
  const rule = `|${columns.map((col) => (col.align === 'right' ? '---:' : ':---')).join('|')}|`;
  const body = rows.map((row) => `| ${columns.map((_, c) => escape(row[c] ?? '')).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

/** Returns an operation rate with thousands separators and no decimals ("12,345"). */
export function formatRate(opsPerSec: number): string {
  if (!Number.isFinite(opsPerSec)) return '—';
  if (opsPerSec < 10) return opsPerSec.toFixed(2);
  if (opsPerSec < 100) return opsPerSec.toFixed(1);
  return Math.round(opsPerSec).toLocaleString('en-US');
}

/** Returns a latency in milliseconds with three significant digits ("0.0123", "1.23", "123"). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 100) return Math.round(ms).toLocaleString('en-US');
  return ms.toPrecision(3);
}

/** Returns a ratio as a percentage ("87%"), or "—" when there is none. */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 100)}%`;
}
