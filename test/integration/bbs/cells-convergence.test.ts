// Cell presence and convergence against a BBS on a real nats-server, with
// presences published from the test: a cell whose heartbeats stop is lost and
// converged at once (its running instances SUSPECT, replacements auctioned);
// a goodbye loses a cell without waiting; a returning cell's suspects are
// promoted back; the periodic pass re-auctions stale UNCLAIMED instances;
// a silent cell whose rep port refuses connections (its process is gone) is
// lost before the lost timeout, one whose port still accepts is not.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import type { BbsHandle } from '../../../src/bbs/bbs.ts';
import { freePort } from '../../../src/common/net.ts';
import type { ActualLRP, CellPresence } from '../../../src/common/models.ts';
import { subjects } from '../../../src/common/nats.ts';
import { codec } from '../../../src/common/proto.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import {
  bbsClient, call, cellPresence, cleanupStack, desiredLRP, eventually, goodbye, heartbeat, netInfo, startAuctioneerPeer, startLeader,
  startNatsServer, subscribe, type AuctioneerPeer,
} from './harness.ts';

const LOST_TIMEOUT_MS = 1000;
const defer = cleanupStack(after);
let bbs: BbsHandle;
let client: BBSClient;
let auctioneer: AuctioneerPeer;

before(async () => {
  const nats = await startNatsServer();
  defer(() => nats.stop());
  auctioneer = await startAuctioneerPeer();
  defer(() => auctioneer.stop());
  // The fake cells' rep addresses refuse connections: no probe here, so only heartbeats decide (the probe has its own test below).
  bbs = await startLeader(nats, { auctioneerAddress: auctioneer.address, cellLostTimeoutMs: LOST_TIMEOUT_MS, cellCheckIntervalMs: 50, cellProbeAfterMs: -1 });
  defer(() => bbs.stop());
  client = bbsClient(bbs.address);
  defer(() => client.close());
});

const key = (guid: string, index: number) => ({ process_guid: guid, index, domain: 'apps' });
const ik = (cell: string, guid: string) => ({ instance_guid: guid, cell_id: cell });
const slot = async (guid: string, index: number, via: BBSClient = client) =>
  (await call<{ actual_lrps: ActualLRP[] }>(via, 'ListActualLRPs', { filter: { process_guid: guid, index } })).actual_lrps;
const describeSlot = (lrps: ActualLRP[]) => lrps.map((a) => `${a.presence}:${a.state}:${a.instance_key?.cell_id ?? ''}`).sort();

async function run(guid: string, index: number, cell: string, instance: string): Promise<void> {
  await call(client, 'ClaimActualLRP', { process_guid: guid, index, instance_key: ik(cell, instance) });
  await call(client, 'StartActualLRP', { key: key(guid, index), instance_key: ik(cell, instance), net_info: netInfo(), availability_zone: 'z1' });
}

test('a cell whose heartbeats stop is lost: its running instances go SUSPECT and are replaced at once, its claims start over', async () => {
  const beatA = heartbeat(bbs.nc, () => cellPresence('cell-a'));
  const beatB = heartbeat(bbs.nc, () => cellPresence('cell-b'));
  defer(() => beatB.stop());
  await eventually('both cells live', async () => {
    const cells = (await call<{ cells: Array<{ cell_id: string }> }>(client, 'ListCells')).cells.map((c) => c.cell_id);
    return cells.includes('cell-a') && cells.includes('cell-b');
  });
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('lost-app', 2) });
  await run('lost-app', 0, 'cell-a', 'la-0');
  await run('lost-app', 1, 'cell-b', 'lb-1');
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('lost-claim', 1) });
  await call(client, 'ClaimActualLRP', { process_guid: 'lost-claim', index: 0, instance_key: ik('cell-a', 'lc-0') });
  const stream = subscribe(client, { process_guid: 'lost-app' });
  defer(() => stream.cancel());
  await stream.ready;
  const auctionsBefore = auctioneer.lrpInstances().length;

  const stoppedAt = Date.now();
  beatA.stop();
  await eventually('lost-app/0 is SUSPECT with a replacement', async () =>
    describeSlot(await slot('lost-app', 0)).join() === 'ORDINARY:UNCLAIMED:,SUSPECT:RUNNING:cell-a', 5000, 25);
  const reactedMs = Date.now() - stoppedAt;
  assert.ok(reactedMs < LOST_TIMEOUT_MS + 1500, `converged ${reactedMs} ms after the last heartbeat`);
  assert.ok(reactedMs >= LOST_TIMEOUT_MS - 150, `not before the lost timeout (${reactedMs} ms)`);

  assert.deepEqual(describeSlot(await slot('lost-app', 1)), ['ORDINARY:RUNNING:cell-b'], 'the live cell\'s instance is untouched');
  assert.deepEqual(describeSlot(await slot('lost-claim', 0)), ['ORDINARY:UNCLAIMED:']);
  await eventually('replacements auctioned', () => {
    const asked = auctioneer.lrpInstances().slice(auctionsBefore);
    return asked.includes('lost-app/0') && asked.includes('lost-claim/0');
  });
  await eventually('suspect events', () => stream.events.length >= 2);
  assert.deepEqual(stream.kinds().slice(0, 2), ['actual_lrp_instance_changed', 'actual_lrp_instance_created']);
  assert.equal(stream.events[0]!.actual_lrp_instance_changed?.after?.presence, 'SUSPECT');

  // The replacement runs on cell-b: the suspect copy goes.
  await run('lost-app', 0, 'cell-b', 'lb-0');
  assert.deepEqual(describeSlot(await slot('lost-app', 0)), ['ORDINARY:RUNNING:cell-b']);
});

test('a goodbye loses the cell at once, without waiting for the lost timeout', async () => {
  const beat = heartbeat(bbs.nc, () => cellPresence('cell-bye'));
  await eventually('cell-bye live', () => bbs.presence.registry.get('cell-bye'));
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('bye-app', 1) });
  await run('bye-app', 0, 'cell-bye', 'bye-0');
  beat.stop();
  const saidAt = Date.now();
  goodbye(bbs.nc, cellPresence('cell-bye'));
  await eventually('bye-app/0 SUSPECT', async () => describeSlot(await slot('bye-app', 0)).includes('SUSPECT:RUNNING:cell-bye'), 5000, 20);
  assert.ok(Date.now() - saidAt < LOST_TIMEOUT_MS, `converged ${Date.now() - saidAt} ms after the goodbye`);
});

test('a blocked event loop is a gap in listening, not evidence: no cell is lost for heartbeats it could not read', async () => {
  const beat = heartbeat(bbs.nc, () => cellPresence('cell-steady'));
  defer(() => beat.stop());
  await eventually('cell-steady live', () => bbs.presence.registry.get('cell-steady'));
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('steady-app', 1) });
  await run('steady-app', 0, 'cell-steady', 'st-0');
  await eventually('presence warm', () => bbs.presence.warm, 5000);
  // Block this process (the BBS runs in it) for longer than the lost timeout.
  const until = Date.now() + LOST_TIMEOUT_MS * 1.6;
  while (Date.now() < until) { /* busy: nothing is read from NATS meanwhile */ }
  assert.equal(bbs.presence.warm, true, 'the watcher has not noticed yet');
  await new Promise((r) => setTimeout(r, LOST_TIMEOUT_MS * 1.5));
  assert.ok(bbs.presence.registry.get('cell-steady'), 'cell-steady is still live');
  assert.deepEqual(describeSlot(await slot('steady-app', 0)), ['ORDINARY:RUNNING:cell-steady']);
});

test('a lost cell that comes back before its replacement runs gets its instance back; the unstarted replacement goes', async () => {
  let beat = heartbeat(bbs.nc, () => cellPresence('cell-flaky'));
  await eventually('cell-flaky live', () => bbs.presence.registry.get('cell-flaky'));
  await call(client, 'DesireLRP', { desired_lrp: desiredLRP('flaky-app', 1) });
  await run('flaky-app', 0, 'cell-flaky', 'fl-0');
  beat.stop();
  await eventually('flaky-app/0 SUSPECT', async () => describeSlot(await slot('flaky-app', 0)).includes('SUSPECT:RUNNING:cell-flaky'), 5000);
  beat = heartbeat(bbs.nc, () => cellPresence('cell-flaky'));
  defer(() => beat.stop());
  await eventually('cell-flaky live again', () => bbs.presence.registry.get('cell-flaky'));
  // Its return runs a pass at once (the periodic one is 10 minutes away here).
  await eventually('flaky-app/0 promoted back', async () => describeSlot(await slot('flaky-app', 0)).join() === 'ORDINARY:RUNNING:cell-flaky', 5000);
});

test('with the auctioneer down a desire is still acknowledged; the periodic pass asks again for stale UNCLAIMED instances once it is back', async (t) => {
  const cleanup = cleanupStack((fn) => t.after(fn));
  const nats = await startNatsServer();
  cleanup(() => nats.stop());
  const auctioneerPort = await freePort();
  const periodic = await startLeader(nats, {
    auctioneerAddress: `127.0.0.1:${auctioneerPort}`, convergenceIntervalMs: 300, staleUnclaimedMs: 200, cellLostTimeoutMs: 200,
  });
  cleanup(() => periodic.stop());
  const c = bbsClient(periodic.address);
  cleanup(() => c.close());
  await call(c, 'DesireLRP', { desired_lrp: desiredLRP('stale-app', 1) });
  assert.equal((await slot('stale-app', 0, c))[0]?.state, 'UNCLAIMED');

  const peer = await startAuctioneerPeer(auctioneerPort);
  cleanup(() => peer.stop());
  await eventually('auctioned by a convergence pass', () => peer.lrpInstances().includes('stale-app/0'), 5000);
  const passes = periodic.term()!.convergence.completed;
  await eventually('passes keep coming on the interval', () => periodic.term()!.convergence.completed >= passes + 2, 5000);
  assert.ok(peer.lrpInstances().filter((k) => k === 'stale-app/0').length >= 2, 'asked again while it stays UNCLAIMED');
});

test('a silent cell whose rep port refuses connections is lost before the lost timeout; one whose port accepts waits for it', async (t) => {
  const cleanup = cleanupStack((fn) => t.after(fn));
  const nats = await startNatsServer();
  cleanup(() => nats.stop());
  const lostTimeoutMs = 3000;
  const probing = await startLeader(nats, { auctioneerAddress: auctioneer.address, cellLostTimeoutMs: lostTimeoutMs, cellCheckIntervalMs: 50, cellProbeAfterMs: 500 });
  cleanup(() => probing.stop());
  // A rep that is alive (stopped, or just slow): its port accepts connections.
  const alive = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => alive.listen(0, '127.0.0.1', r));
  cleanup(() => new Promise<void>((r) => alive.close(() => r())));
  const alivePort = (alive.address() as net.AddressInfo).port;
  // A rep whose process is gone: nothing listens on its port.
  const deadPort = await freePort();
  const beatDead = heartbeat(probing.nc, () => cellPresence('cell-dead', `127.0.0.1:${deadPort}`));
  const beatAlive = heartbeat(probing.nc, () => cellPresence('cell-mute', `127.0.0.1:${alivePort}`));
  await eventually('both cells live and presence warm', () =>
    !!probing.presence.registry.get('cell-dead') && !!probing.presence.registry.get('cell-mute') && probing.presence.warm, lostTimeoutMs * 3);
  const stoppedAt = Date.now();
  beatDead.stop();
  beatAlive.stop();
  await eventually('cell-dead lost', () => !probing.presence.registry.get('cell-dead'), lostTimeoutMs * 2, 20);
  const deadMs = Date.now() - stoppedAt;
  assert.ok(deadMs < lostTimeoutMs - 500, `the dead cell was lost ${deadMs} ms after its last heartbeat, before the ${lostTimeoutMs} ms lost timeout`);
  assert.ok(probing.presence.registry.get('cell-mute'), 'the cell whose port accepts is still live');
  // A heartbeat it sent before it was found gone (late, in flight) does not bring it back.
  probing.nc.publish(subjects.cellPresence, codec<CellPresence>('gantry.models.CellPresence').encode({ ...cellPresence('cell-dead', `127.0.0.1:${deadPort}`), sent_at: stoppedAt - 50 }));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(probing.presence.registry.get('cell-dead'), undefined, 'a late heartbeat from before does not revive it');
  await eventually('cell-mute lost at the lost timeout', () => !probing.presence.registry.get('cell-mute'), lostTimeoutMs * 2, 20);
  const muteMs = Date.now() - stoppedAt;
  assert.ok(muteMs >= lostTimeoutMs - 150, `the cell whose port accepts was lost only at the lost timeout (${muteMs} ms)`);
  // A new process of the dead cell (heartbeats sent from now on) is live again.
  const again = heartbeat(probing.nc, () => cellPresence('cell-dead', `127.0.0.1:${alivePort}`));
  cleanup(() => again.stop());
  await eventually('cell-dead back', () => probing.presence.registry.get('cell-dead'), 5000);
});
