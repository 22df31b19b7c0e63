import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActualLRP, ActualLRPPresence, ActualLRPState } from '../../../src/common/models.ts';
import { actualKey } from '../../../src/bbs/state/keys.ts';
import { makeActual } from '../../../src/bbs/lrp/state-machine.ts';
import { InMemoryBbsModel } from '../../../src/bbs/state/model.ts';
import {
  CONFIG, DOMAIN, GUID, convergenceInput, desiredLRP, instanceKey, kinds, lrpKey, netInfo, newModel, ordinary, runningInstance, task,
} from './helpers.ts';

function put(model: InMemoryBbsModel, index: number, state: ActualLRPState, cellId = '', presence: ActualLRPPresence = 'ORDINARY', fields: Partial<ActualLRP> = {}, processGuid = GUID): ActualLRP {
  const lrp = makeActual({
    key: lrpKey(index, processGuid),
    instance_key: cellId ? instanceKey(`inst-${index}-${cellId}-${presence}`, cellId) : undefined,
    net_info: state === 'RUNNING' ? netInfo() : undefined,
    state,
    presence,
    since: 0,
    modification_tag: { epoch: `e-${index}-${presence}`, index: 0 },
    ...fields,
  } as Parameters<typeof makeActual>[0]);
  model.load('actual', actualKey(processGuid, index, presence), lrp);
  return lrp;
}

function states(model: InMemoryBbsModel, index = 0, processGuid = GUID): string[] {
  return model.instancesOf(processGuid, index).map((l) => `${l.presence}/${l.state}/${l.instance_key?.cell_id ?? ''}`);
}

const NOW = 10_000_000;

test('missing indices are created UNCLAIMED and auctioned together', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 2 }), 0);
  // The stored desire says 4 but rows 2 and 3 were never written (as after a reload that lost them).
  model.load('desired', '', { ...model.getDesiredLRP(GUID), instances: 4 });
  const { change, report } = model.converge(convergenceInput(10, []));
  assert.equal(report.missingInstances, 2);
  assert.deepEqual(change.lrpAuctions.map((a) => a.indices), [[2, 3]]);
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_created', 'actual_lrp_instance_created']);
  assert.equal(model.listActualLRPs(null).length, 4);
});

test('extra indices are retired only when the domain is fresh', () => {
  const setup = () => {
    const model = newModel();
    model.desireLRP(desiredLRP({ instances: 1 }), 0);
    put(model, 1, 'UNCLAIMED');
    put(model, 2, 'RUNNING', 'cell-a');
    put(model, 3, 'RUNNING', 'cell-lost');
    put(model, 4, 'CRASHED', '', 'ORDINARY', { crash_count: 10, since: NOW });
    return model;
  };
  // No domain record: nothing is destroyed.
  let model = setup();
  let pass = model.converge(convergenceInput(NOW, ['cell-a']));
  assert.equal(pass.report.extraInstances, 0);
  assert.deepEqual(pass.change.stops, []);
  assert.equal(model.listActualLRPs(null).filter((l) => l.presence === 'ORDINARY').length, 5);

  // An expired domain is no better (and is pruned).
  model = setup();
  model.upsertDomain(DOMAIN, 10, 0);
  pass = model.converge(convergenceInput(NOW, ['cell-a']));
  assert.equal(pass.report.extraInstances, 0);
  assert.deepEqual(pass.change.writes.filter((w) => w.kind === 'domain').map((w) => w.value), [null]);
  assert.deepEqual(model.listDomains(0), []);

  // A fresh domain: the extras go — removed at once if they run nowhere (or on a lost cell), stopped on a live cell.
  model = setup();
  model.upsertDomain(DOMAIN, 0, 0);
  pass = model.converge(convergenceInput(NOW, ['cell-a']));
  assert.equal(pass.report.extraInstances, 4);
  assert.deepEqual(pass.change.stops.map((s) => [s.key.index, s.instance_key.cell_id]), [[2, 'cell-a']]);
  assert.deepEqual(model.listActualLRPs(null).map((l) => l.key?.index).sort(), [0, 2]);
  assert.equal(pass.report.suspectedInstances, 0, 'an extra on a lost cell is not replaced');
});

test('orphans (no desired LRP) are retired in fresh domains only, like Diego', () => {
  const model = newModel();
  put(model, 0, 'RUNNING', 'cell-a', 'ORDINARY', {}, 'orphan');
  put(model, 1, 'UNCLAIMED', '', 'ORDINARY', {}, 'orphan');
  put(model, 2, 'CLAIMED', 'cell-lost', 'ORDINARY', {}, 'orphan');
  let pass = model.converge(convergenceInput(NOW, ['cell-a']));
  assert.equal(pass.report.orphanedActuals, 0);
  assert.equal(model.listActualLRPs(null).length, 3);
  model.upsertDomain(DOMAIN, 60, NOW);
  pass = model.converge(convergenceInput(NOW, ['cell-a']));
  assert.equal(pass.report.orphanedActuals, 3);
  assert.deepEqual(pass.change.stops.map((s) => s.key.index), [0]);
  assert.deepEqual(model.listActualLRPs(null).map((l) => l.key?.index), [0]);
  assert.deepEqual(pass.change.lrpAuctions, [], 'orphans are never auctioned');
});

test('a RUNNING instance on a lost cell becomes SUSPECT and a replacement is auctioned; a CLAIMED one starts over', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 3 }), 0);
  runningInstance(model, 'cell-lost', 'inst-0', 10, 0);
  model.claimActualLRP(GUID, 1, instanceKey('inst-1', 'cell-lost'), 10);
  runningInstance(model, 'cell-a', 'inst-2', 10, 2);
  const { change, report } = model.converge(convergenceInput(20, ['cell-a']));
  assert.equal(report.suspectedInstances, 2);
  assert.deepEqual(states(model, 0), ['ORDINARY/UNCLAIMED/', 'SUSPECT/RUNNING/cell-lost']);
  assert.deepEqual(states(model, 1), ['ORDINARY/UNCLAIMED/']);
  assert.deepEqual(states(model, 2), ['ORDINARY/RUNNING/cell-a']);
  assert.deepEqual(change.lrpAuctions.map((a) => a.indices), [[0, 1]]);
  assert.deepEqual(kinds(change.events), [
    'actual_lrp_instance_changed', 'actual_lrp_instance_created', // index 0: still routed as SUSPECT, replacement created
    'actual_lrp_instance_created', 'actual_lrp_instance_removed', // index 1: a new unclaimed instance for the old claim
  ]);
  assert.equal(ordinary(model, 0).crash_count, 0);
  assert.deepEqual(change.stops, [], 'no cell to stop anything on');
});

test('with no live cells at all every RUNNING instance is suspect (as Diego: an empty cell set)', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 2 }), 0);
  runningInstance(model, 'cell-a', 'i0', 10, 0);
  runningInstance(model, 'cell-b', 'i1', 10, 1);
  const { report } = model.converge(convergenceInput(20, []));
  assert.equal(report.suspectedInstances, 2);
});

test('suspect flow: the replacement runs, the SUSPECT copy goes', () => {
  const model = newModel();
  model.desireLRP(desiredLRP(), 0);
  runningInstance(model, 'cell-a', 'inst-a', 10);
  model.converge(convergenceInput(20, ['cell-b']));
  // A pass while the replacement is not running yet changes nothing.
  let pass = model.converge(convergenceInput(30, ['cell-b']));
  assert.deepEqual(pass.change.writes, []);
  // The replacement runs: its start removes the suspect.
  model.claimActualLRP(GUID, 0, instanceKey('inst-b', 'cell-b'), 40);
  const started = model.startActualLRP(lrpKey(), instanceKey('inst-b', 'cell-b'), netInfo(), 'z1', 50);
  assert.deepEqual(kinds(started.events), ['actual_lrp_instance_changed', 'actual_lrp_instance_removed']);
  assert.deepEqual(states(model), ['ORDINARY/RUNNING/cell-b']);
  // Had the start not removed it, convergence does (and stops it if its cell came back).
  put(model, 0, 'RUNNING', 'cell-a', 'SUSPECT');
  pass = model.converge(convergenceInput(60, ['cell-a', 'cell-b']));
  assert.deepEqual(states(model), ['ORDINARY/RUNNING/cell-b']);
  assert.deepEqual(pass.change.stops.map((s) => s.instance_key.cell_id), ['cell-a']);
  assert.equal(pass.report.promotedSuspects, 0);
});

test('suspect flow: the cell returns before the replacement runs, the SUSPECT is promoted back and the replacement goes', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 2 }), 0);
  runningInstance(model, 'cell-a', 'inst-a0', 10, 0);
  runningInstance(model, 'cell-a', 'inst-a1', 10, 1);
  model.converge(convergenceInput(20, ['cell-b']));
  model.claimActualLRP(GUID, 1, instanceKey('inst-b1', 'cell-b'), 30); // index 1's replacement is claimed on cell-b
  const suspect0 = model.instancesOf(GUID, 0).find((l) => l.presence === 'SUSPECT')!;
  const { change, report } = model.converge(convergenceInput(40, ['cell-a', 'cell-b']));
  assert.equal(report.promotedSuspects, 2);
  assert.deepEqual(states(model, 0), ['ORDINARY/RUNNING/cell-a']);
  assert.deepEqual(states(model, 1), ['ORDINARY/RUNNING/cell-a']);
  assert.deepEqual(change.stops.map((s) => `${s.key.index}/${s.instance_key.cell_id}`), ['1/cell-b'], 'the claimed replacement is stopped');
  const promoted = ordinary(model, 0);
  assert.equal(promoted.instance_key?.instance_guid, 'inst-a0');
  assert.equal(promoted.modification_tag?.epoch, suspect0.modification_tag?.epoch);
  assert.deepEqual(kinds(change.events).slice(0, 2), ['actual_lrp_instance_changed', 'actual_lrp_instance_removed'], 'routes first');
  assert.deepEqual(change.lrpAuctions, []);
});

test('crashed instances restart after their backoff; one that gave up stays', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 3 }), 0);
  put(model, 0, 'CRASHED', '', 'ORDINARY', { crash_count: 3, since: NOW - 30_000 });
  put(model, 1, 'CRASHED', '', 'ORDINARY', { crash_count: 5, since: NOW - 60_000 }); // needs 2 min
  put(model, 2, 'CRASHED', '', 'ORDINARY', { crash_count: 200, since: 0 });
  const { change, report } = model.converge(convergenceInput(NOW, []));
  assert.equal(report.crashedRestarted, 1);
  assert.deepEqual(change.lrpAuctions.map((a) => a.indices), [[0]]);
  assert.deepEqual([0, 1, 2].map((i) => ordinary(model, i).state), ['UNCLAIMED', 'CRASHED', 'CRASHED']);
});

test('stale UNCLAIMED instances are auctioned again without changing them', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 2 }), NOW - CONFIG.staleUnclaimedMs - 1);
  model.failActualLRP(lrpKey(1), 'no room', NOW - 10);
  const before = model.listActualLRPs(null);
  const { change, report } = model.converge(convergenceInput(NOW, []));
  assert.equal(report.staleUnclaimed, 1);
  assert.deepEqual(change.lrpAuctions.map((a) => a.indices), [[0]]);
  assert.deepEqual(change.writes, []);
  assert.deepEqual(model.listActualLRPs(null), before);
});

test('EVACUATING copies on lost cells are removed', () => {
  const model = newModel();
  model.desireLRP(desiredLRP({ instances: 1 }), NOW);
  put(model, 0, 'RUNNING', 'cell-gone', 'EVACUATING');
  const { change } = model.converge(convergenceInput(NOW, ['cell-a']));
  assert.deepEqual(kinds(change.events), ['actual_lrp_instance_removed']);
  assert.deepEqual(states(model), ['ORDINARY/UNCLAIMED/']);
});

test('task rules: expire pending, re-auction stale pending, fail running on lost cells, delete old completed, kick stuck resolving', () => {
  const model = newModel();
  const at = (guid: string, now: number) => model.desireTask(task({ task_guid: guid }), now);
  at('expired', NOW - CONFIG.pendingTaskMaxAgeMs - 1);
  at('stale', NOW - CONFIG.staleUnclaimedMs - 1);
  at('fresh', NOW - 10);
  at('lost', 0);
  model.startTask('lost', 'cell-gone', 1);
  at('alive', 0);
  model.startTask('alive', 'cell-a', 1);
  at('old-done', 0);
  model.startTask('old-done', 'cell-a', 1);
  model.completeTask('old-done', 'cell-a', false, '', 'r', NOW - CONFIG.completedTaskTtlMs - 1);
  at('new-done', 0);
  model.startTask('new-done', 'cell-a', 1);
  model.completeTask('new-done', 'cell-a', false, '', 'r', NOW - 10);
  at('stuck', 0);
  model.startTask('stuck', 'cell-a', 1);
  model.completeTask('stuck', 'cell-a', false, '', 'r', NOW - 1_000);
  model.resolvingTask('stuck', NOW - CONFIG.resolvingTaskTimeoutMs - 1);
  at('stuck-old', 0);
  model.startTask('stuck-old', 'cell-a', 1);
  model.completeTask('stuck-old', 'cell-a', false, '', 'r', 5);
  model.resolvingTask('stuck-old', NOW - CONFIG.resolvingTaskTimeoutMs - 1);

  const { change, report } = model.converge(convergenceInput(NOW, ['cell-a']));
  assert.equal(report.expiredPendingTasks, 1);
  assert.equal(report.reauctionedPendingTasks, 1);
  assert.equal(report.failedTasksOnLostCells, 1);
  assert.equal(report.kickedResolvingTasks, 2);
  assert.equal(report.deletedCompletedTasks, 2, 'old-done, and stuck-old once back to COMPLETED');
  assert.deepEqual(change.taskAuctions.map((t) => t.task_guid), ['stale']);
  const get = (guid: string) => model.getTask(guid);
  assert.deepEqual([get('expired').state, get('expired').failed, get('expired').failure_reason], ['COMPLETED', true, 'not started within time limit']);
  assert.deepEqual([get('lost').state, get('lost').failure_reason, get('lost').cell_id], ['COMPLETED', 'cell disappeared before completion', '']);
  assert.equal(get('alive').state, 'RUNNING');
  assert.equal(get('stuck').state, 'COMPLETED');
  assert.equal(get('new-done').state, 'COMPLETED');
  assert.deepEqual(model.listTasks(null).map((t) => t.task_guid).sort(), ['alive', 'expired', 'fresh', 'lost', 'new-done', 'stale', 'stuck']);
  assert.deepEqual(kinds(change.events.filter((e) => e.task_removed)), ['task_removed', 'task_removed']);
});

test('domains: fresh ones are listed, expired ones pruned by convergence', () => {
  const model = newModel();
  model.upsertDomain('forever', 0, 1_000);
  model.upsertDomain('short', 10, 1_000);
  const change = model.upsertDomain('long', 3600, 1_000);
  assert.deepEqual(change.writes.map((w) => w.key), [Buffer.from('long').toString('hex')]);
  assert.deepEqual(model.listDomains(5_000).map((d) => d.domain).sort(), ['forever', 'long', 'short']);
  assert.deepEqual(model.listDomains(11_000).map((d) => d.domain).sort(), ['forever', 'long']);
  model.converge(convergenceInput(11_000, []));
  assert.deepEqual(model.listDomains(0).map((d) => d.domain).sort(), ['forever', 'long']);
  model.upsertDomain('short', 10, 20_000);
  assert.deepEqual(model.listDomains(25_000).map((d) => d.domain).sort(), ['forever', 'long', 'short']);
});
