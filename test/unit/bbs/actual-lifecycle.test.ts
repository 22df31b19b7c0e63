import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { actualKey } from '../../../src/bbs/state/keys.ts';
import { makeActual, MAX_REASON_LENGTH } from '../../../src/bbs/lrp/state-machine.ts';
import {
  GUID, assertRefusedUnchanged, convergenceInput, desiredLRP, instanceKey, kinds, lrpKey, netInfo, newModel, ordinary, runningInstance,
} from './helpers.ts';

const A = instanceKey('inst-a', 'cell-a');

test("events of a whole life, in Diego's order: desire → claim → start → crash → restart → crash for good → backoff restart → remove", () => {
  const model = newModel();
  let change = model.desireLRP(desiredLRP({ instances: 1 }), 1_000);
  assert.deepEqual(kinds(change.events), ['desired_lrp_created', 'actual_lrp_instance_created']);
  assert.equal(change.events[1].actual_lrp_instance_created?.actual_lrp?.state, 'UNCLAIMED');

  change = model.claimActualLRP(GUID, 0, A, 2_000);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_changed']);
  assert.equal(change.events[0].actual_lrp_instance_changed?.after?.state, 'CLAIMED');

  change = model.startActualLRP(lrpKey(), A, netInfo(), 'z1', 3_000);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_changed']);
  assert.equal(change.events[0].actual_lrp_instance_changed?.after?.state, 'RUNNING');

  // The first crash restarts at once: Crashed, then the new (unclaimed) instance, then the old one's removal.
  change = model.crashActualLRP(lrpKey(), A, 'exit status 1', 4_000);
  assert.deepEqual(kinds(change.events), ['actual_lrp_crashed', 'actual_lrp_instance_created', 'actual_lrp_instance_removed']);
  const crashed = change.events[0].actual_lrp_crashed!;
  assert.deepEqual(crashed.instance_key, A);
  assert.equal(crashed.crash_count, 1);
  assert.equal(crashed.crash_reason, 'exit status 1');
  assert.equal(change.events[1].actual_lrp_instance_created?.actual_lrp?.state, 'UNCLAIMED');
  assert.equal(change.events[2].actual_lrp_instance_removed?.actual_lrp?.state, 'RUNNING');
  assert.deepEqual(change.lrpAuctions.map((a) => a.indices), [[0]], 'auctioned again at once');

  // Diego counts the crash first, then restarts at once while the count is below 3: the second crash
  // (count 2) restarts at once too, the third (count 3) leaves it CRASHED: Crashed + Changed, no auction.
  for (let i = 0; i < 2; i++) {
    runningInstance(model, 'cell-a', `inst-${i}`, 5_000 + i * 10);
    change = model.crashActualLRP(lrpKey(), instanceKey(`inst-${i}`, 'cell-a'), 'exit status 1', 5_005 + i * 10);
  }
  assert.deepEqual(kinds(change.events), ['actual_lrp_crashed', 'actual_lrp_instance_changed']);
  assert.equal(change.events[1].actual_lrp_instance_changed?.after?.state, 'CRASHED');
  assert.deepEqual(change.lrpAuctions, []);
  assert.equal(ordinary(model).crash_count, 3);

  // Convergence after the backoff (count 3: 30 s) restarts it: the unclaimed instance is created, the crashed one removed.
  const crashedAt = ordinary(model).since;
  change = model.converge(convergenceInput(crashedAt + 29_999, ['cell-a'])).change;
  assert.deepEqual(change.events, []);
  const pass = model.converge(convergenceInput(crashedAt + 30_000, ['cell-a']));
  assert.equal(pass.report.crashedRestarted, 1);
  assert.deepEqual(kinds(pass.change.events), ['actual_lrp_instance_created', 'actual_lrp_instance_removed']);
  assert.deepEqual(pass.change.lrpAuctions.map((a) => a.indices), [[0]]);
  assert.equal(ordinary(model).crash_count, 3, 'the count survives the restart');

  change = model.removeDesiredLRP(GUID, 200_000);
  assert.deepEqual(kinds(change.events), ['desired_lrp_removed', 'actual_lrp_instance_removed']);
  assert.deepEqual(model.listActualLRPs(null), []);
});

test('a long run resets the crash count; crash reasons are truncated', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  model.load('actual', actualKey(GUID, 0, 'ORDINARY'), makeActual({
    key: lrpKey(), instance_key: A, net_info: netInfo(), state: 'RUNNING', crash_count: 150, since: 0, modification_tag: { epoch: 'e', index: 1 },
  }));
  model.crashActualLRP(lrpKey(), A, 'x'.repeat(5000), 5 * 60_000 + 1);
  const after = ordinary(model);
  assert.equal(after.crash_count, 1);
  assert.equal(after.state, 'UNCLAIMED', 'count 1: restarted at once');
  assert.equal(after.crash_reason.length, MAX_REASON_LENGTH);
  assert.ok(after.crash_reason.endsWith('(truncated)'));
});

test('a placement failure is recorded and cleared by the next claim', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  const change = model.failActualLRP(lrpKey(), 'found no compatible cell', 10);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_changed']);
  assert.equal(ordinary(model).placement_error, 'found no compatible cell');
  model.claimActualLRP(GUID, 0, A, 20);
  assert.equal(ordinary(model).placement_error, '');
});

test('refusals say what the instance is and who asked', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  runningInstance(model, 'cell-a', 'inst-a');
  const err = assertRefusedUnchanged(model, () => model.claimActualLRP(GUID, 0, instanceKey('inst-b', 'cell-b'), 5), status.FAILED_PRECONDITION);
  assert.match(err.message, /cannot claim actual LRP app-1 index 0: it is RUNNING on cell cell-a \(instance inst-a\); asked by instance inst-b on cell cell-b/);
  assertRefusedUnchanged(model, () => model.failActualLRP(lrpKey(), 'nope', 5), status.FAILED_PRECONDITION, 'placement failure');
  assertRefusedUnchanged(model, () => model.claimActualLRP(GUID, 7, A, 5), status.NOT_FOUND, 'app-1 index 7');
  assertRefusedUnchanged(model, () => model.crashActualLRP(lrpKey(3), A, 'x', 5), status.NOT_FOUND);
  assertRefusedUnchanged(model, () => model.retireActualLRP(lrpKey(3), 5), status.NOT_FOUND);
});

test('a start with no ORDINARY record creates a RUNNING one (a cell reporting what it runs)', () => {
  const model = newModel();
  const change = model.startActualLRP(lrpKey(2), A, netInfo(), 'z2', 100);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_created']);
  const lrp = ordinary(model, 2);
  assert.equal(lrp.state, 'RUNNING');
  assert.equal(lrp.availability_zone, 'z2');
  assert.deepEqual(lrp.modification_tag, { epoch: 'epoch-1', index: 0 });
});

test('the running ORDINARY instance removes the EVACUATING and SUSPECT copies of its index; routes first, removals after', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  const evacuating = makeActual({
    key: lrpKey(), instance_key: instanceKey('inst-old', 'cell-old'), net_info: netInfo(1), state: 'RUNNING', presence: 'EVACUATING', since: 0,
    modification_tag: { epoch: 'x', index: 0 },
  });
  const suspect = makeActual({
    key: lrpKey(), instance_key: instanceKey('inst-lost', 'cell-lost'), net_info: netInfo(2), state: 'RUNNING', presence: 'SUSPECT', since: 0,
    modification_tag: { epoch: 'y', index: 0 },
  });
  model.load('actual', actualKey(GUID, 0, 'EVACUATING'), evacuating);
  model.load('actual', actualKey(GUID, 0, 'SUSPECT'), suspect);
  model.claimActualLRP(GUID, 0, A, 10);
  const change = model.startActualLRP(lrpKey(), A, netInfo(), 'z1', 20);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_changed', 'actual_lrp_instance_removed', 'actual_lrp_instance_removed']);
  assert.equal(change.events[0].actual_lrp_instance_changed?.after?.state, 'RUNNING');
  assert.deepEqual(model.instancesOf(GUID, 0).map((l) => l.presence), ['ORDINARY']);
  assert.deepEqual(change.writes.map((w) => [w.key, w.value === null]).sort(), [
    ['app-1.0.EVACUATING', true], ['app-1.0.ORDINARY', false], ['app-1.0.SUSPECT', true],
  ]);
});

test("a SUSPECT instance's claim and start are ignored, its crash removes it, its cell's remove removes it", () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  runningInstance(model, 'cell-a', 'inst-a', 10);
  model.converge(convergenceInput(100, [])); // cell-a is lost: the instance becomes SUSPECT, a replacement is created
  assert.deepEqual(model.instancesOf(GUID, 0).map((l) => `${l.presence}/${l.state}`), ['ORDINARY/UNCLAIMED', 'SUSPECT/RUNNING']);

  for (const call of [() => model.claimActualLRP(GUID, 0, A, 200), () => model.startActualLRP(lrpKey(), A, netInfo(), 'z1', 200)]) {
    const change = call();
    assert.deepEqual(change.writes, []);
    assert.deepEqual(change.events, []);
  }
  assert.equal(ordinary(model).state, 'UNCLAIMED');

  const change = model.crashActualLRP(lrpKey(), A, 'gone', 300);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_removed']);
  assert.deepEqual(model.instancesOf(GUID, 0).map((l) => l.presence), ['ORDINARY']);

  runningInstance(model, 'cell-b', 'inst-b', 400);
  model.converge(convergenceInput(500, ['cell-a']));
  assert.equal(model.instancesOf(GUID, 0).find((l) => l.presence === 'SUSPECT')?.instance_key?.cell_id, 'cell-b');
  model.removeActualLRP(GUID, 0, instanceKey('inst-b', 'cell-b'), 600);
  assert.deepEqual(model.instancesOf(GUID, 0).map((l) => l.presence), ['ORDINARY']);
});

test('retire asks the cell to stop a running instance and removes one that runs nowhere', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 2 }), 0);
  runningInstance(model, 'cell-a', 'inst-a', 10, 0);
  let change = model.retireActualLRP(lrpKey(0), 20);
  assert.deepEqual(change.stops, [{ key: lrpKey(0), instance_key: A }]);
  assert.equal(ordinary(model, 0).state, 'RUNNING', 'the cell removes it once stopped');
  change = model.retireActualLRP(lrpKey(1), 20);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_removed']);
  assert.deepEqual(model.instancesOf(GUID, 1), []);
  assert.equal(model.getDesiredLRP(GUID).instances, 2, 'the desired state is unchanged');
});

test('a crash of an instance whose app was removed removes its row: no restart, no orphan left', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 1 }), 1_000);
  model.claimActualLRP(GUID, 0, A, 2_000);
  model.startActualLRP(lrpKey(), A, netInfo(), 'z1', 3_000);
  model.removeDesiredLRP(GUID, 4_000);
  const change = model.crashActualLRP(lrpKey(), A, 'exit status 137', 5_000);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_removed']);
  assert.deepEqual(change.lrpAuctions, []);
  assert.deepEqual(model.listActualLRPs(null), []);
});

test('restart: a retired instance the cell removes is replaced at once by a new UNCLAIMED one, auctioned; a scaled-away index is not', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 1 }), 1_000);
  model.claimActualLRP(GUID, 0, A, 2_000);
  model.startActualLRP(lrpKey(), A, netInfo(), 'z1', 3_000);
  const retire = model.retireActualLRP(lrpKey(), 4_000);
  assert.deepEqual(retire.stops.map((s) => s.instance_key), [A], 'the cell is asked to stop it');
  const change = model.removeActualLRP(GUID, 0, A, 5_000);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_removed', 'actual_lrp_instance_created']);
  assert.deepEqual(change.lrpAuctions.map((a) => a.indices), [[0]]);
  assert.equal(ordinary(model).state, 'UNCLAIMED');

  model.claimActualLRP(GUID, 0, A, 6_000);
  model.updateDesiredLRP(GUID, { instances: 0, routes: null }, 7_000);
  const removed = model.removeActualLRP(GUID, 0, A, 8_000);
  assert.deepEqual(kinds(removed.events), ['actual_lrp_instance_removed']);
  assert.deepEqual(model.listActualLRPs(null), []);
});
