// Leader failover between BBSs on one real nats-server: a standby does not
// even listen (clients given every BBS's address reach the leader only) and
// takes over within a few seconds of the leader's death, serving the same
// state; a clean stop hands over at once; a leader whose lock is taken from
// it stops listening at once, so two never answer side by side.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { startBbs } from '../../../src/bbs/bbs.ts';
import { grpcTarget } from '../../../src/common/grpc-target.ts';
import type { ActualLRP, DesiredLRP } from '../../../src/common/models.ts';
import { connectNats } from '../../../src/common/nats.ts';
import {
  bbsClient, call, cellPresence, cleanupStack, desiredLRP, eventually, healthStatus, heartbeat, log, netInfo, startAuctioneerPeer, startLeader, startNatsServer, subscribe, testConfig,
} from './harness.ts';
import { freePort } from '../../../src/common/net.ts';

const defer = cleanupStack(after);
const LOCK_TTL_MS = 1500;

/** Whether anything accepts TCP connections at host:port. */
function listening(address: string): Promise<boolean> {
  const i = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const sock = net.connect({ host: address.slice(0, i), port: Number(address.slice(i + 1)) });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

test('the standby does not listen, then takes over within a few seconds of the leader\'s death with the same state', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const leader = await startLeader(nats, { lockTtlMs: LOCK_TTL_MS });
  let leaderDead = false;
  defer(() => (leaderDead ? undefined : leader.stop()));
  const standby = await startBbs(testConfig(nats, { lockTtlMs: LOCK_TTL_MS }), { log });
  defer(() => standby.stop());
  const toLeader = bbsClient(leader.address);
  const toStandby = bbsClient(standby.address);
  // What cells, auctioneers and the CLI are given: every BBS, the standby first.
  const toEither = bbsClient(grpcTarget([standby.address, leader.address]));
  defer(() => toLeader.close());
  defer(() => toStandby.close());
  defer(() => toEither.close());

  // The standby does not listen: nothing to answer with, so nobody takes it for the leader.
  assert.equal(standby.isLeader(), false);
  assert.notEqual(standby.address, leader.address);
  assert.equal(await listening(standby.address), false, 'a standby BBS does not bind its port');
  assert.equal(await healthStatus(leader.address, 'gantry.bbs.BBS'), 'SERVING');
  // A client of both reaches the leader.
  assert.deepEqual(await call(toEither, 'Ping'), { available: true });

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
  // Until the standby leads, a client of both gets UNAVAILABLE (retry), never another answer.
  const answered = await eventually('the client of both BBSes to reach the new leader', async () => {
    try {
      return (await call(toEither, 'Ping')) && Date.now();
    } catch (err) {
      assert.equal((err as { code: number }).code, status.UNAVAILABLE, String(err));
      return undefined;
    }
  }, 10_000, 50);
  await standby.whenLeading(10_000);
  const takeoverMs = answered - diedAt;
  assert.ok(takeoverMs < 5000, `took over in ${takeoverMs} ms`);
  assert.ok(takeoverMs >= LOCK_TTL_MS / 2, `took over in ${takeoverMs} ms: the dead leader's lock should have had to expire`);
  assert.equal(await listening(leader.address), false);
  const ended = await stream.ended;
  assert.notEqual(ended.code, status.OK, 'the dead leader\'s event stream ends with an error');

  assert.equal(await healthStatus(standby.address, 'gantry.bbs.BBS'), 'SERVING');
  assert.deepEqual(await call(toStandby, 'Ping'), { available: true });
  assert.equal((await call<{ desired_lrp: DesiredLRP }>(toEither, 'GetDesiredLRP', { process_guid: 'survivor' })).desired_lrp.instances, 3);
  const stateAfter = (await call<{ actual_lrps: ActualLRP[] }>(toStandby, 'ListActualLRPs')).actual_lrps;
  const byKey = (a: ActualLRP) => `${a.key?.process_guid}/${a.key?.index}`;
  assert.deepEqual(stateAfter.sort((a, b) => byKey(a).localeCompare(byKey(b))), stateBefore.sort((a, b) => byKey(a).localeCompare(byKey(b))));
  // The new leader acts on the state it took over.
  await call(toStandby, 'ClaimActualLRP', { process_guid: 'survivor', index: 1, instance_key: { instance_guid: 's1', cell_id: 'cell-2' } });
  await call(toStandby, 'UpdateDesiredLRP', { process_guid: 'survivor', update: { instances: 4 } });
  assert.equal((await call<{ desired_lrp: DesiredLRP }>(toStandby, 'GetDesiredLRP', { process_guid: 'survivor' })).desired_lrp.instances, 4);
});

test('a leader stopping cleanly releases the lock: the standby takes over at once and the old one stops listening', async () => {
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
  assert.equal(await listening(first.address), false, 'the stopped BBS no longer listens');
});

test('a leader whose lock is taken (a partition, a stall past the TTL) stops listening at once: never two leaders', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const first = await startLeader(nats, { lockTtlMs: LOCK_TTL_MS, lockRefreshMs: 200 });
  defer(() => first.stop());
  const second = await startBbs(testConfig(nats, { lockTtlMs: LOCK_TTL_MS, lockRefreshMs: 200 }), { log });
  defer(() => second.stop());
  assert.equal(await listening(first.address), true);
  assert.equal(await listening(second.address), false);

  // Someone else writes the lock key, as a BBS on the other side of a partition would once the key expired.
  const nc = await connectNats({ servers: nats.url, name: 'test-usurper', log });
  defer(() => nc.close());
  const kv = await nc.jetstream().views.kv('gantry-locks-bbs', { bindOnly: true });
  await kv.put('bbs', new TextEncoder().encode(JSON.stringify({ owner: 'usurper', term: 'usurper-1', at: Date.now() })));
  const takenAt = Date.now();

  // The leader's next refresh is refused: it stops serving and releases its port.
  await eventually('the old leader to stop listening', async () => !(await listening(first.address)), 5000, 20);
  const unboundMs = Date.now() - takenAt;
  assert.ok(unboundMs < 1500, `stopped listening ${unboundMs} ms after its lock was taken`);
  assert.equal(first.isLeader(), false);
  // While the usurper's key lives neither BBS serves.
  assert.equal(await listening(second.address), false);
  // Once it expires one of them takes over, and only one listens.
  await eventually('a BBS to lead again', () => first.isLeader() || second.isLeader(), 10_000, 50);
  const leader = first.isLeader() ? first : second;
  await leader.whenLeading(5000);
  assert.deepEqual([await listening(first.address), await listening(second.address)], [leader === first, leader === second]);
});

test('a nats-server restart shorter than the lock TTL is no failover: the leader keeps its lease and serves on', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const leader = await startLeader(nats, { lockTtlMs: 3000 });
  defer(() => leader.stop());
  const standby = await startBbs(testConfig(nats, { lockTtlMs: 3000 }), { log });
  defer(() => standby.stop());
  const client = bbsClient(grpcTarget([standby.address, leader.address]));
  defer(() => client.close());
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('before-restart', 1) });
  const term = leader.term();

  let leaderFlapped = false;
  const watch = setInterval(() => {
    if (!leader.isLeader() || standby.isLeader()) leaderFlapped = true;
  }, 10);
  defer(() => clearInterval(watch));
  await nats.restart();
  // Writes are acknowledged again once the connection is back (a failed one answered UNAVAILABLE).
  await eventually('a write acknowledged after the restart', () =>
    call(client, 'DesireLRP', { desired_lrp: desiredLRP('after-restart', 1) }).then(() => true, (err) => {
      assert.equal((err as { code: number }).code, status.UNAVAILABLE, String(err));
      return false;
    }), 10_000, 50);
  // Refreshes resumed well inside the lease: the same term leads, the standby never did.
  await new Promise((r) => setTimeout(r, 3500));
  clearInterval(watch);
  assert.equal(leaderFlapped, false, 'the leader kept its lock through the restart');
  assert.equal(leader.term(), term, 'the same leadership term');
  assert.equal(await listening(standby.address), false);
  const names = (await call<{ desired_lrps: DesiredLRP[] }>(client, 'ListDesiredLRPs')).desired_lrps.map((d) => d.process_guid).sort();
  assert.deepEqual(names, ['after-restart', 'before-restart']);
});

/** A TCP relay to host:port whose traffic can be held in both directions (a partition that drops nothing and answers nothing). */
async function relay(target: { host: string; port: number }): Promise<{ url: string; hold(): void; release(): void; close(): void }> {
  const pairs: Array<[net.Socket, net.Socket]> = [];
  let held = false;
  const server = net.createServer((inbound) => {
    const outbound = net.connect(target);
    pairs.push([inbound, outbound]);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    const end = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', end);
    outbound.on('error', end);
    inbound.on('close', end);
    outbound.on('close', end);
    if (held) {
      inbound.pause();
      outbound.pause();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `nats://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    hold: () => {
      held = true;
      for (const [a, b] of pairs) {
        a.unpipe(b);
        b.unpipe(a);
        a.pause();
        b.pause();
      }
    },
    release: () => {
      held = false;
      for (const [a, b] of pairs) {
        a.pipe(b);
        b.pipe(a);
        a.resume();
        b.resume();
      }
    },
    close: () => {
      server.close();
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
    },
  };
}

test('a leader cut off from NATS (requests hang, nothing fails) stops serving when its lease ends, before a standby can lead', async (t) => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const cut = await relay({ host: '127.0.0.1', port: nats.port });
  defer(() => cut.close());
  const ttl = 1500;
  const first = await startLeader(nats, { natsUrl: [cut.url], lockTtlMs: ttl, lockRefreshMs: 200 });
  defer(() => first.stop());
  const second = await startBbs(testConfig(nats, { lockTtlMs: ttl, lockRefreshMs: 200 }), { log });
  defer(() => second.stop());
  assert.equal(await listening(first.address), true);

  let both = 0;
  const watch = setInterval(() => {
    if (first.isLeader() && second.isLeader()) both++;
  }, 5);
  defer(() => clearInterval(watch));
  const cutAt = Date.now();
  cut.hold();
  await eventually('the cut-off leader to stop listening', async () => !(await listening(first.address)), 10_000, 20);
  const stoppedMs = Date.now() - cutAt;
  await second.whenLeading(10_000);
  const tookOverMs = Date.now() - cutAt;
  t.diagnostic(`cut off: stopped serving after ${stoppedMs} ms, the standby led after ${tookOverMs} ms (TTL ${ttl} ms)`);
  assert.ok(stoppedMs <= ttl + 500, `the cut-off leader stopped serving ${stoppedMs} ms after the cut (its lease: ${ttl} ms)`);
  assert.ok(stoppedMs < tookOverMs, `it stopped (${stoppedMs} ms) before the standby led (${tookOverMs} ms)`);
  assert.equal(both, 0, 'never two leaders at once');

  // The partition heals: the old leader stays a standby.
  cut.release();
  await new Promise((r) => setTimeout(r, 1000));
  clearInterval(watch);
  assert.equal(both, 0);
  assert.equal(first.isLeader(), false);
  assert.equal(await listening(first.address), false);
  assert.equal(await listening(second.address), true);
});

test('auctions asked for while no auctioneer listens are sent once one does; a new auctioneer leader gets the UNCLAIMED again', async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  const port = await freePort();
  const bbs = await startLeader(nats, { auctioneerAddress: `127.0.0.1:${port}`, takeoverReauctionMs: 300, lockRefreshMs: 100 });
  defer(() => bbs.stop());
  const client = bbsClient(bbs.address);
  defer(() => client.close());

  // No auctioneer leads (none listens): the request is not dropped but retried.
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('waiting', 2) });
  await new Promise((r) => setTimeout(r, 700));
  const peer = await startAuctioneerPeer(port);
  defer(() => peer.stop());
  await eventually('the auction request to arrive once an auctioneer listens', () => peer.lrpInstances().length >= 2, 5000, 20);
  assert.deepEqual(peer.lrpInstances().sort(), ['waiting/0', 'waiting/1']);

  // The auctioneer's lock changes hands (its leader died with the batch): the BBS asks again for what is UNCLAIMED.
  const nc = await connectNats({ servers: nats.url, name: 'test-auctioneer-lock', log });
  defer(() => nc.close());
  const beat = heartbeat(nc, () => cellPresence('cell-1'));
  defer(() => beat.stop());
  const locks = await nc.jetstream().views.kv('gantry-locks-auctioneer', { ttl: 3000, history: 1 });
  const holder = (term: string) => new TextEncoder().encode(JSON.stringify({ owner: `auctioneer-${term}`, term, at: Date.now() }));
  await locks.put('auctioneer', holder('a'));
  await new Promise((r) => setTimeout(r, 400)); // seen as the holder
  await call(client, 'ClaimActualLRP', { process_guid: 'waiting', index: 1, instance_key: { instance_guid: 'w1', cell_id: 'cell-1' } });
  const before = peer.lrpInstances().length;
  await locks.put('auctioneer', holder('b'));
  await eventually('UNCLAIMED instances auctioned again for the new auctioneer leader', () => peer.lrpInstances().length > before, 5000, 20);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(peer.lrpInstances().slice(before), ['waiting/0'], 'only the instance still UNCLAIMED, once');
});
