// The real auctioneer against simulated reps over gRPC, a real nats-server for
// presence heartbeats and the leader lock, and a tiny real BBS peer that
// records the failures the auctioneer reports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { NatsConnection } from 'nats';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { connectNats } from '../../../src/common/nats.ts';
import { callUnary } from '../../../src/common/grpc.ts';
import { statusOf } from '../../../src/common/errors.ts';
import { auctioneerConfig, startAuctioneer, type AuctioneerHandle } from '../../../src/auctioneer/main.ts';
import { SimRep, startSimReps } from '../../../src/auctioneer/simulation/sim-rep.ts';
import type { SimCellSpec } from '../../../src/auctioneer/simulation/sim-cell.ts';
import type { AuctioneerClient } from '../../../src/generated/gantry/auctioneer/Auctioneer.ts';
import type { LRPStartRequest } from '../../../src/generated/gantry/auctioneer/LRPStartRequest.ts';
import type { Logger } from '../../../src/common/log.ts';
import { auctioneerClient, healthStatus, quietLogger, startBbsPeer, waitFor, type BbsPeer } from './helpers.ts';

const FS = 'gantry:bookworm';
const OLD = 'gantry:bullseye';
const capacity = { memoryMb: 4096, diskMb: 8192, containers: 50, pids: 10_000 };
const specs: SimCellSpec[] = [
  { cellId: 'cell-a1', zone: 'z1', stacks: [FS], capacity },
  { cellId: 'cell-a2', zone: 'z2', stacks: [FS], capacity },
  { cellId: 'cell-b1', zone: 'z1', stacks: [FS, OLD], optionalPlacementTags: ['ssd'], capacity },
  { cellId: 'cell-g1', zone: 'z2', stacks: [FS], placementTags: ['gpu'], capacity },
];

let nats: NatsServerHandle;
let nc: NatsConnection;
let bbs: BbsPeer;
let reps: SimRep[];
let auctioneer: AuctioneerHandle;
let client: AuctioneerClient;
const log = quietLogger();
// The auctioneer's own log: quiet, except that each batch's line is kept to check.
const batchLines: Record<string, unknown>[] = [];
const auctioneerLog: Logger = {
  ...log,
  info: (msg, fields) => {
    if (msg === 'auction batch') batchLines.push(fields ?? {});
  },
  child: () => auctioneerLog,
};
const rep = (id: string) => reps.find((r) => r.cellId === id)!;

before(async () => {
  nats = await startNatsServer();
  nc = await connectNats({ servers: nats.url, name: 'test-sim-reps', log });
  bbs = await startBbsPeer(log);
  reps = await startSimReps(specs, { nc, log, heartbeatIntervalMs: 200 });
  auctioneer = await startAuctioneer(
    auctioneerConfig({
      listen: '127.0.0.1:0',
      metricsListen: '127.0.0.1:0',
      natsUrl: [nats.url],
      bbsAddress: bbs.address,
      batchWindowMs: 20,
      stateTimeoutMs: 400,
      performTimeoutMs: 1000,
      cellTimeoutMs: 1000,
      cellDiscoveryMs: 300,
      maxRetries: 2,
      lockTtlMs: 2000,
      owner: 'auctioneer-under-test',
    }),
    { log: auctioneerLog },
  );
  client = auctioneerClient(auctioneer.address);
  await waitFor('the auctioneer to lead and hear all cells', () => auctioneer.isLeader() && auctioneer.cells.size === specs.length);
});

after(async () => {
  client?.close();
  await auctioneer?.stop();
  await Promise.all((reps ?? []).map((r) => r.stop(false)));
  await bbs?.stop();
  await nc?.close();
  await nats?.stop();
});

const start = (process_guid: string, instances: number, over: Partial<LRPStartRequest> = {}): LRPStartRequest => ({
  process_guid,
  domain: 'apps',
  indices: Array.from({ length: instances }, (_, i) => i),
  rootfs: FS,
  memory_mb: 128,
  disk_mb: 256,
  max_pids: 0,
  placement_tags: [],
  ...over,
});

async function auction(starts: LRPStartRequest[], tasks: Parameters<typeof taskAuction>[0] = []): Promise<void> {
  if (starts.length > 0) await callUnary(client, 'RequestLRPAuctions', { starts });
  if (tasks.length > 0) await taskAuction(tasks);
  await auctioneer.idle();
}

function taskAuction(tasks: { task_guid: string; rootfs?: string; memory_mb?: number; placement_tags?: string[] }[]) {
  return callUnary(client, 'RequestTaskAuctions', {
    tasks: tasks.map((t) => ({ domain: 'apps', rootfs: FS, memory_mb: 64, disk_mb: 64, max_pids: 0, placement_tags: [], ...t })),
  });
}

/** Cell ids holding instances of the app, one entry per instance. */
function cellsOf(processGuid: string): string[] {
  return reps.flatMap((r) => r.cell.snapshot().lrps.filter((l) => l.processGuid === processGuid).map(() => r.cellId)).sort();
}

test('the auctioneer leads, serves health SERVING and knows every cell', async () => {
  assert.equal(await healthStatus(auctioneer.address), 'SERVING');
  assert.equal(await healthStatus(auctioneer.address, 'gantry.auctioneer.Auctioneer'), 'SERVING');
  assert.deepEqual(auctioneer.cells.live().map((c) => c.cellId).sort(), specs.map((s) => s.cellId).sort());
});

test('instances are placed across cells respecting stacks, required and optional tags, and zones', async () => {
  await auction(
    [
      start('web', 4),
      start('legacy', 2, { rootfs: OLD }),
      start('ml', 2, { placement_tags: ['gpu'] }),
      start('cache', 1, { placement_tags: ['ssd'] }),
    ],
    [{ task_guid: 'migrate' }],
  );
  const web = cellsOf('web');
  assert.equal(web.length, 4);
  assert.ok(!web.includes('cell-g1'), 'a cell that requires a tag takes only work that asks for it');
  const zoneOf = Object.fromEntries(specs.map((s) => [s.cellId, s.zone]));
  const perZone = web.reduce<Record<string, number>>((acc, id) => ({ ...acc, [zoneOf[id]!]: (acc[zoneOf[id]!] ?? 0) + 1 }), {});
  assert.deepEqual(perZone, { z1: 2, z2: 2 }, 'instances of one app are balanced across zones');
  assert.deepEqual(cellsOf('legacy'), ['cell-b1', 'cell-b1'], 'only cell-b1 has the old stack');
  assert.deepEqual(cellsOf('ml'), ['cell-g1', 'cell-g1']);
  assert.deepEqual(cellsOf('cache'), ['cell-b1'], 'only cell-b1 offers ssd');
  const taskCells = reps.filter((r) => r.cell.snapshot().tasks.some((t) => t.taskGuid === 'migrate')).map((r) => r.cellId);
  assert.equal(taskCells.length, 1);
  assert.notEqual(taskCells[0], 'cell-g1');
  assert.equal(bbs.failedLRPs.length + bbs.rejectedTasks.length, 0, 'nothing failed');
});

test('work that fits nowhere is reported to the BBS with a reason a person understands', async () => {
  await auction(
    [
      start('huge', 1, { memory_mb: 64 * 1024 }),
      start('win', 1, { rootfs: 'windows2019' }),
      start('tpu', 1, { placement_tags: ['tpu'] }),
    ],
    [{ task_guid: 'big-task', memory_mb: 1024 * 1024 }],
  );
  const reasons = Object.fromEntries(bbs.failedLRPs.map((f) => [f.key!.process_guid, f.error_message]));
  assert.equal(reasons.huge, 'insufficient resources: memory');
  assert.equal(reasons.win, 'found no compatible cell with stack "windows2019"');
  assert.equal(reasons.tpu, 'found no compatible cell with placement tags [tpu]');
  const huge = bbs.failedLRPs.find((f) => f.key!.process_guid === 'huge')!;
  assert.deepEqual(huge.key, { process_guid: 'huge', index: 0, domain: 'apps' });
  assert.deepEqual(bbs.rejectedTasks, [{ task_guid: 'big-task', rejection_reason: 'insufficient resources: memory' }]);
  assert.deepEqual(cellsOf('huge'), []);
});

test("a refusing cell's work is retried on other cells; work every cell refuses fails after the retry limit", async () => {
  const a1 = rep('cell-a1');
  a1.setBehaviour({ refuseFraction: 1 });
  try {
    const performsBefore = a1.performs;
    const retriesBefore = auctioneer.runner.totals.retries;
    await auction([start('api', 8)]);
    assert.ok(a1.performs > performsBefore, 'cell-a1 was offered work');
    assert.ok(auctioneer.runner.totals.retries > retriesBefore, 'its refusals were retried');
    const api = cellsOf('api');
    assert.equal(api.length, 8, 'every instance found a cell');
    assert.ok(!api.includes('cell-a1'));
    assert.equal(bbs.failedLRPs.filter((f) => f.key!.process_guid === 'api').length, 0);

    for (const r of reps) r.setBehaviour({ refuseFraction: 1 });
    await auction([start('doomed', 1)]);
    const doomed = bbs.failedLRPs.filter((f) => f.key!.process_guid === 'doomed');
    assert.equal(doomed.length, 1);
    assert.match(doomed[0]!.error_message, /^refused by [23] cells$/);
  } finally {
    for (const r of reps) r.setBehaviour({});
  }
});

test('a cell that does not answer State is left out of the batch; the rest goes on, and what finds no cell waits a batch', async () => {
  const a2 = rep('cell-a2');
  a2.setBehaviour({ unresponsive: true });
  try {
    const calls = a2.stateCalls;
    const began = Date.now();
    await auction([start('worker', 4)]);
    assert.ok(a2.stateCalls > calls, 'cell-a2 was asked');
    assert.ok(Date.now() - began < 3000, 'the batch did not wait for it beyond the state timeout');
    assert.equal(auctioneer.runner.totals.deferred, 0, 'work that found a cell is never deferred');
    const worker = cellsOf('worker');
    assert.equal(worker.length, 4);
    assert.ok(!worker.includes('cell-a2'));

    // Work that fits nowhere while a cell is left out waits one batch (the
    // missing cell might have had room), then is reported.
    const deferredBefore = auctioneer.runner.totals.deferred;
    await auction([start('giant', 1, { memory_mb: 64 * 1024 })]);
    assert.equal(auctioneer.runner.totals.deferred, deferredBefore + 1);
    assert.deepEqual(bbs.failedLRPs.filter((f) => f.key!.process_guid === 'giant').map((f) => f.error_message), ['insufficient resources: memory']);
  } finally {
    a2.setBehaviour({});
  }
});

test('a cell that misses the Perform deadline counts as refusing; its work goes elsewhere', async () => {
  const b1 = rep('cell-b1');
  b1.setBehaviour({ performDelayMs: 1500 });
  try {
    const performs = b1.performs;
    await auction([start('slowpoke', 6)]);
    assert.ok(b1.performs > performs, 'cell-b1 was sent work');
    // Placed elsewhere (cell-b1 may still take its copy late: the BBS's claim settles such doubles).
    assert.equal(cellsOf('slowpoke').filter((c) => c !== 'cell-b1').length, 6);
    assert.equal(bbs.failedLRPs.filter((f) => f.key!.process_guid === 'slowpoke').length, 0);
    assert.ok(auctioneer.runner.totals.performErrors > 0);
  } finally {
    b1.setBehaviour({});
  }
});

test('bad requests get INVALID_ARGUMENT naming the field and change nothing', async () => {
  const performs = reps.reduce((n, r) => n + r.performs, 0);
  const cases: [() => Promise<unknown>, RegExp][] = [
    [() => callUnary(client, 'RequestLRPAuctions', { starts: [start('ok', 1), start('bad.guid', 1)] }), /starts\[1\]\.process_guid/],
    [() => callUnary(client, 'RequestLRPAuctions', { starts: [start('neg', 1, { indices: [-1] })] }), /starts\[0\]\.indices\[0\]: must be 0 or more/],
    [() => callUnary(client, 'RequestLRPAuctions', { starts: [start('mem', 1, { memory_mb: -1 })] }), /starts\[0\]\.memory_mb/],
    [() => callUnary(client, 'RequestLRPAuctions', { starts: [start('nofs', 1, { rootfs: '' })] }), /starts\[0\]\.rootfs: is required/],
    [() => taskAuction([{ task_guid: '' }]), /tasks\[0\]\.task_guid: is required/],
    [() => taskAuction([{ task_guid: 't', rootfs: '' }]), /tasks\[0\]\.rootfs: is required/],
  ];
  for (const [call, message] of cases) {
    await assert.rejects(call, (err: unknown) => {
      assert.equal(statusOf(err), status.INVALID_ARGUMENT);
      assert.match((err as Error).message, message);
      return true;
    });
  }
  assert.equal(auctioneer.queue.size, 0, 'nothing was queued');
  await auctioneer.idle();
  assert.equal(reps.reduce((n, r) => n + r.performs, 0), performs, 'no cell was sent anything');
  assert.deepEqual(cellsOf('ok'), [], 'the good start in a bad request was not queued either');
});

test('duplicate requests for the same instance are coalesced into one placement', async () => {
  // Both requests arrive within one batch window.
  await Promise.all([callUnary(client, 'RequestLRPAuctions', { starts: [start('dup', 2)] }), callUnary(client, 'RequestLRPAuctions', { starts: [start('dup', 2)] })]);
  await auctioneer.idle();
  assert.equal(cellsOf('dup').length, 2);
  assert.equal(bbs.failedLRPs.filter((f) => f.key!.process_guid === 'dup').length, 0, 'no second copy was refused and failed');
});

test('a cell that goes silent is dropped after the cell timeout; one that says goodbye at once', async () => {
  const g1 = rep('cell-g1');
  const b1 = rep('cell-b1');
  g1.silence();
  const dropped = await waitFor('the silent cell to be dropped', () => auctioneer.cells.get('cell-g1') === undefined, 5000);
  assert.ok(dropped >= 500, `dropped only after its heartbeats stopped for a while (${dropped} ms)`);
  await b1.stop(true);
  const gone = await waitFor('the departed cell to be forgotten', () => auctioneer.cells.get('cell-b1') === undefined, 1000, 5);
  assert.ok(gone < 500, `goodbye is acted on at once (${gone} ms)`);
  // Work for the gpu cell now finds none.
  await auction([start('ml2', 1, { placement_tags: ['gpu'] })]);
  const ml2 = bbs.failedLRPs.find((f) => f.key!.process_guid === 'ml2');
  assert.equal(ml2?.error_message, 'found no compatible cell with placement tags [gpu]');
});

test('every batch logs one structured line, and the metrics endpoint counts auctions by kind', async () => {
  assert.ok(batchLines.length >= 7, `one line per batch (${batchLines.length})`);
  for (const line of batchLines) {
    for (const field of ['lrps', 'tasks', 'cells', 'placed', 'failed', 'retries', 'fetchMs', 'auctionMs', 'performMs', 'totalMs']) {
      assert.equal(typeof line[field], 'number', `batch line has ${field}: ${JSON.stringify(line)}`);
    }
  }
  assert.ok(batchLines.some((l) => l.cellsLeftOut === 1), 'the batch that left out the hung cell says so');
  assert.ok(batchLines.some((l) => typeof l.failureReasons === 'object'), 'failed batches list their reasons');

  const res = await fetch(`http://127.0.0.1:${auctioneer.metricsPort}/metrics`);
  assert.equal(res.status, 200);
  const text = await res.text();
  const value = (name: string) => {
    const m = text.match(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm'));
    assert.ok(m, `metric ${name} is exported`);
    return Number(m![1]);
  };
  assert.ok(value('gantry_auctioneer_auctions_started_total{kind="lrp"}') > 0);
  assert.ok(value('gantry_auctioneer_auctions_started_total{kind="task"}') >= 2);
  assert.ok(value('gantry_auctioneer_auctions_succeeded_total{kind="lrp"}') > 0);
  assert.ok(value('gantry_auctioneer_auctions_succeeded_total{kind="task"}') >= 1);
  assert.ok(value('gantry_auctioneer_auctions_failed_total{kind="lrp"}') >= 5);
  assert.ok(value('gantry_auctioneer_auctions_failed_total{kind="task"}') >= 1);
  assert.ok(value('gantry_auctioneer_perform_failures_total{kind="lrp",cause="refused"}') > 0);
  assert.ok(value('gantry_auctioneer_retries_total{kind="lrp"}') > 0);
  assert.ok(value('gantry_auctioneer_cell_state_failures_total') >= 1);
  assert.equal(value('gantry_auctioneer_deferred_total{kind="lrp"}'), auctioneer.runner.totals.deferred);
  assert.equal(value('gantry_auctioneer_batch_size_count'), batchLines.length);
  assert.equal(value('gantry_auctioneer_fetch_states_duration_seconds_count'), batchLines.length);
  assert.ok(value('gantry_auctioneer_auction_duration_seconds_count') >= batchLines.length);
  assert.equal(value('gantry_auctioneer_live_cells'), auctioneer.cells.size);
  assert.equal(value('gantry_leader{lock="auctioneer"}'), 1);
});
