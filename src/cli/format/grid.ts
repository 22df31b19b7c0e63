// `gantry visualize`: a grid with one row per cell and one glyph per instance,
// coloured by state, so a person watching sees instances move when a cell dies
// or evacuates. Pure: a snapshot in, the frame's text out.
import type { ActualLRP, CellPresence } from '../../common/models.ts';
import type { Colour, Paint } from './colour.ts';
import { clock } from './time.ts';

export interface GridSnapshot {
  cells: CellPresence[];
  actuals: ActualLRP[];
  /** unix ms the snapshot was taken. */
  takenAt: number;
}

interface Glyph {
  char: string;
  colour: Colour;
  label: string;
}

/** Distinct characters as well as colours, so the grid reads without colour too. */
export const glyphs = {
  RUNNING: { char: '●', colour: 'green', label: 'running' },
  CLAIMED: { char: '◐', colour: 'yellow', label: 'claimed (starting)' },
  UNCLAIMED: { char: '○', colour: 'white', label: 'unclaimed' },
  CRASHED: { char: '✖', colour: 'red', label: 'crashed' },
  EVACUATING: { char: '◆', colour: 'cyan', label: 'evacuating' },
  SUSPECT: { char: '◇', colour: 'magenta', label: 'suspect (cell lost)' },
} satisfies Record<string, Glyph>;

export function glyphOf(a: ActualLRP): Glyph {
  if (a.presence === 'EVACUATING') return glyphs.EVACUATING;
  if (a.presence === 'SUSPECT') return glyphs.SUSPECT;
  return glyphs[a.state];
}

export interface GridRow {
  label: string;
  zone: string;
  note: string;
  instances: ActualLRP[];
}

const byApp = (a: ActualLRP, b: ActualLRP) =>
  (a.key?.process_guid ?? '').localeCompare(b.key?.process_guid ?? '') || (a.key?.index ?? 0) - (b.key?.index ?? 0);

/** Rows: every live cell (sorted), then cells that are gone but still hold instances, then instances with no cell. */
export function gridRows(snap: GridSnapshot): GridRow[] {
  const onCell = new Map<string, ActualLRP[]>();
  const noCell: ActualLRP[] = [];
  for (const a of snap.actuals) {
    const id = a.instance_key?.cell_id;
    if (!id) noCell.push(a);
    else onCell.set(id, [...(onCell.get(id) ?? []), a]);
  }
  const cmp = (x: string, y: string) => x.localeCompare(y, undefined, { numeric: true });
  const live = [...snap.cells].sort((a, b) => cmp(a.cell_id, b.cell_id));
  const liveIds = new Set(live.map((c) => c.cell_id));
  const rows: GridRow[] = live.map((c) => ({
    label: c.cell_id,
    zone: c.zone,
    note: c.evacuating ? 'evacuating' : '',
    instances: (onCell.get(c.cell_id) ?? []).sort(byApp),
  }));
  for (const id of [...onCell.keys()].filter((k) => !liveIds.has(k)).sort(cmp)) {
    rows.push({ label: id, zone: '', note: 'lost', instances: onCell.get(id)!.sort(byApp) });
  }
  if (noCell.length) rows.push({ label: '(no cell)', zone: '', note: '', instances: noCell.sort(byApp) });
  return rows;
}

export interface RenderOptions {
  /** Terminal width; glyph rows wrap to fit. */
  width: number;
  title?: string;
}

export function renderGrid(snap: GridSnapshot, paint: Paint, opts: RenderOptions): string {
  const rows = gridRows(snap);
  const counts: Record<string, number> = {};
  for (const a of snap.actuals) counts[glyphOf(a).label] = (counts[glyphOf(a).label] ?? 0) + 1;
  const labelWidth = Math.max(8, ...rows.map((r) => r.label.length));
  const zoneWidth = Math.max(4, ...rows.map((r) => r.zone.length));
  const prefixWidth = labelWidth + 2 + zoneWidth + 2 + 4 + 2;
  const perLine = Math.max(10, opts.width - prefixWidth - 12);

  const lines: string[] = [];
  const summary = Object.values(glyphs)
    .filter((g) => counts[g.label])
    .map((g) => `${counts[g.label]} ${g.label.split(' ')[0]}`)
    .join(', ');
  lines.push(
    `${paint('bold', opts.title ?? 'gantry visualize')}  ${snap.cells.length} cell${snap.cells.length === 1 ? '' : 's'}, ` +
      `${snap.actuals.length} instance${snap.actuals.length === 1 ? '' : 's'}${summary ? ` (${summary})` : ''}  ${paint('grey', clock(snap.takenAt))}`,
  );
  lines.push('');
  if (!rows.length) lines.push('  no cells and no instances');
  for (const r of rows) {
    const glyphText = r.instances.map((a) => {
      const g = glyphOf(a);
      return paint(g.colour, g.char);
    });
    const head = `${r.label.padEnd(labelWidth)}  ${r.zone.padEnd(zoneWidth)}  ${String(r.instances.length).padStart(4)}  `;
    const note = r.note ? '  ' + paint(r.note === 'lost' ? 'magenta' : 'cyan', `(${r.note})`) : '';
    if (!glyphText.length) {
      lines.push((head + paint('grey', '·') + note).trimEnd());
      continue;
    }
    for (let i = 0; i < glyphText.length; i += perLine) {
      const chunk = glyphText.slice(i, i + perLine).join('');
      lines.push(i === 0 ? head + chunk + note : ' '.repeat(prefixWidth) + chunk);
    }
  }
  lines.push('');
  lines.push(Object.values(glyphs).map((g) => `${paint(g.colour, g.char)} ${g.label}`).join('   '));
  return lines.join('\n') + '\n';
}
