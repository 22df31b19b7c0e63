// The process executor runs the same droplets as child processes: the web
// droplet answers on its port, exits and memory kills are reported, a new
// executor on the same data dir adopts running instances and learns their exit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { setLogSink } from '../../../src/common/log.ts';
import { freePort } from '../../../src/common/net.ts';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { putDroplet } from '../../../src/cell-rep/droplets/object-store.ts';
import { ProcessExecutor } from '../../../src/cell-rep/executor/process/process-executor.ts';
import type { ContainerLogLine } from '../../../src/cell-rep/executor/types.ts';
import { waitUntilHealthy } from '../../../src/cell-rep/health/check.ts';
import { buildDroplet, httpGet, SERVE_APP_DIR, lrpSpec, sleep, tempDataDir, webDropletFiles } from './executor-fixtures.ts';

setLogSink(() => {});

describe('process executor', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let dataDir: string;
  let executor: ProcessExecutor;
  let webDigest: string;
  const cellId = 'process-cell';
  const started: string[] = [];

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    dataDir = tempDataDir();
    const start = 'env > env.txt; echo "listening on $PORT"; echo "to stderr" >&2; ' + SERVE_APP_DIR;
    webDigest = (await putDroplet(nc, buildDroplet(webDropletFiles(start)).bytes)).digest;
    executor = await ProcessExecutor.create({ cellId, dataDir, nc, stacks: ['bookworm'], memoryPollMs: 100 });
  });

  after(async () => {
    for (const guid of started) await executor.destroy(guid, 0).catch(() => {});
    await executor?.close();
    await nc?.close();
    await nats?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the web droplet answers on its port, with the instance env and its logs', async () => {
    const port = await freePort();
    const lines: ContainerLogLine[] = [];
    const spec = lrpSpec({ guid: 'p-web-1', hostPort: port, droplet: { digest: webDigest, url: '' }, env: [{ name: 'GREETING', value: 'hi' }], onLog: (l) => lines.push(l) });
    started.push(spec.guid);
    await executor.start(spec);
    await waitUntilHealthy(spec.check, spec.ports, 10_000);
    assert.equal((await httpGet(port, '/')).body, 'hello from gantry\n');
    const env = Object.fromEntries((await httpGet(port, '/env.txt')).body.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.equal(env.PORT, String(port));
    assert.equal(env.GREETING, 'hi');
    assert.equal(env.CF_INSTANCE_ADDR, `127.0.0.1:${port}`);
    assert.equal(env.FROM_APP_PROFILE, 'app:dep:droplet');
    assert.match(env.HOME!, /process\/p-web-1\/home$/);
    for (let i = 0; i < 40 && lines.length < 2; i++) await sleep(50);
    assert.ok(lines.some((l) => l.stream === 'stdout' && l.line === `listening on ${port}`), JSON.stringify(lines));
    assert.ok(lines.some((l) => l.stream === 'stderr' && l.line === 'to stderr'), JSON.stringify(lines));
    const info = (await executor.list()).find((c) => c.guid === 'p-web-1');
    assert.equal(info?.status, 'running');
    assert.deepEqual(info?.ports, [{ container_port: 8080, host_port: port }]);

    const exited = executor.waitForExit('p-web-1');
    await executor.destroy('p-web-1', 2000);
    const exit = await exited;
    assert.match(exit.reason, /^exited with code 143 \(SIGTERM\)$/);
    assert.equal((await executor.list()).some((c) => c.guid === 'p-web-1'), false);
    assert.equal(executor.dropletCache.refs(webDigest), 0);
    await assert.rejects(httpGet(port, '/'));
  });

  test('an exit code is reported', async () => {
    started.push('p-crash-1');
    await executor.start(lrpSpec({ guid: 'p-crash-1', droplet: { digest: webDigest, url: '' }, command: 'exit 7' }));
    assert.deepEqual({ ...(await executor.waitForExit('p-crash-1')) }, { exitCode: 7, oomKilled: false, reason: 'exited with code 7' });
    assert.equal((await executor.list()).find((c) => c.guid === 'p-crash-1')?.status, 'exited');
    await executor.destroy('p-crash-1');
  });

  test('going over the memory limit is a (best-effort) OOM kill', async () => {
    started.push('p-oom-1');
    await executor.start(lrpSpec({ guid: 'p-oom-1', memoryMb: 32, command: 'x=$(head -c 400000000 /dev/zero | tr "\\0" a); echo survived' }));
    const exit = await executor.waitForExit('p-oom-1');
    assert.equal(exit.oomKilled, true, JSON.stringify(exit));
    assert.equal(exit.reason, 'out of memory (OOM killed)');
    await executor.destroy('p-oom-1');
  });

  test('a new executor on the same data dir adopts running instances and learns how they end', async () => {
    started.push('p-adopt-1');
    await executor.start(lrpSpec({ guid: 'p-adopt-1', droplet: { digest: webDigest, url: '' }, command: 'trap "exit 42" TERM; touch "$HOME/ready"; while :; do sleep 0.1; done' }));
    const ready = path.join(dataDir, 'process', 'p-adopt-1', 'home', 'ready');
    for (let i = 0; i < 100 && !fs.existsSync(ready); i++) await sleep(50);
    assert.ok(fs.existsSync(ready), 'the app set its TERM trap');
    await executor.close(); // the rep goes away; the instance stays
    executor = await ProcessExecutor.create({ cellId, dataDir, nc, stacks: ['bookworm'], memoryPollMs: 100 });
    await assert.rejects(executor.start(lrpSpec({ guid: 'p-adopt-1', command: 'true' })), { message: 'a container for p-adopt-1 already exists on this cell' });
    assert.ok(fs.existsSync(ready), 'a refused start wipes nothing');
    const found = await executor.list();
    assert.deepEqual(found.map((c) => [c.guid, c.status]), [['p-adopt-1', 'running']]);
    assert.equal(executor.dropletCache.refs(webDigest), 1, 'the adopted instance holds its droplet');
    const another = await ProcessExecutor.create({ cellId: 'another-cell', dataDir, stacks: ['bookworm'] });
    assert.deepEqual(await another.list(), [], 'another cell sees none of them');
    await another.close();
    const exited = executor.waitForExit('p-adopt-1');
    await executor.destroy('p-adopt-1', 3000);
    const exit = await exited;
    assert.equal(exit.exitCode, 42, exit.reason);
  });

  test('a task gets its downloads and hands back its result', async () => {
    started.push('p-task-1');
    const blobDigest = (await putDroplet(nc, Buffer.from('payload\n'))).digest;
    await executor.start({
      ...lrpSpec({ guid: 'p-task-1' }),
      tags: { kind: 'task', taskGuid: 'p-task-1', domain: 'test' },
      command: 'cat "$HOME/in/payload.txt" > "$HOME/result.txt"; echo done >> "$HOME/result.txt"',
      downloads: [{ digest: blobDigest, url: '', to: '/home/vcap/in/payload.txt', extract: false }],
      resultFile: '/home/vcap/result.txt',
    });
    const exit = await executor.waitForExit('p-task-1');
    assert.equal(exit.exitCode, 0, exit.reason);
    assert.equal(exit.result, 'payload\ndone\n');
    await executor.destroy('p-task-1');
  });

  test('a stack the host does not run is refused', async () => {
    await assert.rejects(executor.start(lrpSpec({ guid: 'p-stack-1', stack: 'jammy', command: 'true' })), /stack "jammy" is not available on this cell/);
  });
});
