// Bad input the fuzz test (test/integration/bbs/fuzz.test.ts) found getting
// through, and the rules added for it: lengths of guids, domains, cell ids
// and addresses (a guid is part of a KV key, and any of them may be quoted
// in an error), keys of actual LRPs validated as strictly as desired LRPs',
// the domain of an instance a cell reports, and coherent task outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { MAX_ID_LENGTH, quoted } from '../../../src/bbs/lrp/validation.ts';
import { MAX_TASK_RESULT_BYTES } from '../../../src/bbs/tasks/validation.ts';
import { NO_REASON_GIVEN } from '../../../src/bbs/tasks/state-machine.ts';
import { checkInvariants } from '../../../src/bbs/state/invariants.ts';
import {
  GUID, assertRefusedUnchanged, desiredLRP, instanceKey, lrpKey, netInfo, newModel, ordinary, task,
} from './helpers.ts';

const long = 'x'.repeat(MAX_ID_LENGTH + 1);

test('guids, domains, instance guids and cell ids longer than 255 bytes are INVALID_ARGUMENT naming the field', () => {
  const model = newModel();
  assertRefusedUnchanged(model, () => model.desireLRP(desiredLRP({ process_guid: long }), 0), status.INVALID_ARGUMENT, 'desired_lrp.process_guid: at most 255 bytes');
  assertRefusedUnchanged(model, () => model.desireLRP(desiredLRP({ domain: 'é'.repeat(128) }), 0), status.INVALID_ARGUMENT, 'desired_lrp.domain: at most 255 bytes');
  assertRefusedUnchanged(model, () => model.desireTask(task({ domain: long }), 0), status.INVALID_ARGUMENT, 'task.domain');
  assertRefusedUnchanged(model, () => model.upsertDomain(long, 0, 0), status.INVALID_ARGUMENT, 'domain: at most 255 bytes');
  model.desireLRP(desiredLRP(), 0);
  assertRefusedUnchanged(model, () => model.claimActualLRP(GUID, 0, instanceKey(long, 'cell-a'), 1), status.INVALID_ARGUMENT, 'instance_key.instance_guid');
  assertRefusedUnchanged(model, () => model.claimActualLRP(GUID, 0, instanceKey('i', long), 1), status.INVALID_ARGUMENT, 'instance_key.cell_id');
  assertRefusedUnchanged(model, () => model.startActualLRP(lrpKey(0, GUID, long), instanceKey('i', 'cell-a'), netInfo(), 'z1', 1), status.INVALID_ARGUMENT, 'key.domain');
  assertRefusedUnchanged(model, () => model.startTask('task-1', long, 1), status.INVALID_ARGUMENT, 'cell_id: at most 255 bytes');
});

test('a key of an actual LRP must name a valid guid: a space or a dot would make an invalid KV key', () => {
  const model = newModel();
  for (const guid of ['a b', 'a.b', 'tab\there', 'ü', '$KV.x', 'a>']) {
    assertRefusedUnchanged(model, () => model.startActualLRP(lrpKey(0, guid), instanceKey('i', 'cell-a'), netInfo(), 'z1', 1), status.INVALID_ARGUMENT, 'key.process_guid');
    assertRefusedUnchanged(model, () => model.claimActualLRP(guid, 0, instanceKey('i', 'cell-a'), 1), status.INVALID_ARGUMENT, 'process_guid');
    assertRefusedUnchanged(model, () => model.removeActualLRP(guid, 0, null, 1), status.INVALID_ARGUMENT, 'process_guid');
    assertRefusedUnchanged(model, () => model.evacuateRunningActualLRP(lrpKey(0, guid), instanceKey('i', 'cell-a'), netInfo(), 'z1', 1), status.INVALID_ARGUMENT, 'key.process_guid');
  }
});

test('net info and availability zone: bounded address, at most 32 port mappings, a zone of at most 255 bytes', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  const ik = instanceKey('i', 'cell-a');
  assertRefusedUnchanged(model, () => model.startActualLRP(lrpKey(0), ik, netInfo(61000, long), 'z1', 1), status.INVALID_ARGUMENT, 'net_info.address');
  assertRefusedUnchanged(model, () => model.startActualLRP(lrpKey(0), ik, { ...netInfo(), instance_address: long }, 'z1', 1), status.INVALID_ARGUMENT, 'net_info.instance_address');
  const ports = Array.from({ length: 33 }, (_, i) => ({ container_port: 8000 + i, host_port: 61000 + i }));
  assertRefusedUnchanged(model, () => model.startActualLRP(lrpKey(0), ik, { ...netInfo(), ports }, 'z1', 1), status.INVALID_ARGUMENT, 'net_info.ports');
  assertRefusedUnchanged(model, () => model.startActualLRP(lrpKey(0), ik, netInfo(), long, 1), status.INVALID_ARGUMENT, 'availability_zone');
  assertRefusedUnchanged(model, () => model.evacuateRunningActualLRP(lrpKey(0), ik, netInfo(), long, 1), status.INVALID_ARGUMENT, 'availability_zone');
});

test('RemoveActualLRP with an instance key checks it like every other request', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  assertRefusedUnchanged(model, () => model.removeActualLRP(GUID, 0, instanceKey('', 'cell-a'), 1), status.INVALID_ARGUMENT, 'instance_key.instance_guid');
  assertRefusedUnchanged(model, () => model.removeActualLRP(GUID, 0, instanceKey('i', long), 1), status.INVALID_ARGUMENT, 'instance_key.cell_id');
  const before = model.listActualLRPs(null)[0]!;
  model.removeActualLRP(GUID, 0, instanceKey('', ''), 1); // an empty key is no key: remove whatever is there
  // ... and index 0 is still desired, so a new UNCLAIMED instance takes its place at once.
  const after = model.listActualLRPs(null);
  assert.equal(after.length, 1);
  assert.equal(after[0]!.state, 'UNCLAIMED');
  assert.notDeepEqual(after[0]!.modification_tag, before.modification_tag, 'a new record, not the old one');
});

test('an instance a cell reports for a desired LRP must be in its domain (FAILED_PRECONDITION), as every record the BBS makes is', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 1 }), 0);
  const ik = instanceKey('i', 'cell-a');
  // No ORDINARY record at index 3: the report would create one.
  assertRefusedUnchanged(model, () => model.startActualLRP(lrpKey(3, GUID, 'other'), ik, netInfo(), 'z1', 1), status.FAILED_PRECONDITION, 'key.domain: "other" is not the domain of desired LRP app-1 ("apps")');
  model.startActualLRP(lrpKey(3), ik, netInfo(), 'z1', 1);
  // The EVACUATING copy of an instance the BBS did not know takes the key sent, too.
  assertRefusedUnchanged(model, () => model.evacuateRunningActualLRP(lrpKey(0, GUID, 'other'), instanceKey('j', 'cell-b'), netInfo(), 'z1', 2), status.FAILED_PRECONDITION, 'key.domain');
  model.evacuateRunningActualLRP(lrpKey(0), instanceKey('j', 'cell-b'), netInfo(), 'z1', 2);
  // An orphan (no desired LRP) keeps the domain it was reported with.
  model.startActualLRP(lrpKey(0, 'orphan', 'elsewhere'), ik, netInfo(), 'z1', 3);
  assert.deepEqual(checkInvariants({ desired: model.listDesiredLRPs({ domain: '', process_guids: [] }), actual: model.listActualLRPs(null), tasks: [] }), []);
});

test('task requests are checked before the task is looked up: FailTask needs a reason, CompleteTask a cell and a result of at most 10 KiB', () => {
  const model = newModel();
  assertRefusedUnchanged(model, () => model.failTask('nope', '', 1), status.INVALID_ARGUMENT, 'failure_reason: required');
  assertRefusedUnchanged(model, () => model.completeTask('nope', '', false, '', '', 1), status.INVALID_ARGUMENT, 'cell_id');
  assertRefusedUnchanged(model, () => model.startTask('nope', '', 1), status.INVALID_ARGUMENT, 'cell_id');
  model.desireTask(task(), 0);
  model.startTask('task-1', 'cell-a', 1);
  assertRefusedUnchanged(model, () => model.completeTask('task-1', 'cell-a', false, '', 'r'.repeat(MAX_TASK_RESULT_BYTES + 1), 2), status.INVALID_ARGUMENT, `result: at most ${MAX_TASK_RESULT_BYTES} bytes`);
  model.completeTask('task-1', 'cell-a', false, '', 'r'.repeat(MAX_TASK_RESULT_BYTES), 2);
});

test('a completed task has a coherent outcome: failed with a reason and no result, or succeeded with no failure reason', () => {
  const model = newModel();
  const complete = (guid: string, failed: boolean, reason: string, result: string) => {
    model.desireTask(task({ task_guid: guid }), 0);
    model.startTask(guid, 'cell-a', 1);
    model.completeTask(guid, 'cell-a', failed, reason, result, 2);
    const t = model.getTask(guid);
    return { failed: t.failed, failure_reason: t.failure_reason, result: t.result };
  };
  assert.deepEqual(complete('t1', true, '', ''), { failed: true, failure_reason: NO_REASON_GIVEN, result: '' });
  assert.deepEqual(complete('t2', true, 'exit 1', 'partial'), { failed: true, failure_reason: 'exit 1', result: '' });
  assert.deepEqual(complete('t3', false, 'ignored', 'ok'), { failed: false, failure_reason: '', result: 'ok' });
  // A rejection without a reason that fails the task still leaves one.
  const m = newModel({ maxTaskRetries: 0 });
  m.desireTask(task({ task_guid: 't4' }), 0);
  m.rejectTask('t4', '', 1);
  assert.equal(m.getTask('t4').failure_reason, NO_REASON_GIVEN);
  assert.deepEqual(checkInvariants({ desired: [], actual: [], tasks: [...model.listTasks(null), ...m.listTasks(null)] }), []);
});

test('error messages quote a client value shortened, never megabytes of it', () => {
  const model = newModel();
  const huge = 'Q'.repeat(1024 * 1024);
  for (const fn of [
    () => model.desireLRP(desiredLRP({ rootfs: huge }), 0),
    () => model.desireLRP(desiredLRP({ user: huge }), 0),
    () => model.desireLRP(desiredLRP({ droplet: { digest: '', url: huge } }), 0),
    () => model.desireLRP(desiredLRP({ routes: [{ hostnames: [huge], port: 8080 }] }), 0),
    () => model.getDesiredLRP(huge),
    () => model.getTask(huge),
    () => model.claimActualLRP(GUID, 0, instanceKey(huge, 'c'), 0),
  ]) {
    const err = assertRefusedUnchanged(model, fn, status.INVALID_ARGUMENT);
    assert.ok(err.message.length < 200, `message of ${err.message.length} characters: ${err.message.slice(0, 100)}`);
  }
  assert.equal(quoted('short'), '"short"');
  assert.match(quoted(huge), /^"Q{64}"… \(1048576 characters\)$/);
});

test('a key may name an index far past the desired instances, as a cell may report it; convergence retires it', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 1 }), 0);
  model.startActualLRP(lrpKey(2147483647), instanceKey('i', 'cell-a'), netInfo(), 'z1', 1);
  assert.equal(ordinary(model, 2147483647).state, 'RUNNING');
});
