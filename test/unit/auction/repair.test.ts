// gantry's repairs after placement: equal-sized swaps that take an instance
// off a cell holding its app twice, and moves that pair up nearly-full cells
// left with a stranded half-unit of memory. Plus the near-full scenario as
// the auctioneer service auctions it over gRPC (everything in one batch, or
// the LRPs and then the tasks), where gantry once lost to Diego.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAuction } from '../../../src/auctioneer/auction/auction.ts';
import { applyPlacements } from '../../../src/auctioneer/auction/apply.ts';
import { repairSpread } from '../../../src/auctioneer/auction/spread-repair.ts';
import { repairFragments } from '../../../src/auctioneer/auction/fragment-repair.ts';
import { CellTable } from '../../../src/auctioneer/auction/cell-table.ts';
import type { AuctionWork, CellState, LRPWork, Placement } from '../../../src/auctioneer/auction/types.ts';
import { memoryBalanceCV, spreadMetric } from '../../../src/auctioneer/simulation/in-process.ts';
import { lrpWorkFor, nearFullScenario } from '../../../src/auctioneer/simulation/scenarios.ts';
import { cell, lrp } from './fixtures.ts';

const place = (work: LRPWork, cellId: string): Placement<LRPWork> => ({ work, cellId });
const noRefusals = () => false;

/** The auction's table after the given placements, and where each went (table indices). */
function placed(cells: CellState[], placements: Placement<LRPWork>[]) {
  const table = new CellTable(cells, new Set(placements.map((p) => p.work.processGuid)));
  const on = Int32Array.from(placements, (p) => table.ids.indexOf(p.cellId));
  placements.forEach((p, i) => table.reserveLRP(on[i]!, p.work.processGuid, p.work.memoryMb, p.work.diskMb, p.work.maxPids));
  return { table, on };
}

function spread(cells: CellState[], placements: Placement<LRPWork>[], refused: (w: LRPWork, cell: number) => boolean = noRefusals): number {
  const { table, on } = placed(cells, placements);
  return repairSpread(table, placements, on, refused);
}

function fragments(cells: CellState[], placements: Placement<LRPWork>[], largestMb: number) {
  const { table, on } = placed(cells, placements);
  const moves = repairFragments(table, placements, on, largestMb, noRefusals, 0);
  return { moves, table };
}

describe('spread repair', () => {
  it('swaps an equal-sized instance of another app to take one off a cell holding its app twice', () => {
    const cells = [cell('x'), cell('y')];
    const placements = [place(lrp('a', 0), 'x'), place(lrp('a', 1), 'x'), place(lrp('b', 0), 'y')];
    assert.equal(spread(cells, placements), 1);
    assert.deepEqual(
      placements.map((p) => `${p.work.processGuid}/${p.work.index}@${p.cellId}`),
      ['a/0@y', 'a/1@x', 'b/0@x'],
    );
  });

  it('leaves it when the sizes differ, the zones differ, the cell refused it, or the other app would crowd', () => {
    const cases: { cells: CellState[]; placements: Placement<LRPWork>[]; refused?: (w: LRPWork, cell: number) => boolean }[] = [
      { cells: [cell('x'), cell('y')], placements: [place(lrp('a', 0), 'x'), place(lrp('a', 1), 'x'), place(lrp('b', 0, { memoryMb: 200 }), 'y')] },
      { cells: [cell('x'), cell('y', { zone: 'z2' })], placements: [place(lrp('a', 0), 'x'), place(lrp('a', 1), 'x'), place(lrp('b', 0), 'y')] },
      {
        cells: [cell('x'), cell('y')],
        placements: [place(lrp('a', 0), 'x'), place(lrp('a', 1), 'x'), place(lrp('b', 0), 'y')],
        refused: (w, cell) => w.processGuid === 'a' && cell === 1,
      },
      { cells: [cell('x', { lrps: [{ processGuid: 'b', index: 5, memoryMb: 100, diskMb: 100 }] }), cell('y')], placements: [place(lrp('a', 0), 'x'), place(lrp('a', 1), 'x'), place(lrp('b', 0), 'y')] },
    ];
    for (const { cells, placements, refused } of cases) {
      const before = placements.map((p) => p.cellId);
      assert.equal(spread(cells, placements, refused), 0);
      assert.deepEqual(placements.map((p) => p.cellId), before);
    }
  });
});

describe('fragment repair', () => {
  // Two cells with 256 MB free; a 128 MB instance lands on each, leaving 128 MB each: a half-unit that larger work cannot use.
  const cells = () => [cell('x', { available: { memoryMb: 256 } }), cell('y', { available: { memoryMb: 256 } }), cell('z', { available: { memoryMb: 512 } })];
  const placements = () => [place(lrp('a', 0, { memoryMb: 128 }), 'x'), place(lrp('b', 0, { memoryMb: 128 }), 'y'), place(lrp('c', 0, { memoryMb: 512 }), 'z')];

  it('moves a smallest instance so one cell is full and the other has a whole unit free', () => {
    const ps = placements();
    const { moves, table } = fragments(cells(), ps, 512);
    assert.equal(moves, 1);
    assert.deepEqual(ps.map((p) => p.cellId), ['y', 'y', 'z']);
    assert.deepEqual([...table.availMemory], [256, 0, 0]);
    assert.deepEqual([...table.starting], [0, 2, 1]);
    assert.equal(table.instancesByCell('a')?.get(1), 1);
    assert.equal(table.instancesByCell('a')?.get(0), undefined);
  });

  it('does nothing across zones or onto a cell holding the app', () => {
    const zoned = cells();
    zoned[1] = { ...zoned[1]!, zone: 'z2' };
    const holding = cells();
    holding[1] = { ...holding[1]!, lrps: [{ processGuid: 'a', index: 3, memoryMb: 128, diskMb: 100 }] };
    holding[0] = { ...holding[0]!, lrps: [{ processGuid: 'b', index: 3, memoryMb: 128, diskMb: 100 }] };
    for (const cs of [zoned, holding]) {
      const ps = placements();
      assert.equal(fragments(cs, ps, 512).moves, 0);
      assert.deepEqual(ps.map((p) => p.cellId), ['x', 'y', 'z']);
    }
  });

  it('does nothing when no work in the auction is larger than the unit', () => {
    assert.equal(fragments(cells(), placements(), 128).moves, 0);
  });
});

describe('gantry repairs inside the auction', () => {
  it('leaves cells alone while containers are still starting', () => {
    // Two cells with 256 MB free take a 128 MB instance each, a third takes a 512: the stranded pair is repaired...
    const cells = () => [cell('x', { available: { memoryMb: 256 } }), cell('y', { available: { memoryMb: 256 } }), cell('z', { available: { memoryMb: 512 } })];
    const work = { lrps: [lrp('a', 0, { memoryMb: 128 }), lrp('b', 0, { memoryMb: 128 }), lrp('c', 0, { memoryMb: 512 })] };
    const settled = runAuction(cells(), work, { strategy: 'gantry' });
    assert.deepEqual(applyPlacements(cells(), settled).map((c) => c.available.memoryMb).sort(), [0, 0, 256]);
    // ...but not when a cell is still starting something.
    const busy = cells();
    busy[2] = { ...busy[2]!, startingContainers: 1 };
    const unsettled = runAuction(busy, work, { strategy: 'gantry' });
    assert.deepEqual(applyPlacements(busy, unsettled).map((c) => c.available.memoryMb).sort(), [0, 128, 128]);
  });
});

describe('near-full scenario as the service auctions it', () => {
  const scenario = nearFullScenario();
  const lrps = scenario.apps.flatMap(lrpWorkFor);

  function run(strategy: 'diego' | 'gantry', batches: AuctionWork[]) {
    let cells = scenario.cells;
    let placed = 0;
    for (const batch of batches) {
      const result = runAuction(cells, batch, { strategy });
      placed += result.lrpPlacements.length + result.taskPlacements.length;
      // The simulated reps report a container running as soon as it is reserved.
      cells = applyPlacements(cells, result).map((c) => ({ ...c, startingContainers: 0 }));
    }
    return { placed, spread: spreadMetric(cells, scenario.apps), cv: memoryBalanceCV(cells) };
  }

  it('all in one batch: gantry places more and crowds no app onto a cell', () => {
    const diego = run('diego', [{ lrps, tasks: scenario.tasks }]);
    const gantry = run('gantry', [{ lrps, tasks: scenario.tasks }]);
    assert.ok(gantry.placed >= diego.placed, `gantry placed ${gantry.placed}, diego ${diego.placed}`);
    assert.ok(gantry.spread.worstRatio <= diego.spread.worstRatio, `spread worst ${gantry.spread.worstRatio} vs ${diego.spread.worstRatio}`);
    assert.ok(gantry.spread.meanRatio <= diego.spread.meanRatio, `spread mean ${gantry.spread.meanRatio} vs ${diego.spread.meanRatio}`);
    assert.ok(gantry.cv <= diego.cv + 1e-9, `balance CV ${gantry.cv} vs ${diego.cv}`);
  });

  it('the LRPs, then the tasks: gantry places more and strands less memory', () => {
    const batches = [{ lrps }, { tasks: scenario.tasks }];
    const diego = run('diego', batches);
    const gantry = run('gantry', batches);
    assert.ok(gantry.placed >= diego.placed, `gantry placed ${gantry.placed}, diego ${diego.placed}`);
    assert.ok(gantry.spread.worstRatio <= diego.spread.worstRatio);
    assert.ok(gantry.spread.meanRatio <= diego.spread.meanRatio);
    assert.ok(gantry.cv < diego.cv, `balance CV ${gantry.cv} vs ${diego.cv}`);
  });
});
