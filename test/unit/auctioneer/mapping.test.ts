import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cellStateFromRep, failActualLRPRequest, lrpWorkFromStart, performRequest, rejectTaskRequest, taskWorkFromStart,
} from '../../../src/auctioneer/mapping.ts';
import type { CellState__Output } from '../../../src/generated/gantry/rep/CellState.ts';

test('an LRP start becomes one piece of work per index, with the rootfs as the stack', () => {
  const work = lrpWorkFromStart({
    process_guid: 'web', domain: 'apps', indices: [0, 3], rootfs: 'gantry:bookworm', memory_mb: 256, disk_mb: 512, max_pids: 100, placement_tags: ['ssd'],
  });
  assert.deepEqual(work, [
    { processGuid: 'web', index: 0, domain: 'apps', stack: 'gantry:bookworm', memoryMb: 256, diskMb: 512, maxPids: 100, placementTags: ['ssd'] },
    { processGuid: 'web', index: 3, domain: 'apps', stack: 'gantry:bookworm', memoryMb: 256, diskMb: 512, maxPids: 100, placementTags: ['ssd'] },
  ]);
});

test('a task start maps field for field', () => {
  assert.deepEqual(
    taskWorkFromStart({ task_guid: 't-1', domain: 'apps', rootfs: 'fs', memory_mb: 64, disk_mb: 32, max_pids: 0, placement_tags: [] }),
    { taskGuid: 't-1', domain: 'apps', stack: 'fs', memoryMb: 64, diskMb: 32, maxPids: 0, placementTags: [] },
  );
});

test("a rep's State maps onto the auction's CellState, keyed by the id the auctioneer knows the cell by", () => {
  const rep: CellState__Output = {
    cell_id: 'whatever-the-rep-says',
    rep_address: '127.0.0.1:1800',
    zone: 'z1',
    stacks: ['fs'],
    placement_tags: ['gpu'],
    optional_placement_tags: ['ssd'],
    total: { memory_mb: 1000, disk_mb: 2000, containers: 10, pids: 500 },
    available: { memory_mb: 600, disk_mb: 1500, containers: 8, pids: 400 },
    lrps: [{ process_guid: 'web', index: 1, instance_guid: 'i', memory_mb: 300, disk_mb: 400, max_pids: 100, state: 'RUNNING' }],
    tasks: [{ task_guid: 't', memory_mb: 100, disk_mb: 100, max_pids: 0, state: 'RUNNING' }],
    starting_containers: 1,
    evacuating: true,
  };
  assert.deepEqual(cellStateFromRep('cell-1', rep), {
    cellId: 'cell-1',
    zone: 'z1',
    stacks: ['fs'],
    placementTags: ['gpu'],
    optionalPlacementTags: ['ssd'],
    total: { memoryMb: 1000, diskMb: 2000, containers: 10, pids: 500 },
    available: { memoryMb: 600, diskMb: 1500, containers: 8, pids: 400 },
    lrps: [{ processGuid: 'web', index: 1, memoryMb: 300, diskMb: 400 }],
    tasks: [{ taskGuid: 't', memoryMb: 100, diskMb: 100 }],
    startingContainers: 1,
    evacuating: true,
  });
});

test('a State without resources counts as a cell with nothing', () => {
  const state = cellStateFromRep('c', {
    cell_id: 'c', rep_address: '', zone: '', stacks: [], placement_tags: [], optional_placement_tags: [],
    total: null, available: null, lrps: [], tasks: [], starting_containers: 0, evacuating: false,
  });
  assert.deepEqual(state.total, { memoryMb: 0, diskMb: 0, containers: 0, pids: 0 });
  assert.deepEqual(state.available, { memoryMb: 0, diskMb: 0, containers: 0, pids: 0 });
});

test('placements become the rep Work message; failures become the BBS requests', () => {
  const l = { processGuid: 'web', index: 2, domain: 'apps', stack: 'fs', memoryMb: 1, diskMb: 2, maxPids: 3, placementTags: ['a'] };
  const t = { taskGuid: 't', domain: 'apps', stack: 'fs', memoryMb: 4, diskMb: 5, maxPids: 6, placementTags: [] };
  assert.deepEqual(performRequest([l], [t]), {
    lrps: [{ process_guid: 'web', index: 2, domain: 'apps', rootfs: 'fs', memory_mb: 1, disk_mb: 2, max_pids: 3, placement_tags: ['a'] }],
    tasks: [{ task_guid: 't', domain: 'apps', rootfs: 'fs', memory_mb: 4, disk_mb: 5, max_pids: 6, placement_tags: [] }],
  });
  assert.deepEqual(failActualLRPRequest(l, 'insufficient resources: memory'), {
    key: { process_guid: 'web', index: 2, domain: 'apps' },
    error_message: 'insufficient resources: memory',
  });
  assert.deepEqual(rejectTaskRequest(t, 'no cells available'), { task_guid: 't', rejection_reason: 'no cells available' });
});
