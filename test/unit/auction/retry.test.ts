// Work refused by a cell at Perform: retry on other cells, then fail.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAuction } from '../../../src/auctioneer/auction/auction.ts';
import { decideAfterRefusal, DEFAULT_MAX_RETRIES, refusalMap } from '../../../src/auctioneer/auction/retry.ts';
import { lrpKey, taskKey, workKey } from '../../../src/auctioneer/auction/work-key.ts';
import { cell, lrp, STRATEGIES, task } from './fixtures.ts';

describe('decideAfterRefusal', () => {
  it('retries elsewhere up to maxRetries times, then fails', () => {
    assert.equal(DEFAULT_MAX_RETRIES, 3);
    assert.deepEqual(decideAfterRefusal(['a'], 1), { action: 'retry', avoidCellIds: ['a'] });
    assert.deepEqual(decideAfterRefusal(['a', 'b', 'c'], 3), { action: 'retry', avoidCellIds: ['a', 'b', 'c'] });
    assert.deepEqual(decideAfterRefusal(['a', 'b', 'c', 'd'], 4), { action: 'fail', reason: 'refused by 4 cells' });
  });

  it('honours a custom maxRetries, including none', () => {
    assert.deepEqual(decideAfterRefusal(['a'], 1, 0), { action: 'fail', reason: 'refused by 1 cell' });
    assert.equal(decideAfterRefusal(['a', 'b'], 2, 5).action, 'retry');
  });

  it('counts each refusing cell once', () => {
    assert.deepEqual(decideAfterRefusal(['a', 'a', 'b'], 1), { action: 'retry', avoidCellIds: ['a', 'b'] });
    assert.deepEqual(decideAfterRefusal(['a', 'a'], 9), { action: 'fail', reason: 'refused by 1 cell' });
  });
});

describe('work keys and refusal maps', () => {
  it('name LRP instances and tasks apart', () => {
    assert.equal(workKey(lrp('app', 2)), lrpKey('app', 2));
    assert.equal(workKey(task('t')), taskKey('t'));
    assert.notEqual(lrpKey('t', 0), taskKey('t'));
  });

  it('merges the cells each piece of work must avoid', () => {
    const map = refusalMap([
      { work: lrp('app', 1), avoidCellIds: ['a'] },
      { work: lrp('app', 1), avoidCellIds: ['a', 'b'] },
      { work: task('t'), avoidCellIds: ['c'] },
    ]);
    assert.deepEqual(Object.fromEntries(map), { [lrpKey('app', 1)]: ['a', 'b'], [taskKey('t')]: ['c'] });
  });
});

for (const strategy of STRATEGIES) {
  describe(`auction with refusals (${strategy})`, () => {
    it('does not offer work again to a cell that refused it', () => {
      const refusals = refusalMap([{ work: lrp('app'), avoidCellIds: ['a'] }, { work: task('t'), avoidCellIds: ['a'] }]);
      const result = runAuction([cell('a'), cell('b', { available: { memoryMb: 1000 } })], { lrps: [lrp('app'), lrp('other')], tasks: [task('t')] }, { strategy, refusals });
      assert.equal(result.lrpPlacements.find((p) => p.work.processGuid === 'app')!.cellId, 'b');
      assert.equal(result.lrpPlacements.find((p) => p.work.processGuid === 'other')!.cellId, 'a');
      assert.equal(result.taskPlacements[0]!.cellId, 'b');
    });

    it('fails with "refused by N cells" when every compatible cell refused', () => {
      const refusals = refusalMap([{ work: lrp('app'), avoidCellIds: ['a', 'b', 'gone'] }]);
      const result = runAuction([cell('a'), cell('b'), cell('c', { stacks: ['other'] })], { lrps: [lrp('app')] }, { strategy, refusals });
      // "gone" is no longer among the cells, so it is not counted.
      assert.deepEqual(result.lrpFailures.map((f) => f.reason), ['refused by 2 cells']);
    });
  });
}
