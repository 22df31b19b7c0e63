// The cell end to end on the REAL Docker engine, with the real BBS and
// auctioneer and a real nats-server: a droplet from the object store runs and
// answers on its port; exit codes, OOM kills, failing http checks (at start
// and while running) are reported as crashes with their reasons; a restarted
// rep adopts its containers; an evacuated cell keeps serving until the
// replacement on another cell runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { connect, type NatsConnection } from 'nats';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import type { ActualLRP, DesiredLRP } from '../../../src/common/models.ts';
import { putDroplet } from '../../../src/cell-rep/droplets/object-store.ts';
import type { CellHandle } from '../../../src/cell-rep/cell.ts';
import type { CellConfig } from '../../../src/cell-rep/config.ts';
import { desiredLRP, eventually } from './rep-bbs-peer.ts';
import { quietLogs, startControlPlane, startTestCell, testCellConfig, type ControlPlane } from './rep-harness.ts';
import { buildDroplet, httpGet, removeCellContainers, requireDocker, SERVE_APP_DIR, tempDataDir, webDropletFiles } from './executor-fixtures.ts';

quietLogs();

const healthCheck = { type: 'HTTP' as const, port: 8080, path: '/health', timeout_ms: 1000, interval_ms: 500 };

describe('rep on docker: end to end', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let cp: ControlPlane;
  let digest: string;
  const cells: CellHandle[] = [];
  const configs: CellConfig[] = [];
  const dataDirs: string[] = [];

  const web = (processGuid: string, over: Partial<DesiredLRP> = {}) =>
    desiredLRP(processGuid, { droplet: { digest, url: '' }, memory_mb: 64, disk_mb: 256, max_pids: 256, ports: [8080], check: healthCheck, start_timeout_ms: 20_000, ...over });
  const runningOf = async (processGuid: string, n = 1) =>
    eventually(async () => {
      const a = (await cp.actuals(processGuid)).filter((x) => x.state === 'RUNNING' && x.presence === 'ORDINARY');
      return a.length === n && a;
    }, `${n} instance(s) of ${processGuid} RUNNING`, 30_000);
  const crashOf = (processGuid: string) =>
    eventually(async () => (await cp.actuals(processGuid)).find((a) => a.crash_count > 0), `${processGuid} crashed`, 30_000);
  const hostPort = (a: ActualLRP) => a.net_info!.ports.find((p) => p.container_port === 8080)!.host_port;
  /** Remove a desire and wait until no cell holds any of its instances. */
  const remove = async (processGuid: string) => {
    await cp.call('RemoveDesiredLRP', { process_guid: processGuid });
    await eventually(async () => (await cp.actuals(processGuid)).length === 0, `${processGuid} removed`, 20_000);
    await eventually(() => cells.every((c) => c.rep.lrps().every((l) => l.processGuid !== processGuid)), `no cell holds ${processGuid}`, 20_000);
  };

  async function addCell(over: Partial<CellConfig> = {}): Promise<CellHandle> {
    const dataDir = over.dataDir ?? tempDataDir('gantry-rep-docker-');
    if (!dataDirs.includes(dataDir)) dataDirs.push(dataDir);
    const config = testCellConfig(nats.url, cp.bbs.address, {
      executor: 'docker', stacks: [], memoryMb: 4096, diskMb: 20_000, containers: 30, dataDir, stopGraceMs: 2000,
      evacuationTimeoutMs: 30_000, evacuationPollIntervalMs: 100, ...over,
    });
    const cell = await startTestCell(config);
    cells.push(cell);
    configs.push(config);
    return cell;
  }

  before(async () => {
    requireDocker();
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    cp = await startControlPlane(nats.url);
    const droplet = buildDroplet(webDropletFiles(`echo "listening on $PORT"; ${SERVE_APP_DIR}`));
    digest = (await putDroplet(nc, droplet.bytes)).digest;
    await addCell();
    await eventually(() => cp.auctioneer.cells.live().length === 1, 'auctioneer sees the cell', 10_000);
  });

  after(async () => {
    for (const c of cells) await c.stop().catch(() => {});
    for (const c of new Set(configs.map((x) => x.cellId))) removeCellContainers(c);
    await cp?.stop();
    await nc?.close();
    await nats?.stop();
    for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('serves the stacks of its docker images', () => {
    assert.ok(cells[0]!.rep.state().stacks!.includes('bookworm'));
  });

  it('an LRP from a droplet reaches RUNNING and answers on its host port', async () => {
    await cp.desire(web('dk-web'));
    const [a] = await runningOf('dk-web');
    const port = hostPort(a!);
    assert.ok(port >= configs[0]!.portRangeStart && port <= configs[0]!.portRangeEnd);
    const res = await httpGet(port, '/');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'hello from gantry\n');
    await remove('dk-web');
  });

  it('an app that exits is reported crashed with its exit code', async () => {
    await cp.desire(web('dk-exit', { start_command: 'echo bye; exit 3', check: null, ports: [] }));
    const a = await crashOf('dk-exit');
    assert.equal(a.crash_reason, 'exited with code 3');
    await remove('dk-exit');
  });

  it('a memory-hungry app is OOM-killed and reported so', async () => {
    await cp.desire(web('dk-oom', { memory_mb: 32, check: null, ports: [], start_command: 'x=$(head -c 300000000 /dev/zero | tr "\\0" a); echo survived; sleep 600' }));
    const a = await crashOf('dk-oom');
    assert.equal(a.crash_reason, 'out of memory (OOM killed)');
    await remove('dk-oom');
  });

  it('an http check that never passes is a crash with the check\'s words', async () => {
    await cp.desire(web('dk-badcheck', { check: { ...healthCheck, path: '/missing' }, start_timeout_ms: 2500 }));
    const a = await crashOf('dk-badcheck');
    assert.match(a.crash_reason, /^failed health check: http GET \/missing on port \d+ returned 404, within 2500ms$/);
    await remove('dk-badcheck');
  });

  it('a liveness check failing after start is a crash', async () => {
    // Healthy at first; /health disappears two seconds later.
    await cp.desire(web('dk-liveness', { start_command: `(sleep 2; rm -f health) & ${SERVE_APP_DIR}` }));
    await runningOf('dk-liveness');
    const a = await crashOf('dk-liveness');
    assert.match(a.crash_reason, /^liveness check failed: http GET \/health on port \d+ returned 404$/);
    await remove('dk-liveness');
  });

  it('a restarted rep adopts its containers: still RUNNING, still answering, exits still watched', async () => {
    await cp.desire(web('dk-adopt'));
    const [before] = await runningOf('dk-adopt');
    const guid = before!.instance_key!.instance_guid;
    const config = configs[0]!;
    await cells[0]!.stop(); // a rep that goes away without evacuating leaves its containers running
    assert.equal((await httpGet(hostPort(before!), '/')).status, 200, 'the app outlives its rep');
    const again = await startTestCell(config);
    cells[0] = again;
    const held = again.rep.lrps().find((l) => l.instanceGuid === guid);
    assert.equal(held?.state, 'RUNNING', 'adopted in the first sync pass');
    assert.equal(again.rep.state().available?.memory_mb, config.memoryMb - 64, 'its memory is held');
    const [still] = await runningOf('dk-adopt');
    assert.equal(still!.instance_key?.instance_guid, guid, 'the same instance, not a new one');
    assert.equal((await httpGet(hostPort(still!), '/')).status, 200);
    // The adopted container's exit is still seen.
    const name = execFileSync('docker', ['ps', '-q', '--filter', `label=gantry.cell-id=${config.cellId}`, '--filter', `label=gantry.instance-guid=${guid}`], { encoding: 'utf8' }).trim();
    assert.ok(name, 'the container is found by its labels');
    execFileSync('docker', ['kill', name], { stdio: 'ignore' });
    const crashed = await crashOf('dk-adopt');
    assert.match(crashed.crash_reason, /^exited with code 137/);
    await remove('dk-adopt');
  });

  it('SIGTERM-style evacuation: no moment without an instance answering until the replacement runs', async () => {
    const second = await addCell();
    await eventually(() => cp.auctioneer.cells.live().length === 2, 'auctioneer sees 2 cells', 10_000);
    await cp.desire(web('dk-evac'));
    const [first] = await runningOf('dk-evac');
    const from = cells.find((c) => c.cellId === first!.instance_key!.cell_id)!;
    const oldPort = hostPort(first!);
    let down = 0;
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const oldOk = await httpGet(oldPort, '/health').then((r) => r.status === 200, () => false);
        let newOk = false;
        if (!oldOk) {
          const now = (await cp.actuals('dk-evac')).find((a) => a.presence === 'ORDINARY' && a.state === 'RUNNING' && a.instance_key?.cell_id !== from.cellId);
          newOk = now ? await httpGet(hostPort(now), '/health').then((r) => r.status === 200, () => false) : false;
        }
        if (!oldOk && !newOk) down++;
        samples++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const report = await from.evacuate();
    sampling = false;
    await sampler;
    assert.equal(report.handedOver, 1, JSON.stringify(report));
    assert.equal(report.stoppedAtTimeout, 0);
    assert.equal(down, 0, `no moment without an answering instance (${samples} samples)`);
    const [replacement] = await runningOf('dk-evac');
    assert.notEqual(replacement!.instance_key?.cell_id, from.cellId);
    assert.equal((await httpGet(hostPort(replacement!), '/')).status, 200);
    const left = execFileSync('docker', ['ps', '-aq', '--filter', `label=gantry.cell-id=${from.cellId}`], { encoding: 'utf8' }).trim();
    assert.equal(left, '', 'the evacuated cell destroyed its containers');
    void second;
    await remove('dk-evac');
  });
});
