import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessGone, assessReplaced, assessRunning, crashesBeforeGivingUp, placementGraceMs } from '../../../src/cli/wait.ts';
import { actual } from './fixtures.ts';

const t0 = 1_000_000;

test('done when every desired index runs and nothing is above', () => {
  const p = assessRunning({ desired: 2, actuals: [actual(0, 'RUNNING'), actual(1, 'RUNNING')], startedAt: t0, now: t0 });
  assert.equal(p.state, 'done');
  assert.equal(p.summary, '2/2 running');
});

test('waiting while instances start, and while extra ones stop after a scale down', () => {
  const starting = assessRunning({ desired: 3, actuals: [actual(0, 'RUNNING'), actual(1, 'CLAIMED'), actual(2, 'UNCLAIMED')], startedAt: t0, now: t0 + 100 });
  assert.equal(starting.state, 'waiting');
  assert.equal(starting.summary, '1/3 running, 1 starting, 1 unplaced');
  const scalingDown = assessRunning({ desired: 1, actuals: [actual(0, 'RUNNING'), actual(1, 'RUNNING')], startedAt: t0, now: t0 });
  assert.equal(scalingDown.state, 'waiting');
  assert.match(scalingDown.summary, /1 stopping/);
});

test('a placement error fails the wait only once it has lasted the grace period', () => {
  const actuals = [actual(0, 'RUNNING'), actual(1, 'UNCLAIMED', { placement_error: 'insufficient resources: memory' })];
  assert.equal(assessRunning({ desired: 2, actuals, startedAt: t0, now: t0 + placementGraceMs - 1 }).state, 'waiting');
  const p = assessRunning({ desired: 2, actuals, startedAt: t0, now: t0 + placementGraceMs });
  assert.equal(p.state, 'failed');
  assert.deepEqual(p.state === 'failed' && p.reasons, ['instance 1 cannot be placed: insufficient resources: memory']);
});

test('repeated crashes fail the wait with the crash reason; the first ones do not', () => {
  const once = assessRunning({ desired: 1, actuals: [actual(0, 'CRASHED', { crash_count: 1, crash_reason: 'exited with code 1' })], startedAt: t0, now: t0 });
  assert.equal(once.state, 'waiting');
  const many = assessRunning({ desired: 1, actuals: [actual(0, 'CRASHED', { crash_count: crashesBeforeGivingUp, crash_reason: 'exited with code 1' })], startedAt: t0, now: t0 });
  assert.equal(many.state, 'failed');
  assert.match(many.state === 'failed' ? many.reasons[0]! : '', /instance 0 crashed 3 times: exited with code 1/);
});

test('a SUSPECT copy that still runs counts as running while its replacement starts', () => {
  const actuals = [actual(0, 'RUNNING', { presence: 'SUSPECT', cell: 'lost' }), actual(0, 'UNCLAIMED', { placement_error: 'no cells' })];
  const p = assessRunning({ desired: 1, actuals, startedAt: t0, now: t0 + 60_000 });
  assert.equal(p.state, 'done');
});

test('gone and replaced', () => {
  assert.equal(assessGone([]).state, 'done');
  assert.equal(assessGone([actual(0, 'RUNNING')]).summary, '1 instance stopping');
  const old = [actual(0, 'RUNNING', { guid: 'old' })];
  assert.deepEqual(assessReplaced(old, 0, 'old'), { state: 'waiting', summary: 'instance 0 stopping' });
  assert.equal(assessReplaced([actual(0, 'UNCLAIMED')], 0, 'old').state, 'waiting');
  const replaced = assessReplaced([actual(0, 'RUNNING', { guid: 'new', cell: 'cell-2' })], 0, 'old');
  assert.deepEqual(replaced, { state: 'done', summary: 'instance 0 running on cell-2' });
  assert.equal(assessReplaced([actual(0, 'CRASHED', { crash_count: 5, crash_reason: 'boom' })], 0, 'old').state, 'failed');
});

test('a placement error left from before the wait is a note for a timeout, not a failure', () => {
  const stale = actual(0, 'UNCLAIMED', { placement_error: 'all compatible cells are evacuating' });
  const p = assessRunning({ desired: 1, actuals: [stale], baseline: [stale], startedAt: t0, now: t0 + 60_000 });
  assert.equal(p.state, 'waiting');
  assert.deepEqual(p.state === 'waiting' && p.notes, ['instance 0 cannot be placed: all compatible cells are evacuating (at its last auction)']);
  // Auctioned again during the wait and failed again: that is news.
  const again = { ...stale, modification_tag: { epoch: 'e', index: 7 } };
  assert.equal(assessRunning({ desired: 1, actuals: [again], baseline: [stale], startedAt: t0, now: t0 + placementGraceMs }).state, 'failed');
});
