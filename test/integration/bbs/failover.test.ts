// Leader failover between BBSs on one real nats-server: a standby serves
// nothing (NOT_SERVING, UNAVAILABLE) and takes over within a few seconds of
// the leader's death, serving the same state; a clean stop hands over at once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { startBbs } from '../../../src/bbs/bbs.ts';
import type { ActualLRP, DesiredLRP } from '../../../src/common/models.ts';
import {
  bbsClient, call, cleanupStack, desiredLRP, expectCode, healthStatus, log, netInfo, startLeader, startNatsServer, subscribe, testConfig,
} from './harness.ts';

const defer = cleanupStack(after);
const LOCK_TTL_MS = 1500;

test('the standby refuses everything, then takes over within a few seconds of the leader\'s death with the same state', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const leader = await startLeader(nats, { lockTtlMs: LOCK_TTL_MS });
  let leaderDead = false;
  defer(() => (leaderDead ? undefined : leader.stop()));
  const standby = await startBbs(testConfig(nats, { lockTtlMs: LOCK_TTL_MS }), { log });
  defer(() => standby.stop());
  const toLeader = bbsClient(leader.address);
  const toStandby = bbsClient(standby.address);
  defer(() => toLeader.close());
  defer(() => toStandby.close());

  // The standby: health NOT_SERVING, every rpc UNAVAILABLE, events refused.
  assert.equal(standby.isLeader(), false);
  assert.equal(await healthStatus(standby.address, 'gantry.bbs.BBS'), 'NOT_SERVING');
  assert.equal(await healthStatus(leader.address, 'gantry.bbs.BBS'), 'SERVING');
  await expectCode(call(toStandby, 'Ping'), status.UNAVAILABLE, 'standing by');
  await expectCode(call(toStandby, 'DesireLRP', { desired_lrp: desiredLRP('nope', 1) }), status.UNAVAILABLE);
  await expectCode(call(toStandby, 'ListActualLRPs'), status.UNAVAILABLE);
  const refused = subscribe(toStandby, {});
  assert.equal((await refused.ended).code, status.UNAVAILABLE);

  await call(toLeader, 'DesireLRP', { desired_lrp: desiredLRP('survivor', 3) });
  await call(toLeader, 'ClaimActualLRP', { process_guid: 'survivor', index: 0, instance_key: { instance_guid: 's0', cell_id: 'cell-1' } });
  await call(toLeader, 'StartActualLRP', {
    key: { process_guid: 'survivor', index: 0, domain: 'apps' }, instance_key: { instance_guid: 's0', cell_id: 'cell-1' }, net_info: netInfo(), availability_zone: 'z1',
  });
  const stateBefore = (await call<{ actual_lrps: ActualLRP[] }>(toLeader, 'ListActualLRPs')).actual_lrps;
  const stream = subscribe(toLeader, {});
  await stream.ready;

  // The leader dies: it never releases its lock, which has to expire.
  const diedAt = Date.now();
  await leader.kill();
  leaderDead = true;
  await standby.whenLeading(10_000);
  const takeoverMs = Date.now() - diedAt;
  assert.ok(takeoverMs < 5000, `took over in ${takeoverMs} ms`);
  assert.ok(takeoverMs >= LOCK_TTL_MS / 2, `took over in ${takeoverMs} ms: the dead leader's lock should have had to expire`);
  const ended = await stream.ended;
  assert.notEqual(ended.code, status.OK, 'the dead leader\'s event stream ends with an error');

  assert.equal(await healthStatus(standby.address, 'gantry.bbs.BBS'), 'SERVING');
  assert.deepEqual(await call(toStandby, 'Ping'), { available: true });
  const stateAfter = (await call<{ actual_lrps: ActualLRP[] }>(toStandby, 'ListActualLRPs')).actual_lrps;
  const byKey = (a: ActualLRP) => `${a.key?.process_guid}/${a.key?.index}`;
  assert.deepEqual(stateAfter.sort((a, b) => byKey(a).localeCompare(byKey(b))), stateBefore.sort((a, b) => byKey(a).localeCompare(byKey(b))));
  // The new leader acts on the state it took over.
  await call(toStandby, 'ClaimActualLRP', { process_guid: 'survivor', index: 1, instance_key: { instance_guid: 's1', cell_id: 'cell-2' } });
  await call(toStandby, 'UpdateDesiredLRP', { process_guid: 'survivor', update: { instances: 4 } });
  assert.equal((await call<{ desired_lrp: DesiredLRP }>(toStandby, 'GetDesiredLRP', { process_guid: 'survivor' })).desired_lrp.instances, 4);
});

test('a leader stopping cleanly releases the lock: the standby takes over at once and the old one refuses requests', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const first = await startLeader(nats, { lockTtlMs: 10_000 });
  const second = await startBbs(testConfig(nats, { lockTtlMs: 10_000 }), { log });
  defer(() => second.stop());
  const toFirst = bbsClient(first.address);
  defer(() => toFirst.close());
  await call(toFirst, 'DesireLRP', { desired_lrp: desiredLRP('handed-over', 1) });
  const events = subscribe(toFirst, {});
  await events.ready;

  const stoppedAt = Date.now();
  await first.stop();
  // A 10 s TTL: only a release makes the takeover this quick (the standby retries every lockRefreshMs).
  await second.whenLeading(5000);
  assert.ok(Date.now() - stoppedAt < 5000);
  const ended = await events.ended;
  assert.notEqual(ended.code, status.OK);
  const toSecond = bbsClient(second.address);
  defer(() => toSecond.close());
  assert.equal((await call<{ desired_lrp: DesiredLRP }>(toSecond, 'GetDesiredLRP', { process_guid: 'handed-over' })).desired_lrp.instances, 1);
});
