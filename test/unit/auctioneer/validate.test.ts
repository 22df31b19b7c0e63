import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { RpcError } from '../../../src/common/errors.ts';
import { validateLRPAuctions, validateTaskAuctions } from '../../../src/auctioneer/validate.ts';
import type { LRPStartRequest__Output } from '../../../src/generated/gantry/auctioneer/LRPStartRequest.ts';
import type { TaskStartRequest__Output } from '../../../src/generated/gantry/auctioneer/TaskStartRequest.ts';

const start = (over: Partial<LRPStartRequest__Output> = {}): LRPStartRequest__Output => ({
  process_guid: 'web-1', domain: 'apps', indices: [0, 1], rootfs: 'gantry:bookworm', memory_mb: 256, disk_mb: 512, max_pids: 0, placement_tags: [], ...over,
});
const task = (over: Partial<TaskStartRequest__Output> = {}): TaskStartRequest__Output => ({
  task_guid: 'task_1', domain: 'apps', rootfs: 'gantry:bookworm', memory_mb: 256, disk_mb: 512, max_pids: 0, placement_tags: [], ...over,
});

function rejects(fn: () => void, message: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof RpcError);
    assert.equal(err.code, status.INVALID_ARGUMENT);
    assert.match(err.message, message);
    return true;
  });
}

test('good requests pass, including an empty one', () => {
  validateLRPAuctions({ starts: [start(), start({ process_guid: 'A_b-9', placement_tags: ['ssd'] })] });
  validateLRPAuctions({ starts: [] });
  validateTaskAuctions({ tasks: [task()] });
  validateTaskAuctions({ tasks: [] });
});

test('each bad LRP field is named, with the position of the start', () => {
  const cases: [Partial<LRPStartRequest__Output>, RegExp][] = [
    [{ process_guid: '' }, /^starts\[1\]\.process_guid: is required/],
    [{ process_guid: 'has.dot' }, /^starts\[1\]\.process_guid: .*letters, digits/],
    [{ process_guid: 'white space' }, /^starts\[1\]\.process_guid/],
    [{ domain: '' }, /^starts\[1\]\.domain: is required/],
    [{ indices: [] }, /^starts\[1\]\.indices: must name at least one/],
    [{ indices: [0, -1] }, /^starts\[1\]\.indices\[1\]: must be 0 or more, got -1/],
    [{ rootfs: '' }, /^starts\[1\]\.rootfs: is required/],
    [{ memory_mb: -1 }, /^starts\[1\]\.memory_mb: must be 0 or more/],
    [{ disk_mb: -5 }, /^starts\[1\]\.disk_mb: must be 0 or more/],
    [{ max_pids: -2 }, /^starts\[1\]\.max_pids: must be 0 or more/],
    [{ placement_tags: ['ok', ''] }, /^starts\[1\]\.placement_tags\[1\]: must not be empty/],
  ];
  for (const [over, message] of cases) rejects(() => validateLRPAuctions({ starts: [start(), start(over)] }), message);
});

test('each bad task field is named', () => {
  const cases: [Partial<TaskStartRequest__Output>, RegExp][] = [
    [{ task_guid: '' }, /^tasks\[0\]\.task_guid: is required/],
    [{ task_guid: 'a/b' }, /^tasks\[0\]\.task_guid/],
    [{ domain: '' }, /^tasks\[0\]\.domain: is required/],
    [{ rootfs: '' }, /^tasks\[0\]\.rootfs: is required/],
    [{ memory_mb: -1 }, /^tasks\[0\]\.memory_mb/],
    [{ disk_mb: -1 }, /^tasks\[0\]\.disk_mb/],
    [{ max_pids: -1 }, /^tasks\[0\]\.max_pids/],
    [{ placement_tags: [''] }, /^tasks\[0\]\.placement_tags\[0\]/],
  ];
  for (const [over, message] of cases) rejects(() => validateTaskAuctions({ tasks: [task(over)] }), message);
});
