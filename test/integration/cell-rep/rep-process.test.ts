// `gantry cell` as its own process: flags, presence, work over gRPC, metrics,
// and SIGTERM → evacuate → goodbye → exit 0.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from 'nats';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { subjects } from '../../../src/common/nats.ts';
import { freePort } from '../../../src/common/net.ts';
import type { CellPresence } from '../../../src/common/models.ts';
import { decodePresence } from '../../../src/cell-rep/presence.ts';
import { BbsPeer, desiredLRP, eventually } from './rep-bbs-peer.ts';
import { RepTestClient, lrpWork, quietLogs } from './rep-harness.ts';

quietLogs();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('rep: the gantry cell process', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let bbs: BbsPeer;
  let dataDir: string;

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    bbs = await new BbsPeer().start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-cell-proc-'));
  });

  after(async () => {
    await bbs?.stop();
    await nc?.close();
    await nats?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs from flags, serves work and metrics, and on SIGTERM evacuates, says goodbye and exits 0', async () => {
    const presences: CellPresence[] = [];
    const byes: CellPresence[] = [];
    const sp = nc.subscribe(subjects.cellPresence);
    const sb = nc.subscribe(subjects.cellGoodbye);
    void (async () => { for await (const m of sp) presences.push(decodePresence(m.data)); })();
    void (async () => { for await (const m of sb) byes.push(decodePresence(m.data)); })();
    await nc.flush();
    const metricsPort = await freePort();
    const cellId = `proc-cell-${process.pid}`;
    const main = path.join(root, 'src/cell-rep/main.ts');
    const child = spawn(process.execPath, [
      '--import', 'tsx', '--input-type=module', '-e', `const { main } = await import(${JSON.stringify(main)}); await main(process.argv.slice(1));`, '--',
      '--cell-id', cellId, '--listen-address', '127.0.0.1:0', '--nats-url', nats.url, '--bbs-address', bbs.address,
      '--executor', 'sim', '--metrics-port', String(metricsPort), '--heartbeat-interval-ms', '100', '--memory-mb', '512', '--disk-mb', '512',
      '--data-dir', dataDir, '--evacuation-timeout-ms', '800', '--stop-grace-ms', '200', '--port-range-start', '62000', '--port-range-end', '62009',
    ], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GANTRY_LOG_LEVEL: 'info' } });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let rep: RepTestClient | undefined;
    try {
      const p = await eventually(() => presences.find((x) => x.cell_id === cellId), `presence of ${cellId}`, 15_000);
      assert.deepEqual(p.capacity, { memory_mb: 512, disk_mb: 512, containers: 250, pids: 100_000 });
      rep = new RepTestClient(p.rep_address);
      bbs.desire(desiredLRP('proc-web'));
      await rep.perform([lrpWork('proc-web')]);
      const running = await eventually(() => bbs.ordinary('proc-web', 0)?.state === 'RUNNING' && bbs.ordinary('proc-web', 0), 'RUNNING');
      assert.ok(running.net_info!.ports[0]!.host_port >= 62000 && running.net_info!.ports[0]!.host_port <= 62009);
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      assert.match(metrics, /gantry_cell_sync_duration_seconds_count 1/);
      assert.match(metrics, /gantry_cell_heartbeats_total\{outcome="ok"\} \d+/);

      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), 15_000)))]);
      clearTimeout(timer);
      assert.equal(code, 0, `exit code (stderr tail: ${stderr.slice(-2000)})`);
      assert.ok(bbs.callsOf('EvacuateRunningActualLRP').length >= 1, 'reported EVACUATING');
      assert.equal(bbs.callsOf('EvacuateStoppedActualLRP').length, 1, 'no replacement came: stopped at the timeout');
      await eventually(() => byes.some((b) => b.cell_id === cellId), 'goodbye');
      assert.match(stderr, /"msg":"evacuation finished"/);
    } finally {
      rep?.close();
      sp.unsubscribe();
      sb.unsubscribe();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
