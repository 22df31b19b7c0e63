// End to end, as an operator: `gantry up` a 2-cell cluster with the docker
// executor, create an app from a droplet, scale it 1 → 5 → 2 with HTTP 200
// from every instance, kill -9 a cell and see through `gantry events` every
// instance it held come back RUNNING on the other cell, then `gantry down`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterState } from '../../src/cli/cluster/state.ts';
import type { CellsReport } from '../../src/cli/format/cells.ts';
import { actualAfter, buildHttpdDroplet, containersOfCells, volumesOfCells, Gantry, getEveryInstance, runningOrdinary, type EventFollower, type Status } from './harness.ts';

const g = Gantry.temp();
let cluster: ClusterState;
let down = false;
let follower: EventFollower | undefined;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const cellIds = () => cluster.processes.flatMap((p) => (p.cellId ? [p.cellId] : []));

before(async () => {
  const r = await g.run(['up', '--cells', '2', '--executor', 'docker', '--detach', '--random-ports', '--json'], { timeoutMs: 150_000 });
  assert.equal(r.code, 0, `gantry up failed:\n${r.stderr}`);
  cluster = JSON.parse(r.stdout) as ClusterState;
});

after(async () => {
  follower?.stop();
  if (!down) await g.down(120_000);
  g.cleanup();
});

async function status(name: string): Promise<Status> {
  return g.json<Status>(['status', name]);
}

async function assertEveryInstanceAnswers(name: string, n: number): Promise<void> {
  const s = await status(name);
  assert.equal(runningOrdinary(s).length, n, JSON.stringify(s.actual_lrps.map((a) => [a.key?.index, a.state, a.presence])));
  const answers = await getEveryInstance(s);
  assert.equal(answers.size, n);
  for (const [index, res] of answers) {
    assert.equal(res.status, 200, `instance ${index}`);
    assert.match(res.body, /hello from a gantry droplet/);
  }
}

test('up: every process is healthy, the cells are in their zones, the target config is written', async () => {
  assert.deepEqual(cluster.processes.map((p) => [p.name, p.state]), [
    ['nats', 'running'], ['bbs', 'running'], ['auctioneer', 'running'], ['cell-1', 'running'], ['cell-2', 'running'],
  ]);
  for (const p of cluster.processes) assert.ok(p.pid > 0 && alive(p.pid), `${p.name} pid ${p.pid}`);
  const config = JSON.parse(fs.readFileSync(path.join(g.home, 'config', 'gantry', 'config.json'), 'utf8')) as { bbsAddress: string; natsUrl: string };
  assert.equal(config.bbsAddress, cluster.bbsAddress);
  assert.equal(config.natsUrl, cluster.natsUrl);
  const cells = await g.json<CellsReport>(['cells']);
  assert.deepEqual(cells.cells.map((c) => [c.cellId, c.zone]), [[cellIds()[0], 'z1'], [cellIds()[1], 'z2']]);
  for (const c of cells.cells) assert.ok(c.stacks.includes('bookworm'), `stacks of ${c.cellId}: ${c.stacks}`);
  // The people's table says the same.
  const table = await g.ok(['cells']);
  assert.match(table, new RegExp(`^${cellIds()[0]}\\s+z1\\s+0\\s+0\\s`, 'm'));
  // A second up on the same state dir refuses, saying how to stop the first.
  const again = await g.run(['up', '--random-ports', '--cells', '1']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already running .* `gantry down` stops it/);
});

test('create from a droplet (a local .tgz, uploaded to the object store) → RUNNING → HTTP 200', async () => {
  const tgz = buildHttpdDroplet(g.home);
  const out = await g.json<{ app: string; instances: Array<{ index: number; address: string }> }>(['create', 'web', '--droplet', tgz, '-i', '1', '-m', '64M', '--timeout', '150s']);
  assert.equal(out.app, 'web');
  assert.equal(out.instances.length, 1);
  await assertEveryInstanceAnswers('web', 1);
  const text = await g.ok(['status', 'web']);
  assert.match(text, /^instances:\s+1\/1 running$/m);
  assert.match(text, /^instance 0  RUNNING$/m);
  const list = await g.ok(['list']);
  assert.match(list, /^web\s+1\/1\s/m);
  // Creating it again is refused and says what to do.
  const dup = await g.run(['create', 'web', '--droplet', tgz]);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /already exists: change it with `gantry scale`/);
});

test('scale 1 → 5 → 2: each time every instance runs and answers', async () => {
  await g.ok(['scale', 'web', '5', '--timeout', '150s']);
  await assertEveryInstanceAnswers('web', 5);
  const spread = new Set(runningOrdinary(await status('web')).map((a) => a.instance_key?.cell_id));
  assert.equal(spread.size, 2, 'five instances use both cells');
  // The grid shows both cells and five running instances.
  const grid = await g.ok(['visualize', '--once']);
  for (const id of cellIds()) assert.match(grid, new RegExp(`^${id}\\s+z[12]\\s+\\d+\\s+●+$`, 'm'));
  assert.equal([...grid.split('\n').filter((l) => /-cell-/.test(l)).join('')].filter((c) => c === '●').length, 5);
  await g.ok(['scale', 'web', '2', '--timeout', '150s']);
  await assertEveryInstanceAnswers('web', 2);
  const s = await status('web');
  assert.equal(s.actual_lrps.length, 2, 'the extra instances are gone');
});

test('desire from a JSON file (stdin), then remove it; tasks list and a missing task', async () => {
  const digest = (await status('web')).desired_lrp.droplet!.digest;
  const file = JSON.stringify({ process_guid: 'json-app', instances: 1, memory_mb: 64, droplet: { digest }, check: { type: 'HTTP', path: '/' } });
  const r = await g.run(['desire', '-', '--json'], { input: file });
  assert.equal(r.code, 0, r.stderr);
  await assertEveryInstanceAnswers('json-app', 1);
  await g.ok(['remove', 'json-app']);
  assert.deepEqual(await g.json<unknown[]>(['tasks']), []);
  const missing = await g.run(['task', 'no-such-task']);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /task no-such-task not found/);
  const bad = await g.run(['desire', '-'], { input: '{"process_guid": "x", "instances": -1, "droplet": {"digest": "' + digest + '"}}' });
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /the BBS rejected the request to desire app x: .*instances/);
});

test('kill -9 a cell: through the events stream, every instance it held runs again on the other cell', async () => {
  // Follow the app's events; the scale to 4 below proves the stream is live before the kill.
  follower = g.follow(['--app', 'web']);
  await follower.ready();
  await g.ok(['scale', 'web', '4', '--timeout', '150s']);
  await follower.until((events) => events.some((e) => e.event.desired_lrp_changed?.after?.instances === 4), 30_000, 'the scale event');
  const before = await status('web');
  const byCell = new Map<string, number[]>();
  for (const a of runningOrdinary(before)) byCell.set(a.instance_key!.cell_id, [...(byCell.get(a.instance_key!.cell_id) ?? []), a.key!.index]);
  const [victimId, held] = [...byCell.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  const victim = cluster.processes.find((p) => p.cellId === victimId)!;

  const killedAt = Date.now();
  process.kill(victim.pid, 'SIGKILL');
  const replaced = (events: EventFollower["events"]) =>
    held.every((index) =>
      events.some((e) => {
        const a = actualAfter(e.event);
        return a && a.key?.index === index && a.state === 'RUNNING' && a.presence === 'ORDINARY' && a.instance_key?.cell_id !== victimId && e.received_at >= killedAt;
      }),
    );
  await follower.until(replaced, 60_000, `instances ${held.join(', ')} of ${victimId} running elsewhere`);
  const took = Date.now() - killedAt;
  process.stdout.write(`# cell ${victimId} killed holding ${held.length} instance(s); all running elsewhere after ${took} ms\n`);
  await assertEveryInstanceAnswers('web', 4);
  const after = await status('web');
  for (const a of runningOrdinary(after)) assert.notEqual(a.instance_key?.cell_id, victimId);
  // The events stream told the story in order: the lost cell's instances went through a new placement.
  assert.ok(follower.events.some((e) => actualAfter(e.event)?.state === 'UNCLAIMED' || actualAfter(e.event)?.state === 'CLAIMED'));
  // `gantry cells` no longer lists the dead cell.
  const cells = await g.json<CellsReport>(['cells']);
  assert.deepEqual(cells.cells.map((c) => c.cellId), cellIds().filter((id) => id !== victimId));
});

test('remove: the app and its instances go', async () => {
  await g.ok(['remove', 'web', '--timeout', '150s']);
  const r = await g.run(['status', 'web']);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /app web not found/);
});

test('down: every process stops, no container or volume is left, the pid file is gone', async () => {
  follower?.stop();
  const out = await g.ok(['down'], { timeoutMs: 120_000 });
  down = true;
  assert.match(out, /stopped in/);
  for (const p of cluster.processes) assert.ok(!alive(p.pid), `${p.name} (pid ${p.pid}) still runs`);
  assert.equal(await containersOfCells(cellIds()), 0, 'containers of the cluster\'s cells are left');
  // The cell killed with -9 earlier could not remove its droplet overlays itself: down removes them with its containers.
  assert.equal(await volumesOfCells(cellIds()), 0, 'volumes of the cluster\'s cells are left');
  assert.ok(!fs.existsSync(path.join(g.stateDir, 'cluster.pid')));
  const again = await g.run(['down']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /no local cluster is running/);
});
