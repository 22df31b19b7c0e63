// The rep's gRPC service end to end on the sim executor, a real nats-server
// and a real gRPC BBS peer: Perform → claim → RUNNING, crashes, stops,
// refusals, concurrent Performs, logs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { connect, type NatsConnection } from 'nats';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { statusOf } from '../../../src/common/errors.ts';
import { subjects } from '../../../src/common/nats.ts';
import { decodeLogMessage, type LogMessage } from '../../../src/cell-rep/logs.ts';
import { SimExecutor } from '../../../src/cell-rep/executor/sim/index.ts';
import type { CellHandle } from '../../../src/cell-rep/cell.ts';
import { BbsPeer, desiredLRP, eventually } from './rep-bbs-peer.ts';
import { RepTestClient, lrpWork, quietLogs, startTestCell, taskWork, testCellConfig } from './rep-harness.ts';

quietLogs();

describe('rep: LRPs and tasks on the sim executor', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let bbs: BbsPeer;
  let cell: CellHandle;
  let sim: SimExecutor;
  let rep: RepTestClient;

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    bbs = await new BbsPeer().start();
    sim = new SimExecutor({ stacks: ['bookworm'] });
    cell = await startTestCell(testCellConfig(nats.url, bbs.address, { memoryMb: 1024, zone: 'z7' }), { executor: sim });
    rep = new RepTestClient(cell.repAddress);
  });

  after(async () => {
    rep?.close();
    await cell?.stop();
    sim?.clear();
    await bbs?.stop();
    await nc?.close();
    await nats?.stop();
  });

  it('reports State: capacity, zone, stacks, nothing held', async () => {
    const s = await rep.state();
    assert.equal(s.cell_id, cell.cellId);
    assert.equal(s.rep_address, cell.repAddress);
    assert.equal(s.zone, 'z7');
    assert.deepEqual(s.stacks, ['bookworm']);
    assert.deepEqual(s.total, { memory_mb: 1024, disk_mb: 4096, containers: 20, pids: 10_000 });
    assert.deepEqual(s.available, s.total);
    assert.equal(s.evacuating, false);
  });

  it('Perform → claim → container → RUNNING reported with address and host ports', async () => {
    bbs.desire(desiredLRP('web', { ports: [8080, 9090] }));
    const res = await rep.perform([lrpWork('web', 0, { memory_mb: 256 })]);
    assert.deepEqual(res.refused_lrps, []);
    const running = await eventually(() => bbs.ordinary('web', 0)?.state === 'RUNNING' && bbs.ordinary('web', 0), 'web/0 RUNNING');
    assert.equal(running.instance_key?.cell_id, cell.cellId);
    assert.equal(running.net_info?.address, '127.0.0.1');
    assert.equal(running.availability_zone, 'z7');
    const ports = running.net_info!.ports;
    assert.deepEqual(ports.map((p) => p.container_port), [8080, 9090]);
    for (const p of ports) assert.ok(p.host_port >= cell.rep.ports.first && p.host_port <= cell.rep.ports.last, `host port ${p.host_port} in the cell's range`);
    assert.notEqual(ports[0]!.host_port, ports[1]!.host_port);
    const s = await rep.state();
    const held = s.lrps.find((l) => l.process_guid === 'web');
    assert.equal(held?.state, 'RUNNING');
    assert.equal(held?.instance_guid, running.instance_key?.instance_guid);
    assert.equal(s.available?.memory_mb, 1024 - 256);
    assert.equal(s.available?.containers, 19);
    const [container] = (await sim.list()).filter((c) => c.guid === held?.instance_guid);
    assert.equal(container?.tags.processGuid, 'web');
    assert.deepEqual(container?.ports, ports);
  });

  it('StopLRPInstance destroys the container, removes the ActualLRP and frees resources and ports', async () => {
    const before = await rep.state();
    const web = before.lrps.find((l) => l.process_guid === 'web')!;
    await rep.stopLrpInstance('web', 0, web.instance_guid, cell.cellId);
    await eventually(() => !bbs.ordinary('web', 0), 'web/0 removed from the BBS');
    await eventually(async () => (await rep.state()).lrps.length === 0, 'instance gone from State');
    assert.equal((await sim.list()).some((c) => c.guid === web.instance_guid), false);
    const s = await rep.state();
    assert.deepEqual(s.available, s.total);
    assert.equal(cell.rep.ports.free(), cell.rep.ports.size());
  });

  it('a crash is reported with its reason, and the container removed', async () => {
    bbs.desire(desiredLRP('crashy', { env: [{ name: 'GANTRY_SIM_CRASH_AFTER_MS', value: '150' }, { name: 'GANTRY_SIM_EXIT_CODE', value: '3' }] }));
    await rep.perform([lrpWork('crashy')]);
    await eventually(() => bbs.ordinary('crashy', 0)?.state === 'RUNNING', 'crashy RUNNING first');
    const crashed = await eventually(() => bbs.ordinary('crashy', 0)?.state === 'CRASHED' && bbs.ordinary('crashy', 0), 'crashy CRASHED');
    assert.equal(crashed.crash_reason, 'exited with code 3');
    await eventually(async () => (await rep.state()).lrps.length === 0, 'crashed instance released');
    assert.equal((await sim.list()).length, 0, 'container destroyed');
  });

  it('a start failure (bad droplet) is reported as a crash with the executor\'s reason', async () => {
    bbs.desire(desiredLRP('baddrop', { env: [{ name: 'GANTRY_SIM_FAIL_START', value: 'droplet sha256:00 does not match its digest' }] }));
    await rep.perform([lrpWork('baddrop')]);
    const crashed = await eventually(() => bbs.ordinary('baddrop', 0)?.state === 'CRASHED' && bbs.ordinary('baddrop', 0), 'baddrop CRASHED');
    assert.match(crashed.crash_reason, /does not match its digest/);
    assert.equal(bbs.callsOf('StartActualLRP').some((c) => (c.request as any).key.process_guid === 'baddrop'), false);
  });

  it('a failed claim releases the reservation and runs nothing', async () => {
    bbs.desire(desiredLRP('taken'));
    const row = bbs.ordinary('taken', 0)!;
    row.state = 'CLAIMED';
    row.instance_key = { instance_guid: 'someone-else', cell_id: 'other-cell' };
    await rep.perform([lrpWork('taken', 0, { memory_mb: 512 })]);
    await eventually(() => bbs.callsOf('ClaimActualLRP').some((c) => (c.request as any).process_guid === 'taken'), 'claim attempted');
    await eventually(async () => (await rep.state()).lrps.length === 0, 'reservation released');
    const s = await rep.state();
    assert.deepEqual(s.available, s.total);
    assert.equal((await sim.list()).length, 0);
  });

  it('refuses work for another stack, other placement tags, or more than it has', async () => {
    const res = await rep.perform([
      lrpWork('other-stack', 0, { rootfs: 'trusty' }),
      lrpWork('tagged', 0, { placement_tags: ['gpu'] }),
      lrpWork('huge', 0, { memory_mb: 2048 }),
    ], [taskWork('huge-task', { disk_mb: 10_000 })]);
    assert.deepEqual(res.refused_lrps.map((l) => l.process_guid).sort(), ['huge', 'other-stack', 'tagged']);
    assert.deepEqual(res.refused_tasks.map((t) => t.task_guid), ['huge-task']);
    const s = await rep.state();
    assert.deepEqual(s.available, s.total, 'refused work holds nothing');
  });

  it('answers INVALID_ARGUMENT naming the field, and reserves nothing of that request', async () => {
    await assert.rejects(rep.perform([lrpWork('ok'), lrpWork('', 1)]), (err: unknown) => statusOf(err) === status.INVALID_ARGUMENT && /lrps\[1\]\.process_guid/.test((err as Error).message));
    await assert.rejects(rep.stopLrpInstance('web', 0, ''), (err: unknown) => statusOf(err) === status.INVALID_ARGUMENT && /instance_key.instance_guid/.test((err as Error).message));
    await assert.rejects(rep.cancelTask(''), (err: unknown) => statusOf(err) === status.INVALID_ARGUMENT);
    await assert.rejects(rep.stopLrpInstance('web', 0, 'some-guid', 'another-cell'), (err: unknown) => statusOf(err) === status.FAILED_PRECONDITION && /another-cell/.test((err as Error).message));
    const s = await rep.state();
    assert.deepEqual(s.available, s.total);
    assert.equal(s.lrps.length, 0);
  });

  it('never double-books under concurrent Performs', async () => {
    for (let i = 0; i < 30; i++) bbs.desire(desiredLRP(`race-${i}`));
    // 30 Performs of 100 MB each at once on a 1024 MB cell: exactly 10 fit.
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => rep.perform([lrpWork(`race-${i}`, 0, { memory_mb: 100 })])));
    const accepted = results.filter((r) => r.refused_lrps.length === 0).length;
    assert.equal(accepted, 10);
    const s = await rep.state();
    assert.equal(s.available?.memory_mb, 24);
    await eventually(() => bbs.actual.filter((a) => a.key!.process_guid.startsWith('race-') && a.state === 'RUNNING').length === 10, '10 race instances RUNNING');
    for (const l of (await rep.state()).lrps) await rep.stopLrpInstance(l.process_guid, l.index, l.instance_guid);
    await eventually(async () => (await rep.state()).lrps.length === 0, 'race instances stopped');
  });

  it('publishes instance log lines and the cell\'s own lines on the log guid\'s subject', async () => {
    const got: LogMessage[] = [];
    const sub = nc.subscribe(subjects.logs('chatty-logs'));
    void (async () => { for await (const m of sub) got.push(decodeLogMessage(m.data)); })();
    await nc.flush();
    bbs.desire(desiredLRP('chatty', { log_guid: 'chatty-logs' }));
    await rep.perform([lrpWork('chatty', 0)]);
    await eventually(() => got.some((m) => m.source === 'APP/PROC/WEB'), 'an app log line');
    await eventually(() => got.some((m) => m.source === 'CELL' && /healthy/.test(m.line)), 'a CELL line');
    const app = got.find((m) => m.source === 'APP/PROC/WEB')!;
    assert.equal(app.instance_index, 0);
    assert.equal(app.stream, 'stdout');
    assert.match(app.line, /sim: started/);
    assert.ok(Math.abs(app.timestamp - Date.now()) < 10_000);
    sub.unsubscribe();
    const l = (await rep.state()).lrps.find((x) => x.process_guid === 'chatty')!;
    await rep.stopLrpInstance('chatty', 0, l.instance_guid);
    await eventually(async () => (await rep.state()).lrps.length === 0, 'chatty stopped');
  });

  it('a task: StartTask → run → CompleteTask with its result; a failing task fails with its reason', async () => {
    bbs.addTask('t-ok', { env: [{ name: 'GANTRY_SIM_CRASH_AFTER_MS', value: '50' }, { name: 'GANTRY_SIM_EXIT_CODE', value: '0' }, { name: 'GANTRY_SIM_RESULT', value: 'forty-two' }] });
    bbs.addTask('t-bad', { env: [{ name: 'GANTRY_SIM_CRASH_AFTER_MS', value: '50' }, { name: 'GANTRY_SIM_EXIT_CODE', value: '7' }] });
    const res = await rep.perform([], [taskWork('t-ok'), taskWork('t-bad')]);
    assert.deepEqual(res.refused_tasks, []);
    await eventually(() => bbs.tasks.get('t-ok')?.state === 'COMPLETED' && bbs.tasks.get('t-bad')?.state === 'COMPLETED', 'both tasks completed');
    assert.equal(bbs.tasks.get('t-ok')?.failed, false);
    assert.equal(bbs.tasks.get('t-ok')?.result, 'forty-two');
    assert.equal(bbs.tasks.get('t-bad')?.failed, true);
    assert.equal(bbs.tasks.get('t-bad')?.failure_reason, 'exited with code 7');
    await eventually(async () => (await rep.state()).tasks.length === 0, 'tasks released');
    assert.equal((await sim.list()).length, 0);
  });

  it('CancelTask destroys the task\'s container without completing it', async () => {
    bbs.addTask('t-long');
    await rep.perform([], [taskWork('t-long')]);
    await eventually(async () => (await rep.state()).tasks.find((t) => t.task_guid === 't-long')?.state === 'RUNNING', 't-long RUNNING');
    bbs.tasks.get('t-long')!.state = 'COMPLETED'; // the BBS's side of a cancel
    await rep.cancelTask('t-long');
    await eventually(async () => (await rep.state()).tasks.length === 0, 't-long gone');
    assert.equal((await sim.list()).length, 0);
    assert.equal(bbs.callsOf('CompleteTask').some((c) => (c.request as any).task_guid === 't-long'), false);
    await rep.cancelTask('never-heard-of-it');
  });

  it('a task the BBS says not to start is released', async () => {
    bbs.addTask('t-elsewhere', { state: 'RUNNING', cell_id: 'other-cell' });
    await rep.perform([], [taskWork('t-elsewhere')]);
    await eventually(() => bbs.callsOf('StartTask').some((c) => (c.request as any).task_guid === 't-elsewhere'), 'StartTask asked');
    await eventually(async () => (await rep.state()).tasks.length === 0, 'released');
    assert.equal((await sim.list()).length, 0);
  });
});
