import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchLoop, WorkQueue, type BatchWork } from '../../../src/auctioneer/batch.ts';
import type { LRPWork, TaskWork } from '../../../src/auctioneer/auction/types.ts';

const lrp = (processGuid: string, index: number, memoryMb = 128): LRPWork => ({
  processGuid, index, domain: 'd', stack: 's', memoryMb, diskMb: 0, maxPids: 0, placementTags: [],
});
const task = (taskGuid: string, memoryMb = 128): TaskWork => ({ taskGuid, domain: 'd', stack: 's', memoryMb, diskMb: 0, maxPids: 0, placementTags: [] });

test('the queue coalesces the same instance and the same task, keeping the first place and the latest content', () => {
  const q = new WorkQueue();
  assert.equal(q.addLRPs([lrp('a', 0), lrp('a', 1), lrp('b', 0)]), 3);
  assert.equal(q.addTasks([task('t1')]), 1);
  assert.equal(q.addLRPs([lrp('a', 0, 512), lrp('a', 2)]), 1, 'a/0 again is coalesced; a/2 is new');
  assert.equal(q.addTasks([task('t1', 256)]), 0);
  assert.equal(q.size, 5);
  const batch = q.drain();
  assert.deepEqual(batch.lrps.map((w) => `${w.processGuid}/${w.index}`), ['a/0', 'a/1', 'b/0', 'a/2']);
  assert.equal(batch.lrps[0]!.memoryMb, 512);
  assert.deepEqual(batch.tasks.map((t) => [t.taskGuid, t.memoryMb]), [['t1', 256]]);
  assert.equal(q.size, 0);
});

test('an instance index of one app is not a duplicate of the same index of another app', () => {
  const q = new WorkQueue();
  q.addLRPs([lrp('a', 0), lrp('b', 0), lrp('a-0', 0)]);
  assert.equal(q.size, 3);
});

test('drain takes at most max, oldest first, and leaves the rest in order', () => {
  const q = new WorkQueue();
  q.addLRPs([lrp('a', 0), lrp('a', 1)]);
  q.addTasks([task('t')]);
  q.addLRPs([lrp('a', 2)]);
  const first = q.drain(3);
  assert.deepEqual([...first.lrps.map((w) => w.index), ...first.tasks.map((t) => t.taskGuid)], [0, 1, 't']);
  assert.equal(q.size, 1);
  assert.deepEqual(q.drain(3).lrps.map((w) => w.index), [2]);
  assert.equal(q.clear(), 0);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recordingLoop(opts: { windowMs: number; maxBatchSize?: number; batchMs?: number }) {
  const queue = new WorkQueue();
  const batches: { work: BatchWork; at: number }[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const errors: unknown[] = [];
  const loop = new BatchLoop({
    queue,
    windowMs: opts.windowMs,
    maxBatchSize: opts.maxBatchSize ?? 0,
    run: async (work) => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      batches.push({ work, at: Date.now() });
      await sleep(opts.batchMs ?? 0);
      concurrent--;
    },
    onError: (e) => errors.push(e),
  });
  return { queue, loop, batches, errors, maxConcurrent: () => maxConcurrent };
}

test('requests within the window are auctioned together', async () => {
  const { queue, loop, batches } = recordingLoop({ windowMs: 40 });
  loop.resume();
  const start = Date.now();
  queue.addLRPs([lrp('a', 0)]);
  loop.notify();
  await sleep(10);
  queue.addLRPs([lrp('b', 0)]);
  loop.notify();
  queue.addTasks([task('t')]);
  loop.notify();
  await loop.idle();
  assert.equal(batches.length, 1);
  assert.equal(batches[0]!.work.lrps.length, 2);
  assert.equal(batches[0]!.work.tasks.length, 1);
  assert.ok(batches[0]!.at - start >= 35, `the batch waited for the window (${batches[0]!.at - start} ms)`);
});

test('work arriving during a batch goes into the next, which starts as soon as the previous ends; never two at once', async () => {
  const { queue, loop, batches, maxConcurrent } = recordingLoop({ windowMs: 10, batchMs: 60 });
  loop.resume();
  queue.addLRPs([lrp('a', 0)]);
  loop.notify();
  await sleep(30); // the first batch is running
  queue.addLRPs([lrp('b', 0)]);
  loop.notify();
  queue.addLRPs([lrp('c', 0)]);
  loop.notify();
  await loop.idle();
  assert.equal(batches.length, 2);
  assert.deepEqual(batches[1]!.work.lrps.map((w) => w.processGuid), ['b', 'c']);
  const gap = batches[1]!.at - (batches[0]!.at + 60);
  assert.ok(gap < 10, `the second batch started right after the first (gap ${gap} ms)`);
  assert.equal(maxConcurrent(), 1);
});

test('a backlog beyond the cap drains over consecutive batches', async () => {
  const { queue, loop, batches } = recordingLoop({ windowMs: 5, maxBatchSize: 4 });
  loop.resume();
  queue.addLRPs(Array.from({ length: 10 }, (_, i) => lrp('a', i)));
  loop.notify();
  await loop.idle();
  assert.deepEqual(batches.map((b) => b.work.lrps.length), [4, 4, 2]);
  assert.deepEqual(batches.flatMap((b) => b.work.lrps.map((w) => w.index)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('a paused loop runs nothing; resume(notBefore) holds the first batch until then', async () => {
  const { queue, loop, batches } = recordingLoop({ windowMs: 5 });
  queue.addLRPs([lrp('a', 0)]);
  loop.notify();
  await sleep(30);
  assert.equal(batches.length, 0, 'paused at construction');
  const start = Date.now();
  loop.resume(start + 80);
  await loop.idle();
  assert.equal(batches.length, 1);
  assert.ok(batches[0]!.at - start >= 75, `held until notBefore (${batches[0]!.at - start} ms)`);
  await loop.stop();
});

test('a batch that throws is reported and the loop goes on', async () => {
  const queue = new WorkQueue();
  const errors: unknown[] = [];
  let runs = 0;
  const loop = new BatchLoop({
    queue,
    windowMs: 1,
    maxBatchSize: 1,
    run: async () => {
      runs++;
      if (runs === 1) throw new Error('boom');
    },
    onError: (e) => errors.push(e),
  });
  loop.resume();
  queue.addLRPs([lrp('a', 0), lrp('a', 1)]);
  loop.notify();
  await loop.idle();
  assert.equal(runs, 2);
  assert.equal(errors.length, 1);
});
