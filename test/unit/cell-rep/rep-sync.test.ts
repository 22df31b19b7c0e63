import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideSync, recountHoldings, containerMissing, type SyncAction } from '../../../src/cell-rep/sync.ts';
import type { ContainerInfo } from '../../../src/cell-rep/executor/types.ts';
import type { ActualLRP, Task } from '../../../src/common/models.ts';

const cell = 'cell-1';

function container(guid: string, kind: 'lrp' | 'task' = 'lrp', status: 'running' | 'exited' = 'running'): ContainerInfo {
  return {
    guid,
    tags: kind === 'lrp' ? { kind, processGuid: 'pg', index: 0, instanceGuid: guid, domain: 'd' } : { kind, taskGuid: guid, domain: 'd' },
    memoryMb: 128, diskMb: 256, maxPids: 64,
    ports: kind === 'lrp' ? [{ container_port: 8080, host_port: 61000 }] : [],
    status,
  };
}

function lrp(instanceGuid: string, state: ActualLRP['state'], opts: { cellId?: string; presence?: ActualLRP['presence']; index?: number } = {}): ActualLRP {
  return {
    key: { process_guid: 'pg', index: opts.index ?? 0, domain: 'd' },
    instance_key: { instance_guid: instanceGuid, cell_id: opts.cellId ?? cell },
    net_info: null, state, presence: opts.presence ?? 'ORDINARY', crash_count: 0, crash_reason: '', placement_error: '', since: 0,
    modification_tag: null, availability_zone: '',
  };
}

function task(guid: string, state: Task['state'], cellId = cell): Task {
  return { task_guid: guid, state, cell_id: cellId } as Task;
}

const types = (a: SyncAction[]) => a.map((x) => `${x.type}:${'guid' in x ? x.guid : 'container' in x ? x.container.guid : 'actualLrp' in x ? x.actualLrp.instance_key!.instance_guid : x.task.task_guid}`).sort();

describe('decideSync', () => {
  it('does nothing when containers and the BBS agree and the rep handles them', () => {
    const a = decideSync({ cellId: cell, containers: [container('i1')], actualLrps: [lrp('i1', 'RUNNING')], tasks: [], held: [{ guid: 'i1', kind: 'lrp', state: 'RUNNING' }] });
    assert.deepEqual(a, []);
  });

  it('destroys a container with no ActualLRP, or one whose ActualLRP is another cell\'s or crashed', () => {
    const a = decideSync({
      cellId: cell,
      containers: [container('none'), container('elsewhere'), container('crashed')],
      actualLrps: [lrp('elsewhere', 'RUNNING', { cellId: 'cell-2' }), lrp('crashed', 'CRASHED')],
      tasks: [], held: [],
    });
    assert.deepEqual(types(a), ['destroy-container:crashed', 'destroy-container:elsewhere', 'destroy-container:none']);
  });

  it('stops (through its runner) an instance the rep handles but the BBS no longer has here', () => {
    const a = decideSync({ cellId: cell, containers: [container('i1')], actualLrps: [], tasks: [], held: [{ guid: 'i1', kind: 'lrp', state: 'RUNNING' }] });
    assert.deepEqual(types(a), ['stop-instance:i1']);
  });

  it('adopts a container the rep does not handle whose ActualLRP is ours (CLAIMED or RUNNING)', () => {
    const a = decideSync({
      cellId: cell, containers: [container('r'), container('c')], actualLrps: [lrp('r', 'RUNNING'), lrp('c', 'CLAIMED', { index: 1 })], tasks: [], held: [],
    });
    assert.deepEqual(types(a), ['adopt-lrp:c', 'adopt-lrp:r']);
    const adoptR = a.find((x) => x.type === 'adopt-lrp' && x.container.guid === 'r');
    assert.equal(adoptR?.type === 'adopt-lrp' && adoptR.actualLrp.state, 'RUNNING');
  });

  it('adopts a container whose row is SUSPECT or EVACUATING: it is still this instance', () => {
    const a = decideSync({ cellId: cell, containers: [container('s'), container('e')], actualLrps: [lrp('s', 'RUNNING', { presence: 'SUSPECT' }), lrp('e', 'RUNNING', { presence: 'EVACUATING' })], tasks: [], held: [] });
    assert.deepEqual(types(a), ['adopt-lrp:e', 'adopt-lrp:s']);
  });

  it('reports ActualLRPs with no container: CLAIMED → remove, RUNNING → crash "container missing", EVACUATING → remove evacuating', () => {
    const a = decideSync({
      cellId: cell, containers: [],
      actualLrps: [lrp('c', 'CLAIMED'), lrp('r', 'RUNNING', { index: 1 }), lrp('e', 'RUNNING', { index: 2, presence: 'EVACUATING' }), lrp('u', 'UNCLAIMED', { index: 3 }), lrp('x', 'CRASHED', { index: 4 })],
      tasks: [], held: [],
    });
    assert.deepEqual(types(a), ['crash-actual-lrp:r', 'remove-actual-lrp:c', 'remove-evacuating-actual-lrp:e']);
    const crash = a.find((x) => x.type === 'crash-actual-lrp');
    assert.equal(crash?.type === 'crash-actual-lrp' && crash.reason, containerMissing);
  });

  it('leaves alone what the rep is handling right now (a claim whose container does not exist yet)', () => {
    const a = decideSync({
      cellId: cell, containers: [], actualLrps: [lrp('starting', 'CLAIMED')], tasks: [task('t', 'RUNNING')],
      held: [{ guid: 'starting', kind: 'lrp', state: 'STARTING' }, { guid: 't', kind: 'task', state: 'RESERVED' }],
    });
    assert.deepEqual(a, []);
  });

  it('skips containers whose instance is stopping, and instances that ended during the pass', () => {
    const a = decideSync({
      cellId: cell, containers: [container('s')], actualLrps: [lrp('gone', 'RUNNING', { index: 1 })], tasks: [],
      held: [{ guid: 's', kind: 'lrp', state: 'STOPPING' }, { guid: 'gone', kind: 'lrp', state: 'STOPPING' }],
    });
    assert.deepEqual(a, []);
  });

  it('tasks: adopts a running one, destroys one whose task is done or gone, fails a running task with no container', () => {
    const a = decideSync({
      cellId: cell,
      containers: [container('run', 'task'), container('done', 'task'), container('gone', 'task')],
      actualLrps: [],
      tasks: [task('run', 'RUNNING'), task('done', 'COMPLETED'), task('lost', 'RUNNING'), task('pending', 'PENDING')],
      held: [],
    });
    assert.deepEqual(types(a), ['adopt-task:run', 'destroy-container:done', 'destroy-container:gone', 'fail-task:lost']);
  });

  it('tasks: stops a handled task the BBS has completed (cancelled)', () => {
    const a = decideSync({ cellId: cell, containers: [container('t', 'task')], actualLrps: [], tasks: [task('t', 'COMPLETED')], held: [{ guid: 't', kind: 'task', state: 'RUNNING' }] });
    assert.deepEqual(types(a), ['stop-instance:t']);
  });
});

describe('recountHoldings', () => {
  it('counts what the rep handles now plus unknown containers still there', () => {
    const h = recountHoldings({
      containers: [container('handled'), container('unknown'), container('destroyed'), container('ended')],
      heldAtStart: new Set(['handled', 'ended']),
      destroyed: new Set(['destroyed']),
      heldNow: [
        { guid: 'handled', need: { memoryMb: 128, diskMb: 256, maxPids: 64 }, ports: [{ container_port: 8080, host_port: 61001 }] },
        { guid: 'reserved', need: { memoryMb: 512, diskMb: 1, maxPids: 0 }, ports: [] },
      ],
    });
    assert.deepEqual(h.reservations.map((r) => r.key).sort(), ['handled', 'reserved', 'unknown']);
    assert.deepEqual(h.ports.get('handled'), [61001]);
    assert.deepEqual(h.ports.get('unknown'), [61000]);
    assert.equal(h.ports.has('ended'), false, 'a container whose runner ended since the listing is gone');
  });
});
