import { test } from 'node:test';
import assert from 'node:assert/strict';
import { glyphOf, glyphs, gridRows, renderGrid } from '../../../src/cli/format/grid.ts';
import { paintWith, stripAnsi } from '../../../src/cli/format/colour.ts';
import { actual, cell, plain } from './fixtures.ts';

const takenAt = new Date(2024, 0, 1, 10, 0, 0, 0).getTime();
const other = (index: number, state: Parameters<typeof actual>[1], over: Parameters<typeof actual>[2] = {}) => ({
  ...actual(index, state, over),
  key: { process_guid: 'api', index, domain: 'gantry' },
});

test('a glyph per state and presence', () => {
  assert.equal(glyphOf(actual(0, 'RUNNING')).char, '●');
  assert.equal(glyphOf(actual(0, 'CLAIMED')).char, '◐');
  assert.equal(glyphOf(actual(0, 'UNCLAIMED')).char, '○');
  assert.equal(glyphOf(actual(0, 'CRASHED')).char, '✖');
  assert.equal(glyphOf(actual(0, 'RUNNING', { presence: 'EVACUATING' })).char, '◆');
  assert.equal(glyphOf(actual(0, 'RUNNING', { presence: 'SUSPECT' })).char, '◇');
  assert.equal(new Set(Object.values(glyphs).map((g) => g.colour)).size, 6);
});

test('rows: live cells in numeric order, then lost cells, then instances with no cell', () => {
  const rows = gridRows({
    cells: [cell('cell-10', { zone: 'z1' }), cell('cell-2', { zone: 'z2' })],
    actuals: [actual(1, 'RUNNING', { cell: 'cell-2' }), other(0, 'RUNNING', { cell: 'cell-2' }), actual(0, 'RUNNING', { cell: 'cell-7', presence: 'SUSPECT' }), actual(2, 'UNCLAIMED')],
    takenAt,
  });
  assert.deepEqual(rows.map((r) => [r.label, r.note, r.instances.length]), [['cell-2', '', 2], ['cell-10', '', 0], ['cell-7', 'lost', 1], ['(no cell)', '', 1]]);
  // Within a row, instances are grouped by app, then index.
  assert.deepEqual(rows[0]!.instances.map((a) => `${a.key!.process_guid}/${a.key!.index}`), ['api/0', 'web/1']);
});

test('the frame of a rebalance in progress', () => {
  const snap = {
    cells: [cell('cell-1', { zone: 'z1' }), cell('cell-2', { zone: 'z2', evacuating: true }), cell('cell-3', { zone: 'z3' })],
    actuals: [
      actual(0, 'RUNNING', { cell: 'cell-1' }),
      actual(1, 'CLAIMED', { cell: 'cell-1' }),
      actual(2, 'RUNNING', { cell: 'cell-2', presence: 'EVACUATING' }),
      actual(3, 'RUNNING', { cell: 'cell-4', presence: 'SUSPECT' }),
      actual(4, 'UNCLAIMED'),
      actual(5, 'CRASHED'),
    ],
    takenAt,
  };
  const frame = renderGrid(snap, plain, { width: 80 });
  assert.equal(
    frame,
    [
      'gantry visualize  3 cells, 6 instances (1 running, 1 claimed, 1 unclaimed, 1 crashed, 1 evacuating, 1 suspect)  10:00:00.000',
      '',
      'cell-1     z1       2  ●◐',
      'cell-2     z2       1  ◆  (evacuating)',
      'cell-3     z3       0  ·',
      'cell-4              1  ◇  (lost)',
      '(no cell)           2  ○✖',
      '',
      '● running   ◐ claimed (starting)   ○ unclaimed   ✖ crashed   ◆ evacuating   ◇ suspect (cell lost)',
      '',
    ].join('\n'),
  );
  // Coloured, the same frame once the escape codes are taken out.
  const coloured = renderGrid(snap, paintWith(true), { width: 80 });
  assert.match(coloured, /\x1b\[32m●\x1b\[39m/);
  assert.match(coloured, /\x1b\[31m✖\x1b\[39m/);
  assert.equal(stripAnsi(coloured), frame);
});

test('long rows wrap to the width', () => {
  const actuals = Array.from({ length: 50 }, (_, i) => actual(i, 'RUNNING', { cell: 'cell-1' }));
  const frame = renderGrid({ cells: [cell('cell-1')], actuals, takenAt }, plain, { width: 40 });
  const rows = frame.split('\n').filter((l) => l.includes('●') && !l.includes('running'));
  assert.ok(rows.length > 1, frame);
  assert.equal(rows.reduce((n, l) => n + [...l].filter((c) => c === '●').length, 0), 50);
  for (const l of rows) assert.ok([...l].length <= 40, `too wide: ${l}`);
  assert.match(renderGrid({ cells: [], actuals: [], takenAt }, plain, { width: 80 }), /no cells and no instances/);
});
