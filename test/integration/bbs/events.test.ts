// SubscribeEvents against a BBS on a real nats-server: the events of a whole
// LRP life in Diego's order, the filters, and a slow subscriber cut off with
// RESOURCE_EXHAUSTED while a fast one keeps everything.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { BbsHandle } from '../../../src/bbs/bbs.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import {
  bbsClient, call, cleanupStack, desiredLRP, eventually, netInfo, startLeader, startNatsServer, subscribe, taskDefinition,
} from './harness.ts';

const BUFFER = 500;
let bbs: BbsHandle;
let client: BBSClient;
const defer = cleanupStack(after);

before(async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  bbs = await startLeader(nats, { subscriberBufferSize: BUFFER });
  defer(() => bbs.stop());
  client = bbsClient(bbs.address);
  defer(() => client.close());
});

const key = (guid: string, index = 0) => ({ process_guid: guid, index, domain: 'apps' });
const ik = (cell: string, guid: string) => ({ instance_guid: guid, cell_id: cell });

test('a desire → claim → start → crash → restart → remove life emits its events in Diego\'s order', async () => {
  const stream = subscribe(client, {});
  defer(() => stream.cancel());
  await stream.ready;

  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('life', 1) });
  await call(client, 'ClaimActualLRP', { process_guid: 'life', index: 0, instance_key: ik('cell-a', 'i-1') });
  await call(client, 'StartActualLRP', { key: key('life'), instance_key: ik('cell-a', 'i-1'), net_info: netInfo(), availability_zone: 'z1' });
  await call(client, 'CrashActualLRP', { key: key('life'), instance_key: ik('cell-a', 'i-1'), error_message: 'segfault' });
  await call(client, 'ClaimActualLRP', { process_guid: 'life', index: 0, instance_key: ik('cell-b', 'i-2') });
  await call(client, 'StartActualLRP', { key: key('life'), instance_key: ik('cell-b', 'i-2'), net_info: netInfo(), availability_zone: 'z1' });
  await call(client, 'RemoveDesiredLRP', { process_guid: 'life' });
  await call(client, 'RemoveActualLRP', { process_guid: 'life', index: 0, instance_key: ik('cell-b', 'i-2') });

  const expected = [
    'desired_lrp_created', 'actual_lrp_instance_created', // desire
    'actual_lrp_instance_changed', // claim
    'actual_lrp_instance_changed', // start
    'actual_lrp_crashed', 'actual_lrp_instance_created', 'actual_lrp_instance_removed', // crash: back to UNCLAIMED = Created(new) + Removed(old)
    'actual_lrp_instance_changed', 'actual_lrp_instance_changed', // claim, start on cell-b
    'desired_lrp_removed', // remove desired (the cell is asked to stop it)
    'actual_lrp_instance_removed', // the cell removes it
  ];
  await eventually('all events of the life', () => stream.events.length >= expected.length);
  assert.deepEqual(stream.kinds(), expected);

  const e = stream.events;
  assert.equal(e[0]!.desired_lrp_created?.desired_lrp?.process_guid, 'life');
  assert.equal(e[1]!.actual_lrp_instance_created?.actual_lrp?.state, 'UNCLAIMED');
  assert.deepEqual([e[2]!.actual_lrp_instance_changed?.before?.state, e[2]!.actual_lrp_instance_changed?.after?.state], ['UNCLAIMED', 'CLAIMED']);
  assert.deepEqual([e[3]!.actual_lrp_instance_changed?.before?.state, e[3]!.actual_lrp_instance_changed?.after?.state], ['CLAIMED', 'RUNNING']);
  assert.equal(e[3]!.actual_lrp_instance_changed?.after?.net_info?.ports[0]?.host_port, 61001);
  assert.equal(e[4]!.actual_lrp_crashed?.crash_reason, 'segfault');
  assert.equal(e[4]!.actual_lrp_crashed?.crash_count, 1);
  assert.equal(e[4]!.actual_lrp_crashed?.instance_key?.instance_guid, 'i-1');
  assert.equal(e[6]!.actual_lrp_instance_removed?.actual_lrp?.instance_key?.instance_guid, 'i-1');
  assert.equal(e[10]!.actual_lrp_instance_removed?.actual_lrp?.instance_key?.cell_id, 'cell-b');
});

test('filters: by process guid, by cell, and by kind', async () => {
  const byGuid = subscribe(client, { process_guid: 'filt-a' });
  const byCell = subscribe(client, { cell_id: 'cell-x' });
  const tasksOnly = subscribe(client, { task_events: true });
  const lrpsOnly = subscribe(client, { lrp_events: true });
  for (const s of [byGuid, byCell, tasksOnly, lrpsOnly]) defer(() => s.cancel());
  await Promise.all([byGuid.ready, byCell.ready, tasksOnly.ready, lrpsOnly.ready]);

  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('filt-a', 1) });
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('filt-b', 1) });
  await call(client, 'ClaimActualLRP', { process_guid: 'filt-b', index: 0, instance_key: ik('cell-x', 'x-1') });
  await call(client, 'DesireTask', { task: taskDefinition('filt-task') });
  await call(client, 'StartTask', { task_guid: 'filt-task', cell_id: 'cell-x' });
  // A marker every LRP stream sees last: once it arrived, nothing else is on the way.
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('filt-a-marker', 0) });
  await call(client, 'ClaimActualLRP', { process_guid: 'filt-a', index: 0, instance_key: ik('cell-y', 'y-1') });

  await eventually('guid stream', () => byGuid.events.length >= 3);
  await eventually('lrp stream', () => lrpsOnly.events.some((e) => e.desired_lrp_created?.desired_lrp?.process_guid === 'filt-a-marker'));
  await eventually('task stream', () => tasksOnly.events.length >= 2);
  await eventually('cell stream', () => byCell.events.length >= 2);
  await new Promise((r) => setTimeout(r, 200)); // nothing more should arrive

  assert.deepEqual(byGuid.kinds(), ['desired_lrp_created', 'actual_lrp_instance_created', 'actual_lrp_instance_changed']);
  assert.ok(byGuid.events.every((e) => (e.desired_lrp_created?.desired_lrp ?? e.actual_lrp_instance_created?.actual_lrp?.key ?? e.actual_lrp_instance_changed?.after?.key)));
  // Only the instance claimed on cell-x and the task started there.
  assert.deepEqual(byCell.kinds(), ['actual_lrp_instance_changed', 'task_changed']);
  assert.equal(byCell.events[0]!.actual_lrp_instance_changed?.after?.key?.process_guid, 'filt-b');
  assert.deepEqual(tasksOnly.kinds(), ['task_created', 'task_changed']);
  assert.ok(lrpsOnly.kinds().every((k) => !k.startsWith('task_')));
  assert.ok(lrpsOnly.kinds().length >= 6);
});

test('a subscriber that stops reading is cut off with RESOURCE_EXHAUSTED; a reading one keeps every event', async () => {
  // Its own connection: a stalled stream also stalls its HTTP/2 connection's window.
  const slowClient = bbsClient(bbs.address, { 'grpc.use_local_subchannel_pool': 1 });
  defer(() => slowClient.close());
  const slow = subscribe(slowClient, {});
  const fast = subscribe(client, {});
  defer(() => slow.cancel());
  defer(() => fast.cancel());
  await Promise.all([slow.ready, fast.ready]);
  const before = bbs.hub.size;
  slow.call.pause(); // stops reading: HTTP/2 flow control then holds the server's writes back

  // Far more events than the transport plus the subscriber's buffer can hold,
  // in changes of 21 events, each read by the reading subscriber before the next.
  const lrps = 200;
  const instances = 20;
  const total = lrps * (instances + 1);
  for (let i = 0; i < lrps; i++) {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP(`flood-${i}`, instances) });
    await eventually('the reading subscriber keeps up', () => fast.events.length >= (i + 1) * (instances + 1), 10_000, 2);
  }
  await eventually('the slow subscriber is dropped from the hub', () => bbs.hub.size === before - 1, 10_000);
  slow.call.resume();
  const end = await slow.ended;
  assert.equal(end.code, status.RESOURCE_EXHAUSTED, `slow stream ended with ${status[end.code]}: ${end.details}`);
  assert.match(end.details, /too slow/);
  assert.match(end.details, /subscriberBufferSize/, 'the message names the setting');
  assert.ok(slow.events.length < total, `the slow subscriber got ${slow.events.length} of ${total}`);
  assert.equal(fast.events.length, total);

  // The server keeps serving the reading subscriber.
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('after-flood', 0) });
  await eventually('fast subscriber still open', () => fast.events.length === total + 1);
});
