// Cell faults (issue 6): each scenario starts its own ChaosCluster of real
// processes with the docker executor, desires an httpd app, faults one cell,
// and measures what came back. The tests (test/chaos/cell-faults.test.ts)
// assert nothing was lost and the fault's invariants; bench/reliability.ts
// prints the same results as rows of the reliability table. No scenario
// asserts timing.
//
// - cell SIGKILL while instances start and run: the machine is gone. Its rep
//   dies with kill -9, and because Docker (not the rep) owns the containers,
//   which would die with a real machine, the scenario removes the cell's
//   containers right after the kill (removeLeftoverContainers): that is what
//   "gone for good" means here. Every instance must end RUNNING on another
//   cell, exactly one container per index.
// - cell cut off (SIGSTOP of its process group: no heartbeats, its gRPC port
//   hangs; its containers keep running, as behind a partition) until its
//   instances run elsewhere, then SIGCONT: the returning rep must stop the
//   duplicates the BBS no longer gives it, ending with exactly the desired count.
// - cell cut off with nowhere to put its instances (the other cell is full),
//   back before any replacement runs: its SUSPECT instances are promoted back
//   and the unplaceable replacements dropped — again exactly the desired count.
// - graceful drain (SIGTERM) under HTTP load routed from the BBS's RUNNING
//   instances: no request fails.
import { removeLeftoverContainers } from '../../../src/cli/cluster/leftovers.ts';
import type { ActualLRP } from '../../../src/common/models.ts';
import { ChaosApps, cellOf, describeVerdict, guidOf, judge, sinceOf, type AppVerdict } from '../apps.ts';
import { ChaosCluster, until, type ChaosClusterOptions } from '../harness.ts';
import { HttpLoad, type LoadStats } from '../load.ts';
import type { FaultResult, FaultScenario } from '../result.ts';

/** What a cell scenario measured, beyond the table's row: the tests assert on these. */
export interface CellFaultResult extends FaultResult {
  desired: number;
  /** The app at the end, judged against "exactly as desired". */
  final: AppVerdict;
  /** The drain scenario's HTTP load. */
  load?: LoadStats;
  /** The cut-off scenarios: how the duplicates ended (instances the returning cell stopped, SUSPECTs promoted back). */
  returned?: { stoppedOnReturn: number; promoted: number; resolvedMs: number };
  /** The processes' log tails, when the run ended other than as it should (for the test's message). */
  logs?: string;
}

/** The cluster's log tails when the app did not settle or something was lost. */
const logsIf = (bad: boolean, cluster: ChaosCluster): { logs?: string } => (bad ? { logs: cluster.logs(40) } : {});

const baseCluster: ChaosClusterOptions = { cells: 3, executor: 'docker', heartbeatIntervalMs: 500, cellLostTimeoutMs: 2000, convergenceIntervalMs: 5000 };

/** How long a scenario waits for the cluster to settle before it counts what is missing as lost. */
const settleTimeoutMs = 90_000;

/** Runs `body` on a fresh cluster (ChaosCluster.run) with an apps client, closed after. */
function withCluster<T>(opts: ChaosClusterOptions, body: (cluster: ChaosCluster, apps: ChaosApps) => Promise<T>): Promise<T> {
  return ChaosCluster.run(opts, async (cluster) => {
    const apps = new ChaosApps(cluster);
    try {
      return await body(cluster, apps);
    } finally {
      apps.close();
    }
  });
}

/** The cell holding the most of these ORDINARY RUNNING instances, and its index in cluster.cells. */
function busiestCell(cluster: ChaosCluster, rows: ActualLRP[]): { cell: number; cellId: string; held: ActualLRP[] } {
  const held = (id: string) => rows.filter((a) => cellOf(a) === id && a.presence === 'ORDINARY' && a.state === 'RUNNING');
  let best = 0;
  for (let i = 1; i < cluster.cells.length; i++) if (held(cluster.cellId(i)).length > held(cluster.cellId(best)).length) best = i;
  return { cell: best, cellId: cluster.cellId(best), held: held(cluster.cellId(best)) };
}

/**
 * Waits until the app is exactly as desired (judge().settled), or the timeout;
 * returns the last verdict and when it settled (undefined if it never did).
 */
async function settle(apps: ChaosApps, app: string, desired: number, liveCells: () => Set<string>, timeoutMs = settleTimeoutMs): Promise<{ verdict: AppVerdict; rows: ActualLRP[]; at?: number }> {
  let last: { verdict: AppVerdict; rows: ActualLRP[] } | undefined;
  try {
    return await until('the app to be exactly as desired', async () => {
      const snap = await apps.snapshot(app, desired);
      last = { verdict: judge(snap, liveCells()), rows: snap.rows };
      return last.verdict.settled ? { ...last, at: Date.now() } : undefined;
    }, timeoutMs, 100);
  } catch {
    const snap = await apps.snapshot(app, desired);
    return { verdict: judge(snap, liveCells()), rows: snap.rows };
  }
}

/** Indices (of the given ones) with no ORDINARY RUNNING record on a live cell: lost. */
function lostOf(indices: Iterable<number>, rows: ActualLRP[], live: Set<string>): number {
  const ok = new Set(rows.filter((a) => a.presence === 'ORDINARY' && a.state === 'RUNNING' && live.has(cellOf(a))).map((a) => a.key!.index));
  let n = 0;
  for (const i of indices) if (!ok.has(i)) n++;
  return n;
}

/** The latest `since` (the BBS's clock, this machine's) among these indices' ORDINARY RUNNING records on other cells. */
function runningAgainAt(indices: Iterable<number>, rows: ActualLRP[], notOn: string): number {
  let latest = 0;
  const want = new Set(indices);
  for (const a of rows) {
    if (want.has(a.key!.index) && a.presence === 'ORDINARY' && a.state === 'RUNNING' && cellOf(a) !== notOn) latest = Math.max(latest, sinceOf(a));
  }
  return latest;
}

export async function cellSigkill(): Promise<CellFaultResult> {
  const app = 'chaos-sigkill';
  const initial = 6;
  const desired = 12;
  return withCluster(baseCluster, async (cluster, apps) => {
    await apps.create(app, initial);
    const victim = busiestCell(cluster, await apps.rows(app));
    const events = await apps.follow(app);
    // Kill while the victim has instances starting: the scale-up's first claim on it is the moment.
    let resolveStarting!: () => void;
    const starting = new Promise<void>((r) => (resolveStarting = r));
    events.on((e) => {
      const a = e.actual_lrp_instance_changed?.after;
      if (a?.state === 'CLAIMED' && cellOf(a) === victim.cellId) resolveStarting();
    });
    await apps.scale(app, desired, { wait: false });
    const sawStarting = await Promise.race([starting.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
    // What the victim holds, read just before the kill (after it, the BBS may already have moved things).
    const atKill = (await apps.rows(app)).filter((a) => cellOf(a) === victim.cellId && a.presence === 'ORDINARY');
    const killedAt = Date.now();
    await cluster.cells[victim.cell]!.kill();
    // The machine is gone with its containers (Docker would otherwise keep them running).
    await removeLeftoverContainers([victim.cellId]);
    const runningThere = atKill.filter((a) => a.state === 'RUNNING').length;
    const startingThere = atKill.filter((a) => a.state === 'CLAIMED').length;
    const affected = new Set(atKill.map((a) => a.key!.index));

    const live = () => apps.liveCells();
    const end = await settle(apps, app, desired, live);
    events.stop();
    // A create the engine was still carrying out at the kill may have landed since: the machine took it too.
    await removeLeftoverContainers([victim.cellId]);
    const detectedAt = events.firstAt((a) => a.presence === 'SUSPECT' || (a.state === 'UNCLAIMED' && affected.has(a.key!.index)), killedAt);
    const back = runningAgainAt(affected, end.rows, victim.cellId);
    return {
      fault: `cell SIGKILL (${runningThere} running + ${startingThere} starting)`,
      affected: affected.size,
      recoverMs: end.at && back ? back - killedAt : NaN,
      lost: lostOf(Array.from({ length: desired }, (_, i) => i), end.rows, live()),
      notes: `detected after ${detectedAt ? detectedAt - killedAt : '?'} ms${sawStarting ? '' : '; no instance was starting at the kill'}; ${describeVerdict(end.verdict)}`,
      desired,
      final: end.verdict,
      ...logsIf(!end.verdict.settled, cluster),
    };
  });
}

/**
 * SIGSTOP a cell until its instances run elsewhere, then SIGCONT it. With
 * `nowhereToGo`, the other cell has no room: the replacements cannot be
 * placed, and the cell comes back to SUSPECT instances that are promoted back.
 */
async function cutOff(nowhereToGo: boolean): Promise<CellFaultResult> {
  const app = nowhereToGo ? 'chaos-cutoff-full' : 'chaos-cutoff';
  // Full: 2 cells of 128 MB, 4 instances of 64 MB fill both.
  const opts: ChaosClusterOptions = nowhereToGo ? { ...baseCluster, cells: 2, cellMemoryMb: 128 } : baseCluster;
  const desired = nowhereToGo ? 4 : 6;
  return withCluster(opts, async (cluster, apps) => {
    await apps.create(app, desired, { memoryMb: nowhereToGo ? 64 : 32 });
    const before = await apps.rows(app);
    const victim = busiestCell(cluster, before);
    const affected = new Set(victim.held.map((a) => a.key!.index));
    const victimGuids = new Set(victim.held.map(guidOf));
    const events = await apps.follow(app);
    const proc = cluster.cells[victim.cell]!;
    const stoppedAt = Date.now();
    proc.signal('SIGSTOP');
    let contAt = 0;
    try {
      if (nowhereToGo) {
        // Its instances go SUSPECT and their replacements find no cell: wait for the placement errors.
        await until('replacements that cannot be placed', async () => {
          const rows = await apps.rows(app);
          const waiting = rows.filter((a) => affected.has(a.key!.index) && a.presence === 'ORDINARY' && a.state === 'UNCLAIMED' && a.placement_error);
          return waiting.length === affected.size ? true : undefined;
        }, 60_000, 200);
      } else {
        await until('the cut-off cell\'s instances running elsewhere', async () => {
          const rows = await apps.rows(app);
          const elsewhere = rows.filter((a) => affected.has(a.key!.index) && a.presence === 'ORDINARY' && a.state === 'RUNNING' && cellOf(a) !== victim.cellId);
          return elsewhere.length === affected.size ? true : undefined;
        }, settleTimeoutMs, 100);
      }
    } finally {
      contAt = Date.now();
      proc.signal('SIGCONT');
    }
    const replacedRows = await apps.rows(app);
    const replacedAt = nowhereToGo ? 0 : runningAgainAt(affected, replacedRows, victim.cellId);
    const end = await settle(apps, app, desired, () => apps.liveCells());
    events.stop();
    const promoted = end.rows.filter((a) => victimGuids.has(guidOf(a))).length;
    const stoppedOnReturn = nowhereToGo ? 0 : victimGuids.size - promoted;
    const detectedAt = events.firstAt((a) => a.presence === 'SUSPECT', stoppedAt);
    const lost = lostOf(Array.from({ length: desired }, (_, i) => i), end.rows, apps.liveCells());
    return {
      fault: nowhereToGo ? 'cell cut off, no room elsewhere, returns' : 'cell cut off (SIGSTOP), returns',
      affected: affected.size,
      // Full: recovered when the promoted instances are the desired count again; else when the replacements ran.
      recoverMs: !end.at ? NaN : nowhereToGo ? end.at - stoppedAt : replacedAt - stoppedAt,
      lost,
      notes: `detected after ${detectedAt ? detectedAt - stoppedAt : '?'} ms; cut off for ${contAt - stoppedAt} ms; ` +
        (nowhereToGo ? `${promoted} promoted back` : `${stoppedOnReturn} duplicates stopped`) +
        ` ${end.at ? end.at - contAt : '?'} ms after SIGCONT; ${describeVerdict(end.verdict)}`,
      desired,
      final: end.verdict,
      returned: { stoppedOnReturn, promoted, resolvedMs: end.at ? end.at - contAt : NaN },
      ...logsIf(!end.verdict.settled || lost > 0, cluster),
    };
  });
}

export const cellCutOff = (): Promise<CellFaultResult> => cutOff(false);
export const cellCutOffNowhereToGo = (): Promise<CellFaultResult> => cutOff(true);

/** `cellArgs`: extra flags for the cells (e.g. `--evacuation-drain-ms 0`, to see the load catch a container stopped too early). */
export async function cellDrainUnderLoad(opts: { cellArgs?: string[] } = {}): Promise<CellFaultResult> {
  const app = 'chaos-drain';
  const desired = 6;
  return withCluster({ ...baseCluster, extraArgs: { cell: opts.cellArgs ?? [] } }, async (cluster, apps) => {
    await apps.create(app, desired);
    const victim = busiestCell(cluster, await apps.rows(app));
    const affected = new Set(victim.held.map((a) => a.key!.index));
    const load = new HttpLoad(apps, app, { ratePerSecond: 200, concurrency: 8 });
    await load.start();
    // Some load before the fault, so a failure would not be the load generator's own start.
    await new Promise((r) => setTimeout(r, 1500));
    const termAt = Date.now();
    const exit = await cluster.cells[victim.cell]!.stop(60_000);
    const exitedAt = Date.now();
    const end = await settle(apps, app, desired, () => apps.liveCells());
    // And some after: the routing table must hold only live instances now.
    await new Promise((r) => setTimeout(r, 1000));
    const stats = await load.stop();
    const back = runningAgainAt(affected, end.rows, victim.cellId);
    return {
      fault: `cell drain (SIGTERM) under HTTP load`,
      affected: affected.size,
      recoverMs: end.at && back ? back - termAt : NaN,
      lost: stats.failed,
      notes: `${stats.sent} requests at ${stats.rate}/s, ${stats.failed} failed${stats.failed ? ` (${JSON.stringify(stats.reasons)})` : ''}; ` +
        `cell exited (${exit.signal ?? exit.code}) after ${exitedAt - termAt} ms; ${describeVerdict(end.verdict)}`,
      desired,
      final: end.verdict,
      load: stats,
      ...logsIf(!end.verdict.settled || stats.failed > 0, cluster),
    };
  });
}

export const scenarios: FaultScenario[] = [
  { name: 'cell-sigkill', target: '0 lost; < 5 s', run: cellSigkill },
  { name: 'cell-cutoff', target: '0 lost; duplicates resolved', run: cellCutOff },
  { name: 'cell-cutoff-full', target: '0 lost; suspects promoted back', run: cellCutOffNowhereToGo },
  { name: 'cell-drain', target: '0 failed requests', run: () => cellDrainUnderLoad() },
];
