import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCell } from '../../../src/auctioneer/simulation/sim-cell.ts';
import type { LRPWork__Output } from '../../../src/generated/gantry/rep/LRPWork.ts';
import type { TaskWork__Output } from '../../../src/generated/gantry/rep/TaskWork.ts';

const cell = (over: Partial<ConstructorParameters<typeof SimCell>[0]> = {}) =>
  new SimCell({ cellId: 'c1', zone: 'z1', stacks: ['fs'], capacity: { memoryMb: 1000, diskMb: 1000, containers: 3, pids: 100 }, ...over });
const lrp = (processGuid: string, index: number, over: Partial<LRPWork__Output> = {}): LRPWork__Output => ({
  process_guid: processGuid, index, domain: 'd', rootfs: 'fs', memory_mb: 400, disk_mb: 100, max_pids: 0, placement_tags: [], ...over,
});
const task = (taskGuid: string, over: Partial<TaskWork__Output> = {}): TaskWork__Output => ({
  task_guid: taskGuid, domain: 'd', rootfs: 'fs', memory_mb: 100, disk_mb: 100, max_pids: 0, placement_tags: [], ...over,
});

test('Perform reserves what fits in order and answers with what it refused', () => {
  const c = cell();
  const res = c.perform({ lrps: [lrp('a', 0), lrp('a', 1), lrp('a', 2)], tasks: [task('t')] }, 0);
  assert.deepEqual(res.refused_lrps!.map((w) => w.index), [2], 'memory: 400 + 400 leaves 200');
  assert.deepEqual(res.refused_tasks, []);
  assert.deepEqual(c.available, { memoryMb: 100, diskMb: 700, containers: 0, pids: 100 });
  const state = c.state(0, 'addr');
  assert.equal(state.lrps!.length, 2);
  assert.equal(state.tasks!.length, 1);
  assert.deepEqual(state.available, { memory_mb: 100, disk_mb: 700, containers: 0, pids: 100 });
});

test('Perform refuses a stack or tags the cell lacks, pids beyond its room, duplicates, and an evacuating cell takes nothing', () => {
  const c = cell({ placementTags: ['iso'], optionalPlacementTags: ['ssd'] });
  const res = c.perform({
    lrps: [
      lrp('a', 0, { placement_tags: ['iso'] }),
      lrp('a', 0, { placement_tags: ['iso'] }),
      lrp('b', 0, { placement_tags: [] }),
      lrp('c', 0, { rootfs: 'other', placement_tags: ['iso'] }),
      lrp('d', 0, { placement_tags: ['iso', 'gpu'] }),
      lrp('e', 0, { placement_tags: ['iso', 'ssd'], memory_mb: 10, max_pids: 101 }),
      lrp('f', 0, { placement_tags: ['iso', 'ssd'], memory_mb: 10, max_pids: 100 }),
    ],
    tasks: [],
  }, 0);
  assert.deepEqual(res.refused_lrps!.map((w) => w.process_guid), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(c.lrpCount, 2);
  assert.equal(c.available.pids, 0);
  const e = cell({ evacuating: true });
  assert.equal(e.perform({ lrps: [lrp('a', 0)], tasks: [task('t')] }, 0).refused_lrps!.length, 1);
  assert.equal(e.lrpCount + e.taskCount, 0);
});

test('a refuser may turn work down even when it fits', () => {
  const c = cell();
  const res = c.perform({ lrps: [lrp('a', 0), lrp('a', 1)], tasks: [] }, 0, (w) => 'index' in w && w.index === 0);
  assert.deepEqual(res.refused_lrps!.map((w) => w.index), [0]);
  assert.equal(c.lrpCount, 1);
});

test('stopping an instance and cancelling a task give their resources back', () => {
  const c = cell();
  c.perform({ lrps: [lrp('a', 0)], tasks: [task('t')] }, 0);
  const guid = c.state(0, '').lrps![0]!.instance_guid!;
  assert.equal(c.stopLRP('a', 0, 'not-the-instance'), false);
  assert.equal(c.stopLRP('a', 0, guid), true);
  assert.equal(c.cancelTask('t'), true);
  assert.equal(c.cancelTask('t'), false);
  assert.deepEqual(c.available, { memoryMb: 1000, diskMb: 1000, containers: 3, pids: 100 });
});

test('instances count as starting for startDurationMs, then as running', () => {
  const c = cell({ startDurationMs: 100 });
  c.perform({ lrps: [lrp('a', 0)], tasks: [task('t')] }, 1000);
  const early = c.state(1050, '');
  assert.equal(early.starting_containers, 2);
  assert.equal(early.lrps![0]!.state, 'STARTING');
  const later = c.state(1100, '');
  assert.equal(later.starting_containers, 0);
  assert.equal(later.lrps![0]!.state, 'RUNNING');
});

test('the snapshot is the auction-shaped view of what the cell holds', () => {
  const c = cell();
  c.perform({ lrps: [lrp('a', 0)], tasks: [task('t')] }, 0);
  const s = c.snapshot();
  assert.deepEqual(s.lrps, [{ processGuid: 'a', index: 0, memoryMb: 400, diskMb: 100 }]);
  assert.deepEqual(s.tasks, [{ taskGuid: 't', memoryMb: 100, diskMb: 100 }]);
  assert.equal(s.available.memoryMb, 500);
});

test('the pre-encoded State decodes to exactly the State answer, starting counts included', async () => {
  const { codec } = await import('../../../src/common/proto.ts');
  const decode = codec<Record<string, unknown>>('gantry.rep.CellState').decode;
  const encode = codec<Record<string, unknown>>('gantry.rep.CellState').encode;
  const c = cell({ startDurationMs: 100, placementTags: ['iso'], optionalPlacementTags: ['ssd'] });
  c.perform({ lrps: [lrp('a', 0, { placement_tags: ['iso'] }), lrp('b', 3, { placement_tags: ['iso', 'ssd'], max_pids: 7 })], tasks: [task('t', { placement_tags: ['iso'] })] }, 1000);
  for (const now of [1050, 1200]) {
    const expected = decode(encode(c.state(now, '127.0.0.1:1')));
    assert.deepEqual(decode(c.encodedState(now, '127.0.0.1:1')), expected);
  }
  assert.equal((decode(c.encodedState(1050, '')) as { starting_containers: number }).starting_containers, 3);
});

test('a cell can start with load already on it', () => {
  const c = new SimCell({
    cellId: 'c', zone: 'z', stacks: ['fs'], capacity: { memoryMb: 1000, diskMb: 1000, containers: 10, pids: 100 },
    initial: { available: { memoryMb: 600, diskMb: 700, containers: 8, pids: 100 }, lrps: [{ processGuid: 'old', index: 0, memoryMb: 300, diskMb: 200 }], tasks: [{ taskGuid: 'ot', memoryMb: 100, diskMb: 100 }] },
  });
  assert.equal(c.lrpCount, 1);
  assert.equal(c.taskCount, 1);
  assert.deepEqual(c.available, { memoryMb: 600, diskMb: 700, containers: 8, pids: 100 });
  assert.equal(c.perform({ lrps: [lrp('old', 0)], tasks: [] }, 0).refused_lrps!.length, 1, 'it already runs old/0');
});
