// The sync loop against a real gRPC BBS peer and a real nats-server: stray
// containers destroyed, lost instances reported, a restarted rep adopting its
// containers (resources held, exits watched again).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { SimExecutor } from '../../../src/cell-rep/executor/sim/index.ts';
import type { ContainerSpec } from '../../../src/cell-rep/executor/types.ts';
import { BbsPeer, desiredLRP, eventually } from './rep-bbs-peer.ts';
import { RepTestClient, lrpWork, quietLogs, startTestCell, testCellConfig } from './rep-harness.ts';

quietLogs();

function strayLrp(guid: string, processGuid: string, index: number, memoryMb = 100): ContainerSpec {
  return {
    guid, tags: { kind: 'lrp', processGuid, index, instanceGuid: guid, domain: 'test' }, stack: 'bookworm', memoryMb, diskMb: 10, maxPids: 0,
    ports: [], env: [], command: '', droplet: null, downloads: [], resultFile: '', user: 'vcap', logGuid: processGuid, startTimeoutMs: 1000, check: null,
  };
}

describe('rep: sync and adoption', () => {
  let nats: NatsServerHandle;
  let bbs: BbsPeer;

  before(async () => {
    nats = await startNatsServer();
    bbs = await new BbsPeer().start();
  });

  after(async () => {
    await bbs?.stop();
    await nats?.stop();
  });

  it('destroys a container with no ActualLRP and recounts resources', async () => {
    const sim = new SimExecutor();
    const cell = await startTestCell(testCellConfig(nats.url, bbs.address), { executor: sim });
    try {
      await sim.start(strayLrp('stray-1', 'nobody', 0, 300));
      await cell.syncNow();
      assert.deepEqual(await sim.list(), [], 'stray container destroyed');
      const s = cell.rep.state();
      assert.deepEqual(s.available, s.total);
    } finally {
      await cell.stop();
      sim.clear();
    }
  });

  it('on start, a stray container is destroyed before the cell takes work', async () => {
    const sim = new SimExecutor();
    await sim.start(strayLrp('stray-2', 'nobody', 0));
    const cell = await startTestCell(testCellConfig(nats.url, bbs.address), { executor: sim });
    try {
      assert.deepEqual(await sim.list(), []);
    } finally {
      await cell.stop();
    }
  });

  it('reports what the BBS has on the cell with no container: RUNNING → crashed "container missing", CLAIMED → removed, task → failed', async () => {
    const sim = new SimExecutor();
    const config = testCellConfig(nats.url, bbs.address);
    bbs.desire(desiredLRP('lost-running'));
    bbs.desire(desiredLRP('lost-claimed'));
    Object.assign(bbs.ordinary('lost-running', 0)!, { state: 'RUNNING', instance_key: { instance_guid: 'gone-1', cell_id: config.cellId } });
    Object.assign(bbs.ordinary('lost-claimed', 0)!, { state: 'CLAIMED', instance_key: { instance_guid: 'gone-2', cell_id: config.cellId } });
    bbs.addTask('lost-task', { state: 'RUNNING', cell_id: config.cellId });
    const cell = await startTestCell(config, { executor: sim });
    try {
      const running = bbs.ordinary('lost-running', 0)!;
      assert.equal(running.state, 'CRASHED');
      assert.equal(running.crash_reason, 'container missing');
      assert.equal(bbs.ordinary('lost-claimed', 0), undefined, 'claim removed');
      assert.equal(bbs.tasks.get('lost-task')?.failed, true);
      assert.equal(bbs.tasks.get('lost-task')?.failure_reason, 'container missing');
    } finally {
      await cell.stop();
    }
  });

  it('a restarted rep adopts its containers: resources held, RUNNING kept, CLAIMED finished, exits watched', async () => {
    const sim = new SimExecutor();
    const config = testCellConfig(nats.url, bbs.address, { memoryMb: 1000 });
    bbs.desire(desiredLRP('adopt-me', { instances: 2 }));
    const first = await startTestCell(config, { executor: sim });
    const rep1 = new RepTestClient(first.repAddress);
    await rep1.perform([lrpWork('adopt-me', 0, { memory_mb: 300 }), lrpWork('adopt-me', 1, { memory_mb: 200 })]);
    await eventually(() => bbs.ordinary('adopt-me', 0)?.state === 'RUNNING' && bbs.ordinary('adopt-me', 1)?.state === 'RUNNING', 'both RUNNING');
    const guid0 = bbs.ordinary('adopt-me', 0)!.instance_key!.instance_guid;
    const guid1 = bbs.ordinary('adopt-me', 1)!.instance_key!.instance_guid;
    rep1.close();
    await first.stop(); // no evacuation: the containers keep running
    assert.equal((await sim.list()).length, 2, 'containers outlive the rep');
    // As if the rep had died between starting index 1 and reporting it RUNNING.
    Object.assign(bbs.ordinary('adopt-me', 1)!, { state: 'CLAIMED', net_info: null });
    const startsBefore = bbs.callsOf('StartActualLRP').length;

    const second = await startTestCell(config, { executor: sim });
    const rep2 = new RepTestClient(second.repAddress);
    try {
      const s = await rep2.state();
      assert.deepEqual(s.lrps.map((l) => l.instance_guid).sort(), [guid0, guid1].sort(), 'both adopted');
      assert.equal(s.available?.memory_mb, 1000 - 500, 'adopted containers hold their memory');
      await eventually(() => bbs.ordinary('adopt-me', 1)?.state === 'RUNNING', 'the CLAIMED one reported RUNNING');
      assert.equal(bbs.callsOf('StartActualLRP').length, startsBefore + 1, 'only the CLAIMED one was started again');
      assert.deepEqual(bbs.ordinary('adopt-me', 1)!.net_info?.ports, (await sim.list()).find((c) => c.guid === guid1)!.ports);
      // Refuses what no longer fits: 500 MB left.
      bbs.desire(desiredLRP('too-much'));
      const res = await rep2.perform([lrpWork('too-much', 0, { memory_mb: 600 })]);
      assert.equal(res.refused_lrps.length, 1);
      // Exits are watched again.
      sim.exit(guid0, { exitCode: 9, oomKilled: false, reason: 'exited with code 9' });
      await eventually(() => bbs.ordinary('adopt-me', 0)?.state === 'CRASHED', 'adopted instance crash reported');
      assert.equal(bbs.ordinary('adopt-me', 0)!.crash_reason, 'exited with code 9');
      await eventually(async () => (await rep2.state()).available?.memory_mb === 800, 'crashed instance released');
    } finally {
      rep2.close();
      await second.stop();
      sim.clear();
    }
  });

  it('stops an instance the BBS no longer has on this cell', async () => {
    const sim = new SimExecutor();
    const cell = await startTestCell(testCellConfig(nats.url, bbs.address), { executor: sim });
    const rep = new RepTestClient(cell.repAddress);
    try {
      bbs.desire(desiredLRP('forgotten'));
      await rep.perform([lrpWork('forgotten')]);
      await eventually(() => bbs.ordinary('forgotten', 0)?.state === 'RUNNING', 'RUNNING');
      bbs.actual = bbs.actual.filter((a) => a.key!.process_guid !== 'forgotten');
      const report = await cell.syncNow();
      assert.equal(report.actions['stop-instance'], 1);
      await eventually(async () => (await rep.state()).lrps.length === 0, 'instance stopped');
      assert.deepEqual(await sim.list(), []);
    } finally {
      rep.close();
      await cell.stop();
      sim.clear();
    }
  });

  it('while the BBS holds an instance of this cell as SUSPECT, passes come every second: once its replacement runs elsewhere, the copy here stops', async () => {
    const sim = new SimExecutor();
    const config = testCellConfig(nats.url, bbs.address); // a 60 s sync interval
    const cell = await startTestCell(config, { executor: sim });
    const rep = new RepTestClient(cell.repAddress);
    try {
      bbs.desire(desiredLRP('suspected'));
      await rep.perform([lrpWork('suspected')]);
      await eventually(() => bbs.ordinary('suspected', 0)?.state === 'RUNNING', 'RUNNING');
      // The BBS judged the cell lost: its instance is SUSPECT, a replacement UNCLAIMED.
      const mine = bbs.ordinary('suspected', 0)!;
      mine.presence = 'SUSPECT';
      const replacement = { ...mine, presence: 'ORDINARY' as const, state: 'UNCLAIMED' as const, instance_key: null, net_info: null };
      bbs.actual.push(replacement);
      const report = await cell.syncNow();
      assert.equal(report.suspect, 1, 'the pass saw the SUSPECT instance');
      assert.equal(report.actions['stop-instance'] ?? 0, 0, 'a SUSPECT instance is still this cell\'s to run');
      assert.equal((await rep.state()).lrps.length, 1);
      // The replacement runs on another cell: the SUSPECT record goes; no one tells this cell.
      Object.assign(replacement, { state: 'RUNNING', instance_key: { instance_guid: 'elsewhere', cell_id: 'another-cell' } });
      bbs.actual = bbs.actual.filter((a) => a !== mine);
      await eventually(async () => (await rep.state()).lrps.length === 0, 'the duplicate stopped by the next (prompt) pass', 4000);
      assert.deepEqual(await sim.list(), []);
    } finally {
      rep.close();
      await cell.stop();
      sim.clear();
    }
  });

  it('with the BBS unreachable, a pass only recounts (holds what runs, destroys nothing)', async () => {
    const sim = new SimExecutor();
    const cell = await startTestCell(testCellConfig(nats.url, bbs.address, { memoryMb: 1000, bbsDeadlineMs: 300 }), { executor: sim });
    try {
      await sim.start(strayLrp('unknown', 'who', 0, 400));
      bbs.failures.set('ListActualLRPs', { code: 14, times: 1 });
      const report = await cell.syncNow();
      assert.equal(report.ok, false);
      assert.equal((await sim.list()).length, 1, 'nothing destroyed without the BBS\'s word');
      assert.equal(cell.rep.state().available?.memory_mb, 600, 'but its memory is counted');
      const next = await cell.syncNow();
      assert.equal(next.ok, true);
      assert.equal((await sim.list()).length, 0);
      assert.equal(cell.rep.state().available?.memory_mb, 1000);
    } finally {
      await cell.stop();
      sim.clear();
    }
  });
});
