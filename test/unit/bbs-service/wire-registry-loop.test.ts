// Small pure pieces of the BBS service: protobuf assembly from cached record
// encodings, the live cell registry, the convergence loop's scheduling, and
// the configuration checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CellRegistry } from '../../../src/bbs/cells/registry.ts';
import { bbsConfig, checkConfig } from '../../../src/bbs/config.ts';
import { ConvergenceLoop } from '../../../src/bbs/convergence/loop.ts';
import { emptyReport } from '../../../src/bbs/convergence/converge.ts';
import { decodeRecord, encodeRecord } from '../../../src/bbs/store/record-codec.ts';
import { message, repeated, varintSize } from '../../../src/bbs/wire.ts';
import { createLogger, setLogSink } from '../../../src/common/log.ts';
import type { ActualLRP, CellPresence } from '../../../src/common/models.ts';
import { codec } from '../../../src/common/proto.ts';

setLogSink(() => {});

function actual(i: number): ActualLRP {
  return {
    key: { process_guid: `app-${i}`, index: i, domain: 'apps' },
    instance_key: { instance_guid: `ig-${i}`, cell_id: `cell-${i % 3}` },
    net_info: { address: '10.0.0.1', ports: [{ container_port: 8080, host_port: 61000 + i }], instance_address: '' },
    state: 'RUNNING', presence: 'ORDINARY', crash_count: i, crash_reason: 'x'.repeat(i * 40), placement_error: '', since: 1700000000000 + i,
    modification_tag: { epoch: 'e', index: i }, availability_zone: 'z1',
  };
}

test('a repeated field assembled from cached encodings decodes like the whole response encoded at once', () => {
  const list = Array.from({ length: 50 }, (_, i) => actual(i)); // records of 1 and 2-byte lengths
  const response = codec<{ actual_lrps: ActualLRP[] }>('gantry.bbs.ActualLRPsResponse');
  const assembled = repeated(1, list.map((a) => encodeRecord('actual', a)));
  assert.deepEqual(response.decode(assembled), response.decode(response.encode({ actual_lrps: list })));
  assert.deepEqual(response.decode(repeated(1, [])), { actual_lrps: [] });
  const single = codec<{ desired_lrp: unknown }>('gantry.bbs.DesiredLRPResponse');
  assert.deepEqual(single.decode(message([[1, Buffer.from([])]])), single.decode(single.encode({ desired_lrp: {} })));
});

test('an encoding is computed once per record object; a decoded record keeps the bytes it came from', () => {
  const a = actual(1);
  const bytes = encodeRecord('actual', a);
  assert.equal(encodeRecord('actual', a), bytes);
  assert.notEqual(encodeRecord('actual', { ...a }), bytes, 'a new object (a new version) is encoded anew');
  const decoded = decodeRecord('actual', bytes);
  assert.deepEqual(decoded, a);
  assert.equal(encodeRecord('actual', decoded), bytes);
});

test('varint sizes', () => {
  assert.deepEqual([0, 127, 128, 16383, 16384, 2 ** 21, 2 ** 28, 2 ** 31].map(varintSize), [1, 1, 2, 2, 3, 4, 5, 5]);
});

const presence = (id: string, sentAt: number): CellPresence => ({
  cell_id: id, rep_address: `${id}:1800`, zone: 'z1', capacity: null, stacks: [], placement_tags: [], optional_placement_tags: [], evacuating: false, sent_at: sentAt,
});

test('cells are live while their heartbeats are fresh (by arrival time) and lost after the timeout', () => {
  const r = new CellRegistry(3000);
  assert.equal(r.heartbeat(presence('a', 0), 1000), 'new');
  assert.equal(r.heartbeat(presence('b', 0), 1000), 'new');
  assert.equal(r.heartbeat(presence('a', 999_999), 2500), 'refreshed', 'the cell\'s own clock does not matter');
  assert.deepEqual(r.expire(4000), []);
  assert.deepEqual(r.expire(4001).map((c) => c.cell_id), ['b']);
  assert.deepEqual([...r.live().keys()], ['a']);
  assert.equal(r.get('a')?.rep_address, 'a:1800');
  assert.deepEqual(r.expire(5501).map((c) => c.cell_id), ['a']);
  assert.equal(r.size, 0);
  assert.equal(r.heartbeat(presence('', 0), 1), 'ignored');
});

test('a goodbye loses the cell at once; a heartbeat sent before it is ignored, a newer one brings the cell back', () => {
  const r = new CellRegistry(3000);
  r.heartbeat(presence('a', 100), 100);
  assert.equal(r.goodbye(presence('a', 200), 200)?.cell_id, 'a');
  assert.equal(r.size, 0);
  assert.equal(r.heartbeat(presence('a', 150), 210), 'ignored');
  assert.equal(r.goodbye(presence('a', 300), 300), undefined, 'not live: nothing lost');
  assert.equal(r.heartbeat(presence('a', 400), 400), 'new');
  assert.deepEqual(r.list().map((c) => c.cell_id), ['a']);
});

test('a cell found gone (its rep port refuses) is lost at once; heartbeats sent before are ignored, a new process\'s count', () => {
  const r = new CellRegistry(3000);
  // The cell's clock runs 10 s ahead of this BBS's.
  r.heartbeat(presence('a', 10_100), 100);
  assert.deepEqual(r.silent(1000, 1000), [], 'not silent for long enough yet');
  assert.deepEqual(r.silent(1200, 1000).map((c) => [c.presence.cell_id, c.lastSeen]), [['a', 100]]);
  assert.equal(r.gone('a', 50, 1200), undefined, 'heard from since the probe began: not gone');
  assert.equal(r.gone('a', 100, 1200)?.cell_id, 'a');
  assert.equal(r.size, 0);
  assert.equal(r.heartbeat(presence('a', 10_600), 1250), 'ignored', 'sent before it was found gone (by its own clock), arriving late');
  assert.equal(r.heartbeat(presence('a', 11_300), 1300), 'new', 'a new process, heard after');
});

test('the convergence loop never runs two passes at once and coalesces requests made during a pass into one more', async () => {
  let running = 0;
  let maxRunning = 0;
  let passes = 0;
  let release!: () => void;
  const loop = new ConvergenceLoop({
    intervalMs: 60_000,
    log: createLogger('t'),
    pass: async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      passes++;
      await new Promise<void>((r) => (release = r));
      running--;
      return emptyReport();
    },
  });
  const first = loop.trigger('cell-lost');
  const second = loop.trigger('cell-lost');
  const third = loop.trigger('cell-lost');
  await new Promise((r) => setImmediate(r));
  assert.equal(passes, 1);
  release();
  await new Promise((r) => setImmediate(r));
  assert.equal(passes, 2, 'one more pass for the requests made during the first');
  release();
  await Promise.all([first, second, third]);
  assert.equal(passes, 2);
  assert.equal(maxRunning, 1);
  assert.equal(loop.completed, 2);
  loop.stop();
});

test('the convergence loop runs on its interval and survives a failing pass', async () => {
  let passes = 0;
  const loop = new ConvergenceLoop({
    intervalMs: 20,
    log: createLogger('t'),
    pass: async () => {
      passes++;
      if (passes === 1) throw new Error('store unavailable');
      return emptyReport();
    },
  });
  loop.start(0);
  await new Promise((r) => setTimeout(r, 200));
  loop.stop();
  await loop.idle();
  assert.ok(passes >= 3, `${passes} passes`);
  const after = passes;
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(passes, after, 'no pass after stop');
});

test('configuration checks name the setting at fault', () => {
  assert.doesNotThrow(() => checkConfig(bbsConfig()));
  assert.throws(() => checkConfig(bbsConfig({ lockTtlMs: 0 })), /lockTtlMs: must be more than 0/);
  assert.throws(() => checkConfig(bbsConfig({ staleUnclaimedMs: -1 })), /staleUnclaimedMs: must not be negative/);
  assert.throws(() => checkConfig(bbsConfig({ natsUrl: [] })), /natsUrl/);
  assert.throws(() => checkConfig(bbsConfig({ lockTtlMs: 1000, lockRefreshMs: 1000 })), /lockRefreshMs: must be less than lockTtlMs/);
  const c = bbsConfig();
  assert.equal(c.listen, '127.0.0.1:8889');
  assert.equal(c.auctioneerAddress, '127.0.0.1:9016');
  assert.equal(c.convergenceIntervalMs, 30_000);
  assert.equal(c.cellLostTimeoutMs, 3000);
});
