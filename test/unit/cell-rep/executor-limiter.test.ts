import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Limiter } from '../../../src/cell-rep/executor/docker/limiter.ts';

const tick = () => new Promise((r) => setImmediate(r));

test('no more than max at once, the rest in arrival order; a failure frees its place', async () => {
  const limiter = new Limiter(2);
  const order: string[] = [];
  let running = 0;
  let peak = 0;
  const releases: (() => void)[] = [];
  const job = (name: string, fail = false) =>
    limiter.run(async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(name);
      await new Promise<void>((r) => releases.push(r));
      running--;
      if (fail) throw new Error(name);
      return name;
    });
  const a = job('a', true);
  const b = job('b');
  const c = job('c');
  const d = job('d');
  await tick();
  assert.deepEqual(order, ['a', 'b']);
  assert.equal(limiter.queued, 2);
  releases.shift()!();
  await assert.rejects(a, { message: 'a' });
  await tick();
  assert.deepEqual(order, ['a', 'b', 'c']);
  while (releases.length) {
    releases.shift()!();
    await tick();
    await tick();
  }
  assert.deepEqual(await Promise.all([b, c, d]), ['b', 'c', 'd']);
  assert.equal(peak, 2);
});

test('0 means no limit', async () => {
  const limiter = new Limiter(0);
  let running = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 10 }, () =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        running--;
      }),
    ),
  );
  assert.equal(peak, 10);
});
