// The invariant checker (src/bbs/state/invariants.ts): consistent states a
// model really reaches pass, and each rule has a hand-broken state it catches.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ActualLRP, DesiredLRP, Task } from '../../../src/common/models.ts';
import { checkInvariants, type ConvergedContext, type InvariantState } from '../../../src/bbs/state/invariants.ts';
import type { InMemoryBbsModel } from '../../../src/bbs/state/model.ts';
import { convergenceInput, desiredLRP, instanceKey, lrpKey, netInfo, newModel, task } from './helpers.ts';

const NOW = 10_000_000;

function stateOf(model: InMemoryBbsModel): InvariantState {
  return {
    desired: model.listDesiredLRPs({ domain: '', process_guids: [] }),
    actual: model.listActualLRPs(null),
    tasks: model.listTasks(null),
  };
}

/**
 * A model holding a bit of everything: RUNNING, CLAIMED, CRASHED and
 * UNCLAIMED (with a placement error) instances, an EVACUATING copy beside its
 * UNCLAIMED replacement, a SUSPECT copy beside its replacement, and tasks in
 * every state (succeeded, failed, cancelled, resolving).
 */
function busyModel(): InMemoryBbsModel {
  const model = newModel();
  model.upsertDomain('apps', 0, 0);
  model.desireLRP(desiredLRP({ process_guid: 'web', instances: 5 }), 0);
  const run = (index: number, cell: string) => {
    model.claimActualLRP('web', index, instanceKey(`web-${index}`, cell), 10);
    model.startActualLRP(lrpKey(index, 'web'), instanceKey(`web-${index}`, cell), netInfo(61000 + index), 'z1', 10);
  };
  run(0, 'cell-a');
  run(1, 'cell-lost');
  model.claimActualLRP('web', 2, instanceKey('web-2', 'cell-a'), 10);
  // The third crash in a row waits out a backoff: CRASHED.
  for (let n = 0; n < 3; n++) {
    run(3, 'cell-a');
    model.crashActualLRP(lrpKey(3, 'web'), instanceKey('web-3', 'cell-a'), 'boom', 20);
  }
  model.failActualLRP(lrpKey(4, 'web'), 'no cell has room', 20);
  model.desireLRP(desiredLRP({ process_guid: 'worker', instances: 2 }), 0);
  model.claimActualLRP('worker', 0, instanceKey('worker-0', 'cell-b'), 10);
  model.startActualLRP(lrpKey(0, 'worker'), instanceKey('worker-0', 'cell-b'), netInfo(), 'z1', 10);
  model.evacuateRunningActualLRP(lrpKey(0, 'worker'), instanceKey('worker-0', 'cell-b'), netInfo(), 'z1', 30);
  // cell-lost is gone: web/1 becomes SUSPECT beside an UNCLAIMED replacement.
  model.converge(convergenceInput(100, ['cell-a', 'cell-b']));

  model.desireTask(task({ task_guid: 'pending' }), 0);
  model.desireTask(task({ task_guid: 'running' }), 0);
  model.startTask('running', 'cell-a', 10);
  model.desireTask(task({ task_guid: 'done' }), 0);
  model.startTask('done', 'cell-a', 10);
  model.completeTask('done', 'cell-a', false, '', 'the result', 20);
  model.desireTask(task({ task_guid: 'failed' }), 0);
  model.startTask('failed', 'cell-a', 10);
  model.completeTask('failed', 'cell-a', true, 'exit status 1', '', 20);
  model.desireTask(task({ task_guid: 'cancelled' }), 0);
  model.cancelTask('cancelled', 20);
  model.desireTask(task({ task_guid: 'resolving' }), 0);
  model.failTask('resolving', 'no room', 20);
  model.resolvingTask('resolving', 30);
  return model;
}

const converged = (live: string[], fresh: string[] = ['apps']): ConvergedContext => ({ liveCells: new Set(live), freshDomains: new Set(fresh) });

/** The state with one record replaced by `change(record)`. */
function withActual(state: InvariantState, pick: (l: ActualLRP) => boolean, change: (l: ActualLRP) => ActualLRP | ActualLRP[]): InvariantState {
  const at = state.actual.findIndex(pick);
  assert.ok(at >= 0, 'the test state has the record to break');
  const actual = [...state.actual];
  actual.splice(at, 1, ...[change(actual[at]!)].flat());
  return { ...state, actual };
}
function withTask(state: InvariantState, guid: string, change: (t: Task) => Task): InvariantState {
  return { ...state, tasks: state.tasks.map((t) => (t.task_guid === guid ? change(t) : t)) };
}
function withDesired(state: InvariantState, guid: string, change: (d: DesiredLRP) => DesiredLRP): InvariantState {
  return { ...state, desired: state.desired.map((d) => (d.process_guid === guid ? change(d) : d)) };
}
const at = (guid: string, index: number, presence: ActualLRP['presence'] = 'ORDINARY') => (l: ActualLRP) =>
  l.key?.process_guid === guid && l.key.index === index && l.presence === presence;

function expectViolation(state: InvariantState, pattern: RegExp, ctx?: ConvergedContext): void {
  const violations = checkInvariants(state, ctx);
  assert.ok(violations.some((v) => pattern.test(v)), `expected a violation matching ${pattern}, got ${JSON.stringify(violations)}`);
}

describe('consistent states pass', () => {
  test('an empty state', () => {
    assert.deepEqual(checkInvariants({ desired: [], actual: [], tasks: [] }, converged([])), []);
  });

  test('a busy model, at any time', () => {
    const state = stateOf(busyModel());
    assert.ok(state.actual.some((l) => l.presence === 'EVACUATING'));
    assert.ok(state.actual.some((l) => l.presence === 'SUSPECT'));
    assert.deepEqual(checkInvariants(state), []);
  });

  test('the same model right after a convergence pass, with its live cells and fresh domains', () => {
    const model = busyModel();
    model.removeDesiredLRP('worker', 40); // its UNCLAIMED instance goes; the RUNNING EVACUATING copy stays with its live cell
    model.converge(convergenceInput(NOW, ['cell-a', 'cell-b']));
    const state = stateOf(model);
    assert.deepEqual(checkInvariants(state, converged(['cell-a', 'cell-b'])), []);
  });

  test('after convergence with every cell lost: only UNCLAIMED and CRASHED instances remain, SUSPECT copies wait beside them', () => {
    const model = busyModel();
    model.converge(convergenceInput(NOW, []));
    assert.deepEqual(checkInvariants(stateOf(model), converged([])), []);
  });

  test('an orphan or extra index in a stale domain, and an orphan being stopped on a live cell, may stay', () => {
    const model = newModel();
    model.desireLRP(desiredLRP({ process_guid: 'stale', domain: 'old', instances: 1 }), 0);
    model.startActualLRP(lrpKey(3, 'stale', 'old'), instanceKey('s-3', 'cell-a'), netInfo(), 'z1', 0);
    model.upsertDomain('apps', 0, 0);
    model.desireLRP(desiredLRP({ process_guid: 'gone', instances: 1 }), 0);
    model.startActualLRP(lrpKey(0, 'gone'), instanceKey('g-0', 'cell-a'), netInfo(), 'z1', 0);
    model.removeDesiredLRP('gone', 1); // RUNNING on a live cell: its cell is asked to stop it
    model.converge(convergenceInput(NOW, ['cell-a']));
    assert.equal(model.listActualLRPs(null).length, 3);
    assert.deepEqual(checkInvariants(stateOf(model), converged(['cell-a'])), []);
  });
});

describe('each rule catches its violation', () => {
  const base = () => stateOf(busyModel());

  test('two rows for one (process_guid, index, presence)', () => {
    expectViolation(withActual(base(), at('web', 0), (l) => [l, { ...l }]), /web\/0\/ORDINARY: more than one row/);
  });

  test('a key that is missing or malformed', () => {
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, key: null })), /no key/);
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, key: { ...l.key!, process_guid: 'a b' } })), /process_guid: must match/);
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, key: { ...l.key!, index: -1 } })), /index -1 is not a non-negative integer/);
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, key: { ...l.key!, domain: '' } })), /no domain/);
  });

  test('an unknown state or presence', () => {
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, state: 7 as unknown as ActualLRP['state'] })), /unknown state 7/);
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, presence: 'GHOST' as ActualLRP['presence'] })), /unknown presence GHOST/);
  });

  test('an instance key exactly on CLAIMED and RUNNING rows', () => {
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, instance_key: { instance_guid: '', cell_id: '' } })), /web\/0\/ORDINARY: RUNNING without an instance key/);
    expectViolation(withActual(base(), at('web', 2), (l) => ({ ...l, instance_key: { instance_guid: 'x', cell_id: '' } })), /CLAIMED without an instance key/);
    expectViolation(withActual(base(), at('web', 4), (l) => ({ ...l, instance_key: instanceKey('i', 'cell-a') })), /web\/4\/ORDINARY: UNCLAIMED with instance key i\/cell-a/);
    expectViolation(withActual(base(), at('web', 3), (l) => ({ ...l, instance_key: instanceKey('i', 'cell-a') })), /CRASHED with instance key/);
  });

  test('an address only on RUNNING rows', () => {
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, net_info: { address: '', ports: [], instance_address: '' } })), /RUNNING without an address/);
    expectViolation(withActual(base(), at('web', 2), (l) => ({ ...l, net_info: netInfo() })), /CLAIMED with net info/);
  });

  test('an EVACUATING or SUSPECT copy is a RUNNING instance', () => {
    expectViolation(
      withActual(base(), at('worker', 0, 'EVACUATING'), (l) => ({ ...l, state: 'CLAIMED', net_info: { address: '', ports: [], instance_address: '' } })),
      /worker\/0\/EVACUATING: an EVACUATING copy must be a RUNNING instance, is CLAIMED/,
    );
    expectViolation(
      withActual(base(), at('web', 1, 'SUSPECT'), (l) => ({ ...l, state: 'UNCLAIMED', instance_key: { instance_guid: '', cell_id: '' }, net_info: { address: '', ports: [], instance_address: '' } })),
      /web\/1\/SUSPECT: an SUSPECT copy must be a RUNNING instance/,
    );
  });

  test('crash counts are non-negative', () => {
    expectViolation(withActual(base(), at('web', 3), (l) => ({ ...l, crash_count: -1 })), /crash_count -1/);
  });

  test('a placement error only on UNCLAIMED rows', () => {
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, placement_error: 'no room' })), /placement_error on a RUNNING row/);
  });

  test('a modification tag with an epoch', () => {
    expectViolation(withActual(base(), at('web', 0), (l) => ({ ...l, modification_tag: null })), /web\/0\/ORDINARY: no modification tag epoch/);
    expectViolation(withDesired(base(), 'web', (d) => ({ ...d, modification_tag: { epoch: '', index: 0 } })), /desired LRP web: no modification tag epoch/);
  });

  test("a row in another domain than its desired LRP's", () => {
    expectViolation(withActual(base(), at('web', 4), (l) => ({ ...l, key: { ...l.key!, domain: 'other' } })), /domain "other" is not its desired LRP's "apps"/);
  });

  test('desired LRPs: listed once and valid', () => {
    const state = base();
    expectViolation({ ...state, desired: [...state.desired, state.desired[0]!] }, /desired LRP web: listed twice/);
    expectViolation(withDesired(state, 'web', (d) => ({ ...d, instances: -2 })), /desired LRP web: fails validation: desired_lrp.instances/);
    expectViolation(withDesired(state, 'web', (d) => ({ ...d, annotation: 'x'.repeat(20_000) })), /fails validation: desired_lrp.annotation/);
  });

  test('tasks: listed once, a known state, valid', () => {
    const state = base();
    expectViolation({ ...state, tasks: [...state.tasks, state.tasks[0]!] }, /listed twice/);
    expectViolation(withTask(state, 'pending', (t) => ({ ...t, state: 'INVALID' })), /task pending: state INVALID/);
    expectViolation(withTask(state, 'pending', (t) => ({ ...t, result_file: 'relative' })), /task pending: fails validation: task.result_file/);
  });

  test('tasks: PENDING and RUNNING have no outcome; PENDING no cell, RUNNING one', () => {
    expectViolation(withTask(base(), 'pending', (t) => ({ ...t, cell_id: 'cell-a' })), /task pending: PENDING on cell cell-a/);
    expectViolation(withTask(base(), 'running', (t) => ({ ...t, cell_id: '' })), /task running: RUNNING on no cell/);
    expectViolation(withTask(base(), 'running', (t) => ({ ...t, failed: true })), /task running: RUNNING with an outcome/);
    expectViolation(withTask(base(), 'pending', (t) => ({ ...t, result: 'early' })), /task pending: PENDING with an outcome/);
    expectViolation(withTask(base(), 'pending', (t) => ({ ...t, first_completed_at: 5 })), /PENDING with first_completed_at 5/);
  });

  test('tasks: COMPLETED and RESOLVING are off their cell, with a completion time and a coherent outcome', () => {
    expectViolation(withTask(base(), 'done', (t) => ({ ...t, cell_id: 'cell-a' })), /task done: COMPLETED still on cell cell-a/);
    expectViolation(withTask(base(), 'resolving', (t) => ({ ...t, first_completed_at: 0 })), /task resolving: RESOLVING without first_completed_at/);
    expectViolation(withTask(base(), 'failed', (t) => ({ ...t, failure_reason: '' })), /task failed: failed without a failure_reason/);
    expectViolation(withTask(base(), 'failed', (t) => ({ ...t, result: 'half' })), /task failed: failed with a result/);
    expectViolation(withTask(base(), 'done', (t) => ({ ...t, failure_reason: 'oops' })), /task done: succeeded with failure_reason "oops"/);
  });

  test('tasks: rejection counts and times make sense', () => {
    expectViolation(withTask(base(), 'pending', (t) => ({ ...t, rejection_count: -1 })), /rejection_count -1/);
    expectViolation(withTask(base(), 'pending', (t) => ({ ...t, updated_at: t.created_at - 1 })), /updated_at -1 before created_at 0/);
  });
});

describe('after convergence', () => {
  const convergedState = (live: string[]) => {
    const model = busyModel();
    model.converge(convergenceInput(NOW, live));
    return stateOf(model);
  };

  test('an orphan in a fresh domain is caught; in a stale one, or being stopped on a live cell, it is not', () => {
    const state = convergedState(['cell-a', 'cell-b']);
    const orphaned = { ...state, desired: state.desired.filter((d) => d.process_guid !== 'web') };
    expectViolation(orphaned, /web\/4\/ORDINARY: orphan \(no desired LRP\) after convergence, UNCLAIMED/, converged(['cell-a', 'cell-b']));
    assert.ok(!checkInvariants(orphaned, converged(['cell-a', 'cell-b'])).some((v) => v.includes('web/0/ORDINARY: orphan')), 'RUNNING on a live cell: being stopped');
    assert.deepEqual(checkInvariants(orphaned, converged(['cell-a', 'cell-b'], [])).filter((v) => v.includes('orphan')), [], 'stale domain');
  });

  test('an index at or past the desired instances is caught', () => {
    const state = withDesired(convergedState(['cell-a', 'cell-b']), 'web', (d) => ({ ...d, instances: 4 }));
    expectViolation(state, /web\/4\/ORDINARY: index 4 ≥ 4 instances after convergence/, converged(['cell-a', 'cell-b']));
  });

  test('a missing desired index is caught: ORDINARY rows must number the instances', () => {
    const state = withActual(convergedState(['cell-a', 'cell-b']), at('web', 4), () => []);
    expectViolation(state, /desired LRP web: 4 ORDINARY instances at indices 0..4 after convergence, 5 desired/, converged(['cell-a', 'cell-b']));
    // At any time that is fine: the next pass creates it.
    assert.deepEqual(checkInvariants(state), []);
  });

  test('no EVACUATING copy, and no CLAIMED or RUNNING instance, on a lost cell', () => {
    const state = convergedState(['cell-a', 'cell-b']);
    expectViolation(state, /worker\/0\/EVACUATING: EVACUATING copy on lost cell cell-b after convergence/, converged(['cell-a']));
    expectViolation(state, /web\/0\/ORDINARY: RUNNING on lost cell cell-a after convergence/, converged(['cell-b']));
    expectViolation(state, /web\/2\/ORDINARY: CLAIMED on lost cell cell-a after convergence/, converged(['cell-b']));
  });

  test('no SUSPECT copy on a live cell or beside a RUNNING replacement', () => {
    const state = convergedState(['cell-a', 'cell-b']);
    expectViolation(state, /web\/1\/SUSPECT: SUSPECT copy on live cell cell-lost/, converged(['cell-a', 'cell-b', 'cell-lost']));
    const replaced = withActual(state, at('web', 1), (l) => ({ ...l, state: 'RUNNING', instance_key: instanceKey('new', 'cell-a'), net_info: netInfo() }));
    expectViolation(replaced, /web\/1\/SUSPECT: SUSPECT copy beside a RUNNING replacement/, converged(['cell-a', 'cell-b']));
  });

  test('no RUNNING task on a lost cell', () => {
    expectViolation(convergedState(['cell-a', 'cell-b']), /task running: RUNNING on lost cell cell-a after convergence/, converged(['cell-b']));
  });
});
