// applyPlacements: the cell states an auction's placements lead to.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPlacements } from '../../../src/auctioneer/auction/apply.ts';
import { runAuction } from '../../../src/auctioneer/auction/auction.ts';
import { cell, lrp, task } from './fixtures.ts';

describe('applyPlacements', () => {
  it('reserves each placement on its cell and leaves the input alone', () => {
    const cells = [cell('a'), cell('b')];
    const before = structuredClone(cells);
    const result = runAuction(cells, { lrps: [lrp('app', 0, { memoryMb: 300, diskMb: 200, maxPids: 50 })], tasks: [task('t', { memoryMb: 100 })] }, { localityWeight: 0 });
    const after = applyPlacements(cells, result);
    assert.deepEqual(cells, before);
    const a = after.find((c) => c.cellId === result.lrpPlacements[0]!.cellId)!;
    assert.deepEqual(a.lrps, [{ processGuid: 'app', index: 0, memoryMb: 300, diskMb: 200 }]);
    const all = after.reduce((n, c) => n + c.startingContainers, 0);
    assert.equal(all, 2);
    const totalMemoryUsed = after.reduce((n, c) => n + c.total.memoryMb - c.available.memoryMb, 0);
    assert.equal(totalMemoryUsed, 400);
    assert.equal(after.reduce((n, c) => n + c.tasks.length, 0), 1);
    assert.equal(a.available.pids, a.total.pids - 50);
  });

  it('lets the next auction see the previous one', () => {
    let cells = [cell('a', { available: { memoryMb: 250 } })];
    cells = applyPlacements(cells, runAuction(cells, { lrps: [lrp('x', 0, { memoryMb: 200 })] }));
    const second = runAuction(cells, { lrps: [lrp('y', 0, { memoryMb: 100 })] });
    assert.equal(second.lrpFailures[0]?.reason, 'insufficient resources: memory');
  });

  it('ignores placements on cells it does not know', () => {
    const cells = [cell('a')];
    const after = applyPlacements(cells, { lrpPlacements: [{ work: lrp('x'), cellId: 'zz' }], taskPlacements: [], lrpFailures: [], taskFailures: [] });
    assert.deepEqual(after, cells);
  });
});
