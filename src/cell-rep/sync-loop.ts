// The sync loop: on start and every syncIntervalMs, compare what runs on the
// cell with what the BBS says is on it (decisions in sync.ts), carry the
// decisions out, and recount the cell's resources from what really runs.
//
// Sooner than the interval when the cell may have been judged lost: a pass
// runs at once when the cell finds it was cut off (trigger(), from the
// presence heartbeat), and while the BBS holds any of this cell's instances as
// SUSPECT — their replacements are on the way, and once one runs the copy here
// is a duplicate to stop — passes run every suspectRecheckMs. A pass that
// cannot reach the BBS is retried sooner too, backing off up to the interval.
import type { Logger } from '../common/log.ts';
import { counter, histogram } from '../common/metrics.ts';
import type { ActualLRP, Task } from '../common/models.ts';
import type { RepBbsClient } from './bbs-client.ts';
import type { Executor } from './executor/types.ts';
import type { CellRep } from './rep.ts';
import { decideSync, recountHoldings, type HeldInstance, type SyncAction } from './sync.ts';

const passSeconds = histogram('gantry_cell_sync_duration_seconds', 'Duration of one sync pass of a cell', [], [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30]);
const passCount = counter('gantry_cell_sync_passes_total', 'Sync passes, by outcome', ['outcome']);
const actionCount = counter('gantry_cell_sync_actions_total', 'Actions taken by sync passes, by type', ['type']);

export interface SyncReport {
  ok: boolean;
  durationMs: number;
  containers: number;
  actualLrps: number;
  /** Instances of this cell the BBS holds as SUSPECT (it judged the cell lost). */
  suspect: number;
  actions: Record<string, number>;
  error?: string;
}

export interface SyncLoopOptions {
  rep: CellRep;
  executor: Executor;
  bbs: RepBbsClient;
  intervalMs: number;
  log: Logger;
  /** The interval while the BBS holds instances of this cell as SUSPECT (default 1000 ms, never above intervalMs). */
  suspectRecheckMs?: number;
}

export const defaultSuspectRecheckMs = 1000;
/** The first retry of a pass that could not reach the BBS; doubled each time, up to the interval. */
const firstRetryMs = 1000;

export class SyncLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SyncReport> | null = null;
  /** A trigger came while a pass was under way: run another once it ends (that one may have read the BBS too early). */
  private again: Promise<SyncReport> | null = null;
  private stopped = true;
  private failures = 0;
  private lastSuspect = 0;

  constructor(private readonly opts: SyncLoopOptions) {
    if (!(opts.intervalMs > 0)) throw new Error(`sync interval must be > 0 ms, got ${opts.intervalMs}`);
  }

  /** Run the first pass now and the next ones every interval (a pass never overlaps another). */
  async start(): Promise<SyncReport> {
    this.stopped = false;
    return this.runOnce();
  }

  /** The next pass comes one delay after the last one ended, whatever started it. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A pass that throws must not take the cell down (an unhandled rejection ends the process): log it, the next one is scheduled.
      this.runOnce().catch((err: unknown) => this.opts.log.error('sync pass threw', { error: err as Error }));
    }, this.nextDelay());
  }

  /** The interval, or sooner: while instances are SUSPECT, or after a pass that could not reach the BBS. */
  private nextDelay(): number {
    const { intervalMs } = this.opts;
    if (this.failures > 0) return Math.min(intervalMs, firstRetryMs * 2 ** Math.min(this.failures - 1, 10));
    if (this.lastSuspect > 0) return Math.min(intervalMs, this.opts.suspectRecheckMs ?? defaultSuspectRecheckMs);
    return intervalMs;
  }

  /**
   * A pass now, for a reason (the cell was cut off and is back): one that
   * starts after this call, even if a pass is under way.
   */
  trigger(reason: string): Promise<SyncReport> {
    if (this.stopped) return Promise.resolve({ ok: false, durationMs: 0, containers: 0, actualLrps: 0, suspect: 0, actions: {}, error: 'sync loop stopped' });
    this.opts.log.info('sync pass triggered', { reason });
    if (!this.running) return this.runOnce();
    return (this.again ??= this.running.catch(() => undefined).then(() => {
      this.again = null;
      return this.runOnce();
    }));
  }

  /** One pass; concurrent callers share the pass under way. */
  runOnce(): Promise<SyncReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
      this.schedule();
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.again?.catch(() => {});
    await this.running?.catch(() => {});
  }

  private async pass(): Promise<SyncReport> {
    const { rep, executor, bbs, log } = this.opts;
    const t0 = Date.now();
    const end = passSeconds.startTimer();
    const heldAtStartList = rep.instances().map((i) => ({ guid: i.guid, kind: i.kind, state: i.state }));
    const heldAtStart = new Set(heldAtStartList.map((h) => h.guid));
    const counts: Record<string, number> = {};
    let containers;
    try {
      containers = await executor.list();
    } catch (err) {
      passCount.inc({ outcome: 'error' });
      end();
      this.failures++;
      const report: SyncReport = { ok: false, durationMs: Date.now() - t0, containers: 0, actualLrps: 0, suspect: 0, actions: {}, error: `executor list failed: ${(err as Error).message}` };
      log.error('sync pass failed', { ...report });
      return report;
    }
    const destroyed = new Set<string>();
    let actualLrps: ActualLRP[] = [];
    let tasks: Task[] = [];
    let error: string | undefined;
    try {
      [actualLrps, tasks] = await Promise.all([bbs.actualLRPsOnCell(rep.cellId), bbs.tasksOnCell(rep.cellId)]);
    } catch (err) {
      error = `BBS unreachable: ${(err as Error).message}`;
    }
    if (!error) {
      // Held = what the rep handled at the listing or handles now; an instance that ended since reads as STOPPING.
      const held = new Map<string, HeldInstance>();
      for (const h of heldAtStartList) held.set(h.guid, { ...h, state: 'STOPPING' });
      for (const i of rep.instances()) held.set(i.guid, { guid: i.guid, kind: i.kind, state: i.state });
      const actions = decideSync({ cellId: rep.cellId, containers, actualLrps, tasks, held: [...held.values()] });
      await Promise.all(actions.map(async (a) => {
        counts[a.type] = (counts[a.type] ?? 0) + 1;
        actionCount.inc({ type: a.type });
        try {
          await this.apply(a, destroyed);
        } catch (err) {
          log.warn('sync action failed', { type: a.type, error: err as Error });
        }
      }));
    }
    const holdings = recountHoldings({
      containers,
      heldAtStart,
      destroyed,
      heldNow: rep.instances().map((i) => ({ guid: i.guid, need: i.need, ports: i.kind === 'lrp' ? i.ports : [] })),
    });
    rep.ledger.recount(holdings.reservations);
    rep.ports.recount(holdings.ports);
    end();
    passCount.inc({ outcome: error ? 'error' : 'ok' });
    if (error) this.failures++;
    else {
      this.failures = 0;
      const suspect = actualLrps.filter((a) => a.presence === 'SUSPECT' && a.instance_key?.cell_id === rep.cellId).length;
      if (suspect > 0 && this.lastSuspect === 0) log.warn('the BBS holds instances of this cell as SUSPECT: checking every few moments until they are settled', { suspect });
      this.lastSuspect = suspect;
    }
    const report: SyncReport = {
      ok: !error, durationMs: Date.now() - t0, containers: containers.length, actualLrps: actualLrps.length, suspect: error ? 0 : this.lastSuspect,
      actions: counts, ...(error ? { error } : {}),
    };
    if (error) log.warn('sync pass could not reach the BBS; recounted resources only', { ...report });
    else log.info('sync pass', { ...report, available: rep.ledger.available() });
    return report;
  }

  private async apply(a: SyncAction, destroyed: Set<string>): Promise<void> {
    const { rep, executor, bbs, log } = this.opts;
    switch (a.type) {
      case 'destroy-container':
        if (rep.get(a.guid)) return;
        log.info('destroying container with no record', { guid: a.guid, reason: a.reason });
        await executor.destroy(a.guid, rep.ctx.settings.stopGraceMs);
        destroyed.add(a.guid);
        return;
      case 'stop-instance':
        log.info('stopping instance the BBS no longer has here', { guid: a.guid, reason: a.reason });
        await rep.stopInstance(a.guid, 'silent');
        return;
      case 'adopt-lrp':
        if (rep.get(a.container.guid)) return;
        rep.adoptLrp(a.container, a.actualLrp);
        return;
      case 'adopt-task':
        if (rep.get(a.container.guid)) return;
        rep.adoptTask(a.container);
        return;
      case 'remove-actual-lrp': {
        if (rep.get(a.actualLrp.instance_key!.instance_guid)) return;
        log.info('removing a claim with no container', { processGuid: a.actualLrp.key?.process_guid, index: a.actualLrp.key?.index });
        await bbs.removeActualLRP({ key: a.actualLrp.key!, instanceKey: a.actualLrp.instance_key! });
        return;
      }
      case 'crash-actual-lrp': {
        if (rep.get(a.actualLrp.instance_key!.instance_guid)) return;
        log.info('reporting a running instance with no container as crashed', { processGuid: a.actualLrp.key?.process_guid, index: a.actualLrp.key?.index });
        await bbs.crashActualLRP({ key: a.actualLrp.key!, instanceKey: a.actualLrp.instance_key! }, a.reason);
        return;
      }
      case 'remove-evacuating-actual-lrp':
        if (rep.get(a.actualLrp.instance_key!.instance_guid)) return;
        await bbs.removeEvacuatingActualLRP({ key: a.actualLrp.key!, instanceKey: a.actualLrp.instance_key! });
        return;
      case 'fail-task':
        if (rep.get(a.task.task_guid)) return;
        log.info('failing a running task with no container', { taskGuid: a.task.task_guid });
        await bbs.failTask(a.task.task_guid, a.reason);
        return;
    }
  }
}
