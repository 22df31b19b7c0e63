import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NatsConnection } from 'nats';
import { CellRegistry } from '../../../src/auctioneer/cells.ts';
import { createLogger, setLogSink } from '../../../src/common/log.ts';
import type { CellPresence } from '../../../src/common/models.ts';

setLogSink(() => {});
// The registry's bookkeeping only: start() (the NATS subscription) is never called.
const registry = () => new CellRegistry({ nc: {} as NatsConnection, log: createLogger('test'), cellTimeoutMs: 1000, sweepIntervalMs: 250 });
const presence = (cellId: string, address = '127.0.0.1:1800'): CellPresence => ({
  cell_id: cellId, rep_address: address, zone: 'z1', capacity: null, stacks: [], placement_tags: [], optional_placement_tags: [], evacuating: false, sent_at: 0,
});

test('a heartbeat adds a cell; another refreshes it and keeps its channel', () => {
  const r = registry();
  r.observe(presence('c1'), 1000);
  const first = r.get('c1')!;
  r.observe(presence('c1'), 1500);
  assert.equal(r.size, 1);
  assert.equal(r.get('c1'), first);
  assert.equal(first.lastSeen, 1500);
  r.stop();
});

test('a cell whose rep moved gets a new channel', () => {
  const r = registry();
  r.observe(presence('c1', '127.0.0.1:1800'), 1000);
  const before = r.get('c1')!.client;
  r.observe(presence('c1', '127.0.0.1:1801'), 1100);
  assert.notEqual(r.get('c1')!.client, before);
  assert.equal(r.get('c1')!.address, '127.0.0.1:1801');
  r.stop();
});

test('presence without an id or address is ignored', () => {
  const r = registry();
  r.observe(presence(''), 1000);
  r.observe(presence('c1', ''), 1000);
  assert.equal(r.size, 0);
});

test('a cell silent for longer than the timeout is dropped at the next sweep', () => {
  const r = registry();
  r.observe(presence('c1'), 1000);
  r.observe(presence('c2'), 1000);
  r.sweep(1250);
  r.sweep(1500);
  r.observe(presence('c2'), 1600);
  r.sweep(1750);
  r.sweep(2000);
  assert.equal(r.size, 2, 'exactly at the timeout it is kept');
  r.sweep(2250);
  assert.deepEqual(r.live().map((c) => c.cellId), ['c2']);
  r.stop();
});

test('a sweep right after the event loop was held does not judge silence', () => {
  const r = registry();
  r.observe(presence('c1'), 1000);
  r.sweep(1250);
  // The loop was held for 3 s: heartbeats that came meanwhile are still unread.
  r.sweep(4250);
  assert.equal(r.size, 1);
  r.sweep(4500);
  assert.equal(r.size, 0, 'the next regular sweep does');
});

test('a cell that answers the auctioneer counts as heard from', () => {
  const r = registry();
  r.observe(presence('c1'), 1000);
  const cell = r.get('c1')!;
  r.heardFrom(cell, 1900);
  for (const now of [1250, 1500, 1750, 2000, 2250, 2500, 2750]) r.sweep(now);
  assert.equal(r.size, 1);
  r.sweep(3000);
  assert.equal(r.size, 0);
  r.heardFrom(cell, 5000);
  assert.equal(r.size, 0, 'an answer from a cell already dropped does not bring it back');
});

test('forget drops a cell at once', () => {
  const r = registry();
  r.observe(presence('c1'), 1000);
  r.forget('c1', 'goodbye');
  r.forget('c1', 'goodbye');
  assert.equal(r.size, 0);
});
