// Failure reasons: each names why the cell that came closest could not take the work.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAuction } from '../../../src/auctioneer/auction/auction.ts';
import {
  insufficientResourcesReason,
  noPlacementTagsReason,
  noStackReason,
  refusedReason,
  REASON_ALL_EVACUATING,
  REASON_INSUFFICIENT_RESOURCES,
  REASON_NO_CELLS,
  REASON_STARTING_LIMIT,
} from '../../../src/auctioneer/auction/reasons.ts';
import type { AuctionOptions, CellState } from '../../../src/auctioneer/auction/types.ts';
import { cell, lrp, STRATEGIES, task } from './fixtures.ts';

describe('reason wording', () => {
  it('reads as a person would write it', () => {
    assert.equal(noStackReason('windows2019'), 'found no compatible cell with stack "windows2019"');
    assert.equal(noPlacementTagsReason(['a', 'b']), 'found no compatible cell with placement tags [a, b]');
    assert.equal(insufficientResourcesReason(['disk', 'memory']), 'insufficient resources: memory, disk');
    assert.equal(insufficientResourcesReason([]), REASON_INSUFFICIENT_RESOURCES);
    assert.equal(refusedReason(1), 'refused by 1 cell');
    assert.equal(refusedReason(3), 'refused by 3 cells');
  });
});

for (const strategy of STRATEGIES) {
  describe(`failure reasons (${strategy})`, () => {
    const lrpReason = (cells: CellState[], work = lrp('app'), options: AuctionOptions = {}) => {
      const result = runAuction(cells, { lrps: [work] }, { ...options, strategy });
      assert.equal(result.lrpPlacements.length, 0, 'expected the LRP to fail');
      return result.lrpFailures[0]!.reason;
    };
    const taskReason = (cells: CellState[], work = task('t')) => {
      const result = runAuction(cells, { tasks: [work] }, { strategy });
      assert.equal(result.taskPlacements.length, 0, 'expected the task to fail');
      return result.taskFailures[0]!.reason;
    };

    it('no cells at all', () => {
      assert.equal(lrpReason([]), REASON_NO_CELLS);
      assert.equal(taskReason([]), REASON_NO_CELLS);
    });

    it('no cell has the stack', () => {
      const cells = [cell('a', { stacks: ['cflinuxfs4'] })];
      assert.equal(lrpReason(cells, lrp('app', 0, { stack: 'windows2019' })), 'found no compatible cell with stack "windows2019"');
      assert.equal(taskReason(cells, task('t', { stack: 'windows2019' })), 'found no compatible cell with stack "windows2019"');
    });

    it('cells have the stack but not the placement tags', () => {
      const cells = [cell('a', { stacks: ['other'], optionalPlacementTags: ['gpu'] }), cell('b')];
      assert.equal(lrpReason(cells, lrp('app', 0, { placementTags: ['gpu', 'ssd'] })), 'found no compatible cell with placement tags [gpu, ssd]');
    });

    it('the only cells with the stack require a tag the work does not ask for', () => {
      assert.equal(lrpReason([cell('a', { placementTags: ['isolated'] })]), 'found no compatible cell with placement tags []');
    });

    it('every compatible cell is evacuating', () => {
      const cells = [cell('a', { evacuating: true }), cell('b', { evacuating: true }), cell('c', { stacks: ['other'] })];
      assert.equal(lrpReason(cells), REASON_ALL_EVACUATING);
      assert.equal(taskReason(cells), REASON_ALL_EVACUATING);
    });

    it('every compatible cell is at the starting limit', () => {
      assert.equal(lrpReason([cell('a', { startingContainers: 2 })], lrp('app'), { maxStartingPerCell: 2 }), REASON_STARTING_LIMIT);
    });

    for (const [resource, available] of [
      ['memory', { memoryMb: 50 }],
      ['disk', { diskMb: 50 }],
      ['containers', { containers: 0 }],
      ['pids', { pids: 5 }],
    ] as const) {
      it(`every compatible cell lacks ${resource}`, () => {
        const work = lrp('app', 0, { maxPids: 10 });
        assert.equal(lrpReason([cell('a', { available }), cell('b', { available })], work), `insufficient resources: ${resource}`);
        assert.equal(taskReason([cell('a', { available })], task('t', { maxPids: 10 })), `insufficient resources: ${resource}`);
      });
    }

    it('lists the resources every cell lacks', () => {
      const cells = [cell('a', { available: { memoryMb: 50, diskMb: 50 } }), cell('b', { available: { memoryMb: 50, diskMb: 50, containers: 0 } })];
      assert.equal(lrpReason(cells), 'insufficient resources: memory, disk');
    });

    it('lists every shortfall seen when no one resource is short everywhere', () => {
      const cells = [cell('a', { available: { memoryMb: 50 } }), cell('b', { available: { diskMb: 50 } })];
      assert.equal(lrpReason(cells), 'insufficient resources: memory, disk');
    });

    it('reports the furthest check reached: resources beat evacuation beat tags beat stack', () => {
      const cells = [
        cell('a', { stacks: ['other'] }),
        cell('b', { placementTags: ['isolated'] }),
        cell('c', { evacuating: true }),
        cell('d', { available: { memoryMb: 1 } }),
      ];
      assert.equal(lrpReason(cells), 'insufficient resources: memory');
      assert.equal(lrpReason(cells.slice(0, 3)), REASON_ALL_EVACUATING);
      assert.equal(lrpReason(cells.slice(0, 2)), 'found no compatible cell with placement tags []');
      assert.equal(lrpReason(cells.slice(0, 1)), 'found no compatible cell with stack "cflinuxfs4"');
    });

    it('sees resources reserved earlier in the same auction', () => {
      const result = runAuction([cell('a', { available: { memoryMb: 150 } })], { lrps: [lrp('x'), lrp('y')] }, { strategy });
      assert.equal(result.lrpPlacements.length, 1);
      assert.equal(result.lrpFailures[0]!.reason, 'insufficient resources: memory');
    });
  });
}
