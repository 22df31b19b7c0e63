// gantry's indexed search must choose exactly the cells that scoring every
// compatible cell with gantry's scorer would. Compared on seeded random auctions.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAuctionWithSearch, type SearchFactory } from '../../../src/auctioneer/auction/auction.ts';
import { gantryScorer } from '../../../src/auctioneer/auction/gantry-scoring.ts';
import { IndexedSearch } from '../../../src/auctioneer/auction/indexed-search.ts';
import { LinearSearch } from '../../../src/auctioneer/auction/linear-search.ts';
import type { AuctionOptions, CellState, LRPWork, TaskWork } from '../../../src/auctioneer/auction/types.ts';
import { seededRandom } from '../../../src/auctioneer/simulation/scenarios.ts';
import { cell, lrp, running, task } from './fixtures.ts';

const indexed: SearchFactory = (table, weights, workCount) => {
  gantryScorer.prepare?.(table, workCount);
  return new IndexedSearch(table, weights);
};
const linear: SearchFactory = (table, weights, workCount) => {
  gantryScorer.prepare?.(table, workCount);
  return new LinearSearch(table, gantryScorer, weights);
};

function randomAuction(seed: number): { cells: CellState[]; lrps: LRPWork[]; tasks: TaskWork[]; options: AuctionOptions } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const sizes = [
    { memoryMb: 4000, diskMb: 8000, containers: 40, pids: 1000 },
    { memoryMb: 16000, diskMb: 32000, containers: 100, pids: 4000 },
  ];
  const cells = Array.from({ length: 10 + Math.floor(random() * 40) }, (_, i) => {
    const total = pick(sizes);
    const used = random() * 0.6;
    return cell(`cell-${i}`, {
      zone: pick(['z1', 'z2', 'z3']),
      stacks: random() < 0.8 ? ['s1'] : ['s1', 's2'],
      optionalPlacementTags: random() < 0.3 ? ['ssd'] : [],
      total,
      available: {
        memoryMb: Math.floor(total.memoryMb * (1 - used)),
        diskMb: Math.floor(total.diskMb * (1 - used * random())),
        containers: Math.floor(total.containers * (1 - used)),
      },
      startingContainers: Math.floor(random() * 4),
      evacuating: random() < 0.05,
      lrps: random() < 0.3 ? running(`app-${Math.floor(random() * 5)}`, 1 + Math.floor(random() * 3)) : [],
    });
  });
  const lrps: LRPWork[] = [];
  for (let app = 0; app < 12; app++) {
    const instances = pick([1, 2, 5, 20, 60]);
    const shape = { stack: random() < 0.85 ? 's1' : 's2', memoryMb: pick([128, 256, 512, 1024]), diskMb: pick([256, 1024]), maxPids: pick([0, 0, 100]), placementTags: random() < 0.2 ? ['ssd'] : [] };
    for (let index = 0; index < instances; index++) lrps.push(lrp(`app-${app}`, index, shape));
  }
  const tasks = Array.from({ length: Math.floor(random() * 20) }, (_, i) => task(`task-${i}`, { memoryMb: pick([128, 512]) }));
  const refusals = new Map([[`lrp:app-0:0`, ['cell-1', 'cell-2']]]);
  const options: AuctionOptions = {
    strategy: 'gantry',
    refusals,
    binPackFirstFitWeight: pick([0, 0, 0.01, 0.5]),
    maxStartingPerCell: pick([0, 0, 6]),
    startingContainerWeight: pick([0.25, 0.25, 1]),
  };
  return { cells, lrps, tasks, options };
}

describe('indexed search', () => {
  it('places exactly as the linear reference on 200 random auctions', () => {
    let placements = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { cells, lrps, tasks, options } = randomAuction(seed);
      const expected = runAuctionWithSearch(cells, { lrps, tasks }, options, linear);
      const actual = runAuctionWithSearch(cells, { lrps, tasks }, options, indexed);
      assert.deepEqual(actual, expected, `seed ${seed}`);
      placements += expected.lrpPlacements.length;
    }
    assert.ok(placements > 5000, `only ${placements} placements compared`);
  });

  it('keeps equal cells in id order and re-sorts a cell after each reservation', () => {
    const cells = Array.from({ length: 6 }, (_, i) => cell(`c${i}`));
    const work = { lrps: Array.from({ length: 12 }, (_, i) => lrp(`app-${i}`)) };
    const expected = runAuctionWithSearch(cells, work, { strategy: 'gantry' }, linear);
    assert.deepEqual(runAuctionWithSearch(cells, work, { strategy: 'gantry' }, indexed), expected);
    assert.deepEqual(expected.lrpPlacements.map((p) => p.cellId), ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
  });
});
