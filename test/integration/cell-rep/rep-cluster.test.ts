// Cells with the REAL BBS and the REAL auctioneer (in-process) on a real
// nats-server, instances on the sim executor: a desire is auctioned onto the
// cells and runs; a crash is restarted by the BBS; removing the desire stops
// the containers; an evacuating cell keeps its instance until the BBS has
// auctioned a replacement onto another cell and it runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { SimExecutor } from '../../../src/cell-rep/executor/sim/index.ts';
import type { CellHandle } from '../../../src/cell-rep/cell.ts';
import { desiredLRP, eventually } from './rep-bbs-peer.ts';
import { quietLogs, startControlPlane, startTestCell, testCellConfig, type ControlPlane } from './rep-harness.ts';

quietLogs();

describe('rep: with the real BBS and auctioneer', () => {
  let nats: NatsServerHandle;
  let cp: ControlPlane;
  const sims = [new SimExecutor(), new SimExecutor()];
  const cells: CellHandle[] = [];
  const actuals = (processGuid: string) => cp.actuals(processGuid);
  const desire = (d: Parameters<ControlPlane['desire']>[0]) => cp.desire(d);

  before(async () => {
    nats = await startNatsServer();
    cp = await startControlPlane(nats.url);
    for (const sim of sims) {
      cells.push(await startTestCell(testCellConfig(nats.url, cp.bbs.address, { memoryMb: 2048, containers: 50, evacuationTimeoutMs: 15_000, evacuationPollIntervalMs: 100 }), { executor: sim }));
    }
    // Both BBS and auctioneer hear both cells.
    await eventually(async () => (await cp.call<{ cells: unknown[] }>('ListCells', {})).cells.length === 2, 'BBS sees 2 cells', 10_000);
    await eventually(() => cp.auctioneer.cells.live().length === 2, 'auctioneer sees 2 cells', 10_000);
  });

  after(async () => {
    for (const c of cells) await c.stop().catch(() => {});
    for (const s of sims) s.clear();
    await cp?.stop();
    await nats?.stop();
  });

  it('a desired LRP is auctioned onto the cells and reported RUNNING with ports', async () => {
    await desire(desiredLRP('cl-web', { instances: 4, start_command: 'serve', ports: [8080] }));
    const running = await eventually(async () => {
      const a = await actuals('cl-web');
      return a.filter((x) => x.state === 'RUNNING').length === 4 && a;
    }, '4 instances RUNNING', 15_000);
    const cellIds = new Set(running.map((a) => a.instance_key!.cell_id));
    assert.equal(cellIds.size, 2, 'spread over both cells');
    for (const a of running) {
      assert.equal(a.net_info?.address, '127.0.0.1');
      assert.equal(a.net_info?.ports[0]?.container_port, 8080);
    }
    // The rep marks an instance RUNNING once the BBS has answered StartActualLRP, a moment after the BBS has it.
    await eventually(() => {
      const held = cells.flatMap((c) => c.rep.lrps()).filter((l) => l.processGuid === 'cl-web');
      return held.length === 4 && held.every((l) => l.state === 'RUNNING');
    }, 'the cells hold 4 RUNNING instances');
  });

  it('a crashed instance is reported and the BBS has it run again', async () => {
    const [victim] = (await actuals('cl-web')).filter((a) => a.state === 'RUNNING');
    const guid = victim!.instance_key!.instance_guid;
    const sim = sims[cells.findIndex((c) => c.cellId === victim!.instance_key!.cell_id)]!;
    sim.exit(guid, { exitCode: 2, oomKilled: false, reason: 'exited with code 2' });
    const again = await eventually(async () => {
      const a = (await actuals('cl-web')).find((x) => x.key!.index === victim!.key!.index);
      return a && a.state === 'RUNNING' && a.crash_count >= 1 && a;
    }, 'instance restarted after its crash', 15_000);
    assert.notEqual(again.instance_key?.instance_guid, guid);
    assert.equal(again.crash_reason, 'exited with code 2');
  });

  it('removing the desire stops every container', async () => {
    await cp.call('RemoveDesiredLRP', { process_guid: 'cl-web' });
    await eventually(async () => (await actuals('cl-web')).length === 0, 'actual LRPs gone', 15_000);
    await eventually(() => cells.every((c) => c.rep.lrps().every((l) => l.processGuid !== 'cl-web')), 'cells hold none', 10_000);
    for (const sim of sims) assert.deepEqual((await sim.list()).filter((c) => c.tags.processGuid === 'cl-web'), []);
  });

  it('evacuate(): the BBS auctions a replacement onto the other cell; no moment without a running instance', async () => {
    await desire(desiredLRP('cl-evac', { instances: 1, start_command: 'serve' }));
    const first = await eventually(async () => (await actuals('cl-evac')).find((a) => a.state === 'RUNNING'), 'RUNNING', 15_000);
    const fromIndex = cells.findIndex((c) => c.cellId === first.instance_key!.cell_id);
    const from = cells[fromIndex]!;
    const to = cells[1 - fromIndex]!;
    const oldGuid = first.instance_key!.instance_guid;
    let down = 0;
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const oldAlive = (await sims[fromIndex]!.list()).some((c) => c.guid === oldGuid && c.status === 'running');
        const newRunning = to.rep.lrps().some((l) => l.processGuid === 'cl-evac' && l.state === 'RUNNING');
        if (!oldAlive && !newRunning) down++;
        samples++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const report = await from.evacuate();
    sampling = false;
    await sampler;
    assert.equal(report.handedOver, 1, JSON.stringify(report));
    assert.equal(report.timedOut, false);
    assert.equal(down, 0, `no moment without a running instance (${samples} samples)`);
    const now = await actuals('cl-evac');
    assert.equal(now.length, 1, 'the evacuating row is gone');
    assert.equal(now[0]!.state, 'RUNNING');
    assert.equal(now[0]!.presence, 'ORDINARY');
    assert.equal(now[0]!.instance_key?.cell_id, to.cellId);
    assert.deepEqual(await sims[fromIndex]!.list(), []);
  });
});
