// The docker executor against the real engine and a real nats-server: a
// droplet from the object store runs as a container that answers on its host
// port; exits, OOM kills, bad droplets, adoption after a restart, tasks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { setLogSink } from '../../../src/common/log.ts';
import { freePort } from '../../../src/common/net.ts';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { putDroplet } from '../../../src/cell-rep/droplets/object-store.ts';
import { DockerExecutor } from '../../../src/cell-rep/executor/docker/docker-executor.ts';
import type { ContainerLogLine } from '../../../src/cell-rep/executor/types.ts';
import { waitUntilHealthy } from '../../../src/cell-rep/health/check.ts';
import { buildDroplet, httpGet, SERVE_APP_DIR, lrpSpec, removeCellContainers, requireDocker, sleep, tempDataDir, webDropletFiles } from './executor-fixtures.ts';

setLogSink(() => {});

describe('docker executor', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let dataDir: string;
  let executor: DockerExecutor;
  let webDigest: string;
  const cellId = `test-cell-${process.pid}-${Date.now().toString(36)}`;
  const extraCells: string[] = [];

  before(async () => {
    requireDocker();
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    dataDir = tempDataDir();
    const start = 'id -u > whoami; env > env.txt; echo "listening on $PORT"; echo "to stderr" >&2; ' + SERVE_APP_DIR;
    const droplet = buildDroplet(webDropletFiles(start));
    webDigest = (await putDroplet(nc, droplet.bytes)).digest;
    assert.equal(webDigest, droplet.digest);
    executor = await DockerExecutor.create({ cellId, dataDir, nc });
  });

  after(async () => {
    removeCellContainers(cellId);
    for (const c of extraCells) removeCellContainers(c);
    await executor?.close();
    await nc?.close();
    await nats?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('stacks are the stack images on the engine', async () => {
    assert.ok((await executor.stacks()).includes('bookworm'));
  });

  test('a droplet from the object store answers HTTP on its host port, with its env, profile.d and logs', async () => {
    const port = await freePort();
    const lines: ContainerLogLine[] = [];
    const spec = lrpSpec({
      guid: 'web-1',
      hostPort: port,
      droplet: { digest: webDigest, url: '' },
      env: [{ name: 'GREETING', value: 'hi there' }, { name: 'PORT', value: '1' }],
      onLog: (l) => lines.push(l),
    });
    const t0 = performance.now();
    await executor.start(spec);
    await waitUntilHealthy(spec.check, spec.ports, 10_000);
    const ms = performance.now() - t0;
    const index = await httpGet(port, '/');
    assert.equal(index.status, 200);
    assert.equal(index.body, 'hello from gantry\n');
    // The app wrote into its own directory: it is writable, and it runs as vcap.
    assert.equal((await httpGet(port, '/whoami')).body.trim(), '2000');
    const env = Object.fromEntries((await httpGet(port, '/env.txt')).body.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.equal(env.PORT, String(port), 'the rep-assigned port wins over the LRP env');
    assert.equal(env.GREETING, 'hi there');
    assert.equal(env.CF_INSTANCE_PORT, String(port));
    assert.equal(env.CF_INSTANCE_ADDR, `127.0.0.1:${port}`);
    assert.equal(env.CF_INSTANCE_GUID, 'web-1');
    assert.equal(env.INSTANCE_INDEX, '0');
    assert.deepEqual(JSON.parse(env.CF_INSTANCE_PORTS!), [{ external: port, internal: port, container: 8080 }]);
    const vcap = JSON.parse(env.VCAP_APPLICATION!);
    assert.equal(vcap.application_id, 'pg-web-1');
    assert.equal(vcap.instance_index, 0);
    assert.deepEqual(vcap.limits, { mem: 64, disk: 256, fds: 16384 });
    assert.equal(env.FROM_APP_PROFILE, 'app:dep:droplet', 'profile.d scripts of the droplet, its deps and the app, in that order');
    assert.equal(env.HOME, '/home/vcap');
    for (let i = 0; i < 40 && lines.length < 2; i++) await sleep(50);
    assert.ok(lines.some((l) => l.stream === 'stdout' && l.line === `listening on ${port}`), JSON.stringify(lines));
    assert.ok(lines.some((l) => l.stream === 'stderr' && l.line === 'to stderr'), JSON.stringify(lines));

    const listed = await executor.list();
    const info = listed.find((c) => c.guid === 'web-1');
    assert.ok(info, 'list() finds the container');
    assert.equal(info.status, 'running');
    assert.deepEqual(info.tags, { kind: 'lrp', processGuid: 'pg-web-1', index: 0, instanceGuid: 'web-1', domain: 'test' });
    assert.deepEqual(info.ports, [{ container_port: 8080, host_port: port }]);
    assert.equal(info.memoryMb, 64);
    assert.equal(executor.dropletCache.refs(webDigest), 1, 'the running instance holds its droplet');
    console.log(`# docker start → healthy: ${ms.toFixed(0)} ms`);

    await executor.destroy('web-1', 1000);
    assert.equal(executor.dropletCache.refs(webDigest), 0, 'destroy releases the droplet');
    assert.equal((await executor.list()).some((c) => c.guid === 'web-1'), false);
    await assert.rejects(httpGet(port, '/'));
    await executor.destroy('web-1', 1000); // idempotent
  });

  test('a crashing app reports its exit code', async () => {
    await executor.start(lrpSpec({ guid: 'crash-1', droplet: { digest: webDigest, url: '' }, command: 'echo bye; exit 3' }));
    const exit = await executor.waitForExit('crash-1');
    assert.deepEqual({ ...exit }, { exitCode: 3, oomKilled: false, reason: 'exited with code 3' });
    const info = (await executor.list()).find((c) => c.guid === 'crash-1');
    assert.equal(info?.status, 'exited');
    await executor.destroy('crash-1');
  });

  test('an app over its memory limit is OOM killed, and says so', async () => {
    await executor.start(lrpSpec({ guid: 'oom-1', memoryMb: 32, command: 'x=$(head -c 300000000 /dev/zero | tr "\\0" a); echo survived' }));
    const exit = await executor.waitForExit('oom-1');
    assert.equal(exit.oomKilled, true, JSON.stringify(exit));
    assert.equal(exit.reason, 'out of memory (OOM killed)');
    await executor.destroy('oom-1');
  });

  test('a restarted rep adopts its containers from their labels (and only its own cell\'s)', async () => {
    const port = await freePort();
    const spec = lrpSpec({ guid: 'adopt-1', hostPort: port, droplet: { digest: webDigest, url: '' } });
    await executor.start(spec);
    await waitUntilHealthy(spec.check, spec.ports, 10_000);
    const otherCell = `${cellId}-other`;
    extraCells.push(otherCell);
    const otherData = tempDataDir();
    const other = await DockerExecutor.create({ cellId: otherCell, dataDir: otherData, nc });
    await other.start(lrpSpec({ guid: 'other-1', command: 'sleep 30' }));

    // A new executor on the same cell and data dir: a rep that restarted.
    const again = await DockerExecutor.create({ cellId, dataDir, nc });
    try {
      // Starting it again (before list() adopted it) is refused and harms nothing.
      await assert.rejects(again.start(spec), { message: 'a container for adopt-1 already exists on this cell' });
      assert.equal((await httpGet(port, '/')).status, 200);
      const found = await again.list();
      assert.deepEqual(found.map((c) => c.guid).sort(), ['adopt-1']);
      assert.equal(found[0]!.status, 'running');
      assert.deepEqual(found[0]!.ports, [{ container_port: 8080, host_port: port }]);
      assert.equal(again.dropletCache.refs(webDigest), 1, 'the adopted instance holds its droplet again');
      const lines: ContainerLogLine[] = [];
      again.followLogs('adopt-1', (l) => lines.push(l));
      const exited = again.waitForExit('adopt-1');
      assert.equal((await httpGet(port, '/')).status, 200);
      await again.destroy('adopt-1', 2000);
      const exit = await exited;
      assert.equal(exit.oomKilled, false);
      assert.match(exit.reason, /^exited with code (143|137|0)/);
    } finally {
      await again.close();
      await other.destroy('other-1', 0);
      await other.close();
      fs.rmSync(otherData, { recursive: true, force: true });
    }
  });

  test('a container removed behind the rep\'s back leaves nothing behind once list() has run', async () => {
    const refsBefore = executor.dropletCache.refs(webDigest);
    await executor.start(lrpSpec({ guid: 'gone-behind-1', droplet: { digest: webDigest, url: '' }, command: 'sleep 30' }));
    const volumes = () => execFileSync('docker', ['volume', 'ls', '-q', '--filter', 'label=gantry.guid=gone-behind-1'], { encoding: 'utf8' }).trim();
    assert.notEqual(volumes(), '', 'the droplet overlay is a volume');
    execFileSync('docker', ['rm', '-f', `gantry-${cellId}-gone-behind-1`], { stdio: 'ignore' }); // no -v
    assert.equal((await executor.list()).some((c) => c.guid === 'gone-behind-1'), false);
    assert.equal(volumes(), '', 'its dangling volume is removed');
    await executor.destroy('gone-behind-1', 0); // the rep learns it is gone: no error
    assert.equal(fs.existsSync(path.join(dataDir, 'docker', `gantry-${cellId}-gone-behind-1`)), false, 'its overlay dirs are removed');
    assert.equal(executor.dropletCache.refs(webDigest), refsBefore, 'its droplet lease is released');
  });

  test('a droplet that is not in the object store fails the start with a clear reason', async () => {
    const missing = `sha256:${'0'.repeat(64)}`;
    await assert.rejects(executor.start(lrpSpec({ guid: 'missing-1', droplet: { digest: missing, url: '' } })), {
      message: `droplet download failed: ${missing} is not in the object store`,
    });
    assert.equal((await executor.list()).some((c) => c.guid === 'missing-1'), false, 'no container is left behind');
  });

  test('a droplet whose bytes do not match its digest is refused', async () => {
    const good = buildDroplet(webDropletFiles());
    const server = http.createServer((_req, res) => res.end(good.bytes));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/droplet.tgz`;
      const claimed = `sha256:${'a'.repeat(64)}`;
      await assert.rejects(executor.start(lrpSpec({ guid: 'bad-digest-1', droplet: { digest: claimed, url } })), {
        message: `droplet ${claimed} failed its digest check: got ${good.digest}`,
      });
    } finally {
      server.close();
    }
  });

  test('an unknown stack is a clear reason', async () => {
    await assert.rejects(executor.start(lrpSpec({ guid: 'nostack-1', stack: 'no-such-stack', command: 'true' })), {
      message: 'stack "no-such-stack" is not available on this cell (no image gantry-stack:no-such-stack)',
    });
  });

  test('a task gets its downloads and hands back its result file', async () => {
    const blob = Buffer.from('payload bytes\n');
    const blobDigest = (await putDroplet(nc, blob)).digest;
    const tgz = buildDroplet({ 'inner/file.txt': 'unpacked\n' });
    const tgzDigest = (await putDroplet(nc, tgz.bytes)).digest;
    await executor.start({
      ...lrpSpec({ guid: 'task-1' }),
      tags: { kind: 'task', taskGuid: 'task-1', domain: 'test' },
      command: 'cat /home/vcap/in/payload.txt /tmp/unpacked/inner/file.txt > /home/vcap/result.txt; echo "$CF_INSTANCE_IP" >> /home/vcap/result.txt',
      downloads: [
        { digest: blobDigest, url: '', to: '/home/vcap/in/payload.txt', extract: false },
        { digest: tgzDigest, url: '', to: '/tmp/unpacked', extract: true },
      ],
      resultFile: '/home/vcap/result.txt',
    });
    const exit = await executor.waitForExit('task-1');
    assert.equal(exit.exitCode, 0, exit.reason);
    assert.equal(exit.result, 'payload bytes\nunpacked\n127.0.0.1\n');
    const info = (await executor.list()).find((c) => c.guid === 'task-1');
    assert.deepEqual(info?.tags, { kind: 'task', taskGuid: 'task-1', domain: 'test' });
    await executor.destroy('task-1');
  });

  test('the copy droplet mount runs the same droplet, writable', async () => {
    const copyCell = `${cellId}-copy`;
    extraCells.push(copyCell);
    const copyData = tempDataDir();
    const copying = await DockerExecutor.create({ cellId: copyCell, dataDir: copyData, nc, dropletMount: 'copy' });
    try {
      const port = await freePort();
      const spec = lrpSpec({ guid: 'copy-1', hostPort: port, droplet: { digest: webDigest, url: '' } });
      await copying.start(spec);
      await waitUntilHealthy(spec.check, spec.ports, 10_000);
      assert.equal((await httpGet(port, '/whoami')).body.trim(), '2000');
      await copying.destroy('copy-1', 0);
    } finally {
      await copying.close();
      fs.rmSync(copyData, { recursive: true, force: true });
    }
  });

  test('an engine that does not answer fails start within its timeout; a missing one at once', async () => {
    const sockDir = tempDataDir('gantry-sock-');
    const sockPath = path.join(sockDir, 'docker.sock');
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => void held.push(s)); // accepts, never answers
    await new Promise<void>((r) => silent.listen(sockPath, r));
    const hung = await DockerExecutor.create({ cellId: `${cellId}-hung`, dataDir: sockDir, socketPath: sockPath, engineTimeoutMs: 500 });
    const gone = await DockerExecutor.create({ cellId: `${cellId}-gone`, dataDir: sockDir, socketPath: path.join(sockDir, 'nothing.sock'), engineTimeoutMs: 500 });
    try {
      const t0 = Date.now();
      await assert.rejects(hung.start(lrpSpec({ guid: 'hung-1', command: 'true' })), /^Error: docker engine did not answer within 500ms \((info|create container)\)$/);
      assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
      assert.deepEqual(hung.problems().map((p) => p.kind), ['engine'], 'the executor says its engine does not answer');
      assert.deepEqual((await hung.checkResources()).map((p) => p.kind), ['engine'], 'a ping does not answer either');
      await assert.rejects(gone.start(lrpSpec({ guid: 'gone-1', command: 'true' })), /^Error: docker engine unavailable \((info|create container)\): ENOENT/);
      assert.deepEqual(await gone.stacks(), [], 'no engine, no stacks');
    } finally {
      await hung.close();
      await gone.close();
      for (const s of held) s.destroy();
      silent.close();
      fs.rmSync(sockDir, { recursive: true, force: true });
    }
  });
});
