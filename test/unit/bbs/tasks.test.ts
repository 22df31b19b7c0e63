import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { TaskState } from '../../../src/common/models.ts';
import { canTransition } from '../../../src/bbs/tasks/state-machine.ts';
import type { InMemoryBbsModel } from '../../../src/bbs/state/model.ts';
import { DOMAIN, assertRefusedUnchanged, kinds, newModel, task } from './helpers.ts';

const GUID = 'task-1';

/** A model holding task-1 in the given state (RUNNING on cell-a). */
function withTask(state: TaskState, model = newModel()): InMemoryBbsModel {
  model.desireTask(task(), 100);
  if (state === 'PENDING') return model;
  model.startTask(GUID, 'cell-a', 200);
  if (state === 'RUNNING') return model;
  model.completeTask(GUID, 'cell-a', false, '', 'the result', 300);
  if (state === 'COMPLETED') return model;
  model.resolvingTask(GUID, 400);
  return model;
}

test("the transitions Diego's Task.ValidateTransitionTo allows", () => {
  const states: TaskState[] = ['PENDING', 'RUNNING', 'COMPLETED', 'RESOLVING'];
  const allowed = new Set(['PENDING>RUNNING', 'RUNNING>COMPLETED', 'COMPLETED>RESOLVING']);
  for (const from of states) for (const to of states) assert.equal(canTransition(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
});

test('a task through its life: desire → start → complete → resolving → delete', () => {
  const model = newModel();
  let change = model.desireTask(task(), 100);
  assert.deepEqual(kinds(change.events), ['task_created']);
  assert.deepEqual(change.taskAuctions, [{ task_guid: GUID, domain: DOMAIN, rootfs: 'bookworm', memory_mb: 64, disk_mb: 64, max_pids: 0, placement_tags: [] }]);
  let stored = model.getTask(GUID);
  assert.equal(stored.state, 'PENDING');
  assert.equal(stored.created_at, 100);
  assert.equal(stored.log_guid, GUID);
  assert.equal(stored.user, 'vcap');

  const started = model.startTask(GUID, 'cell-a', 200);
  assert.equal(started.shouldStart, true);
  assert.deepEqual(kinds(started.change.events), ['task_changed']);
  assert.equal(model.getTask(GUID).cell_id, 'cell-a');

  change = model.completeTask(GUID, 'cell-a', false, '', 'the result', 300);
  stored = model.getTask(GUID);
  assert.deepEqual([stored.state, stored.failed, stored.result, stored.cell_id, stored.first_completed_at], ['COMPLETED', false, 'the result', '', 300]);

  change = model.resolvingTask(GUID, 400);
  assert.equal(model.getTask(GUID).state, 'RESOLVING');
  change = model.deleteTask(GUID, 500);
  assert.deepEqual(kinds(change.events), ['task_removed']);
  assertRefusedUnchanged(model, () => model.getTask(GUID), status.NOT_FOUND, GUID);
});

test('starting again from the same cell says "do not start it twice"; from another cell it is refused', () => {
  const model = withTask('RUNNING');
  const again = model.startTask(GUID, 'cell-a', 250);
  assert.equal(again.shouldStart, false);
  assert.deepEqual(again.change.writes, []);
  assertRefusedUnchanged(model, () => model.startTask(GUID, 'cell-b', 250), status.FAILED_PRECONDITION, 'RUNNING on cell cell-a');
});

test('completing from another cell than the one running it is refused', () => {
  const model = withTask('RUNNING');
  assertRefusedUnchanged(model, () => model.completeTask(GUID, 'cell-b', false, '', '', 300), status.FAILED_PRECONDITION, 'from cell cell-b');
});

const refusals: Array<[string, TaskState[], (m: InMemoryBbsModel) => unknown]> = [
  ['start', ['COMPLETED', 'RESOLVING'], (m) => m.startTask(GUID, 'cell-b', 900)],
  ['complete', ['PENDING', 'COMPLETED', 'RESOLVING'], (m) => m.completeTask(GUID, 'cell-a', false, '', '', 900)],
  ['fail', ['COMPLETED', 'RESOLVING'], (m) => m.failTask(GUID, 'x', 900)],
  ['reject', ['RUNNING', 'COMPLETED', 'RESOLVING'], (m) => m.rejectTask(GUID, 'x', 900)],
  ['cancel', ['COMPLETED', 'RESOLVING'], (m) => m.cancelTask(GUID, 900)],
  ['resolve', ['PENDING', 'RUNNING', 'RESOLVING'], (m) => m.resolvingTask(GUID, 900)],
  ['delete', ['PENDING', 'RUNNING', 'COMPLETED'], (m) => m.deleteTask(GUID, 900)],
];

for (const [verb, states, call] of refusals) {
  for (const state of states) {
    test(`${verb} of a ${state} task is FAILED_PRECONDITION and changes nothing`, () => {
      const model = withTask(state);
      assertRefusedUnchanged(model, () => call(model), status.FAILED_PRECONDITION, `cannot ${verb}`);
    });
  }
}

test('operations on an unknown task are NOT_FOUND', () => {
  const model = newModel();
  for (const call of [
    () => model.startTask('nope', 'cell-a', 1), () => model.completeTask('nope', 'cell-a', false, '', '', 1), () => model.failTask('nope', 'x', 1),
    () => model.rejectTask('nope', 'x', 1), () => model.cancelTask('nope', 1), () => model.resolvingTask('nope', 1), () => model.deleteTask('nope', 1),
  ]) assertRefusedUnchanged(model, call, status.NOT_FOUND, 'task nope');
  model.desireTask(task(), 1);
  assertRefusedUnchanged(model, () => model.desireTask(task({ command: 'other' }), 2), status.ALREADY_EXISTS, GUID);
});

for (const state of ['PENDING', 'RUNNING'] as TaskState[]) {
  test(`failing a ${state} task completes it failed`, () => {
    const model = withTask(state);
    const change = model.failTask(GUID, 'staging failed', 500);
    const stored = model.getTask(GUID);
    assert.deepEqual([stored.state, stored.failed, stored.failure_reason, stored.cell_id], ['COMPLETED', true, 'staging failed', '']);
    assert.deepEqual(change.taskCancels, []);
  });
}

test('cancelling a pending task completes it; cancelling a running one also cancels it on its cell', () => {
  let model = withTask('PENDING');
  let change = model.cancelTask(GUID, 500);
  assert.equal(model.getTask(GUID).failure_reason, 'task was cancelled');
  assert.deepEqual(change.taskCancels, []);
  model = withTask('RUNNING');
  change = model.cancelTask(GUID, 500);
  const stored = model.getTask(GUID);
  assert.deepEqual([stored.state, stored.failed, stored.failure_reason], ['COMPLETED', true, 'task was cancelled']);
  assert.deepEqual(change.taskCancels, [{ task_guid: GUID, cell_id: 'cell-a' }]);
  assert.deepEqual(kinds(change.events), ['task_changed']);
});

test('a rejected task stays PENDING and is auctioned again, until it has used its retries', () => {
  const model = newModel({ maxTaskRetries: 2 });
  withTask('PENDING', model);
  let change = model.rejectTask(GUID, 'no room', 500);
  let stored = model.getTask(GUID);
  assert.deepEqual([stored.state, stored.rejection_count, stored.rejection_reason, stored.cell_id], ['PENDING', 1, 'no room', '']);
  assert.equal(change.taskAuctions.length, 1);
  change = model.rejectTask(GUID, 'still no room', 600);
  assert.equal(model.getTask(GUID).rejection_count, 2);
  change = model.rejectTask(GUID, 'never any room', 700);
  stored = model.getTask(GUID);
  assert.deepEqual([stored.state, stored.failed, stored.failure_reason, stored.rejection_count], ['COMPLETED', true, 'never any room', 3]);
  assert.deepEqual(change.taskAuctions, []);
  assert.deepEqual(kinds(change.events), ['task_changed']);
});

test('with no retries a rejection fails the task at once (Diego with max_task_retries 0)', () => {
  const model = newModel({ maxTaskRetries: 0 });
  withTask('PENDING', model);
  model.rejectTask(GUID, 'refused', 500);
  assert.equal(model.getTask(GUID).state, 'COMPLETED');
});

test('listing tasks by domain and cell', () => {
  const model = newModel();
  model.desireTask(task({ task_guid: 't1', domain: 'd1' }), 1);
  model.desireTask(task({ task_guid: 't2', domain: 'd2' }), 1);
  model.desireTask(task({ task_guid: 't3', domain: 'd1' }), 1);
  model.startTask('t3', 'cell-a', 2);
  const ids = (filter: Parameters<typeof model.listTasks>[0]) => model.listTasks(filter).map((t) => t.task_guid).sort();
  assert.deepEqual(ids(null), ['t1', 't2', 't3']);
  assert.deepEqual(ids({ domain: 'd1', cell_id: '' }), ['t1', 't3']);
  assert.deepEqual(ids({ domain: '', cell_id: 'cell-a' }), ['t3']);
  assert.deepEqual(model.counts().tasksByState, { INVALID: 0, PENDING: 2, RUNNING: 1, COMPLETED: 0, RESOLVING: 0 });
});
