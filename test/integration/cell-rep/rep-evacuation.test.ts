// Evacuation (what SIGTERM does) on the sim executor with a real gRPC BBS
// peer and a real nats-server: the instance keeps running until its
// replacement on another cell runs; timeouts; claims given back; tasks failed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type NatsConnection } from 'nats';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { subjects } from '../../../src/common/nats.ts';
import type { CellPresence } from '../../../src/common/models.ts';
import { decodePresence } from '../../../src/cell-rep/presence.ts';
import { SimExecutor } from '../../../src/cell-rep/executor/sim/index.ts';
import { evacuatedReason } from '../../../src/cell-rep/tasks.ts';
import { BbsPeer, desiredLRP, eventually } from './rep-bbs-peer.ts';
import { RepTestClient, lrpWork, quietLogs, startTestCell, taskWork, testCellConfig } from './rep-harness.ts';

quietLogs();

describe('rep: evacuation', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let bbs: BbsPeer;

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    bbs = await new BbsPeer().start();
  });

  after(async () => {
    await bbs?.stop();
    await nc?.close();
    await nats?.stop();
  });

  it('keeps the instance running until its replacement on another cell runs, then hands over and says goodbye', async () => {
    const sim1 = new SimExecutor();
    const sim2 = new SimExecutor();
    const drainMs = 300;
    const cell1 = await startTestCell(testCellConfig(nats.url, bbs.address, { evacuationTimeoutMs: 10_000, evacuationDrainMs: drainMs }), { executor: sim1 });
    const cell2 = await startTestCell(testCellConfig(nats.url, bbs.address), { executor: sim2 });
    const rep1 = new RepTestClient(cell1.repAddress);
    const rep2 = new RepTestClient(cell2.repAddress);
    const presences: CellPresence[] = [];
    const byes: CellPresence[] = [];
    const sp = nc.subscribe(subjects.cellPresence);
    const sb = nc.subscribe(subjects.cellGoodbye);
    void (async () => { for await (const m of sp) presences.push(decodePresence(m.data)); })();
    void (async () => { for await (const m of sb) byes.push(decodePresence(m.data)); })();
    await nc.flush();
    try {
      bbs.desire(desiredLRP('evac-web'));
      await rep1.perform([lrpWork('evac-web')]);
      await eventually(() => bbs.ordinary('evac-web', 0)?.state === 'RUNNING', 'RUNNING on cell 1');
      const oldGuid = bbs.ordinary('evac-web', 0)!.instance_key!.instance_guid;

      // Sample availability all along: the old instance's container, or a RUNNING replacement, at every moment.
      let down = 0;
      let sampling = true;
      let oldGoneAt = 0;
      const sampler = (async () => {
        while (sampling) {
          const oldAlive = (await sim1.list()).some((c) => c.guid === oldGuid && c.status === 'running');
          if (!oldAlive && !oldGoneAt) oldGoneAt = Date.now();
          const o = bbs.ordinary('evac-web', 0);
          const replacementRunning = o?.state === 'RUNNING' && o.instance_key?.cell_id === cell2.cellId;
          if (!oldAlive && !replacementRunning) down++;
          await new Promise((r) => setTimeout(r, 5));
        }
      })();

      const evacuation = cell1.evacuate();
      await eventually(async () => (await rep1.state()).evacuating, 'State says evacuating');
      const refused = await rep1.perform([lrpWork('evac-other')]);
      assert.equal(refused.refused_lrps.length, 1, 'an evacuating cell refuses work');
      await eventually(() => presences.some((p) => p.cell_id === cell1.cellId && p.evacuating), 'presence says evacuating');

      // The "auction": the BBS made the ordinary row UNCLAIMED; place it on cell 2.
      await eventually(() => bbs.ordinary('evac-web', 0)?.state === 'UNCLAIMED' && bbs.evacuating('evac-web', 0), 'replacement requested');
      assert.equal(bbs.evacuating('evac-web', 0)!.instance_key?.instance_guid, oldGuid);
      await new Promise((r) => setTimeout(r, 200)); // the old instance keeps serving meanwhile
      assert.ok((await sim1.list()).some((c) => c.guid === oldGuid), 'old container still running while the replacement is not');
      await rep2.perform([lrpWork('evac-web')]);

      const report = await evacuation;
      sampling = false;
      await sampler;
      assert.equal(down, 0, 'no moment without a running instance');
      // Unregister, drain, stop: the BBS released it (its record, so its route, gone) at least drainMs before it stopped.
      const replacementStartedAt = bbs.callsOf('StartActualLRP').at(-1)!.at;
      const releasedAt = bbs.callsOf('EvacuateRunningActualLRP').find((c) => c.at >= replacementStartedAt)?.at;
      assert.ok(releasedAt && oldGoneAt, 'released, then gone');
      assert.ok(oldGoneAt - releasedAt >= drainMs - 20, `kept serving ${oldGoneAt - releasedAt} ms after its release (drain ${drainMs} ms)`);
      assert.equal(report.handedOver, 1);
      assert.equal(report.timedOut, false);
      assert.equal(report.stoppedAtTimeout, 0);
      assert.equal(bbs.ordinary('evac-web', 0)?.instance_key?.cell_id, cell2.cellId);
      assert.equal(bbs.evacuating('evac-web', 0), undefined);
      assert.deepEqual(await sim1.list(), [], 'cell 1 destroyed its container');
      await eventually(() => byes.some((b) => b.cell_id === cell1.cellId), 'goodbye from cell 1');
    } finally {
      sp.unsubscribe();
      sb.unsubscribe();
      rep1.close();
      rep2.close();
      await cell1.evacuate();
      await cell2.stop();
      sim2.clear();
    }
  });

  it('at the timeout, stops what is still waiting for a replacement and reports it stopped', async () => {
    const sim = new SimExecutor();
    const cell = await startTestCell(testCellConfig(nats.url, bbs.address, { evacuationTimeoutMs: 500 }), { executor: sim });
    const rep = new RepTestClient(cell.repAddress);
    try {
      bbs.desire(desiredLRP('evac-lonely'));
      await rep.perform([lrpWork('evac-lonely')]);
      await eventually(() => bbs.ordinary('evac-lonely', 0)?.state === 'RUNNING', 'RUNNING');
      const t0 = Date.now();
      const report = await cell.evacuate();
      assert.ok(Date.now() - t0 >= 450, 'waited for the timeout');
      assert.equal(report.timedOut, true);
      assert.equal(report.stoppedAtTimeout, 1);
      assert.equal(bbs.callsOf('EvacuateStoppedActualLRP').length, 1);
      assert.equal(bbs.evacuating('evac-lonely', 0), undefined, 'evacuating row removed');
      assert.equal(bbs.ordinary('evac-lonely', 0)?.state, 'UNCLAIMED', 'the replacement is still wanted');
      assert.deepEqual(await sim.list(), []);
    } finally {
      rep.close();
      sim.clear();
    }
  });

  it('an instance the BBS has RUNNING just as the cell starts evacuating is evacuated as running, not dropped', async () => {
    const sim = new SimExecutor();
    const cell = await startTestCell(testCellConfig(nats.url, bbs.address, { evacuationTimeoutMs: 600 }), { executor: sim });
    const rep = new RepTestClient(cell.repAddress);
    try {
      bbs.delays.set('StartActualLRP', 300);
      bbs.desire(desiredLRP('evac-race'));
      await rep.perform([lrpWork('evac-race')]);
      await eventually(() => bbs.ordinary('evac-race', 0)?.state === 'RUNNING', 'RUNNING in the BBS');
      assert.equal(cell.rep.lrps()[0]?.state, 'STARTING', 'the rep has not heard back yet');
      const report = await cell.evacuate();
      assert.equal(bbs.callsOf('EvacuateClaimedActualLRP').filter((c) => (c.request as any).key.process_guid === 'evac-race').length, 0, 'its claim was not given back');
      assert.ok(bbs.callsOf('EvacuateRunningActualLRP').some((c) => (c.request as any).key.process_guid === 'evac-race'), 'evacuated as running');
      assert.equal(report.stoppedAtTimeout, 1, 'kept until the timeout, as no replacement came');
      assert.deepEqual(await sim.list(), []);
    } finally {
      bbs.delays.delete('StartActualLRP');
      rep.close();
      sim.clear();
    }
  });

  it('gives back the claim of an instance still starting, and fails a task still running at the timeout', async () => {
    const sim = new SimExecutor();
    const cell = await startTestCell(testCellConfig(nats.url, bbs.address, { evacuationTimeoutMs: 400 }), { executor: sim });
    const rep = new RepTestClient(cell.repAddress);
    try {
      bbs.desire(desiredLRP('evac-slow', { env: [{ name: 'GANTRY_SIM_START_DELAY_MS', value: '300' }] }));
      bbs.addTask('evac-task');
      await rep.perform([lrpWork('evac-slow')], [taskWork('evac-task')]);
      await eventually(() => bbs.ordinary('evac-slow', 0)?.state === 'CLAIMED' && bbs.tasks.get('evac-task')?.state === 'RUNNING', 'claimed and task running');
      const report = await cell.evacuate();
      assert.equal(report.claimsReturned, 1);
      assert.equal(report.tasksFailed, 1);
      assert.equal(bbs.ordinary('evac-slow', 0)?.state, 'UNCLAIMED', 'claim given back for another cell');
      assert.equal(bbs.callsOf('StartActualLRP').some((c) => (c.request as any).key.process_guid === 'evac-slow'), false);
      assert.equal(bbs.tasks.get('evac-task')?.failed, true);
      assert.equal(bbs.tasks.get('evac-task')?.failure_reason, evacuatedReason);
      assert.deepEqual(await sim.list(), []);
    } finally {
      rep.close();
      sim.clear();
    }
  });
});
