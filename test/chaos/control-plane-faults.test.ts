// Control-plane faults on a cluster of real processes (nats-server, two BBSes,
// auctioneers, sim cells): the BBS leader killed mid-burst of desires, the
// auctioneer leader killed mid-batch, nats-server restarted under load. Each
// test runs one scenario of test/chaos/scenarios/control-plane.ts and asserts
// its invariants — nothing acknowledged lost, only retryable errors, every
// instance RUNNING once; timings are the reliability bench's business
// (bench/reliability.ts), never asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLogSink } from '../../src/common/log.ts';
import {
  auctioneerLeaderKillMidBatch, bbsLeaderKillMidBurst, describePlacement, natsRestartUnderLoad, type ControlPlaneResult,
} from './scenarios/control-plane.ts';

setLogSink(() => undefined);

function assertNothingLost(r: ControlPlaneResult): void {
  assert.deepEqual(r.wrongErrors, [], `only retryable errors, and no wrong answer: ${r.notes}`);
  assert.equal(r.lost, 0, `lost ${r.lost}: ${r.notes}`);
  const v = r.final;
  assert.equal(v.running, v.desired, `every instance RUNNING: ${describePlacement(v)}`);
  assert.equal(v.runningTwice, 0, `no instance running twice: ${describePlacement(v)}`);
  assert.equal(v.strays, 0, `nothing running that the BBS does not name: ${describePlacement(v)}`);
  assert.equal(v.otherRecords, 0, `no UNCLAIMED, CLAIMED, CRASHED or SUSPECT record left: ${describePlacement(v)}`);
  assert.deepEqual(r.deadProcesses, [], `every process still up: ${r.notes}`);
}

test('the BBS leader killed mid-burst of desires: the standby takes over, every acknowledged desire is there, the rest retry', { timeout: 180_000 }, async () => {
  const r = await bbsLeaderKillMidBurst();
  assert.deepEqual(r.standby, { listening: false, leaderGauge: 0 }, 'the standby bound no gRPC port and its metrics said gantry_leader 0');
  assert.ok(r.affected > 0, `desires were still to come at the kill: ${r.notes}`);
  assert.ok(Number.isFinite(r.takeoverMs), `a desire was acknowledged after the kill: ${r.notes}`);
  assert.ok((r.errors.UNAVAILABLE ?? 0) + (r.errors.DEADLINE_EXCEEDED ?? 0) > 0, `the kill was felt by the client: ${r.notes}`);
  assertNothingLost(r);
});

test('the auctioneer leader killed with a batch in hand: the standby takes over and the lost batch is auctioned again', { timeout: 180_000 }, async () => {
  const r = await auctioneerLeaderKillMidBatch();
  assert.ok(r.unclaimedAtKill! > 0, `the killed leader held unplaced work: ${r.notes}`);
  assertNothingLost(r);
});

test('nats-server restarted under load: every process reconnects, nothing acknowledged is lost, convergence repairs', { timeout: 180_000 }, async () => {
  const r = await natsRestartUnderLoad();
  assert.ok(r.acked > 0, `the load ran: ${r.notes}`);
  assertNothingLost(r);
  // A reconnect is a gap in hearing heartbeats, not silence: no cell is judged lost for it.
  assert.equal(r.cellsLost, 0, `no cell judged lost: ${r.notes}`);
});
