import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActualLRP, DesiredLRP, Domain, Task } from '../../../src/common/models.ts';
import { InMemoryBbsModel } from '../../../src/bbs/state/model.ts';
import { actualKeyOf, domainKey } from '../../../src/bbs/state/keys.ts';
import type { Change } from '../../../src/bbs/state/types.ts';
import {
  DOMAIN, GUID, convergenceInput, desiredLRP, instanceKey, lrpKey, netInfo, newModel, runningInstance, snapshot, task,
} from './helpers.ts';

const CELLS = ['cell-a', 'cell-b', 'cell-c'];

/** A model with a bit of everything: running, claimed, crashed, evacuating instances, tasks, domains. */
function busyModel(): InMemoryBbsModel {
  const model = newModel();
  model.upsertDomain(DOMAIN, 0, 0);
  model.desireLRP(desiredLRP({ instances: 4 }), 0);
  model.desireLRP(desiredLRP({ process_guid: 'other', instances: 2 }), 0);
  runningInstance(model, 'cell-a', 'i0', 10, 0);
  runningInstance(model, 'cell-b', 'i1', 10, 1);
  model.claimActualLRP(GUID, 2, instanceKey('i2', 'cell-c'), 10);
  model.claimActualLRP('other', 0, instanceKey('o0', 'cell-a'), 10);
  model.evacuateRunningActualLRP(lrpKey(1), instanceKey('i1', 'cell-b'), netInfo(), 'z1', 20);
  model.desireTask(task({ task_guid: 't1' }), 0);
  model.desireTask(task({ task_guid: 't2' }), 0);
  model.startTask('t2', 'cell-a', 5);
  return model;
}

const operations: Array<[string, (m: InMemoryBbsModel) => Change]> = [
  ['desire', (m) => m.desireLRP(desiredLRP({ process_guid: 'new', instances: 3 }), 100)],
  ['scale up', (m) => m.updateDesiredLRP(GUID, { instances: 6, routes: null }, 100)],
  ['scale down', (m) => m.updateDesiredLRP(GUID, { instances: 1, routes: { routes: [] }, annotation: 'x' }, 100)],
  ['remove desired', (m) => m.removeDesiredLRP(GUID, 100)],
  ['start', (m) => m.startActualLRP(lrpKey(1), instanceKey('i9', 'cell-c'), netInfo(), 'z1', 100)],
  ['crash', (m) => m.crashActualLRP(lrpKey(0), instanceKey('i0', 'cell-a'), 'boom', 100)],
  ['evacuate running', (m) => m.evacuateRunningActualLRP(lrpKey(0), instanceKey('i0', 'cell-a'), netInfo(), 'z1', 100).change],
  ['cancel task', (m) => m.cancelTask('t2', 100)],
  ['converge with cells lost', (m) => m.converge(convergenceInput(10_000_000, ['cell-c'])).change],
  ['upsert domain', (m) => m.upsertDomain('more', 10, 100)],
];

for (const [name, operation] of operations) {
  test(`revert of "${name}" restores the model exactly, indexes and counts included`, () => {
    const model = busyModel();
    const before = snapshot(model, CELLS);
    const change = operation(model);
    assert.ok(change.writes.length > 0, 'the operation wrote something');
    assert.notDeepEqual(snapshot(model, CELLS), before);
    model.revert(change);
    assert.deepStrictEqual(snapshot(model, CELLS), before);
    // And the model still works from there.
    operation(model);
  });
}

test('an operation that throws halfway leaves nothing behind', () => {
  let calls = 0;
  const model = new InMemoryBbsModel({
    newEpoch: () => {
      if (++calls === 4) throw new Error('no more epochs');
      return `e${calls}`;
    },
  });
  const before = snapshot(model, CELLS);
  assert.throws(() => model.desireLRP(desiredLRP({ instances: 5 }), 1), /no more epochs/);
  assert.deepStrictEqual(snapshot(model, CELLS), before);
  model.desireLRP(desiredLRP({ instances: 2 }), 2);
  assert.equal(model.listActualLRPs(null).length, 2);
});

test('writes carry the KV key, the new value and the previous one; loading them into a new model gives the same model', () => {
  const model = busyModel();
  const changes: Change[] = [];
  const record = (change: Change) => changes.push(change);
  record(model.crashActualLRP(lrpKey(0), instanceKey('i0', 'cell-a'), 'boom', 100));
  record(model.converge(convergenceInput(10_000_000, ['cell-a'])).change);
  for (const change of changes) {
    for (const write of change.writes) {
      const value = (write.value ?? write.previous) as ActualLRP | DesiredLRP | Task | Domain;
      if (write.kind === 'actual') assert.equal(write.key, actualKeyOf(value as ActualLRP));
      if (write.kind === 'desired') assert.equal(write.key, (value as DesiredLRP).process_guid);
      if (write.kind === 'task') assert.equal(write.key, (value as Task).task_guid);
      if (write.kind === 'domain') assert.equal(write.key, domainKey((value as Domain).domain));
    }
  }
  // A reload: every live record, as the store would read them back.
  const copy = newModel();
  for (const lrp of model.listDesiredLRPs({ domain: '', process_guids: [] })) copy.load('desired', lrp.process_guid, lrp);
  for (const lrp of model.listActualLRPs(null)) copy.load('actual', actualKeyOf(lrp), lrp);
  for (const t of model.listTasks(null)) copy.load('task', t.task_guid, t);
  for (const d of model.listDomains(0)) copy.load('domain', domainKey(d.domain), d);
  assert.deepStrictEqual(snapshot(copy, CELLS), snapshot(model, CELLS));
});

test('records are replaced, never changed in place', () => {
  const model = busyModel();
  const held = model.listActualLRPs(null);
  const frozenCopy = structuredClone(held);
  model.crashActualLRP(lrpKey(0), instanceKey('i0', 'cell-a'), 'boom', 100);
  model.converge(convergenceInput(10_000_000, []));
  model.removeDesiredLRP(GUID, 200);
  assert.deepStrictEqual(structuredClone(held), frozenCopy);
});

test('two writes to one key in one operation collapse into one', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  runningInstance(model, 'cell-a', 'i0', 10);
  // Promotion deletes the SUSPECT's key and rewrites the ORDINARY key after removing the replacement.
  model.converge(convergenceInput(20, []));
  const { change } = model.converge(convergenceInput(30, ['cell-a']));
  const keys = change.writes.map((w) => w.key);
  assert.equal(new Set(keys).size, keys.length);
  const ordinaryWrite = change.writes.find((w) => w.key === `${GUID}.0.ORDINARY`)!;
  assert.equal((ordinaryWrite.previous as ActualLRP).state, 'UNCLAIMED', 'the previous is the record before the operation');
  assert.equal((ordinaryWrite.value as ActualLRP).state, 'RUNNING');
});

test('counts follow every change', () => {
  const model = busyModel();
  assert.deepEqual(model.counts(), {
    byState: { UNCLAIMED: 3, CLAIMED: 2, RUNNING: 2, CRASHED: 0 },
    byPresence: { ORDINARY: 6, EVACUATING: 1, SUSPECT: 0 },
    desiredInstances: 6,
    desiredLRPs: 2,
    tasksByState: { INVALID: 0, PENDING: 1, RUNNING: 1, COMPLETED: 0, RESOLVING: 0 },
  });
  model.removeDesiredLRP('other', 100);
  const counts = model.counts();
  assert.equal(counts.desiredLRPs, 1);
  assert.equal(counts.desiredInstances, 4);
  assert.equal(counts.byState.UNCLAIMED + counts.byState.CLAIMED + counts.byState.RUNNING + counts.byState.CRASHED, model.listActualLRPs(null).length);
});
