// Cell loss: the time from kill -9 of a cell holding ~10 instances to all of
// them running on other cells, on a real local cluster (`gantry up`: real
// nats-server, BBS, auctioneer and cells as processes, docker executor).
// Timestamps come from the BBS's event stream, read as it arrives:
//   detected  the first of the cell's instances marked SUSPECT (heartbeats gone)
//   placed    the last replacement CLAIMED by another cell
//   running   the first and the last replacement RUNNING (health check passed)
//
//   node --import tsx bench/cell-loss.ts [--cells 3] [--per-cell 10] [--trials 1] [--executor docker]
//
// Target: under 5 s from the kill to all running again (Diego's defaults,
// with a 30 s cell-presence TTL and a 30 s convergence interval, take 20-50 s).
import os from 'node:os';
import { setLogSink } from '../src/common/log.ts';
import type { ActualLRP, BbsEvent } from '../src/common/models.ts';
import type { ClusterState } from '../src/cli/cluster/state.ts';
import { connectBbs } from '../src/cli/bbs-client.ts';
import { loadTarget } from '../src/cli/target.ts';
import { buildHttpdDroplet, Gantry, runningOrdinary, type Status } from '../test/e2e/harness.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
}
const cells = Number(arg('cells', '3'));
const perCell = Number(arg('per-cell', '10'));
const trials = Number(arg('trials', '1'));
const executor = arg('executor', 'docker');
const targetMs = 5000;

interface Trial {
  held: number;
  detectedMs: number;
  placedMs: number;
  firstRunningMs: number;
  runningMs: number;
}

const after = (e: BbsEvent): ActualLRP | null => e.actual_lrp_instance_changed?.after ?? e.actual_lrp_instance_created?.actual_lrp ?? null;

async function trial(n: number): Promise<Trial> {
  const g = Gantry.temp('gantry-bench-cell-loss-');
  let upDone = false;
  try {
    process.stderr.write(`trial ${n}: gantry up --cells ${cells} --executor ${executor}\n`);
    const up = await g.run(['up', '--cells', String(cells), '--executor', executor, '--detach', '--random-ports', '--json'], { timeoutMs: 180_000 });
    if (up.code !== 0) throw new Error(`gantry up failed:\n${up.stderr}`);
    upDone = true;
    const cluster = JSON.parse(up.stdout) as ClusterState;
    const instances = cells * perCell;
    process.stderr.write(`trial ${n}: creating ${instances} instances\n`);
    await g.ok(['create', 'bench', '--droplet', buildHttpdDroplet(g.home), '-i', String(instances), '-m', '32M', '-k', '64M', '--timeout', '5m'], { timeoutMs: 330_000 });
    const status = await g.json<Status>(['status', 'bench']);
    const byCell = new Map<string, ActualLRP[]>();
    for (const a of runningOrdinary(status)) byCell.set(a.instance_key!.cell_id, [...(byCell.get(a.instance_key!.cell_id) ?? []), a]);
    // The cell holding the number of instances nearest to perCell.
    const [victimId, victimHeld] = [...byCell.entries()].sort((a, b) => Math.abs(a[1].length - perCell) - Math.abs(b[1].length - perCell))[0]!;
    const indices = new Set(victimHeld.map((a) => a.key!.index));
    const victim = cluster.processes.find((p) => p.cellId === victimId)!;

    // The target `gantry up` wrote to its config file (with its TLS material, when the cluster uses TLS).
    const bbs = connectBbs(loadTarget({}, g.env));
    const abort = new AbortController();
    let killedAt = 0;
    let detected = 0;
    const placed = new Map<number, number>();
    const running = new Map<number, number>();
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const stream = bbs.subscribe(
      { process_guid: 'bench', cell_id: '', lrp_events: true, task_events: false },
      (e) => {
        if (!killedAt) return;
        const now = Date.now();
        const a = after(e);
        if (!a || !indices.has(a.key!.index)) return;
        if (a.presence === 'SUSPECT' && !detected) detected = now;
        if (a.presence !== 'ORDINARY' || a.instance_key?.cell_id === victimId) return;
        if (a.state === 'CLAIMED' && !placed.has(a.key!.index)) placed.set(a.key!.index, now);
        if (a.state === 'RUNNING' && !running.has(a.key!.index)) {
          running.set(a.key!.index, now);
          if (running.size === indices.size) resolveDone();
        }
      },
      abort.signal,
    );
    const streamFailed = stream.then(
      () => Promise.reject(new Error('the BBS event stream ended')),
      (err: Error) => Promise.reject(new Error(`the BBS event stream failed: ${err.message}`)),
    );
    streamFailed.catch(() => undefined);
    // Let the subscription settle before the kill.
    await new Promise((r) => setTimeout(r, 1000));
    process.stderr.write(`trial ${n}: kill -9 ${victim.name} (${victimId}, pid ${victim.pid}) holding ${indices.size} instances\n`);
    killedAt = Date.now();
    process.kill(victim.pid, 'SIGKILL');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not all ${indices.size} instances ran elsewhere within 120 s (${running.size} did)`)), 120_000).unref());
    await Promise.race([done, timeout, streamFailed]);
    abort.abort();
    bbs.close();
    return {
      held: indices.size,
      detectedMs: detected - killedAt,
      placedMs: Math.max(...placed.values()) - killedAt,
      firstRunningMs: Math.min(...running.values()) - killedAt,
      runningMs: Math.max(...running.values()) - killedAt,
    };
  } finally {
    if (upDone) await g.down();
    g.cleanup();
  }
}

setLogSink(() => undefined);
const results: Trial[] = [];
for (let i = 1; i <= trials; i++) results.push(await trial(i));

const row = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(8) : c.padStart(12))).join('  ');
console.log(`\ncell loss: ${cells} cells (${executor} executor), ${perCell} instances per cell, kill -9 of one cell`);
console.log(row(['trial', 'instances', 'detected', 'all placed', 'first running', 'all running', 'target']));
results.forEach((r, i) =>
  console.log(
    row([String(i + 1), String(r.held), `${r.detectedMs} ms`, `${r.placedMs} ms`, `${r.firstRunningMs} ms`, `${r.runningMs} ms`, r.runningMs < targetMs ? `< ${targetMs} ✓` : `< ${targetMs} ✗`]),
  ),
);
console.log(`(load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs)`);
if (results.length > 1) {
  const med = [...results.map((r) => r.runningMs)].sort((a, b) => a - b)[Math.floor(results.length / 2)]!;
  console.log(`median kill → all running: ${med} ms`);
}
process.exit(0);
