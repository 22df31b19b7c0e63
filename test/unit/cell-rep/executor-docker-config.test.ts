import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOptions, stackImage, type CreateContext } from '../../../src/cell-rep/executor/docker/container-config.ts';
import { containerName, infoFromLabels, LABEL, labelsFor, parsePorts } from '../../../src/cell-rep/executor/docker/labels.ts';
import { dockerReasons, engineErrorReason, exitReason, isEngineDown, isNoSuchImage } from '../../../src/cell-rep/executor/docker/reasons.ts';
import { firstTarFile } from '../../../src/cell-rep/executor/docker/tar-file.ts';
import type { ContainerSpec } from '../../../src/cell-rep/executor/types.ts';

const spec = (over: Partial<ContainerSpec> = {}): ContainerSpec => ({
  guid: 'ig-1',
  tags: { kind: 'lrp', processGuid: 'pg-1', index: 2, instanceGuid: 'ig-1', domain: 'apps' },
  stack: 'bookworm',
  memoryMb: 128,
  diskMb: 512,
  maxPids: 100,
  ports: [{ container_port: 8080, host_port: 61001 }],
  env: [{ name: 'A', value: '1' }],
  command: 'run-me',
  droplet: { digest: 'sha256:' + 'c'.repeat(64), url: '' },
  downloads: [],
  resultFile: '',
  user: '',
  logGuid: 'pg-1',
  startTimeoutMs: 1000,
  check: null,
  ...over,
});

const ctx = (over: Partial<CreateContext> = {}): CreateContext => ({
  cellId: 'cell-1',
  name: 'gantry-cell-1-ig-1',
  image: 'gantry-stack:bookworm',
  hostAddress: '10.0.0.5',
  launcherDir: '/opt/repo/launcher',
  droplet: { digest: 'sha256:' + 'c'.repeat(64), dir: '/data/droplets/unpacked/sha256-ccc' },
  dropletMount: 'overlay',
  overlay: { upper: '/data/docker/x/upper', work: '/data/docker/x/work' },
  downloads: [],
  diskQuota: false,
  ...over,
});

describe('docker labels', () => {
  test('a container is found again from its labels, as it was', () => {
    const labels = labelsFor('cell-1', spec(), { dropletDigest: 'sha256:' + 'c'.repeat(64) });
    assert.equal(labels[LABEL.cellId], 'cell-1');
    assert.equal(labels[LABEL.kind], 'lrp');
    assert.equal(labels[LABEL.processGuid], 'pg-1');
    assert.equal(labels[LABEL.index], '2');
    assert.equal(labels[LABEL.instanceGuid], 'ig-1');
    assert.equal(labels[LABEL.domain], 'apps');
    assert.equal(labels[LABEL.memoryMb], '128');
    assert.equal(labels[LABEL.droplet], 'sha256:' + 'c'.repeat(64));
    assert.equal(labels[LABEL.taskGuid], undefined);
    assert.deepEqual(infoFromLabels(labels, true), {
      guid: 'ig-1',
      tags: { kind: 'lrp', processGuid: 'pg-1', index: 2, instanceGuid: 'ig-1', domain: 'apps' },
      memoryMb: 128,
      diskMb: 512,
      maxPids: 100,
      ports: [{ container_port: 8080, host_port: 61001 }],
      status: 'running',
    });
  });

  test('tasks keep their task guid and result file', () => {
    const labels = labelsFor('cell-1', spec({ guid: 't-1', tags: { kind: 'task', taskGuid: 't-1', domain: 'd' }, resultFile: '/r' }));
    assert.equal(labels[LABEL.resultFile], '/r');
    assert.deepEqual(infoFromLabels(labels, false)?.tags, { kind: 'task', taskGuid: 't-1', domain: 'd' });
    assert.equal(infoFromLabels(labels, false)?.status, 'exited');
  });

  test('labels that are not gantry\'s describe nothing', () => {
    assert.equal(infoFromLabels({}, true), null);
    assert.equal(infoFromLabels({ [LABEL.kind]: 'vm', [LABEL.guid]: 'x' }, true), null);
  });

  test('ports and names', () => {
    assert.deepEqual(parsePorts('8080:61001,9090:61002'), [
      { container_port: 8080, host_port: 61001 },
      { container_port: 9090, host_port: 61002 },
    ]);
    assert.deepEqual(parsePorts(''), []);
    assert.equal(containerName('cell/1', 'ig:1'), 'gantry-cell_1-ig_1');
  });
});

describe('docker create options', () => {
  test('host networking, memory with no swap, pids, an init, the launcher and the user', () => {
    const o = createOptions(spec(), ctx());
    assert.equal(o.HostConfig?.NetworkMode, 'host');
    assert.equal(o.HostConfig?.Memory, 128 * 1024 * 1024);
    assert.equal(o.HostConfig?.MemorySwap, 128 * 1024 * 1024);
    assert.equal(o.HostConfig?.PidsLimit, 100);
    assert.equal(o.HostConfig?.Init, true);
    assert.equal(o.HostConfig?.StorageOpt, undefined, 'no disk quota where the engine cannot');
    assert.deepEqual(o.Cmd, ['/bin/bash', '/opt/gantry/lifecycle/launcher.sh', '/home/vcap', 'run-me']);
    assert.equal(o.User, 'vcap');
    assert.equal(o.Image, 'gantry-stack:bookworm');
    assert.equal(o.name, 'gantry-cell-1-ig-1');
    assert.deepEqual(o.HostConfig?.Mounts?.[0], { Type: 'bind', Source: '/opt/repo/launcher', Target: '/opt/gantry/lifecycle', ReadOnly: true });
    assert.ok(o.Env?.includes('PORT=61001'));
    assert.ok(o.Env?.includes('CF_INSTANCE_IP=10.0.0.5'));
    assert.ok(o.Env?.includes('A=1'));
    assert.equal(o.Labels?.[LABEL.cellId], 'cell-1');
  });

  test('the droplet is an overlay over the cached copy at /home/vcap', () => {
    const m = createOptions(spec(), ctx()).HostConfig?.Mounts?.[1];
    assert.equal(m?.Type, 'volume');
    assert.equal(m?.Target, '/home/vcap');
    assert.equal(m?.VolumeOptions?.NoCopy, true);
    assert.deepEqual(m?.VolumeOptions?.DriverConfig, {
      Name: 'local',
      Options: { type: 'overlay', device: 'overlay', o: 'lowerdir=/data/droplets/unpacked/sha256-ccc,upperdir=/data/docker/x/upper,workdir=/data/docker/x/work' },
    });
  });

  test('in copy mode the droplet is mounted read-only and the launcher copies it', () => {
    const o = createOptions(spec(), ctx({ dropletMount: 'copy', overlay: null }));
    assert.deepEqual(o.HostConfig?.Mounts?.[1], { Type: 'bind', Source: '/data/droplets/unpacked/sha256-ccc', Target: '/opt/gantry/droplet', ReadOnly: true });
    assert.ok(o.Env?.includes('GANTRY_DROPLET_COPY_FROM=/opt/gantry/droplet'));
  });

  test('downloads are mounted read-only and listed for the launcher', () => {
    const o = createOptions(spec({ droplet: null }), ctx({ droplet: null, overlay: null, downloads: [{ hostPath: '/c/a.tgz', to: '/tmp/a', extract: true }, { hostPath: '/c/b', to: '/home/vcap/b', extract: false }] }));
    assert.deepEqual(
      o.HostConfig?.Mounts?.slice(1).map((m) => [m.Source, m.Target, m.ReadOnly]),
      [
        ['/c/a.tgz', '/opt/gantry/downloads/0', true],
        ['/c/b', '/opt/gantry/downloads/1', true],
      ],
    );
    assert.ok(o.Env?.includes('GANTRY_DOWNLOADS=/opt/gantry/downloads/0\t/tmp/a\t1\n/opt/gantry/downloads/1\t/home/vcap/b\t0'));
  });

  test('disk size only where the engine can enforce it; no memory limit for 0', () => {
    assert.deepEqual(createOptions(spec(), ctx({ diskQuota: true })).HostConfig?.StorageOpt, { size: '512M' });
    const o = createOptions(spec({ memoryMb: 0, maxPids: 0 }), ctx());
    assert.equal(o.HostConfig?.Memory, 0);
    assert.equal(o.HostConfig?.PidsLimit, undefined);
  });

  test('stack images', () => {
    assert.equal(stackImage('gantry-stack:', 'bookworm'), 'gantry-stack:bookworm');
    assert.equal(stackImage('gantry-stack:', 'gantry:bookworm'), 'gantry-stack:bookworm');
  });
});

describe('docker reasons', () => {
  test('exits', () => {
    assert.equal(exitReason(3, false), 'exited with code 3');
    assert.equal(exitReason(0, false), 'exited with code 0');
    assert.equal(exitReason(137, true), 'out of memory (OOM killed)');
    assert.equal(exitReason(137, false), 'exited with code 137 (SIGKILL)');
    assert.equal(exitReason(143, false), 'exited with code 143 (SIGTERM)');
  });

  test('engine errors', () => {
    assert.equal(engineErrorReason('create container', Object.assign(new Error('aborted'), { name: 'AbortError' }), 500), 'docker engine did not answer within 500ms (create container)');
    assert.equal(engineErrorReason('info', Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT' }), 500), 'docker engine unavailable (info): ENOENT connect ENOENT /x.sock');
    assert.equal(
      engineErrorReason('start container', Object.assign(new Error('(HTTP code 500) server error - oops'), { statusCode: 500, json: { message: 'error mounting volume' } }), 500),
      'docker start container failed: error mounting volume',
    );
    assert.equal(isNoSuchImage({ statusCode: 404, json: { message: 'No such image: gantry-stack:x' } }), true);
    assert.equal(isNoSuchImage({ statusCode: 404, json: { message: 'No such container: y' } }), false);
    assert.equal(dockerReasons.unknownStack('x', 'gantry-stack:x'), 'stack "x" is not available on this cell (no image gantry-stack:x)');
  });

  test('an engine that does not answer is told apart from one that answers with an error', () => {
    assert.equal(isEngineDown(Object.assign(new Error('aborted'), { name: 'AbortError' })), true);
    assert.equal(isEngineDown(Object.assign(new Error('t'), { name: 'TimeoutError' })), true);
    assert.equal(isEngineDown(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), true);
    assert.equal(isEngineDown(Object.assign(new Error('no such container'), { statusCode: 404 })), false);
    assert.equal(isEngineDown(Object.assign(new Error('server error'), { statusCode: 500 })), false);
  });
});

/** A one-file ustar archive, as Docker's archive endpoint hands it out. */
function tarOf(name: string, content: Buffer, type = '0'): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'latin1');
  header.write('0000644\0', 100, 'latin1');
  header.write(content.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  header.write(type, 156, 'latin1');
  header.write('ustar\0' + '00', 257, 'latin1');
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(body);
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

describe('result files from a container archive', () => {
  test('the first regular file is the result', () => {
    const r = firstTarFile(tarOf('result.txt', Buffer.from('42\n')));
    assert.deepEqual(r, { ok: true, content: Buffer.from('42\n') });
  });

  test('a long-name header before the file is skipped', () => {
    const long = tarOf('././@LongLink', Buffer.from('a'.repeat(600)), 'L').subarray(0, 512 + 1024);
    const r = firstTarFile(Buffer.concat([long, tarOf('x', Buffer.from('ok'))]));
    assert.deepEqual(r, { ok: true, content: Buffer.from('ok') });
  });

  test('too big, a directory, or nothing at all is a reason', () => {
    assert.deepEqual(firstTarFile(tarOf('r', Buffer.alloc(20)), 10), { ok: false, reason: 'result file is 20 bytes, more than the 10 allowed' });
    assert.deepEqual(firstTarFile(tarOf('d/', Buffer.alloc(0), '5')), { ok: false, reason: 'result file is a directory' });
    assert.deepEqual(firstTarFile(Buffer.alloc(1024)), { ok: false, reason: 'result file not found in the archive' });
  });
});
