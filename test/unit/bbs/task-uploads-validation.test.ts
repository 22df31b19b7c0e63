// A task's uploads (files the cell stores in the object store after the task
// exits 0): each must name an absolute path inside the container.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { statusOf } from '../../../src/common/errors.ts';
import { MAX_UPLOADS, validateTask } from '../../../src/bbs/tasks/validation.ts';
import { task } from './helpers.ts';

const rejects = (uploads: { from: string }[], field: string, reason: RegExp) =>
  assert.throws(() => validateTask(task({ uploads })), (err) => {
    assert.equal(statusOf(err), status.INVALID_ARGUMENT);
    assert.ok((err as Error).message.startsWith(`${field}: `), (err as Error).message);
    assert.match((err as Error).message, reason);
    return true;
  });

describe('task uploads validation', () => {
  it('accepts absolute paths, and no uploads', () => {
    validateTask(task({ uploads: [] }));
    validateTask(task({ uploads: [{ from: '/tmp/staging-out/droplet.tgz' }, { from: '/home/vcap/cache.tgz' }] }));
  });

  it('refuses a missing, relative or climbing path, naming the upload', () => {
    rejects([{ from: '/ok' }, { from: '' }], 'task.uploads[1].from', /required/);
    rejects([{ from: 'droplet.tgz' }], 'task.uploads[0].from', /absolute path/);
    rejects([{ from: '/tmp/../etc/passwd' }], 'task.uploads[0].from', /'\.\.'/);
  });

  it('refuses too many uploads', () => {
    rejects(Array.from({ length: MAX_UPLOADS + 1 }, (_, i) => ({ from: `/f${i}` })), 'task.uploads', /at most/);
  });
});
