// Each scoring term: resource score, starting containers (penalty and limits),
// locality for LRPs and tasks, bin-pack first fit.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAuction } from '../../../src/auctioneer/auction/auction.ts';
import { CellTable } from '../../../src/auctioneer/auction/cell-table.ts';
import { blend, resourceInUse, resourceShare, startingAllowances } from '../../../src/auctioneer/auction/gantry-scoring.ts';
import { REASON_IN_FLIGHT_LIMIT, REASON_STARTING_LIMIT } from '../../../src/auctioneer/auction/reasons.ts';
import { diegoResourceScore, diegoScorer } from '../../../src/auctioneer/auction/scoring.ts';
import { DEFAULT_WEIGHTS } from '../../../src/auctioneer/auction/auction.ts';
import { cell, lrp, lrpWinners, running, STRATEGIES, task } from './fixtures.ts';

describe("Diego's resource score", () => {
  it('is the mean of the fractions in use after placement', () => {
    // memory 1 - 600/1000 = 0.4, disk 1 - 1500/2000 = 0.25, containers 1 - 7/10 = 0.3
    const score = diegoResourceScore(800, 1600, 8, 1000, 2000, 10, 200, 100);
    assert.ok(Math.abs(score - (0.4 + 0.25 + 0.3) / 3) < 1e-12);
  });

  it('sends work to the emptier cell', () => {
    const result = runAuction(
      [cell('a', { available: { memoryMb: 5000 } }), cell('b', { available: { memoryMb: 9000 } })],
      { lrps: [lrp('app')] },
      { strategy: 'diego' },
    );
    assert.equal(result.lrpPlacements[0]!.cellId, 'b');
  });

  it('weighs disk and containers as much as memory', () => {
    // a has more memory free, b more disk and containers: b's mean is lower.
    const result = runAuction(
      [cell('a', { available: { memoryMb: 9000, diskMb: 2000, containers: 20 } }), cell('b', { available: { memoryMb: 7000 } })],
      { lrps: [lrp('app')] },
      { strategy: 'diego' },
    );
    assert.equal(result.lrpPlacements[0]!.cellId, 'b');
  });

  it('adds the terms as Diego does', () => {
    const table = new CellTable([cell('a', { startingContainers: 3, zone: 'z' }), cell('b', { zone: 'z' })]);
    const weights = { ...DEFAULT_WEIGHTS, binPackFirstFitWeight: 0.5 };
    const resource = diegoResourceScore(10_000, 10_000, 100, 10_000, 10_000, 100, 100, 100);
    assert.equal(diegoScorer.lrp(table, 1, 100, 100, 2, weights), resource + 0 * 0.25 + 2 * 1000 + 1 * 0.5);
    assert.equal(diegoScorer.lrp(table, 0, 100, 100, 0, weights), resource + 3 * 0.25);
    // Tasks: locality per task on the cell, and no bin-pack term.
    const withTasks = new CellTable([cell('a', { tasks: [{ taskGuid: 't', memoryMb: 1, diskMb: 1 }] }), cell('b')]);
    assert.equal(diegoScorer.task(withTasks, 0, 100, 100, weights), resource + 1000);
    assert.equal(diegoScorer.task(withTasks, 1, 100, 100, weights), resource);
  });
});

describe("gantry's resource score", () => {
  it('blends the largest and the mean fraction, in use now and of the work', () => {
    assert.ok(Math.abs(blend(0.6, 0, 0) - 0.4) < 1e-12);
    const table = new CellTable([cell('a', { total: { memoryMb: 1000, diskMb: 4000, containers: 10 }, available: { memoryMb: 700, diskMb: 3800, containers: 5 } })]);
    assert.ok(Math.abs(resourceInUse(table, 0) - (0.5 + (0.3 + 0.05 + 0.5) / 3) / 2) < 1e-12);
    assert.ok(Math.abs(resourceShare(table, 0, 200, 400) - (0.2 + (0.2 + 0.1 + 0.1) / 3) / 2) < 1e-12);
  });

  it('keeps a cell from running out of one resource where Diego would not', () => {
    // a: 60% of containers used, nothing else (mean 0.2, largest 0.6);
    // b: 35% of memory and disk (mean 0.23, largest 0.35). Diego's mean picks a.
    const cells = [cell('a', { available: { containers: 40 } }), cell('b', { available: { memoryMb: 6500, diskMb: 6500 } })];
    assert.equal(runAuction(cells, { lrps: [lrp('app')] }, { strategy: 'diego' }).lrpPlacements[0]!.cellId, 'a');
    assert.equal(runAuction(cells, { lrps: [lrp('app')] }, { strategy: 'gantry' }).lrpPlacements[0]!.cellId, 'b');
  });

  it('balances memory across cells of different sizes by fraction', () => {
    const big = { total: { memoryMb: 40_000, diskMb: 80_000, containers: 400 } };
    const result = runAuction([cell('small'), cell('big', big)], { lrps: Array.from({ length: 50 }, (_, i) => lrp(`app-${i}`, 0, { memoryMb: 500 })) }, { strategy: 'gantry' });
    const onBig = result.lrpPlacements.filter((p) => p.cellId === 'big').length;
    // 25,000 MB over 50,000 MB: fair is 40 on big, 10 on small.
    assert.ok(onBig >= 38 && onBig <= 42, `big took ${onBig}`);
  });
});

describe('starting-container penalty', () => {
  it('diego: steers work away from a cell already starting containers', () => {
    const result = runAuction([cell('a', { startingContainers: 1 }), cell('b')], { lrps: [lrp('app')] }, { strategy: 'diego' });
    assert.equal(result.lrpPlacements[0]!.cellId, 'b');
  });

  it('diego: counts the starts this auction adds, so a burst alternates between equal cells', () => {
    const result = runAuction([cell('a'), cell('b')], { lrps: [lrp('x'), lrp('y'), lrp('z'), lrp('w')] }, { strategy: 'diego' });
    const counts = result.lrpPlacements.reduce<Record<string, number>>((n, p) => ({ ...n, [p.cellId]: (n[p.cellId] ?? 0) + 1 }), {});
    assert.deepEqual(counts, { a: 2, b: 2 });
  });

  it('the weight decides how much a start costs', () => {
    // a: 3 starting but much emptier; with weight 0 it wins, with the default it loses.
    const cells = [cell('a', { startingContainers: 3 }), cell('b', { available: { memoryMb: 7000, diskMb: 7000, containers: 70 } })];
    for (const strategy of STRATEGIES) {
      assert.equal(runAuction(cells, { lrps: [lrp('app')] }, { strategy, startingContainerWeight: 0 }).lrpPlacements[0]!.cellId, 'a', strategy);
      assert.equal(runAuction(cells, { lrps: [lrp('app')] }, { strategy, startingContainerWeight: 1 }).lrpPlacements[0]!.cellId, 'b', strategy);
    }
  });

  it("gantry: gives each cell a fair share of starts in proportion to its memory", () => {
    const table = new CellTable([cell('a', { startingContainers: 4 }), cell('b', { total: { memoryMb: 30_000 } }), cell('e', { evacuating: true, startingContainers: 9 })]);
    // 4 in flight on live cells + 4 pieces of work = 8, split 10k : 30k.
    assert.deepEqual([...startingAllowances(table, 4)], [2, 6, 2]);
  });

  it('gantry: charges only starts beyond the fair share', () => {
    // a: 1 start, below its share of (1 + 2 work) / 2 = 1.5, so a only loses on resources.
    const cells = [cell('a', { startingContainers: 1 }), cell('b', { available: { memoryMb: 9000 } })];
    const result = runAuction(cells, { lrps: [lrp('x'), lrp('y')] }, { strategy: 'gantry' });
    assert.equal(result.lrpPlacements[0]!.cellId, 'a');
    // a: 4 starts, well over its share of (4 + 1) / 2 = 2.5: penalised, b wins.
    const busy = runAuction([cell('a', { startingContainers: 4 }), cell('b', { available: { memoryMb: 9000 } })], { lrps: [lrp('x')] }, { strategy: 'gantry' });
    assert.equal(busy.lrpPlacements[0]!.cellId, 'b');
  });

  for (const strategy of STRATEGIES) {
    it(`${strategy}: a cell at maxStartingPerCell takes no more work in the auction`, () => {
      const result = runAuction([cell('a', { startingContainers: 1 }), cell('b')], { lrps: [lrp('x'), lrp('y'), lrp('z')] }, { strategy, maxStartingPerCell: 2 });
      assert.deepEqual(
        result.lrpPlacements.map((p) => p.cellId).sort(),
        ['a', 'b', 'b'],
      );
      assert.deepEqual(result.lrpFailures.map((f) => f.reason), []);
      const full = runAuction([cell('a', { startingContainers: 2 }), cell('b', { startingContainers: 2 })], { lrps: [lrp('x')], tasks: [task('t')] }, { strategy, maxStartingPerCell: 2 });
      assert.deepEqual(full.lrpFailures.map((f) => f.reason), [REASON_STARTING_LIMIT]);
      assert.deepEqual(full.taskFailures.map((f) => f.reason), [REASON_STARTING_LIMIT]);
    });

    it(`${strategy}: maxInFlightStarts limits starts across all cells, as Diego's StartingContainerCountMaximum`, () => {
      const cells = [cell('a', { startingContainers: 1 }), cell('b'), cell('e', { evacuating: true, startingContainers: 5 })];
      const result = runAuction(cells, { lrps: [lrp('x'), lrp('y'), lrp('z')] }, { strategy, maxInFlightStarts: 3 });
      // 1 in flight (the evacuating cell's starts do not count), room for 2 more.
      assert.equal(result.lrpPlacements.length, 2);
      assert.deepEqual(result.lrpFailures.map((f) => f.reason), [REASON_IN_FLIGHT_LIMIT]);
    });

    it(`${strategy}: limits of 0 mean no limit`, () => {
      const result = runAuction([cell('a', { startingContainers: 500 })], { lrps: [lrp('x'), lrp('y')] }, { strategy, maxInFlightStarts: 0, maxStartingPerCell: 0 });
      assert.equal(result.lrpPlacements.length, 2);
    });
  }
});

describe('locality', () => {
  for (const strategy of STRATEGIES) {
    it(`${strategy}: puts an app's next instance on a cell without one, even a fuller cell`, () => {
      const cells = [cell('a', { lrps: running('app', 1) }), cell('b', { available: { memoryMb: 2000, diskMb: 2000, containers: 20 } })];
      const result = runAuction(cells, { lrps: [lrp('app', 1)] }, { strategy });
      assert.equal(result.lrpPlacements[0]!.cellId, 'b');
    });

    it(`${strategy}: co-locates only when no other cell fits, preferring the cell with fewest instances`, () => {
      const cells = [cell('a', { lrps: running('app', 2) }), cell('b', { lrps: running('app', 1) }), cell('c', { available: { memoryMb: 50 } })];
      const result = runAuction(cells, { lrps: [lrp('app', 3)] }, { strategy });
      assert.equal(result.lrpPlacements[0]!.cellId, 'b');
    });

    it(`${strategy}: counts instances this auction placed`, () => {
      const result = runAuction([cell('a'), cell('b'), cell('c')], { lrps: [lrp('app', 0), lrp('app', 1), lrp('app', 2)] }, { strategy });
      assert.equal(new Set(result.lrpPlacements.map((p) => p.cellId)).size, 3);
    });

    it(`${strategy}: ignores other apps' instances beyond the resources they hold`, () => {
      const cells = [cell('a', { lrps: running('other', 3, 0) }), cell('b', { lrps: running('app', 1, 0) })];
      assert.equal(runAuction(cells, { lrps: [lrp('app', 1)] }, { strategy }).lrpPlacements[0]!.cellId, 'a');
    });

    it(`${strategy}: spreads tasks by the number of tasks on the cell`, () => {
      const busy = { tasks: [{ taskGuid: 'old', memoryMb: 0, diskMb: 0 }] };
      const result = runAuction([cell('a', busy), cell('b', { available: { memoryMb: 2000, diskMb: 2000, containers: 20 } })], { tasks: [task('t')] }, { strategy });
      assert.equal(result.taskPlacements[0]!.cellId, 'b');
    });

    it(`${strategy}: the locality weight sets how hard co-location is avoided`, () => {
      const cells = [cell('a', { lrps: running('app', 1, 0) }), cell('b', { available: { memoryMb: 2000, diskMb: 2000, containers: 20 } })];
      const result = runAuction(cells, { lrps: [lrp('app', 1)] }, { strategy, localityWeight: 0 });
      assert.equal(result.lrpPlacements[0]!.cellId, 'a');
    });
  }
});

describe('bin-pack first fit', () => {
  const cells = () => [cell('c0', { available: { memoryMb: 5000 } }), cell('c1'), cell('c2')];

  for (const strategy of STRATEGIES) {
    it(`${strategy}: is off by default, so the emptiest cell wins`, () => {
      assert.equal(runAuction(cells(), { lrps: [lrp('app')] }, { strategy }).lrpPlacements[0]!.cellId, 'c1');
    });

    it(`${strategy}: with a weight, favours low cells of the zone for LRPs`, () => {
      const result = runAuction(cells(), { lrps: [lrp('x'), lrp('y'), lrp('z')] }, { strategy, binPackFirstFitWeight: 1, startingContainerWeight: 0 });
      assert.deepEqual(Object.values(lrpWinners(result)), ['c0', 'c0', 'c0']);
    });

    it(`${strategy}: numbers cells within each zone`, () => {
      // Both zones' first cells (c0, c2) tie on index; different apps, so locality is no help.
      const zoned = [cell('c0', { zone: 'z1' }), cell('c1', { zone: 'z1' }), cell('c2', { zone: 'z2' }), cell('c3', { zone: 'z2' })];
      const result = runAuction(zoned, { lrps: [lrp('x'), lrp('y')] }, { strategy, binPackFirstFitWeight: 1 });
      assert.deepEqual(result.lrpPlacements.map((p) => p.cellId).sort(), ['c0', 'c2']);
    });
  }

  it('diego: leaves tasks out of bin-packing, as Diego does', () => {
    assert.equal(runAuction(cells(), { tasks: [task('t')] }, { strategy: 'diego', binPackFirstFitWeight: 1 }).taskPlacements[0]!.cellId, 'c1');
  });

  it('gantry: bin-packs tasks too', () => {
    assert.equal(runAuction(cells(), { tasks: [task('t')] }, { strategy: 'gantry', binPackFirstFitWeight: 1 }).taskPlacements[0]!.cellId, 'c0');
  });
});
