// Presence heartbeats on a real nats-server: CellPresence every interval with
// capacity, zone, stacks, tags and rep address; a goodbye on stop.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type NatsConnection } from 'nats';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { subjects } from '../../../src/common/nats.ts';
import type { CellPresence } from '../../../src/common/models.ts';
import { decodePresence } from '../../../src/cell-rep/presence.ts';
import { SimExecutor } from '../../../src/cell-rep/executor/sim/index.ts';
import { BbsPeer, eventually } from './rep-bbs-peer.ts';
import { quietLogs, startTestCell, testCellConfig } from './rep-harness.ts';

quietLogs();

describe('rep: presence', () => {
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

  it('heartbeats every interval with the cell\'s presence, and says goodbye on stop', async () => {
    const beats: CellPresence[] = [];
    const byes: CellPresence[] = [];
    const s1 = nc.subscribe(subjects.cellPresence);
    const s2 = nc.subscribe(subjects.cellGoodbye);
    void (async () => { for await (const m of s1) beats.push(decodePresence(m.data)); })();
    void (async () => { for await (const m of s2) byes.push(decodePresence(m.data)); })();
    await nc.flush();

    const config = testCellConfig(nats.url, bbs.address, {
      heartbeatIntervalMs: 100, zone: 'z2', placementTags: ['gpu'], optionalPlacementTags: ['ssd'], memoryMb: 2048, diskMb: 8192, containers: 7, pids: 700,
    });
    const sim = new SimExecutor();
    const cell = await startTestCell(config, { executor: sim });
    const t0 = Date.now();
    try {
      await eventually(() => beats.filter((b) => b.cell_id === cell.cellId).length >= 5, '5 heartbeats', 3000);
      const elapsed = Date.now() - t0;
      const mine = beats.filter((b) => b.cell_id === cell.cellId);
      assert.ok(elapsed < 1500, `5 beats at 100 ms took ${elapsed} ms`);
      const b = mine.at(-1)!;
      assert.equal(b.rep_address, cell.repAddress);
      assert.equal(b.zone, 'z2');
      assert.deepEqual(b.capacity, { memory_mb: 2048, disk_mb: 8192, containers: 7, pids: 700 });
      assert.deepEqual(b.stacks, ['bookworm']);
      assert.deepEqual(b.placement_tags, ['gpu']);
      assert.deepEqual(b.optional_placement_tags, ['ssd']);
      assert.equal(b.evacuating, false);
      assert.ok(Math.abs(b.sent_at - Date.now()) < 5000);
      assert.equal(byes.length, 0);
    } finally {
      await cell.stop();
    }
    await eventually(() => byes.some((b) => b.cell_id === cell.cellId), 'goodbye');
    const count = beats.filter((b) => b.cell_id === cell.cellId).length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(beats.filter((b) => b.cell_id === cell.cellId).length, count, 'no heartbeat after goodbye');
    s1.unsubscribe();
    s2.unsubscribe();
  });
});
