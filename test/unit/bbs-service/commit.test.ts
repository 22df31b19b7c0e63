// The commit pipeline's ordering and failure handling, with a store whose
// acknowledgements the test controls and a model that records reverts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { CommitPipeline, type ChangeStore } from '../../../src/bbs/commit.ts';
import type { Change, RecordWrite, StoredRecord } from '../../../src/bbs/state/types.ts';
import type { KeyWrite } from '../../../src/bbs/store/kv-store.ts';
import { invalidArgument } from '../../../src/common/errors.ts';
import { createLogger, setLogSink } from '../../../src/common/log.ts';

setLogSink(() => {});
const log = createLogger('commit-test');

/** Each persist() waits until the test settles it; `sent` keeps every write in order. */
class ManualStore implements ChangeStore {
  sent: KeyWrite[] = [];
  private waiting: Array<{ writes: readonly KeyWrite[]; resolve: () => void; reject: (e: Error) => void }> = [];
  failAll = false;
  persist(writes: readonly KeyWrite[]): Promise<void> {
    this.sent.push(...writes);
    if (this.failAll) return Promise.reject(new Error('store down'));
    return new Promise((resolve, reject) => this.waiting.push({ writes, resolve, reject }));
  }
  get pending(): number {
    return this.waiting.length;
  }
  ack(i = 0): void {
    this.waiting.splice(i, 1)[0]!.resolve();
  }
  fail(i = 0): void {
    this.waiting.splice(i, 1)[0]!.reject(new Error('write timed out'));
  }
  ackAll(): void {
    while (this.waiting.length) this.ack();
  }
}

/** A model of plain key → value that applies and reverts changes. */
class KeyModel {
  data = new Map<string, string>();
  reverted: string[] = [];
  change(name: string, key: string, value: string | null): Change {
    const previous = this.data.get(key) ?? null;
    if (value === null) this.data.delete(key);
    else this.data.set(key, value);
    const w: RecordWrite = { kind: 'desired', key, value: value as unknown as StoredRecord, previous: previous as unknown as StoredRecord };
    return { writes: [w], events: [{ event: 'desired_lrp_created', desired_lrp_created: { desired_lrp: { process_guid: name } } }], lrpAuctions: [], taskAuctions: [], stops: [], taskCancels: [] };
  }
  revert(change: Change): void {
    for (const w of [...change.writes].reverse()) {
      if (w.previous === null) this.data.delete(w.key);
      else this.data.set(w.key, w.previous as unknown as string);
    }
    this.reverted.push(String(change.events[0]?.desired_lrp_created?.desired_lrp?.process_guid));
  }
}

function setup() {
  const store = new ManualStore();
  const model = new KeyModel();
  const committed: string[] = [];
  const pipeline = new CommitPipeline(model, store, (c) => committed.push(String(c.events[0]?.desired_lrp_created?.desired_lrp?.process_guid)), log);
  const run = (name: string, key: string, value: string | null) => pipeline.run(() => ({ change: model.change(name, key, value), result: name }));
  return { store, model, committed, pipeline, run };
}

const settle = () => new Promise((r) => setImmediate(r));

test('writes go to the store at once, in order; commits (and their effects) follow in order even when acks come out of order', async () => {
  const { store, committed, run } = setup();
  const a = run('a', 'k1', '1');
  const b = run('b', 'k2', '2');
  const c = run('c', 'k1', '3');
  assert.deepEqual(store.sent.map((w) => `${w.key}=${w.value}`), ['k1=1', 'k2=2', 'k1=3'], 'all three published before any ack');
  store.ack(2); // c's ack first
  store.ack(1); // then b's
  await settle();
  assert.deepEqual(committed, [], 'nothing commits before a');
  store.ack(0);
  assert.deepEqual(await Promise.all([a, b, c]), ['a', 'b', 'c']);
  assert.deepEqual(committed, ['a', 'b', 'c']);
});

test('an RpcError from the operation propagates and nothing is written', async () => {
  const { store, pipeline } = setup();
  await assert.rejects(pipeline.run(() => { throw invalidArgument('desired_lrp.process_guid', 'required'); }), /desired_lrp.process_guid/);
  assert.equal(store.sent.length, 0);
});

test('a failed write reverts its change and every later one (newest first), answers UNAVAILABLE, and repairs before the next change', async () => {
  const { store, model, committed, pipeline, run } = setup();
  model.data.set('k1', '0');
  const a = run('a', 'k1', '1');
  const b = run('b', 'k2', '2');
  const c = run('c', 'k1', '3');
  const d = run('d', 'k3', '4');
  store.ack(0); // a stored
  store.ack(1); // c stored (it will still be reverted: it came after b)
  store.fail(0); // b fails
  await a;
  for (const p of [b, c, d]) {
    await assert.rejects(p, (e: { code: number }) => e.code === status.UNAVAILABLE);
  }
  store.ackAll();
  assert.deepEqual(committed, ['a']);
  assert.deepEqual(model.reverted, ['d', 'c', 'b']);
  assert.deepEqual(Object.fromEntries(model.data), { k1: '1' }, 'the model is as after a');
  assert.equal(pipeline.pendingRepairs, 3);

  // The next change first rewrites k1, k2, k3 to what the model holds.
  const sentBefore = store.sent.length;
  const e = run('e', 'k4', '5');
  await settle();
  assert.deepEqual(store.sent.slice(sentBefore).map((w) => `${w.key}=${w.value}`).sort(), ['k1=1', 'k2=null', 'k3=null']);
  store.ack(0); // the repair
  await settle();
  assert.deepEqual(store.sent.slice(sentBefore + 3).map((w) => `${w.key}=${w.value}`), ['k4=5']);
  store.ack(0);
  assert.equal(await e, 'e');
  assert.equal(pipeline.pendingRepairs, 0);
  assert.deepEqual(committed, ['a', 'e']);
});

test('while repairs cannot be written, changes are refused without touching the model', async () => {
  const { store, model, run, pipeline } = setup();
  const a = run('a', 'k1', '1');
  store.fail(0);
  await assert.rejects(a, (e: { code: number }) => e.code === status.UNAVAILABLE);
  store.failAll = true;
  await assert.rejects(run('b', 'k2', '2'), (e: { code: number; message: string }) => e.code === status.UNAVAILABLE && /store down/.test(e.message));
  assert.equal(model.data.size, 0);
  assert.equal(pipeline.pendingRepairs, 1);
  store.failAll = false;
  const c = run('c', 'k2', '2');
  await settle();
  store.ack(0);
  await settle();
  store.ack(0);
  assert.equal(await c, 'c');
  assert.deepEqual(Object.fromEntries(model.data), { k2: '2' });
});

test('a closed pipeline refuses with UNAVAILABLE and the reason', async () => {
  const { pipeline, run } = setup();
  pipeline.close('leader lock lost');
  await assert.rejects(run('a', 'k', 'v'), (e: { code: number; message: string }) => e.code === status.UNAVAILABLE && e.message.includes('leader lock lost'));
});

test('a change the store could never take (store.check) is refused with its error, reverted in the model, and nothing is published', async () => {
  const { store, model, committed, run } = setup();
  (store as ManualStore & { check(writes: readonly KeyWrite[]): void }).check = (writes) => {
    for (const w of writes) if (String(w.value).length > 3) throw invalidArgument('desired_lrp', `too large: ${String(w.value).length} bytes`);
  };
  const a = run('a', 'k1', 'ok');
  store.ack(0);
  assert.equal(await a, 'a');
  await assert.rejects(run('b', 'k1', 'too big'), (e: { code: number; message: string }) => e.code === status.INVALID_ARGUMENT && e.message === 'desired_lrp: too large: 7 bytes');
  assert.deepEqual(Object.fromEntries(model.data), { k1: 'ok' }, 'the model is back as it was');
  assert.deepEqual(model.reverted, ['b']);
  assert.deepEqual(store.sent.map((w) => `${w.key}=${w.value}`), ['k1=ok'], 'nothing of b was published');
  const c = run('c', 'k2', 'ok');
  store.ack(0);
  assert.equal(await c, 'c');
  assert.deepEqual(committed, ['a', 'c']);
});
