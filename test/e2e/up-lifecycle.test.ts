// `gantry up` in the foreground stops everything in order on Ctrl-C, and
// `gantry down` cleans up after a supervisor that was killed. (The sim
// executor: these are about the local cluster's processes, not containers.)
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterState } from '../../src/cli/cluster/state.ts';
import { Gantry, gantryBin } from './harness.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const homes: Gantry[] = [];
after(async () => {
  for (const g of homes) {
    await g.run(['down'], { timeoutMs: 60_000 });
    g.cleanup();
  }
});

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('foreground up: ready table, then Ctrl-C stops cells, auctioneer, BBS and NATS, and up exits 0', async () => {
  const g = Gantry.temp('gantry-e2e-fg-');
  homes.push(g);
  const up = spawn(process.execPath, [gantryBin, 'up', '--cells', '2', '--executor', 'sim', '--random-ports', '--evacuation-timeout', '2s'], { env: g.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  up.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  up.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<number | null>((r) => up.once('exit', (code) => r(code)));
  await waitFor(() => out.includes('Ctrl-C stops the cluster'), 120_000, `the ready table (stderr: ${err})`);
  assert.match(out, /^PROCESS\s+PID\s+ADDRESS\s+METRICS\s+ZONE\s+STATE\s+LOG$/m);
  assert.match(out, /^cell-2\s+\d+\s+127\.0\.0\.1:\d+\s+127\.0\.0\.1:\d+\s+z2\s+running\s/m);
  const state = JSON.parse(fs.readFileSync(path.join(g.stateDir, 'cluster.json'), 'utf8')) as ClusterState;
  const cells = await g.json<{ cells: unknown[] }>(['cells']);
  assert.equal(cells.cells.length, 2);

  up.kill('SIGINT');
  assert.equal(await exited, 0, err);
  assert.match(err, /stopping the cluster/);
  for (const p of state.processes) assert.ok(!alive(p.pid), `${p.name} (pid ${p.pid}) still runs`);
  assert.ok(!alive(state.supervisorPid), 'the supervisor still runs');
  assert.ok(!fs.existsSync(path.join(g.stateDir, 'cluster.pid')));
  // The supervisor's log tells the order: cells, then the auctioneer, the BBS, NATS.
  const log = fs.readFileSync(path.join(g.stateDir, 'logs', 'supervisor.log'), 'utf8');
  const at = (s: string) => log.indexOf(s);
  assert.ok(at('stopping 2 cells') < at('stopping auctioneer'), log);
  assert.ok(at('stopping auctioneer') < at('stopping bbs'), log);
  assert.ok(at('stopping bbs') < at('stopping nats-server'), log);
});

test('down after the supervisor was killed: the processes it left are stopped', async () => {
  const g = Gantry.temp('gantry-e2e-orphans-');
  homes.push(g);
  const state = await g.json<ClusterState>(['up', '--cells', '1', '--executor', 'sim', '--random-ports', '--detach', '--evacuation-timeout', '2s'], { timeoutMs: 120_000 });
  process.kill(state.supervisorPid, 'SIGKILL');
  await waitFor(() => !alive(state.supervisorPid), 10_000, 'the supervisor to die');
  for (const p of state.processes) assert.ok(alive(p.pid), `${p.name} should outlive the supervisor (own process group)`);
  // A new up refuses while they run.
  const again = await g.run(['up', '--random-ports', '--executor', 'sim']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /processes of an earlier cluster still run .* run `gantry down` first/);
  const down = await g.run(['down'], { timeoutMs: 90_000 });
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, /the supervisor is gone; stopping 4 processes it left/);
  for (const p of state.processes) assert.ok(!alive(p.pid), `${p.name} (pid ${p.pid}) still runs`);
});
