import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { actualKey } from '../../../src/bbs/state/keys.ts';
import { makeActual } from '../../../src/bbs/lrp/state-machine.ts';
import type { InMemoryBbsModel } from '../../../src/bbs/state/model.ts';
import {
  GUID, assertRefusedUnchanged, convergenceInput, desiredLRP, instanceKey, kinds, lrpKey, netInfo, newModel, ordinary, runningInstance,
} from './helpers.ts';

const A = instanceKey('inst-a', 'cell-a');
const B = instanceKey('inst-b', 'cell-b');

function presences(model: InMemoryBbsModel): string[] {
  return model.instancesOf(GUID, 0).map((l) => `${l.presence}/${l.state}/${l.instance_key?.cell_id ?? ''}`);
}

function runningOnA(): InMemoryBbsModel {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  runningInstance(model, 'cell-a', 'inst-a', 10);
  return model;
}

test('evacuating a running instance: routed from the old cell until the replacement runs, then the old container goes', () => {
  const model = runningOnA();

  // The dance: the instance becomes the EVACUATING copy (same instance: a Changed event), the index is auctioned again.
  let result = model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 100);
  assert.equal(result.keepContainer, true);
  assert.deepEqual(presences(model), ['ORDINARY/UNCLAIMED/', 'EVACUATING/RUNNING/cell-a']);
  assert.deepEqual(kinds(result.change.events), ['actual_lrp_instance_changed', 'actual_lrp_instance_created']);
  assert.equal(result.change.events[0].actual_lrp_instance_changed?.after?.presence, 'EVACUATING');
  assert.deepEqual(result.change.lrpAuctions.map((a) => a.indices), [[0]]);

  // Asking again while the replacement is not running: keep it, nothing changes.
  result = model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 110);
  assert.equal(result.keepContainer, true);
  assert.deepEqual(result.change.writes, []);
  model.claimActualLRP(GUID, 0, B, 120);
  result = model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 130);
  assert.equal(result.keepContainer, true);
  assert.deepEqual(result.change.writes, []);

  // The replacement runs: its start removes the EVACUATING copy (Diego), routes first.
  const started = model.startActualLRP(lrpKey(), B, netInfo(62000, '10.0.0.2'), 'z2', 140);
  assert.deepEqual(kinds(started.events), ['actual_lrp_instance_changed', 'actual_lrp_instance_removed']);
  assert.deepEqual(presences(model), ['ORDINARY/RUNNING/cell-b']);

  // The evacuating cell asks again and is told to let its container go.
  result = model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 150);
  assert.equal(result.keepContainer, false);
  assert.deepEqual(result.change.writes, []);
});

test('the EVACUATING copy is dropped when the replacement crashed or the LRP is no longer desired', () => {
  let model = runningOnA();
  model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 100);
  model.claimActualLRP(GUID, 0, B, 110);
  model.crashActualLRP(lrpKey(), B, 'boom', 120); // count 1: back to UNCLAIMED...
  model.load('actual', actualKey(GUID, 0, 'ORDINARY'), { ...ordinary(model), state: 'CRASHED' }); // ...pretend it stays CRASHED
  let result = model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 130);
  assert.equal(result.keepContainer, false);
  assert.deepEqual(kinds(result.change.events), ['actual_lrp_instance_removed']);
  assert.deepEqual(presences(model), ['ORDINARY/CRASHED/']);

  model = runningOnA();
  model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 100);
  model.removeDesiredLRP(GUID, 110);
  result = model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 120);
  assert.equal(result.keepContainer, false);
  assert.deepEqual(model.instancesOf(GUID, 0), []);
});

test('RemoveEvacuatingActualLRP removes only the EVACUATING copy of that instance', () => {
  const model = runningOnA();
  model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 100);
  assertRefusedUnchanged(model, () => model.removeEvacuatingActualLRP(lrpKey(), B, 110), status.NOT_FOUND, 'evacuating');
  const change = model.removeEvacuatingActualLRP(lrpKey(), A, 110);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_removed']);
  assert.deepEqual(presences(model), ['ORDINARY/UNCLAIMED/']);
  runningInstance(model, 'cell-b', 'inst-b', 120);
  assertRefusedUnchanged(model, () => model.removeEvacuatingActualLRP(lrpKey(), B, 130), status.NOT_FOUND, 'evacuating', );
});

test('evacuating a claimed instance puts it back up for auction and drops the container', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  model.claimActualLRP(GUID, 0, A, 10);
  const result = model.evacuateClaimedActualLRP(lrpKey(), A, 20);
  assert.equal(result.keepContainer, false);
  assert.deepEqual(kinds(result.change.events), ['actual_lrp_instance_created', 'actual_lrp_instance_removed']);
  assert.deepEqual(result.change.lrpAuctions.map((a) => a.indices), [[0]]);
  assert.deepEqual(presences(model), ['ORDINARY/UNCLAIMED/']);
  assertRefusedUnchanged(model, () => model.evacuateClaimedActualLRP(lrpKey(), A, 30), status.NOT_FOUND);
});

test('evacuating a crashed instance applies the crash (and its restart); a stopped one is removed', () => {
  let model = runningOnA();
  let result = model.evacuateCrashedActualLRP(lrpKey(), A, 'exit 2', 20);
  assert.equal(result.keepContainer, false);
  assert.deepEqual(kinds(result.change.events), ['actual_lrp_crashed', 'actual_lrp_instance_created', 'actual_lrp_instance_removed']);
  assert.deepEqual(result.change.lrpAuctions.map((a) => a.indices), [[0]]);
  assert.equal(ordinary(model).crash_count, 1);

  model = runningOnA();
  result = model.evacuateStoppedActualLRP(lrpKey(), A, 20);
  assert.equal(result.keepContainer, false);
  assert.deepEqual(kinds(result.change.events), ['actual_lrp_instance_removed']);
  assert.deepEqual(model.instancesOf(GUID, 0), []);
});

test('claimed/crashed/stopped reports about an EVACUATING copy just remove the copy', () => {
  for (const report of [
    (m: InMemoryBbsModel) => m.evacuateClaimedActualLRP(lrpKey(), A, 200),
    (m: InMemoryBbsModel) => m.evacuateCrashedActualLRP(lrpKey(), A, 'died', 200),
    (m: InMemoryBbsModel) => m.evacuateStoppedActualLRP(lrpKey(), A, 200),
  ]) {
    const model = runningOnA();
    model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 100);
    const result = report(model);
    assert.equal(result.keepContainer, false);
    assert.deepEqual(kinds(result.change.events), ['actual_lrp_instance_removed']);
    assert.deepEqual(presences(model), ['ORDINARY/UNCLAIMED/'], 'the ORDINARY replacement is untouched');
  }
});

test('an instance the BBS knows nothing of is kept as an EVACUATING copy while the ORDINARY one is not running', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  const result = model.evacuateRunningActualLRP(lrpKey(), B, netInfo(), 'z1', 10);
  assert.equal(result.keepContainer, true);
  assert.deepEqual(kinds(result.change.events), ['actual_lrp_instance_created']);
  assert.deepEqual(presences(model), ['ORDINARY/UNCLAIMED/', 'EVACUATING/RUNNING/cell-b']);
  // A second unknown instance finds the EVACUATING place taken.
  const other = model.evacuateRunningActualLRP(lrpKey(), instanceKey('inst-c', 'cell-c'), netInfo(), 'z1', 20);
  assert.equal(other.keepContainer, false);
  assert.deepEqual(other.change.writes, []);
});

test('when the replacement evacuates too, its copy takes the one EVACUATING place', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  runningInstance(model, 'cell-b', 'inst-b', 10);
  model.load('actual', actualKey(GUID, 0, 'EVACUATING'), makeActual({
    key: lrpKey(), instance_key: A, net_info: netInfo(), state: 'RUNNING', presence: 'EVACUATING', since: 5, modification_tag: { epoch: 'old', index: 0 },
  }));
  const result = model.evacuateRunningActualLRP(lrpKey(), B, netInfo(62000), 'z2', 20);
  assert.equal(result.keepContainer, true);
  assert.deepEqual(kinds(result.change.events), ['actual_lrp_instance_changed', 'actual_lrp_instance_removed', 'actual_lrp_instance_created']);
  assert.deepEqual(presences(model), ['ORDINARY/UNCLAIMED/', 'EVACUATING/RUNNING/cell-b']);
});

test('a SUSPECT instance whose cell evacuates becomes the EVACUATING copy; its replacement is already there', () => {
  const model = runningOnA();
  model.converge(convergenceInput(100, ['cell-b'])); // cell-a missed its heartbeats
  assert.deepEqual(presences(model), ['ORDINARY/UNCLAIMED/', 'SUSPECT/RUNNING/cell-a']);
  const result = model.evacuateRunningActualLRP(lrpKey(), A, netInfo(), 'z1', 200);
  assert.equal(result.keepContainer, true);
  assert.deepEqual(presences(model), ['ORDINARY/UNCLAIMED/', 'EVACUATING/RUNNING/cell-a']);
  assert.deepEqual(result.change.lrpAuctions, []);
  assert.deepEqual(kinds(result.change.events), ['actual_lrp_instance_changed']);
});
