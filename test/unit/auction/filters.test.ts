// Which cells may take a piece of work at all: stack, placement tags,
// resources, evacuation. Checked on the filter functions and through the
// auction with both strategies.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAuction } from '../../../src/auctioneer/auction/auction.ts';
import { matchesPlacementTags, resourceProblems, servesStack } from '../../../src/auctioneer/auction/filters.ts';
import { cell, lrp, STRATEGIES, task } from './fixtures.ts';

const tags = (placementTags: string[], optionalPlacementTags: string[] = []) => ({ stacks: [], placementTags, optionalPlacementTags });

describe('filters', () => {
  it('serves only the stacks a cell lists', () => {
    assert.equal(servesStack({ stacks: ['cflinuxfs4', 'gantry-bookworm'] }, 'gantry-bookworm'), true);
    assert.equal(servesStack({ stacks: ['cflinuxfs4'] }, 'gantry-bookworm'), false);
  });

  it('requires the work to ask for every required tag of the cell', () => {
    assert.equal(matchesPlacementTags(tags(['isolated']), []), false);
    assert.equal(matchesPlacementTags(tags(['isolated']), ['isolated']), true);
    assert.equal(matchesPlacementTags(tags(['a', 'b']), ['a']), false);
  });

  it('requires the cell to carry every tag the work asks for, required or optional', () => {
    assert.equal(matchesPlacementTags(tags([]), ['ssd']), false);
    assert.equal(matchesPlacementTags(tags([], ['ssd']), ['ssd']), true);
    assert.equal(matchesPlacementTags(tags(['a'], ['ssd']), ['a', 'ssd']), true);
    assert.equal(matchesPlacementTags(tags(['a'], ['ssd']), ['a', 'gpu']), false);
  });

  it('lets optional tags go unrequested', () => {
    assert.equal(matchesPlacementTags(tags([], ['ssd', 'fast-net']), []), true);
  });

  it('names each resource the cell lacks', () => {
    const need = { memoryMb: 100, diskMb: 100, maxPids: 10 };
    assert.deepEqual(resourceProblems({ memoryMb: 100, diskMb: 100, containers: 1, pids: 10 }, need), []);
    assert.deepEqual(resourceProblems({ memoryMb: 99, diskMb: 100, containers: 1, pids: 10 }, need), ['memory']);
    assert.deepEqual(resourceProblems({ memoryMb: 100, diskMb: 99, containers: 1, pids: 10 }, need), ['disk']);
    assert.deepEqual(resourceProblems({ memoryMb: 100, diskMb: 100, containers: 0, pids: 10 }, need), ['containers']);
    assert.deepEqual(resourceProblems({ memoryMb: 100, diskMb: 100, containers: 1, pids: 9 }, need), ['pids']);
    assert.deepEqual(resourceProblems({ memoryMb: 0, diskMb: 0, containers: 0, pids: 0 }, need), ['memory', 'disk', 'containers', 'pids']);
  });

  it('asks no pids of a cell when maxPids is 0', () => {
    assert.deepEqual(resourceProblems({ memoryMb: 100, diskMb: 100, containers: 1, pids: 0 }, { memoryMb: 1, diskMb: 1, maxPids: 0 }), []);
  });
});

for (const strategy of STRATEGIES) {
  describe(`auction filters (${strategy})`, () => {
    // "a" sorts first, so it would win every tie; each test makes "a" unfit in one way.
    const place = (a: Parameters<typeof cell>[1], work = lrp('app'), b: Parameters<typeof cell>[1] = {}) =>
      runAuction([cell('a', a), cell('b', b)], { lrps: [work] }, { strategy }).lrpPlacements[0]?.cellId;

    it('skips a cell without the stack', () => {
      assert.equal(place({ stacks: ['other'] }), 'b');
      assert.equal(place({}, lrp('app', 0, { stack: 'gantry-bookworm' }), { stacks: ['gantry-bookworm'] }), 'b');
    });

    it('skips a cell whose required tag the work does not ask for', () => {
      assert.equal(place({ placementTags: ['isolated'] }), 'b');
    });

    it('skips a cell lacking a tag the work asks for, and takes one offering it as optional', () => {
      const work = lrp('app', 0, { placementTags: ['ssd'] });
      assert.equal(place({}, work, { optionalPlacementTags: ['ssd'] }), 'b');
      assert.equal(place({ placementTags: ['ssd'] }, work, {}), 'a');
    });

    it('skips a cell short of memory', () => {
      assert.equal(place({ available: { memoryMb: 99 } }), 'b');
    });

    it('skips a cell short of disk', () => {
      assert.equal(place({ available: { diskMb: 99 } }), 'b');
    });

    it('skips a cell with no container slot left', () => {
      assert.equal(place({ available: { containers: 0 } }), 'b');
    });

    it('skips a cell short of pids when the work sets maxPids', () => {
      assert.equal(place({ available: { pids: 9 } }, lrp('app', 0, { maxPids: 10 })), 'b');
      assert.equal(place({ available: { pids: 0 } }, lrp('app', 0, { maxPids: 0 })), 'a');
    });

    it('takes exactly-fitting work', () => {
      assert.equal(place({ available: { memoryMb: 100, diskMb: 100, containers: 1, pids: 10 } }, lrp('app', 0, { maxPids: 10 }), { available: { memoryMb: 50 } }), 'a');
    });

    it('gives evacuating cells nothing', () => {
      assert.equal(place({ evacuating: true }), 'b');
      const tasks = runAuction([cell('a', { evacuating: true }), cell('b')], { tasks: [task('t')] }, { strategy });
      assert.equal(tasks.taskPlacements[0]?.cellId, 'b');
    });

    it('applies the same filters to tasks', () => {
      const result = runAuction([cell('a', { available: { memoryMb: 10 } }), cell('b', { stacks: ['other'] }), cell('c')], { tasks: [task('t')] }, { strategy });
      assert.equal(result.taskPlacements[0]?.cellId, 'c');
    });
  });
}
