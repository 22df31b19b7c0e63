// Cell faults on a cluster of real processes (nats-server, BBS, auctioneer,
// docker cells): kill -9, cut off and back, drained under HTTP load. Each
// test runs one scenario of test/chaos/scenarios/cells.ts and asserts nothing
// was lost and the fault's invariants; timings are the reliability bench's
// business (bench/reliability.ts), never asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLogSink } from '../../src/common/log.ts';
import { describeVerdict } from './apps.ts';
import { cellCutOff, cellCutOffNowhereToGo, cellDrainUnderLoad, cellSigkill, type CellFaultResult } from './scenarios/cells.ts';

setLogSink(() => undefined);

function assertExactlyAsDesired(r: CellFaultResult): void {
  const v = r.final;
  const logs = r.logs ? `\n--- cluster logs\n${r.logs}` : '';
  assert.equal(r.lost, 0, `lost ${r.lost}: ${r.notes}${logs}`);
  assert.equal(v.running, r.desired, `every index RUNNING once: ${describeVerdict(v)}${logs}`);
  assert.deepEqual(v.runningTwice, [], `no index running twice: ${describeVerdict(v)}${logs}`);
  assert.deepEqual(v.strays, [], `no container the BBS does not name: ${describeVerdict(v)}${logs}`);
  assert.deepEqual(v.missing, [], `a container for every index: ${describeVerdict(v)}${logs}`);
  assert.equal(v.otherRecords, 0, `no SUSPECT, EVACUATING, UNCLAIMED or CLAIMED record left: ${describeVerdict(v)}${logs}`);
}

test('a cell killed with SIGKILL while instances start and run: every instance ends RUNNING elsewhere, none twice', { timeout: 240_000 }, async () => {
  const r = await cellSigkill();
  assert.ok(r.affected > 0, `the killed cell held instances: ${r.notes}`);
  assertExactlyAsDesired(r);
});

test('a cell cut off (SIGSTOP) until its instances run elsewhere, then back: its duplicates are stopped', { timeout: 240_000 }, async () => {
  const r = await cellCutOff();
  assert.ok(r.affected > 0, `the cut-off cell held instances: ${r.notes}`);
  assertExactlyAsDesired(r);
  assert.equal(r.returned!.stoppedOnReturn, r.affected, `the returning cell's instances were all replaced and stopped: ${r.notes}`);
});

test('a cell cut off with no room elsewhere, back before replacements run: its instances are promoted back', { timeout: 240_000 }, async () => {
  const r = await cellCutOffNowhereToGo();
  assert.ok(r.affected > 0, `the cut-off cell held instances: ${r.notes}`);
  assertExactlyAsDesired(r);
  assert.equal(r.returned!.promoted, r.affected, `the SUSPECT instances came back as the ORDINARY ones: ${r.notes}`);
});

test('a graceful cell drain (SIGTERM) under HTTP load: no request fails', { timeout: 240_000 }, async () => {
  const r = await cellDrainUnderLoad();
  assert.ok(r.affected > 0, `the drained cell held instances: ${r.notes}`);
  assert.ok(r.load!.sent > 200, `the load ran all along: ${r.notes}`);
  assert.equal(r.load!.failed, 0, `failed requests: ${JSON.stringify(r.load!.reasons)}; first: ${r.load!.firstFailures.join(' | ')}${r.logs ? `\n--- cluster logs\n${r.logs}` : ''}`);
  assertExactlyAsDesired({ ...r, lost: 0 });
});
