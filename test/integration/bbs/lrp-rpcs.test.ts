// Every desired and actual LRP rpc through gRPC against a BBS on a real
// nats-server: the happy path, what lands in KV, what the auctioneer and reps
// are asked, and each error code — with nothing written when a call fails.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { BbsHandle } from '../../../src/bbs/bbs.ts';
import type { ActualLRP, DesiredLRP, DesiredLRPSchedulingInfo } from '../../../src/common/models.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import {
  bbsClient, call, cellPresence, cleanupStack, desiredLRP, eventually, expectCode, heartbeat, kvAll, netInfo, startAuctioneerPeer,
  startLeader, startNatsServer, startRepPeer, type AuctioneerPeer, type RepPeer,
} from './harness.ts';

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
  // cell-1 is live and its rep is the recording peer, so stop requests reach it.
  const beat = heartbeat(bbs.nc, () => cellPresence('cell-1', rep.address));
  defer(() => beat.stop());
  await eventually('cell-1 is live', () => bbs.presence.registry.get('cell-1'));
});

const actuals = async (filter: Record<string, unknown> = {}) =>
  (await call<{ actual_lrps: ActualLRP[] }>(client, 'ListActualLRPs', { filter })).actual_lrps;
const ordinaryOf = async (guid: string, index: number) =>
  (await actuals({ process_guid: guid, index })).find((a) => a.presence === 'ORDINARY');
const key = (guid: string, index: number, domain = 'apps') => ({ process_guid: guid, index, domain });
const ik = (cell: string, guid: string) => ({ instance_guid: guid, cell_id: cell });

async function runInstance(guid: string, index: number, cell = 'cell-1', instance = `${guid}-${index}-i`, domain = 'apps'): Promise<void> {
  await call(client, 'ClaimActualLRP', { process_guid: guid, index, instance_key: ik(cell, instance) });
  await call(client, 'StartActualLRP', { key: key(guid, index, domain), instance_key: ik(cell, instance), net_info: netInfo(), availability_zone: 'z1' });
}

/** Runs `fn` (expected to fail) and checks that no KV bucket changed. */
async function nothingWritten(fn: () => Promise<unknown>): Promise<void> {
  const before = await kvAll(bbs.nc);
  await fn();
  assert.deepEqual(await kvAll(bbs.nc), before, 'a failed call must write nothing to KV');
}

describe('desired LRPs', () => {
  test('DesireLRP stores the LRP and its UNCLAIMED instances in KV, and asks for one auction of them', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('desire-1', 3) });
    const got = (await call<{ desired_lrp: DesiredLRP }>(client, 'GetDesiredLRP', { process_guid: 'desire-1' })).desired_lrp;
    assert.equal(got.instances, 3);
    assert.equal(got.user, 'vcap');
    assert.equal(got.log_guid, 'desire-1');
    assert.ok(got.modification_tag?.epoch);
    const list = await actuals({ process_guid: 'desire-1' });
    assert.deepEqual(list.map((a) => [a.key?.index, a.state, a.presence]).sort(), [[0, 'UNCLAIMED', 'ORDINARY'], [1, 'UNCLAIMED', 'ORDINARY'], [2, 'UNCLAIMED', 'ORDINARY']]);
    const kv = await kvAll(bbs.nc);
    assert.ok(kv.desired.has('desire-1'));
    for (const i of [0, 1, 2]) assert.ok(kv.actual.has(`desire-1.${i}.ORDINARY`), `KV holds instance ${i}`);
    await eventually('the auctioneer was asked for desire-1/0..2', () =>
      ['desire-1/0', 'desire-1/1', 'desire-1/2'].every((k) => auctioneer.lrpInstances().includes(k)));
    const start = auctioneer.lrpStarts.find((s) => s.process_guid === 'desire-1')!;
    assert.equal(start.rootfs, 'gantry:bookworm');
    assert.equal(start.memory_mb, 128);
  });

  test('DesireLRP refuses bad input with INVALID_ARGUMENT naming the field, and writes nothing', async () => {
    await nothingWritten(async () => {
      await expectCode(call(client, 'DesireLRP', {}), status.INVALID_ARGUMENT, 'desired_lrp');
      await expectCode(call(client, 'DesireLRP', { desired_lrp: desiredLRP('bad guid!') }), status.INVALID_ARGUMENT, 'desired_lrp.process_guid');
      await expectCode(call(client, 'DesireLRP', { desired_lrp: desiredLRP('no-domain', 1, { domain: '' }) }), status.INVALID_ARGUMENT, 'desired_lrp.domain');
      await expectCode(call(client, 'DesireLRP', { desired_lrp: desiredLRP('neg', -1) }), status.INVALID_ARGUMENT, 'desired_lrp.instances');
      await expectCode(call(client, 'DesireLRP', { desired_lrp: desiredLRP('mem', 1, { memory_mb: -5 }) }), status.INVALID_ARGUMENT, 'desired_lrp.memory_mb');
      await expectCode(call(client, 'DesireLRP', { desired_lrp: desiredLRP('big', 1, { annotation: 'x'.repeat(10 * 1024 + 1) }) }), status.INVALID_ARGUMENT, 'desired_lrp.annotation');
    });
    await expectCode(call(client, 'GetDesiredLRP', { process_guid: 'neg' }), status.NOT_FOUND);
  });

  test('DesireLRP of an existing guid is ALREADY_EXISTS and changes nothing', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('dup-1', 1) });
    await nothingWritten(() => expectCode(call(client, 'DesireLRP', { desired_lrp: desiredLRP('dup-1', 5) }), status.ALREADY_EXISTS, 'dup-1'));
    assert.equal((await actuals({ process_guid: 'dup-1' })).length, 1);
  });

  test('UpdateDesiredLRP scales up (new instances auctioned) and down (running ones stopped by their rep)', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('scale-1', 2) });
    await runInstance('scale-1', 0);
    await runInstance('scale-1', 1);
    await call(client, 'UpdateDesiredLRP', { process_guid: 'scale-1', update: { instances: 4, annotation: 'v2' } });
    const d = (await call<{ desired_lrp: DesiredLRP }>(client, 'GetDesiredLRP', { process_guid: 'scale-1' })).desired_lrp;
    assert.equal(d.instances, 4);
    assert.equal(d.annotation, 'v2');
    assert.equal(d.modification_tag?.index, 1);
    assert.deepEqual((await actuals({ process_guid: 'scale-1' })).map((a) => a.state).sort(), ['RUNNING', 'RUNNING', 'UNCLAIMED', 'UNCLAIMED']);
    await eventually('scale-1/2 and /3 auctioned', () => ['scale-1/2', 'scale-1/3'].every((k) => auctioneer.lrpInstances().includes(k)));

    await call(client, 'UpdateDesiredLRP', { process_guid: 'scale-1', update: { instances: 1 } });
    // The UNCLAIMED extras are removed at once; the RUNNING index 1 is stopped by its cell's rep.
    assert.deepEqual((await actuals({ process_guid: 'scale-1' })).map((a) => a.key?.index).sort(), [0, 1]);
    await eventually('rep asked to stop scale-1/1', () => rep.stops.some((s) => s.process_guid === 'scale-1' && s.index === 1 && s.instance_guid === 'scale-1-1-i'));
  });

  test('UpdateDesiredLRP errors: NOT_FOUND, INVALID_ARGUMENT naming the field; nothing written', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('upd-err', 1) });
    await nothingWritten(async () => {
      await expectCode(call(client, 'UpdateDesiredLRP', { process_guid: 'nope', update: { instances: 2 } }), status.NOT_FOUND, 'nope');
      await expectCode(call(client, 'UpdateDesiredLRP', { process_guid: 'upd-err' }), status.INVALID_ARGUMENT, 'update');
      await expectCode(call(client, 'UpdateDesiredLRP', { process_guid: 'upd-err', update: { instances: -2 } }), status.INVALID_ARGUMENT, 'update.instances');
      await expectCode(call(client, 'UpdateDesiredLRP', { process_guid: 'upd-err', update: { routes: { routes: [{ hostnames: ['a.example.com'], port: 9999 }] } } }),
        status.INVALID_ARGUMENT, 'update.routes');
    });
  });

  test('RemoveDesiredLRP removes it and its unplaced instances, and stops the running ones', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('rm-1', 2) });
    await runInstance('rm-1', 0);
    await call(client, 'RemoveDesiredLRP', { process_guid: 'rm-1' });
    await expectCode(call(client, 'GetDesiredLRP', { process_guid: 'rm-1' }), status.NOT_FOUND, 'rm-1');
    const kv = await kvAll(bbs.nc);
    assert.ok(!kv.desired.has('rm-1'));
    assert.ok(!kv.actual.has('rm-1.1.ORDINARY'), 'the UNCLAIMED instance is deleted from KV');
    await eventually('rep asked to stop rm-1/0', () => rep.stops.some((s) => s.process_guid === 'rm-1' && s.index === 0));
    await nothingWritten(() => expectCode(call(client, 'RemoveDesiredLRP', { process_guid: 'rm-1' }), status.NOT_FOUND));
    await expectCode(call(client, 'RemoveDesiredLRP', { process_guid: '' }), status.INVALID_ARGUMENT, 'process_guid');
  });

  test('ListDesiredLRPs and ListDesiredLRPSchedulingInfos filter by domain and guids', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('list-a', 1, { domain: 'other' }) });
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('list-b', 2, { domain: 'other' }) });
    const inDomain = (await call<{ desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs', { domain: 'other' })).desired_lrps;
    assert.deepEqual(inDomain.map((d) => d.process_guid).sort(), ['list-a', 'list-b']);
    const byGuid = (await call<{ desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs', { process_guids: ['list-b', 'missing'] })).desired_lrps;
    assert.deepEqual(byGuid.map((d) => d.process_guid), ['list-b']);
    const all = (await call<{ desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs', {})).desired_lrps;
    assert.ok(all.length >= 2 && all.some((d) => d.domain === 'apps'));
    const infos = (await call<{ desired_lrp_scheduling_infos: DesiredLRPSchedulingInfo[] }>(client, 'ListDesiredLRPSchedulingInfos', { domain: 'other' }))
      .desired_lrp_scheduling_infos;
    assert.deepEqual(infos.map((i) => [i.process_guid, i.instances, i.rootfs]).sort(), [['list-a', 1, 'gantry:bookworm'], ['list-b', 2, 'gantry:bookworm']]);
  });
});

describe('actual LRPs', () => {
  test('claim → start → crash (restarted at once) → fail placement → remove, with the KV record following', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('life-1', 1) });
    await call(client, 'ClaimActualLRP', { process_guid: 'life-1', index: 0, instance_key: ik('cell-1', 'ig-1') });
    assert.equal((await ordinaryOf('life-1', 0))?.state, 'CLAIMED');
    await call(client, 'StartActualLRP', { key: key('life-1', 0), instance_key: ik('cell-1', 'ig-1'), net_info: netInfo(61005), availability_zone: 'z1' });
    const running = (await ordinaryOf('life-1', 0))!;
    assert.equal(running.state, 'RUNNING');
    assert.equal(running.net_info?.ports[0]?.host_port, 61005);
    assert.equal(running.instance_key?.cell_id, 'cell-1');

    const auctionsBefore = auctioneer.lrpInstances().filter((k) => k === 'life-1/0').length;
    await call(client, 'CrashActualLRP', { key: key('life-1', 0), instance_key: ik('cell-1', 'ig-1'), error_message: 'exit status 1' });
    const crashed = (await ordinaryOf('life-1', 0))!;
    assert.equal(crashed.crash_count, 1);
    assert.equal(crashed.crash_reason, 'exit status 1');
    assert.equal(crashed.state, 'UNCLAIMED', 'the first crash restarts at once');
    await eventually('life-1/0 auctioned again after the crash', () => auctioneer.lrpInstances().filter((k) => k === 'life-1/0').length > auctionsBefore);

    await call(client, 'FailActualLRP', { key: key('life-1', 0), error_message: 'insufficient resources: memory' });
    assert.equal((await ordinaryOf('life-1', 0))?.placement_error, 'insufficient resources: memory');

    // Index 0 is still desired: the removed record is replaced at once by a fresh UNCLAIMED one, in the KV too.
    const removedTag = (await ordinaryOf('life-1', 0))!.modification_tag;
    await call(client, 'RemoveActualLRP', { process_guid: 'life-1', index: 0 });
    const replaced = (await ordinaryOf('life-1', 0))!;
    assert.equal(replaced.state, 'UNCLAIMED');
    assert.equal(replaced.placement_error, '', 'a new record, without the old placement error');
    assert.notDeepEqual(replaced.modification_tag, removedTag);
    assert.ok((await kvAll(bbs.nc)).actual.has('life-1.0.ORDINARY'));

    // Once the app is scaled to 0 the removal is final.
    await call(client, 'UpdateDesiredLRP', { process_guid: 'life-1', update: { instances: 0 } });
    await call(client, 'RemoveActualLRP', { process_guid: 'life-1', index: 0 }).catch(() => undefined); // scaling down may have removed it already
    assert.equal(await ordinaryOf('life-1', 0), undefined);
    assert.ok(!(await kvAll(bbs.nc)).actual.has('life-1.0.ORDINARY'));
  });

  test('actual LRP errors: INVALID_ARGUMENT naming the field, NOT_FOUND, FAILED_PRECONDITION; nothing written', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('err-1', 1) });
    await call(client, 'ClaimActualLRP', { process_guid: 'err-1', index: 0, instance_key: ik('cell-1', 'ig-a') });
    await nothingWritten(async () => {
      await expectCode(call(client, 'ClaimActualLRP', { process_guid: 'err-1', index: 0 }), status.INVALID_ARGUMENT, 'instance_key');
      await expectCode(call(client, 'ClaimActualLRP', { process_guid: 'err-1', index: -1, instance_key: ik('cell-1', 'x') }), status.INVALID_ARGUMENT, 'index');
      await expectCode(call(client, 'ClaimActualLRP', { process_guid: 'err-1', index: 7, instance_key: ik('cell-1', 'x') }), status.NOT_FOUND, 'err-1');
      // Claimed by ig-a on cell-1: another cell cannot claim it.
      await expectCode(call(client, 'ClaimActualLRP', { process_guid: 'err-1', index: 0, instance_key: ik('cell-2', 'ig-b') }), status.FAILED_PRECONDITION, 'claim');
      await expectCode(call(client, 'StartActualLRP', { key: key('err-1', 0), instance_key: ik('cell-1', 'ig-a') }), status.INVALID_ARGUMENT, 'net_info');
      await expectCode(call(client, 'StartActualLRP', { instance_key: ik('cell-1', 'ig-a'), net_info: netInfo() }), status.INVALID_ARGUMENT, 'key');
      // Only the instance that claimed it may report it crashed.
      await expectCode(call(client, 'CrashActualLRP', { key: key('err-1', 0), instance_key: ik('cell-2', 'ig-b'), error_message: 'x' }), status.FAILED_PRECONDITION, 'crash');
      await expectCode(call(client, 'FailActualLRP', { key: key('err-1', 0), error_message: 'x' }), status.FAILED_PRECONDITION, 'placement failure');
      await expectCode(call(client, 'FailActualLRP', { key: key('err-1', 0) }), status.INVALID_ARGUMENT, 'error_message');
      await expectCode(call(client, 'RemoveActualLRP', { process_guid: 'err-1', index: 0, instance_key: ik('cell-9', 'other') }), status.NOT_FOUND);
      await expectCode(call(client, 'RetireActualLRP', { key: key('nope', 0) }), status.NOT_FOUND);
      await expectCode(call(client, 'RetireActualLRP', {}), status.INVALID_ARGUMENT, 'key');
    });
  });

  test('RetireActualLRP stops a running instance through its rep and keeps the desired state', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('retire-1', 1) });
    await runInstance('retire-1', 0, 'cell-1', 'ret-ig');
    await call(client, 'RetireActualLRP', { key: key('retire-1', 0) });
    await eventually('rep asked to stop retire-1/0', () => rep.stops.some((s) => s.process_guid === 'retire-1' && s.instance_guid === 'ret-ig'));
    assert.equal((await call<{ desired_lrp: DesiredLRP }>(client, 'GetDesiredLRP', { process_guid: 'retire-1' })).desired_lrp.instances, 1);
  });

  test('ListActualLRPs filters by domain, cell, process guid and index', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('filt-1', 3, { domain: 'filt' }) });
    await runInstance('filt-1', 1, 'cell-7', 'filt-ig', 'filt');
    assert.equal((await actuals({ domain: 'filt' })).length, 3);
    assert.deepEqual((await actuals({ cell_id: 'cell-7' })).map((a) => a.key?.process_guid), ['filt-1']);
    assert.deepEqual((await actuals({ process_guid: 'filt-1', index: 2 })).map((a) => a.key?.index), [2]);
    assert.deepEqual((await actuals({ process_guid: 'filt-1', index: 0 })).map((a) => a.state), ['UNCLAIMED']);
  });

  test('evacuation: running keeps its container as an EVACUATING copy until the replacement runs; claimed, crashed and stopped drop it', async () => {
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('evac-1', 4) });
    for (const i of [0, 1, 2, 3]) await runInstance('evac-1', i, 'cell-1', `ev-${i}`);

    const kept = await call<{ keep_container: boolean }>(client, 'EvacuateRunningActualLRP',
      { key: key('evac-1', 0), instance_key: ik('cell-1', 'ev-0'), net_info: netInfo(), availability_zone: 'z1' });
    assert.equal(kept.keep_container, true);
    const slot = await actuals({ process_guid: 'evac-1', index: 0 });
    assert.deepEqual(slot.map((a) => [a.presence, a.state]).sort(), [['EVACUATING', 'RUNNING'], ['ORDINARY', 'UNCLAIMED']]);
    assert.ok((await kvAll(bbs.nc)).actual.has('evac-1.0.EVACUATING'));
    await eventually('evac-1/0 auctioned for its replacement', () => auctioneer.lrpInstances().includes('evac-1/0'));
    // The replacement runs elsewhere: the evacuating cell removes its copy.
    await runInstance('evac-1', 0, 'cell-2', 'ev-0-new');
    await expectCode(call(client, 'RemoveEvacuatingActualLRP', { key: key('evac-1', 0), instance_key: ik('cell-1', 'ev-0') }), status.NOT_FOUND, 'evacuating');

    // Claimed → back to UNCLAIMED, container dropped.
    await call(client, 'DesireLRP', { desired_lrp: desiredLRP('evac-2', 1) });
    await call(client, 'ClaimActualLRP', { process_guid: 'evac-2', index: 0, instance_key: ik('cell-1', 'ev2') });
    assert.equal((await call<{ keep_container: boolean }>(client, 'EvacuateClaimedActualLRP', { key: key('evac-2', 0), instance_key: ik('cell-1', 'ev2') })).keep_container, false);
    assert.equal((await ordinaryOf('evac-2', 0))?.state, 'UNCLAIMED');

    assert.equal((await call<{ keep_container: boolean }>(client, 'EvacuateCrashedActualLRP',
      { key: key('evac-1', 1), instance_key: ik('cell-1', 'ev-1'), error_message: 'oom' })).keep_container, false);
    assert.equal((await ordinaryOf('evac-1', 1))?.crash_count, 1);
    assert.equal((await call<{ keep_container: boolean }>(client, 'EvacuateStoppedActualLRP', { key: key('evac-1', 2), instance_key: ik('cell-1', 'ev-2') })).keep_container, false);
    assert.equal(await ordinaryOf('evac-1', 2), undefined);

    // An EVACUATING copy can be removed by its cell.
    await call(client, 'EvacuateRunningActualLRP', { key: key('evac-1', 3), instance_key: ik('cell-1', 'ev-3'), net_info: netInfo(), availability_zone: 'z1' });
    await call(client, 'RemoveEvacuatingActualLRP', { key: key('evac-1', 3), instance_key: ik('cell-1', 'ev-3') });
    assert.deepEqual((await actuals({ process_guid: 'evac-1', index: 3 })).map((a) => a.presence), ['ORDINARY']);
    assert.ok(!(await kvAll(bbs.nc)).actual.has('evac-1.3.EVACUATING'));

    await nothingWritten(async () => {
      await expectCode(call(client, 'EvacuateRunningActualLRP', { instance_key: ik('cell-1', 'x'), net_info: netInfo() }), status.INVALID_ARGUMENT, 'key');
      await expectCode(call(client, 'EvacuateClaimedActualLRP', { key: key('evac-1', 3), instance_key: ik('cell-1', 'nobody') }), status.NOT_FOUND);
      await expectCode(call(client, 'EvacuateCrashedActualLRP', { key: key('evac-1', 3), instance_key: ik('cell-1', 'x') }), status.INVALID_ARGUMENT, 'error_message');
      await expectCode(call(client, 'EvacuateStoppedActualLRP', { key: key('evac-1', 3) }), status.INVALID_ARGUMENT, 'instance_key');
      await expectCode(call(client, 'RemoveEvacuatingActualLRP', { key: key('evac-1', 3), instance_key: ik('cell-1', 'ev-3') }), status.NOT_FOUND);
    });
  });
});
