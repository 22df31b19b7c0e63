import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedResult, decideRetries, Deferrals, groupByCell, performOutcome, Refusals } from '../../../src/auctioneer/rounds.ts';
import { refusedReason } from '../../../src/auctioneer/auction/reasons.ts';
import type { LRPWork, TaskWork } from '../../../src/auctioneer/auction/types.ts';

const lrp = (processGuid: string, index: number): LRPWork => ({ processGuid, index, domain: 'd', stack: 's', memoryMb: 1, diskMb: 1, maxPids: 0, placementTags: [] });
const task = (taskGuid: string): TaskWork => ({ taskGuid, domain: 'd', stack: 's', memoryMb: 1, diskMb: 1, maxPids: 0, placementTags: [] });

test('placements are gathered into one Perform per cell', () => {
  const groups = groupByCell({
    lrpPlacements: [{ work: lrp('a', 0), cellId: 'c1' }, { work: lrp('a', 1), cellId: 'c2' }, { work: lrp('b', 0), cellId: 'c1' }],
    taskPlacements: [{ work: task('t'), cellId: 'c2' }],
  });
  assert.deepEqual(groups.map((g) => [g.cellId, g.lrps.map((w) => `${w.processGuid}/${w.index}`), g.tasks.map((t) => t.taskGuid)]), [
    ['c1', ['a/0', 'b/0'], []],
    ['c2', ['a/1'], ['t']],
  ]);
});

test("a cell's answer splits what it took from what it refused; names it was not sent are ignored", () => {
  const sent = { cellId: 'c1', lrps: [lrp('a', 0), lrp('a', 1)], tasks: [task('t1'), task('t2')] };
  const { accepted, refused } = performOutcome(sent, {
    lrps: [{ process_guid: 'a', index: 1 }, { process_guid: 'zzz', index: 0 }],
    tasks: [{ task_guid: 't2' }],
  });
  assert.deepEqual(accepted.lrps.map((w) => w.index), [0]);
  assert.deepEqual(accepted.tasks.map((t) => t.taskGuid), ['t1']);
  assert.deepEqual(refused.lrps.map((w) => w.index), [1]);
  assert.deepEqual(refused.tasks.map((t) => t.taskGuid), ['t2']);
  assert.equal(refused.cellId, 'c1');
});

test('a failed Perform call counts as refusing everything sent', () => {
  const sent = { cellId: 'c1', lrps: [lrp('a', 0)], tasks: [task('t1')] };
  const { accepted, refused } = performOutcome(sent, null);
  assert.equal(accepted.lrps.length + accepted.tasks.length, 0);
  assert.deepEqual(refused, sent);
});

test('accepted work becomes placements for carrying state to the next round', () => {
  const r = acceptedResult([{ cellId: 'c1', lrps: [lrp('a', 0)], tasks: [task('t')] }]);
  assert.deepEqual(r.lrpPlacements, [{ work: lrp('a', 0), cellId: 'c1' }]);
  assert.deepEqual(r.taskPlacements, [{ work: task('t'), cellId: 'c1' }]);
  assert.deepEqual([r.lrpFailures, r.taskFailures], [[], []]);
});

test('a cell that refuses nothing has taken everything it was sent', () => {
  const sent = { cellId: 'c1', lrps: [lrp('a', 0)], tasks: [task('t1')] };
  const { accepted, refused } = performOutcome(sent, { lrps: [], tasks: [] });
  assert.deepEqual(accepted, sent);
  assert.equal(refused.lrps.length + refused.tasks.length, 0);
});

test('refusals are kept per piece of work, each cell once, keyed like the auction expects', () => {
  const refusals = new Refusals();
  refusals.record(lrp('a', 0), 'c1');
  refusals.record(lrp('a', 0), 'c2');
  refusals.record(task('t'), 'c3');
  assert.deepEqual(refusals.cellsRefusing(lrp('a', 0)), ['c1', 'c2']);
  assert.equal(refusals.timesRefused(lrp('a', 0)), 2);
  assert.equal(refusals.timesRefused(lrp('a', 1)), 0);
  assert.deepEqual([...refusals.map.entries()], [['lrp:a:0', ['c1', 'c2']], ['task:t', ['c3']]]);
});

test('refused work is retried up to the limit, then fails saying how many cells refused it', () => {
  const refusals = new Refusals();
  const work = lrp('a', 0);
  const other = task('t');
  const decisions = [];
  for (const cell of ['c1', 'c2', 'c3']) {
    refusals.record(work, cell);
    decisions.push(decideRetries([work], 2, refusals));
  }
  assert.deepEqual(decisions.map((d) => [d.retry.length, d.fail.length]), [[1, 0], [1, 0], [0, 1]]);
  assert.deepEqual(decisions[2]!.fail, [{ work, reason: refusedReason(3) }]);
  refusals.record(other, 'c1');
  assert.deepEqual(decideRetries([other], 0, refusals), { retry: [], fail: [{ work: other, reason: refusedReason(1) }] }, 'no retries when the limit is 0');
});

test('work that found no cell while cells were left out waits for the next batch, once', () => {
  const d = new Deferrals(1);
  const a = { work: lrp('a', 0), reason: 'insufficient resources: memory' };
  const b = { work: lrp('b', 0), reason: 'insufficient resources: memory' };
  assert.deepEqual(d.split([a], 0), { defer: [], fail: [a] }, 'every cell answered: it fails at once');
  assert.deepEqual(d.split([a, b], 2), { defer: [a.work, b.work], fail: [] });
  assert.deepEqual(d.split([a], 2), { defer: [], fail: [a] }, 'deferred once already: now it fails');
  d.settle(b.work);
  assert.equal(d.size, 0, 'failing and settling forget the work');
  assert.deepEqual(d.split([b], 1), { defer: [b.work], fail: [] }, 'settled work starts afresh');
  d.clear();
  assert.equal(d.size, 0);
});
