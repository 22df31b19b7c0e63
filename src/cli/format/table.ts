// Aligned text tables: a header row and columns padded to their widest cell.
import { visibleWidth } from './colour.ts';

export interface TableOptions {
  /** Columns aligned right (numbers). */
  right?: number[];
  gap?: number;
}

export function renderTable(headers: string[], rows: string[][], opts: TableOptions = {}): string {
  const gap = ' '.repeat(opts.gap ?? 2);
  const right = new Set(opts.right ?? []);
  const widths = headers.map((h, i) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(widths[i]! - visibleWidth(c));
        if (right.has(i)) return pad + c;
        return i === cells.length - 1 ? c : c + pad;
      })
      .join(gap)
      .trimEnd();
  return [line(headers), ...rows.map((r) => line(headers.map((_, i) => r[i] ?? '')))].join('\n') + '\n';
}

/** "key: value" lines with the values aligned. */
export function renderFields(fields: Array<[string, string]>, indent = '', minKeyWidth = 0): string {
  const width = Math.max(minKeyWidth, ...fields.map(([k]) => k.length)) + 2;
  return fields.map(([k, v]) => `${indent}${(k + ':').padEnd(width)}${v}`.trimEnd()).join('\n') + '\n';
}
