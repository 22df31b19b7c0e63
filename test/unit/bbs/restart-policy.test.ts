import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CRASH_BACKOFF_MIN_MS, CRASH_RESET_TIMEOUT_MS, IMMEDIATE_RESTARTS, MAX_BACKOFF_DOUBLINGS, MAX_BACKOFF_MS, MAX_RESTART_ATTEMPTS,
  backoffMs, hasGivenUp, nextCrashCount, nextRestartAt, shouldRestart, shouldRestartCrash, shouldRestartNow,
} from '../../../src/bbs/lrp/restart-policy.ts';

const MIN = 60_000;

test("the constants are Diego's", () => {
  assert.equal(IMMEDIATE_RESTARTS, 3);
  assert.equal(CRASH_BACKOFF_MIN_MS, 30_000);
  assert.equal(MAX_BACKOFF_MS, 16 * MIN);
  assert.equal(MAX_RESTART_ATTEMPTS, 200);
  assert.equal(CRASH_RESET_TIMEOUT_MS, 5 * MIN);
  assert.equal(MAX_BACKOFF_DOUBLINGS, 5);
});

test('the first three crashes restart at once', () => {
  for (const count of [0, 1, 2]) {
    assert.equal(shouldRestartNow(count), true, `count ${count}`);
    assert.equal(backoffMs(count), 0);
    assert.equal(shouldRestart(0, 0, count), true);
  }
  assert.equal(shouldRestartNow(3), false);
});

test('then the backoff starts at 30 s and doubles up to 16 min', () => {
  const expected = [[3, 30_000], [4, MIN], [5, 2 * MIN], [6, 4 * MIN], [7, 8 * MIN], [8, 16 * MIN], [9, 16 * MIN], [50, 16 * MIN], [199, 16 * MIN]];
  for (const [count, backoff] of expected) assert.equal(backoffMs(count), backoff, `count ${count}`);
});

test('a crashed instance restarts exactly when its backoff has passed', () => {
  const crashedAt = 1_000_000;
  assert.equal(shouldRestart(crashedAt + 29_999, crashedAt, 3), false);
  assert.equal(shouldRestart(crashedAt + 30_000, crashedAt, 3), true);
  assert.equal(shouldRestart(crashedAt + 16 * MIN - 1, crashedAt, 120), false);
  assert.equal(shouldRestart(crashedAt + 16 * MIN, crashedAt, 120), true);
});

test('after 200 crashes it gives up for good', () => {
  assert.equal(hasGivenUp(199), false);
  assert.equal(hasGivenUp(200), true);
  assert.equal(shouldRestart(Number.MAX_SAFE_INTEGER, 0, 199), true);
  assert.equal(shouldRestart(Number.MAX_SAFE_INTEGER, 0, 200), false);
  assert.equal(nextRestartAt({ state: 'CRASHED', since: 0, crash_count: 200 }), null);
});

test('shouldRestartCrash only applies to CRASHED instances', () => {
  assert.equal(shouldRestartCrash(10 * MIN, { state: 'CRASHED', since: 0, crash_count: 4 }), true);
  assert.equal(shouldRestartCrash(10, { state: 'CRASHED', since: 0, crash_count: 4 }), false);
  assert.equal(shouldRestartCrash(10 * MIN, { state: 'UNCLAIMED', since: 0, crash_count: 4 }), false);
  assert.equal(nextRestartAt({ state: 'CRASHED', since: 1000, crash_count: 4 }), 1000 + MIN);
  assert.equal(nextRestartAt({ state: 'RUNNING', since: 1000, crash_count: 4 }), null);
});

test('the crash count resets after running longer than 5 minutes', () => {
  assert.equal(nextCrashCount({ state: 'RUNNING', since: 0, crash_count: 7 }, 5 * MIN + 1), 1);
  assert.equal(nextCrashCount({ state: 'RUNNING', since: 0, crash_count: 7 }, 5 * MIN), 8, 'exactly 5 min is not longer');
  assert.equal(nextCrashCount({ state: 'CLAIMED', since: 0, crash_count: 7 }, 60 * MIN), 8, 'only a RUNNING instance earns the reset');
});
