// Task, domain, cell and Ping rpcs through gRPC against a BBS on a real
// nats-server: happy paths, error codes, KV contents, auction and cancel
// requests; plus the standard health service.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { BbsHandle } from '../../../src/bbs/bbs.ts';
import { domainKey } from '../../../src/bbs/state/keys.ts';
import type { CellPresence, Domain, Task } from '../../../src/common/models.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import {
  bbsClient, call, cellPresence, cleanupStack, eventually, expectCode, goodbye, healthStatus, heartbeat, kvAll, startAuctioneerPeer, startLeader,
  startNatsServer, startRepPeer, taskDefinition, type AuctioneerPeer, type RepPeer,
} from './harness.ts';

const { status } = grpc;
let bbs: BbsHandle;
let client: BBSClient;
let auctioneer: AuctioneerPeer;
let rep: RepPeer;
const defer = cleanupStack(after);

before(async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  auctioneer = await startAuctioneerPeer();
  defer(() => auctioneer.stop());
  rep = await startRepPeer();
  defer(() => rep.stop());
  bbs = await startLeader(nats, { auctioneerAddress: auctioneer.address });
  defer(() => bbs.stop());
  client = bbsClient(bbs.address);
  defer(() => client.close());
  const beat = heartbeat(bbs.nc, () => cellPresence('task-cell', rep.address));
  defer(() => beat.stop());
  await eventually('task-cell is live', () => bbs.presence.registry.get('task-cell'));
});

const getTask = async (guid: string) => (await call<{ task: Task }>(client, 'GetTask', { task_guid: guid })).task;

async function nothingWritten(fn: () => Promise<unknown>): Promise<void> {
  const before = await kvAll(bbs.nc);
  await fn();
  assert.deepEqual(await kvAll(bbs.nc), before, 'a failed call must write nothing to KV');
}

describe('tasks', () => {
  test('PENDING → RUNNING → COMPLETED → RESOLVING → deleted, stored in KV at each step and auctioned once desired', async () => {
    await call(client, 'DesireTask', { task: taskDefinition('task-1') });
    assert.equal((await getTask('task-1')).state, 'PENDING');
    assert.ok((await kvAll(bbs.nc)).task.has('task-1'));
    await eventually('task-1 auctioned', () => auctioneer.taskStarts.some((t) => t.task_guid === 'task-1' && t.rootfs === 'gantry:bookworm'));

    assert.equal((await call<{ should_start: boolean }>(client, 'StartTask', { task_guid: 'task-1', cell_id: 'task-cell' })).should_start, true);
    assert.equal((await getTask('task-1')).state, 'RUNNING');
    // The same cell asking again is told not to start it twice.
    assert.equal((await call<{ should_start: boolean }>(client, 'StartTask', { task_guid: 'task-1', cell_id: 'task-cell' })).should_start, false);

    await call(client, 'CompleteTask', { task_guid: 'task-1', cell_id: 'task-cell', failed: false, failure_reason: '', result: 'droplet sha256:abc' });
    const done = await getTask('task-1');
    assert.equal(done.state, 'COMPLETED');
    assert.equal(done.result, 'droplet sha256:abc');

    await call(client, 'ResolvingTask', { task_guid: 'task-1' });
    assert.equal((await getTask('task-1')).state, 'RESOLVING');
    await call(client, 'DeleteTask', { task_guid: 'task-1' });
    await expectCode(call(client, 'GetTask', { task_guid: 'task-1' }), status.NOT_FOUND, 'task-1');
    assert.ok(!(await kvAll(bbs.nc)).task.has('task-1'));
  });

  test('CancelTask of a running task completes it as failed and asks its rep to cancel', async () => {
    await call(client, 'DesireTask', { task: taskDefinition('task-cancel') });
    await call(client, 'StartTask', { task_guid: 'task-cancel', cell_id: 'task-cell' });
    await call(client, 'CancelTask', { task_guid: 'task-cancel' });
    const t = await getTask('task-cancel');
    assert.equal(t.state, 'COMPLETED');
    assert.equal(t.failed, true);
    await eventually('rep asked to cancel task-cancel', () => rep.cancels.includes('task-cancel'));
  });

  test('FailTask and RejectTask (re-auctioned) and ListTasks filters', async () => {
    await call(client, 'DesireTask', { task: taskDefinition('task-fail', { domain: 'staging' }) });
    await call(client, 'FailTask', { task_guid: 'task-fail', failure_reason: 'no buildpack' });
    const failed = await getTask('task-fail');
    assert.equal(failed.state, 'COMPLETED');
    assert.equal(failed.failure_reason, 'no buildpack');

    await call(client, 'DesireTask', { task: taskDefinition('task-reject', { domain: 'staging' }) });
    // The auction rejects a task only while it is PENDING: a started one is out of its reach.
    await call(client, 'RejectTask', { task_guid: 'task-reject', rejection_reason: 'out of disk' });
    const rejected = await getTask('task-reject');
    assert.equal(rejected.state, 'PENDING');
    assert.equal(rejected.rejection_count, 1);
    await eventually('task-reject auctioned twice', () => auctioneer.taskStarts.filter((t) => t.task_guid === 'task-reject').length >= 2);

    const staging = (await call<{ tasks: Task[] }>(client, 'ListTasks', { filter: { domain: 'staging' } })).tasks;
    assert.deepEqual(staging.map((t) => t.task_guid).sort(), ['task-fail', 'task-reject']);
    await call(client, 'StartTask', { task_guid: 'task-reject', cell_id: 'task-cell' });
    const onCell = (await call<{ tasks: Task[] }>(client, 'ListTasks', { filter: { cell_id: 'task-cell' } })).tasks;
    assert.ok(onCell.some((t) => t.task_guid === 'task-reject'));
    assert.ok((await call<{ tasks: Task[] }>(client, 'ListTasks', {})).tasks.length >= 2);
  });

  test('task errors: INVALID_ARGUMENT naming the field, ALREADY_EXISTS, NOT_FOUND, FAILED_PRECONDITION; nothing written', async () => {
    await call(client, 'DesireTask', { task: taskDefinition('task-err') });
    await nothingWritten(async () => {
      await expectCode(call(client, 'DesireTask', {}), status.INVALID_ARGUMENT, 'task');
      await expectCode(call(client, 'DesireTask', { task: taskDefinition('bad/guid') }), status.INVALID_ARGUMENT, 'task.task_guid');
      await expectCode(call(client, 'DesireTask', { task: taskDefinition('no-cmd', { command: '' }) }), status.INVALID_ARGUMENT, 'task.command');
      await expectCode(call(client, 'DesireTask', { task: taskDefinition('task-err') }), status.ALREADY_EXISTS, 'task-err');
      await expectCode(call(client, 'StartTask', { task_guid: 'missing', cell_id: 'task-cell' }), status.NOT_FOUND, 'missing');
      await expectCode(call(client, 'StartTask', { task_guid: 'task-err', cell_id: '' }), status.INVALID_ARGUMENT, 'cell_id');
      await expectCode(call(client, 'ResolvingTask', { task_guid: 'task-err' }), status.FAILED_PRECONDITION, 'resolve');
      await expectCode(call(client, 'DeleteTask', { task_guid: 'task-err' }), status.FAILED_PRECONDITION, 'delete');
      await expectCode(call(client, 'GetTask', { task_guid: '' }), status.INVALID_ARGUMENT, 'task_guid');
    });
    await call(client, 'StartTask', { task_guid: 'task-err', cell_id: 'task-cell' });
    await nothingWritten(() =>
      expectCode(call(client, 'CompleteTask', { task_guid: 'task-err', cell_id: 'other-cell', failed: false, failure_reason: '', result: '' }), status.FAILED_PRECONDITION, 'other-cell'));
  });
});

describe('domains', () => {
  test('UpsertDomain with a TTL is listed while fresh, stored in KV, and refreshed by a second upsert', async () => {
    await call(client, 'UpsertDomain', { domain: 'cf-apps', ttl_seconds: 0 });
    await call(client, 'UpsertDomain', { domain: 'cf-tasks', ttl_seconds: 1 });
    let domains = (await call<{ domains: Domain[] }>(client, 'ListDomains')).domains;
    assert.deepEqual(domains.map((d) => d.domain).sort(), ['cf-apps', 'cf-tasks']);
    assert.equal(domains.find((d) => d.domain === 'cf-apps')?.expires_at, 0);
    assert.ok((await kvAll(bbs.nc)).domain.has(domainKey('cf-tasks')));
    await eventually('cf-tasks expires', async () =>
      !(await call<{ domains: Domain[] }>(client, 'ListDomains')).domains.some((d) => d.domain === 'cf-tasks'), 5000, 200);
    await call(client, 'UpsertDomain', { domain: 'cf-tasks', ttl_seconds: 60 });
    domains = (await call<{ domains: Domain[] }>(client, 'ListDomains')).domains;
    assert.ok(domains.some((d) => d.domain === 'cf-tasks' && d.expires_at > Date.now()));
    await nothingWritten(() => expectCode(call(client, 'UpsertDomain', { domain: '', ttl_seconds: 5 }), status.INVALID_ARGUMENT, 'domain'));
  });
});

describe('cells, Ping and health', () => {
  test('ListCells shows heartbeating cells; a goodbye removes one at once', async () => {
    const beat = heartbeat(bbs.nc, () => cellPresence('listed-cell', '127.0.0.1:1801', { zone: 'z2', placement_tags: ['gpu'] }));
    try {
      const cell = await eventually('listed-cell appears', async () =>
        (await call<{ cells: CellPresence[] }>(client, 'ListCells')).cells.find((c) => c.cell_id === 'listed-cell'));
      assert.equal(cell.zone, 'z2');
      assert.deepEqual(cell.placement_tags, ['gpu']);
      assert.equal(cell.capacity?.memory_mb, 4096);
    } finally {
      beat.stop();
    }
    goodbye(bbs.nc, cellPresence('listed-cell'));
    await eventually('listed-cell gone after goodbye', async () =>
      !(await call<{ cells: CellPresence[] }>(client, 'ListCells')).cells.some((c) => c.cell_id === 'listed-cell'), 800);
  });

  test('Ping answers available and the health service says SERVING', async () => {
    assert.deepEqual(await call(client, 'Ping'), { available: true });
    const health = await healthStatus(bbs.address, 'gantry.bbs.BBS');
    assert.equal(health, 'SERVING');
  });
});
