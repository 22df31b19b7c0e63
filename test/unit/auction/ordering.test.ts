// The order work is auctioned in, and that the outcome does not depend on the
// order work or cells arrive in.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAuction } from '../../../src/auctioneer/auction/auction.ts';
import { auctionOrder } from '../../../src/auctioneer/auction/ordering.ts';
import { seededRandom } from '../../../src/auctioneer/simulation/scenarios.ts';
import { cell, lrp, STRATEGIES, task } from './fixtures.ts';

const names = (items: ReturnType<typeof auctionOrder>) =>
  items.map((i) => (i.kind === 'lrp' ? `${i.work.processGuid}/${i.work.index}` : `task:${i.work.taskGuid}`));

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('auctionOrder', () => {
  it('puts index 0 of every app first, then tasks, then later indices', () => {
    const order = auctionOrder([lrp('a', 1), lrp('b', 0), lrp('a', 0)], [task('t')]);
    assert.deepEqual(names(order), ['a/0', 'b/0', 'task:t', 'a/1']);
  });

  it('orders LRPs by index, then largest memory, then largest disk', () => {
    const order = auctionOrder(
      [lrp('small', 1, { memoryMb: 128 }), lrp('big', 1, { memoryMb: 1024 }), lrp('wide', 1, { memoryMb: 128, diskMb: 4096 }), lrp('big', 2, { memoryMb: 1024 }), lrp('x', 0)],
      [],
    );
    assert.deepEqual(names(order), ['x/0', 'big/1', 'wide/1', 'small/1', 'big/2']);
  });

  it('orders tasks largest first', () => {
    const order = auctionOrder([], [task('s', { memoryMb: 64 }), task('l', { memoryMb: 2048 }), task('m', { memoryMb: 512, diskMb: 1 }), task('n', { memoryMb: 512, diskMb: 9 })]);
    assert.deepEqual(names(order), ['task:l', 'task:n', 'task:m', 'task:s']);
  });

  it('breaks ties by guid', () => {
    assert.deepEqual(names(auctionOrder([lrp('b'), lrp('c'), lrp('a')], [task('z'), task('y')])), ['a/0', 'b/0', 'c/0', 'task:y', 'task:z']);
  });

  it("reproduces Diego's split: with no index above 0, all LRPs go after the tasks", () => {
    assert.deepEqual(names(auctionOrder([lrp('a')], [task('t')], true)), ['task:t', 'a/0']);
    assert.deepEqual(names(auctionOrder([lrp('a')], [task('t')], false)), ['a/0', 'task:t']);
    assert.deepEqual(names(auctionOrder([lrp('a'), lrp('a', 1)], [task('t')], true)), ['a/0', 'task:t', 'a/1']);
  });
});

for (const strategy of STRATEGIES) {
  describe(`ordering in the auction (${strategy})`, () => {
    it('places the largest work first when room is short', () => {
      // Room for 1000 MB: the 800 MB instance goes first and the two 300s cannot both follow.
      const result = runAuction([cell('a', { available: { memoryMb: 1000 } })], { lrps: [lrp('s1', 0, { memoryMb: 300 }), lrp('big', 0, { memoryMb: 800 }), lrp('s2', 0, { memoryMb: 300 })] }, { strategy });
      assert.deepEqual(result.lrpPlacements.map((p) => p.work.processGuid), ['big']);
      assert.deepEqual(result.lrpFailures.map((f) => f.work.processGuid), ['s1', 's2']);
    });

    it('breaks score ties by cell id', () => {
      const result = runAuction([cell('c'), cell('a'), cell('b')], { lrps: [lrp('app')] }, { strategy });
      assert.equal(result.lrpPlacements[0]!.cellId, 'a');
    });

    it('gives the same placements whatever order cells and work arrive in', () => {
      const cells = ['z1', 'z2'].flatMap((zone, z) =>
        Array.from({ length: 5 }, (_, i) => cell(`${zone}-${i}`, { zone, available: { memoryMb: 4000 + ((i * 7 + z * 3) % 5) * 1000 } })),
      );
      const lrps = ['a', 'b', 'c', 'd'].flatMap((app, k) => Array.from({ length: 3 + k }, (_, i) => lrp(app, i, { memoryMb: 128 << k })));
      const tasks = Array.from({ length: 6 }, (_, i) => task(`t${i}`, { memoryMb: 100 * (i % 3 + 1) }));
      const summary = (r: ReturnType<typeof runAuction>) => ({
        lrps: r.lrpPlacements.map((p) => `${p.work.processGuid}/${p.work.index}@${p.cellId}`),
        tasks: r.taskPlacements.map((p) => `${p.work.taskGuid}@${p.cellId}`),
      });
      const expected = summary(runAuction(cells, { lrps, tasks }, { strategy }));
      for (const seed of [1, 2, 3]) {
        const again = runAuction(shuffled(cells, seed), { lrps: shuffled(lrps, seed + 10), tasks: shuffled(tasks, seed + 20) }, { strategy });
        assert.deepEqual(summary(again), expected);
      }
    });
  });
}

describe('strategies', () => {
  it('defaults to gantry and rejects an unknown name', () => {
    const cells = [cell('a', { startingContainers: 1 }), cell('b', { available: { memoryMb: 9000 } })];
    const work = { lrps: [lrp('x'), lrp('y')] };
    assert.deepEqual(runAuction(cells, work), runAuction(cells, work, { strategy: 'gantry' }));
    assert.notDeepEqual(runAuction(cells, work, { strategy: 'diego' }), runAuction(cells, work, { strategy: 'gantry' }));
    assert.throws(() => runAuction(cells, work, { strategy: 'toString' as never }), /unknown auction strategy/);
  });
});
