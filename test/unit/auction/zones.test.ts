// Zone balancing: an LRP's next instance goes to the zone holding the fewest
// of its instances; equal zones compete on score; a fuller zone is used only
// when the emptier ones have no room.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAuction } from '../../../src/auctioneer/auction/auction.ts';
import { zoneGroupsByInstances } from '../../../src/auctioneer/auction/zones.ts';
import { cell, lrp, running, STRATEGIES, task } from './fixtures.ts';

describe('zoneGroupsByInstances', () => {
  it('orders zones emptiest first and groups equal counts', () => {
    assert.deepEqual(zoneGroupsByInstances([0, 1, 2, 3], [2, 0, 2, 1]), [[1], [3], [0, 2]]);
  });

  it('keeps zone order within a group', () => {
    assert.deepEqual(zoneGroupsByInstances([0, 1, 2], [1, 1, 1]), [[0, 1, 2]]);
  });

  it('treats an app with no instances as one group of all zones', () => {
    assert.deepEqual(zoneGroupsByInstances([0, 2], undefined), [[0, 2]]);
    assert.deepEqual(zoneGroupsByInstances([], undefined), []);
  });
});

for (const strategy of STRATEGIES) {
  describe(`zone balancing (${strategy})`, () => {
    it('sends the instance to the zone with fewest instances of the app, even onto a fuller cell', () => {
      const cells = [
        cell('a', { zone: 'z1', lrps: running('app', 1) }),
        cell('b', { zone: 'z1' }),
        cell('c', { zone: 'z2', available: { memoryMb: 3000, diskMb: 3000, containers: 30 } }),
      ];
      assert.equal(runAuction(cells, { lrps: [lrp('app', 1)] }, { strategy }).lrpPlacements[0]!.cellId, 'c');
    });

    it('lets zones with equal counts compete on score', () => {
      const cells = [cell('a', { zone: 'z1', available: { memoryMb: 3000 } }), cell('b', { zone: 'z2' })];
      assert.equal(runAuction(cells, { lrps: [lrp('app')] }, { strategy }).lrpPlacements[0]!.cellId, 'b');
    });

    it('falls back to a fuller zone when the emptiest has no room', () => {
      const cells = [cell('a', { zone: 'z1', lrps: running('app', 1) }), cell('b', { zone: 'z2', available: { memoryMb: 10 } })];
      const result = runAuction(cells, { lrps: [lrp('app', 1)] }, { strategy });
      assert.equal(result.lrpPlacements[0]!.cellId, 'a');
    });

    it('ignores zones with no compatible cell', () => {
      const cells = [cell('a', { zone: 'z1', lrps: running('app', 1) }), cell('b', { zone: 'z2', stacks: ['other'] }), cell('c', { zone: 'z1' })];
      assert.equal(runAuction(cells, { lrps: [lrp('app', 1)] }, { strategy }).lrpPlacements[0]!.cellId, 'c');
    });

    it('does not count instances on evacuating cells', () => {
      const cells = [cell('e', { zone: 'z1', evacuating: true, lrps: running('app', 3) }), cell('a', { zone: 'z1' }), cell('b', { zone: 'z2', lrps: running('app', 1) })];
      assert.equal(runAuction(cells, { lrps: [lrp('app', 4)] }, { strategy }).lrpPlacements[0]!.cellId, 'a');
    });

    it('spreads a new app evenly over three zones', () => {
      const cells = ['z1', 'z2', 'z3'].flatMap((zone) => [cell(`${zone}-a`, { zone }), cell(`${zone}-b`, { zone })]);
      const result = runAuction(cells, { lrps: Array.from({ length: 6 }, (_, i) => lrp('app', i)) }, { strategy });
      const perZone = result.lrpPlacements.reduce<Record<string, number>>((n, p) => {
        const zone = p.cellId.slice(0, 2);
        return { ...n, [zone]: (n[zone] ?? 0) + 1 };
      }, {});
      assert.deepEqual(perZone, { z1: 2, z2: 2, z3: 2 });
      assert.equal(new Set(result.lrpPlacements.map((p) => p.cellId)).size, 6);
    });

    it('does not zone-balance tasks', () => {
      const cells = [cell('a', { zone: 'z1' }), cell('b', { zone: 'z2', available: { memoryMb: 2000 } })];
      const result = runAuction(cells, { tasks: [task('t1'), task('t2')] }, { strategy, localityWeight: 0, startingContainerWeight: 0 });
      assert.deepEqual(result.taskPlacements.map((p) => p.cellId), ['a', 'a']);
    });
  });
}
