import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { canRun, validateWork } from '../../../src/cell-rep/work.ts';
import { RpcError } from '../../../src/common/errors.ts';
import { taskOutcome } from '../../../src/cell-rep/tasks.ts';

const lrp = { process_guid: 'pg', index: 0, domain: 'd', rootfs: 'bookworm', memory_mb: 128, disk_mb: 256, max_pids: 0, placement_tags: [] };
const task = { task_guid: 't', domain: 'd', rootfs: 'bookworm', memory_mb: 128, disk_mb: 256, max_pids: 0, placement_tags: [] };

function invalid(fn: () => void, field: string) {
  assert.throws(fn, (err: unknown) => err instanceof RpcError && err.code === status.INVALID_ARGUMENT && err.message.startsWith(field));
}

describe('validateWork', () => {
  it('accepts well-formed work', () => {
    validateWork({ lrps: [lrp], tasks: [task] });
    validateWork({ lrps: [], tasks: [] });
  });

  it('names the bad field', () => {
    invalid(() => validateWork({ lrps: [lrp, { ...lrp, process_guid: '' }], tasks: [] }), 'lrps[1].process_guid');
    invalid(() => validateWork({ lrps: [{ ...lrp, index: -1 }], tasks: [] }), 'lrps[0].index');
    invalid(() => validateWork({ lrps: [{ ...lrp, memory_mb: -5 }], tasks: [] }), 'lrps[0].memory_mb');
    invalid(() => validateWork({ lrps: [{ ...lrp, rootfs: ' ' }], tasks: [] }), 'lrps[0].rootfs');
    invalid(() => validateWork({ lrps: [], tasks: [{ ...task, task_guid: '' }] }), 'tasks[0].task_guid');
    invalid(() => validateWork({ lrps: [], tasks: [{ ...task, max_pids: -1 }] }), 'tasks[0].max_pids');
  });
});

describe('canRun', () => {
  const cell = { stacks: ['bookworm'], placementTags: ['gpu'], optionalPlacementTags: ['ssd'] };
  it('needs the stack', () => {
    assert.equal(canRun(cell, 'bullseye', ['gpu']), false);
    assert.equal(canRun(cell, 'bookworm', ['gpu']), true);
  });
  it('a tagged cell takes only work that asks for its required tags, and tags it has', () => {
    assert.equal(canRun(cell, 'bookworm', []), false);
    assert.equal(canRun(cell, 'bookworm', ['gpu', 'ssd']), true);
    assert.equal(canRun(cell, 'bookworm', ['gpu', 'arm']), false);
    assert.equal(canRun({ stacks: ['bookworm'], placementTags: [], optionalPlacementTags: [] }, 'bookworm', []), true);
  });
});

describe('taskOutcome', () => {
  it('exit 0 succeeds with the result', () => {
    assert.deepEqual(taskOutcome({ exitCode: 0, oomKilled: false, reason: 'exited with code 0', result: '42' }), { failed: false, failureReason: '', result: '42' });
  });
  it('a non-zero exit or an OOM kill fails with the reason', () => {
    assert.deepEqual(taskOutcome({ exitCode: 3, oomKilled: false, reason: 'exited with code 3' }), { failed: true, failureReason: 'exited with code 3', result: '' });
    assert.equal(taskOutcome({ exitCode: 137, oomKilled: true, reason: 'out of memory (OOM killed)' }).failureReason, 'out of memory (OOM killed)');
  });
});
