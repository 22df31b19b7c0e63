// A task's uploads on a cell with the process executor (real child processes)
// and a real nats-server: after the command exits 0 each file it names is
// stored in the droplet object store by its sha256, before CompleteTask; a file
// that cannot be uploaded fails the task with a reason naming it; a failed
// command uploads nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import type { CellHandle } from '../../../src/cell-rep/cell.ts';
import { dropletStore } from '../../../src/cell-rep/droplets/object-store.ts';
import { BbsPeer, eventually } from './rep-bbs-peer.ts';
import { RepTestClient, quietLogs, startTestCell, taskWork, testCellConfig } from './rep-harness.ts';

quietLogs();

const sha256 = (s: string) => `sha256:${crypto.createHash('sha256').update(s).digest('hex')}`;

describe('rep: task uploads', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let bbs: BbsPeer;
  let cell: CellHandle;
  let rep: RepTestClient;
  let dataDir: string;

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    bbs = await new BbsPeer().start();
    dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'gantry-rep-uploads-'));
    cell = await startTestCell(testCellConfig(nats.url, bbs.address, { executor: 'process', dataDir, memoryMb: 1024 }));
    rep = new RepTestClient(cell.repAddress);
  });

  after(async () => {
    rep?.close();
    await cell?.stop();
    await bbs?.stop();
    await nc?.close();
    await nats?.stop();
    await fs.promises.rm(dataDir, { recursive: true, force: true });
  });

  const stored = async (digest: string) => {
    const info = await (await dropletStore(nc)).info(digest);
    return Boolean(info && !info.deleted);
  };
  const completed = (guid: string) => eventually(() => bbs.tasks.get(guid)?.state === 'COMPLETED' && bbs.tasks.get(guid)!, `${guid} completed`, 15_000);

  it('stores each upload by its sha256 after the command exits 0, then completes the task', async () => {
    const a = `droplet of ${process.pid} ${Date.now()}\n`;
    const b = `cache of ${process.pid} ${Date.now()}\n`;
    bbs.addTask('up-ok', {
      command: `printf '%s' '${a}' > "$HOME/droplet.tgz"; mkdir -p "$HOME/out"; printf '%s' '${b}' > "$HOME/out/cache.tgz"; echo '{"ok":1}' > "$HOME/result.json"`,
      result_file: '/home/vcap/result.json',
      uploads: [{ from: '/home/vcap/droplet.tgz' }, { from: '/home/vcap/out/cache.tgz' }],
    });
    await rep.perform([], [taskWork('up-ok')]);
    const t = await completed('up-ok');
    assert.equal(t.failed, false, t.failure_reason);
    assert.equal(t.result, '{"ok":1}\n');
    assert.ok(await stored(sha256(a)), 'the first upload is in the object store');
    assert.ok(await stored(sha256(b)), 'the second upload is in the object store');
    await eventually(async () => (await rep.state()).tasks.length === 0, 'task released');
  });

  it('fails the task with a reason naming a file that cannot be uploaded', async () => {
    bbs.addTask('up-missing', { command: 'true', uploads: [{ from: '/tmp/droplet.tgz' }] });
    await rep.perform([], [taskWork('up-missing')]);
    const t = await completed('up-missing');
    assert.equal(t.failed, true);
    assert.match(t.failure_reason, /^upload of \/tmp\/droplet\.tgz failed: \/tmp\/droplet\.tgz not found$/);
  });

  it('uploads nothing for a command that failed: its own exit is the reason', async () => {
    const content = `never stored ${process.pid} ${Date.now()}\n`;
    bbs.addTask('up-failed', { command: `printf '%s' '${content}' > "$HOME/droplet.tgz"; exit 3`, uploads: [{ from: '/home/vcap/droplet.tgz' }] });
    await rep.perform([], [taskWork('up-failed')]);
    const t = await completed('up-failed');
    assert.equal(t.failed, true);
    assert.equal(t.failure_reason, 'exited with code 3');
    assert.equal(await stored(sha256(content)), false);
  });
});
