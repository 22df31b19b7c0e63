// Faults of a cell's own resources, on a cluster of real processes (nats-server,
// BBS, auctioneer, one docker cell on the real engine): a full droplet cache
// disk, a droplet that fails its digest, a Docker engine that stops answering
// (through a proxy in front of the real one). Each test runs one scenario of
// test/chaos/scenarios/cell-resources.ts and asserts the reasons and that
// nothing was lost; timings are bench/reliability.ts's business, never
// asserted here. Then a cell started while its engine hangs, and what a
// container runs as: not root, with the memory and pids limits its DesiredLRP
// asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import Docker from 'dockerode';
import { putDroplet } from '../../src/cell-rep/droplets/object-store.ts';
import { LABEL } from '../../src/cell-rep/executor/docker/labels.ts';
import { setLogSink } from '../../src/common/log.ts';
import { buildHttpdDroplet } from '../e2e/harness.ts';
import { desiredLRP } from '../integration/cell-rep/rep-bbs-peer.ts';
import { DockerProxy } from './docker-proxy.ts';
import { until } from './harness.ts';
import { dockerEngineHang, dropletDigestMismatch, dropletDiskFull, HANG_TIMEOUT_MS, withResourceEnv } from './scenarios/cell-resources.ts';

setLogSink(() => undefined);

test('droplet cache disk full: a clear reason, nothing half-written kept, no work taken until there is room', { timeout: 180_000 }, async () => {
  const r = await dropletDiskFull();
  assert.match(r.crashReason, /^droplet cache: no space left on device \(\/[^)]*\/droplets\)/, r.notes);
  assert.deepEqual(r.leftovers, [], 'no partial file, no cache entry, no container');
  assert.equal(r.stateDuringFault.availableDiskMb, 0, `State reports no disk: ${JSON.stringify(r.stateDuringFault)}`);
  assert.equal(r.performRefused, true, 'Perform refuses work while the disk is full');
  assert.equal(r.healthDuringFault, 'SERVING', 'a full disk is no reason to stop answering');
  assert.match(r.placementError, /^insufficient resources: disk/, `the restart found no cell with disk: ${r.notes}`);
  assert.equal(r.lost, 0, r.notes);
  assert.match(r.servedAfter, /^big /);
});

test('a droplet that fails its digest: not run, not kept; the right bytes under the name run', { timeout: 180_000 }, async () => {
  const r = await dropletDigestMismatch();
  assert.match(r.crashReason, /^droplet sha256:[0-9a-f]{64} failed its digest check: got sha256:[0-9a-f]{64}$/, r.notes);
  const [, expected, got] = /^droplet (\S+) failed its digest check: got (\S+)$/.exec(r.crashReason)!;
  assert.notEqual(expected, got);
  assert.deepEqual(r.leftovers, [], 'no container was created, nothing of either digest is in the cache');
  assert.equal(r.healthDuringFault, 'SERVING', 'a bad droplet is the app\'s fault, not the cell\'s');
  assert.equal(r.performRefused, false, 'the cell goes on taking work');
  assert.equal(r.lost, 0, r.notes);
  assert.match(r.servedAfter, /^good /);
});

test('a Docker engine that stops answering: starts fail with the reason, the cell is unhealthy until it answers, running instances go on', { timeout: 180_000 }, async () => {
  const r = await dockerEngineHang();
  assert.match(r.crashReason, new RegExp(`^docker engine did not answer within ${HANG_TIMEOUT_MS}ms \\(`), r.notes);
  assert.equal(r.healthDuringFault, 'NOT_SERVING', r.notes);
  assert.equal(r.stateDuringFault.error?.code, status.UNAVAILABLE, `State fails while hung: ${JSON.stringify(r.stateDuringFault)}`);
  assert.match(r.stateDuringFault.error!.message, /is unhealthy: docker engine did not answer/);
  assert.equal(r.performRefused, true, 'Perform refuses work while the engine does not answer');
  assert.equal(r.placementError, 'no cells available', `the auction left the cell out: ${r.notes}`);
  assert.deepEqual(r.leftovers, [], 'the start that timed out left no container');
  assert.equal(r.bystander?.answeredDuringHang, true, 'a running instance keeps answering while the engine hangs');
  assert.equal(r.bystander?.sameInstanceAfter, true, 'and is the same instance after');
  assert.equal(r.healthAfter, 'SERVING');
  assert.equal(r.lost, 0, r.notes);
  assert.match(r.servedAfter, /^hello /);
});

test('a cell (re)started while its engine does not answer: NOT_SERVING, then serves its stacks once the engine answers', { timeout: 180_000 }, async () => {
  const sockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-docker-proxy-'));
  const proxy = await DockerProxy.start(path.join(sockDir, 'docker.sock'));
  try {
    await withResourceEnv({ cellArgs: ['--docker-socket', proxy.socketPath, '--docker-timeout-ms', '1500'] }, async (env) => {
      const cell = env.cluster.cells[0]!;
      assert.deepEqual((await env.rep.state()).stacks, ['bookworm']);
      await cell.kill();
      proxy.hang();
      cell.start();
      await until('the restarted cell to answer NOT_SERVING', async () => ((await cell.health()) === 'NOT_SERVING' ? true : undefined), 60_000);
      // Its State says why; the stacks could not be read.
      await assert.rejects(env.rep.state(), (err: { code?: number; details?: string }) => err.code === status.UNAVAILABLE && /docker engine did not answer within 1500ms/.test(err.details ?? ''));
      proxy.resume();
      await until('the cell SERVING again', async () => ((await cell.health()) === 'SERVING' ? true : undefined), 30_000);
      const state = await until('its stacks', async () => {
        const s = await env.rep.state();
        return s.stacks.length > 0 ? s : undefined;
      }, 30_000);
      assert.deepEqual(state.stacks, ['bookworm']);
      fs.mkdirSync(path.join(env.scratch, 'app'));
      const { digest } = await putDroplet(env.nc, buildHttpdDroplet(path.join(env.scratch, 'app')));
      const guid = `after-hang-${Date.now().toString(36)}`;
      await env.bbs.call('DesireLRP', { desired_lrp: desiredLRP(guid, { droplet: { digest, url: '' }, ports: [8080], check: { type: 'TCP', port: 8080, path: '', timeout_ms: 1000, interval_ms: 1000 } }) }, 'desire');
      await until('RUNNING', async () => ((await env.bbs.listActualLRPs({ process_guid: guid }))[0]?.state === 'RUNNING' ? true : undefined), 60_000);
      await env.bbs.call('RemoveDesiredLRP', { process_guid: guid }, 'remove');
    });
  } finally {
    await proxy.close();
    fs.rmSync(sockDir, { recursive: true, force: true });
  }
});

test('a container runs as the stack\'s unprivileged user, with the memory and pids limits its DesiredLRP asked for', { timeout: 180_000 }, async () => {
  await withResourceEnv({}, async (env) => {
    fs.mkdirSync(path.join(env.scratch, 'app'));
    const { digest } = await putDroplet(env.nc, buildHttpdDroplet(path.join(env.scratch, 'app')));
    const guid = `limits-${Date.now().toString(36)}`;
    const memoryMb = 96;
    const maxPids = 77;
    await env.bbs.call('DesireLRP', {
      desired_lrp: desiredLRP(guid, {
        droplet: { digest, url: '' }, memory_mb: memoryMb, disk_mb: 64, max_pids: maxPids, ports: [8080],
        check: { type: 'TCP', port: 8080, path: '', timeout_ms: 1000, interval_ms: 1000 }, start_timeout_ms: 30_000,
      }),
    }, 'desire');
    const a = await until('RUNNING', async () => {
      const [row] = await env.bbs.listActualLRPs({ process_guid: guid });
      return row?.state === 'RUNNING' ? row : undefined;
    }, 60_000);
    const [c] = await new Docker().listContainers({ filters: { label: [`${LABEL.instanceGuid}=${a.instance_key!.instance_guid}`] } });
    assert.ok(c, 'the instance\'s container is found by its label');
    const info = await new Docker().getContainer(c.Id).inspect();
    assert.equal(info.Config.User, 'vcap', 'created to run as vcap');
    assert.equal(info.HostConfig.Memory, memoryMb * 1024 * 1024);
    assert.equal(info.HostConfig.MemorySwap, memoryMb * 1024 * 1024, 'no swap on top');
    assert.equal(info.HostConfig.PidsLimit, maxPids);
    assert.equal(info.HostConfig.Privileged, false);
    // Every process of the container, as the kernel sees it: uid 2000 (vcap), none root.
    const procs = execFileSync('docker', ['top', c.Id, '-eo', 'pid,uid,comm'], { encoding: 'utf8' }).trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
    assert.ok(procs.length >= 2, `init and the app: ${JSON.stringify(procs)}`);
    for (const [, uid, comm] of procs) assert.equal(uid, '2000', `${comm} runs as uid ${uid}`);
    // The limits as the container's own cgroups enforce them (cgroup v1 or v2).
    const inside = (script: string) => execFileSync('docker', ['exec', c.Id, 'sh', '-c', script], { encoding: 'utf8' }).trim();
    assert.equal(inside('id -u'), '2000');
    assert.equal(inside('cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max'), String(maxPids));
    assert.equal(inside('cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max'), String(memoryMb * 1024 * 1024));
    await env.bbs.call('RemoveDesiredLRP', { process_guid: guid }, 'remove');
  });
});
