// Write-through to JetStream KV and reload: a new BBS on the same nats-server
// serves exactly what the old one acknowledged; a change whose writes cannot
// be stored is answered UNAVAILABLE, reverted, and its partial writes are
// repaired before anything else is written; with NATS down the BBS refuses
// requests and recovers when NATS returns.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { BbsHandle } from '../../../src/bbs/bbs.ts';
import { bucketNames, streamOf } from '../../../src/bbs/store/buckets.ts';
import type { ActualLRP, DesiredLRP, Domain, Task } from '../../../src/common/models.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import {
  bbsClient, call, cleanupStack, desiredLRP, eventually, expectCode, kvAll, kvSnapshot, netInfo, startLeader, startNatsServer, taskDefinition,
} from './harness.ts';

const defer = cleanupStack(after);
const key = (guid: string, index: number) => ({ process_guid: guid, index, domain: 'apps' });
const ik = (cell: string, guid: string) => ({ instance_guid: guid, cell_id: cell });

/** Everything a client can list, in a stable order. */
async function everything(client: BBSClient) {
  const byKey = (a: ActualLRP) => `${a.key?.process_guid}/${a.key?.index}/${a.presence}`;
  return {
    desired: (await call<{ desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs')).desired_lrps.sort((a, b) => a.process_guid.localeCompare(b.process_guid)),
    actual: (await call<{ actual_lrps: ActualLRP[] }>(client, 'ListActualLRPs')).actual_lrps.sort((a, b) => byKey(a).localeCompare(byKey(b))),
    tasks: (await call<{ tasks: Task[] }>(client, 'ListTasks')).tasks.sort((a, b) => a.task_guid.localeCompare(b.task_guid)),
    domains: (await call<{ domains: Domain[] }>(client, 'ListDomains')).domains.sort((a, b) => a.domain.localeCompare(b.domain)),
  };
}

test('a new BBS on the same NATS reloads everything the old one acknowledged', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const first = await startLeader(nats);
  const c1 = bbsClient(first.address);

  await call(c1, 'UpsertDomain', { domain: 'apps', ttl_seconds: 0 });
  await call(c1, 'DesireLRP', { desired_lrp: desiredLRP('keep-a', 3, { annotation: 'a' }) });
  await call(c1, 'DesireLRP', { desired_lrp: desiredLRP('keep-b', 2, { env: [{ name: 'X', value: 'y' }] }) });
  await call(c1, 'ClaimActualLRP', { process_guid: 'keep-a', index: 0, instance_key: ik('cell-1', 'a0') });
  await call(c1, 'StartActualLRP', { key: key('keep-a', 0), instance_key: ik('cell-1', 'a0'), net_info: netInfo(61010), availability_zone: 'z1' });
  await call(c1, 'ClaimActualLRP', { process_guid: 'keep-a', index: 1, instance_key: ik('cell-2', 'a1') });
  await call(c1, 'ClaimActualLRP', { process_guid: 'keep-b', index: 0, instance_key: ik('cell-1', 'b0') });
  await call(c1, 'StartActualLRP', { key: key('keep-b', 0), instance_key: ik('cell-1', 'b0'), net_info: netInfo(61011), availability_zone: 'z1' });
  await call(c1, 'CrashActualLRP', { key: key('keep-b', 0), instance_key: ik('cell-1', 'b0'), error_message: 'boom' });
  await call(c1, 'EvacuateRunningActualLRP', { key: key('keep-a', 0), instance_key: ik('cell-1', 'a0'), net_info: netInfo(61010), availability_zone: 'z1' });
  await call(c1, 'DesireTask', { task: taskDefinition('keep-task-1') });
  await call(c1, 'DesireTask', { task: taskDefinition('keep-task-2') });
  await call(c1, 'StartTask', { task_guid: 'keep-task-2', cell_id: 'cell-1' });
  await call(c1, 'CompleteTask', { task_guid: 'keep-task-2', cell_id: 'cell-1', failed: false, failure_reason: '', result: 'ok' });
  await call(c1, 'DesireLRP', { desired_lrp: desiredLRP('gone', 1) });
  await call(c1, 'RemoveDesiredLRP', { process_guid: 'gone' });
  await call(c1, 'RemoveActualLRP', { process_guid: 'gone', index: 0 }).catch(() => undefined);

  const before = await everything(c1);
  assert.equal(before.actual.filter((a) => a.presence === 'EVACUATING').length, 1);
  assert.ok(before.actual.length >= 6);
  c1.close();
  await first.stop();

  const second = await startLeader(nats);
  defer(() => second.stop());
  const c2 = bbsClient(second.address);
  defer(() => c2.close());
  assert.deepEqual(await everything(c2), before);
  assert.deepEqual(second.term()!.reload.records, {
    desired: before.desired.length, actual: before.actual.length, task: before.tasks.length, domain: before.domains.length,
  });
  // And the reloaded model acts on it: the claimed instance can still start.
  await call(c2, 'StartActualLRP', { key: key('keep-a', 1), instance_key: ik('cell-2', 'a1'), net_info: netInfo(61012), availability_zone: 'z1' });
});

test('a change whose writes fail is UNAVAILABLE and reverted; its partial writes are repaired before the next change', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const bbs = await startLeader(nats, { kvWriteTimeoutMs: 1000 });
  defer(() => bbs.stop());
  const client = bbsClient(bbs.address);
  defer(() => client.close());
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('stays', 1) });

  // Take the actual-LRP bucket away: a desire's desired-LRP write lands, its instance writes cannot.
  const jsm = await bbs.nc.jetstreamManager();
  await jsm.streams.delete(streamOf(bucketNames.actual));
  await expectCode(call(client, 'DesireLRP', { desired_lrp: desiredLRP('torn', 2) }), status.UNAVAILABLE, 'nothing was changed');
  await expectCode(call(client, 'GetDesiredLRP', { process_guid: 'torn' }), status.NOT_FOUND);
  assert.ok((await kvSnapshot(bbs.nc, 'desired')).has('torn'), 'the desired write was stored before the failure');
  assert.equal(bbs.term()!.pipeline.pendingRepairs, 3, 'torn and its two instances are to be rewritten');

  // While the store still fails, further changes fail too and change nothing.
  await expectCode(call(client, 'DesireLRP', { desired_lrp: desiredLRP('blocked', 1) }), status.UNAVAILABLE);
  await expectCode(call(client, 'GetDesiredLRP', { process_guid: 'blocked' }), status.NOT_FOUND);

  await bbs.nc.jetstream().views.kv(bucketNames.actual, { history: 1 });
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('next', 1) });
  assert.equal(bbs.term()!.pipeline.pendingRepairs, 0);
  const kv = await kvAll(bbs.nc);
  assert.ok(!kv.desired.has('torn'), 'the torn write was repaired away');
  assert.ok(kv.desired.has('stays') && kv.desired.has('next'));
  assert.ok(kv.actual.has('next.0.ORDINARY'));
  assert.deepEqual((await call<{ desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs')).desired_lrps.map((d) => d.process_guid).sort(), ['next', 'stays']);
});

test('with NATS down the BBS answers UNAVAILABLE; when NATS returns it leads again with every acknowledged write', async () => {
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-bbs-nats-'));
  defer(() => fs.rmSync(storeDir, { recursive: true, force: true }));
  let nats = await startNatsServer({ storeDir });
  defer(() => nats.stop());
  const bbs = await startLeader(nats, { kvWriteTimeoutMs: 1000, lockTtlMs: 1500 });
  defer(() => bbs.stop());
  const client = bbsClient(bbs.address);
  defer(() => client.close());
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('acked', 2) });

  await nats.stop();
  await expectCode(call(client, 'DesireLRP', { desired_lrp: desiredLRP('refused', 1) }), status.UNAVAILABLE);
  await eventually('the BBS stops leading without NATS', () => !bbs.isLeader(), 10_000);
  // Not leading, it does not even listen: the client gets UNAVAILABLE (retry) and no answer.
  await expectCode(call(client, 'ListActualLRPs'), status.UNAVAILABLE);

  nats = await startNatsServer({ storeDir, port: nats.port });
  await bbs.whenLeading(20_000);
  // It listens again; the client's channel reconnects within its backoff (half a second).
  const listed = await eventually('the client to reach the BBS again', () =>
    call<{ desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs').then((r) => r, () => undefined), 5000, 50);
  const desired = listed.desired_lrps.map((d) => d.process_guid);
  assert.deepEqual(desired, ['acked']);
  assert.equal((await call<{ actual_lrps: ActualLRP[] }>(client, 'ListActualLRPs', { filter: { process_guid: 'acked' } })).actual_lrps.length, 2);
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('after', 1) });
});
