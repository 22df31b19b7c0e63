// One leadership term of a BBS: from taking the lock to losing it (or
// stopping). A term reloads a fresh model from KV, then owns the commit
// pipeline, the convergence loop and the count gauges; its committed changes
// drive events, auction requests and stop requests. A new term starts from
// KV again, so nothing of a previous term's memory survives into it.
import { status } from '@grpc/grpc-js';
import type { Logger } from '../common/log.ts';
import type { AuctioneerClient } from './auctioneer-client.ts';
import type { PresenceWatcher } from './cells/presence-watcher.ts';
import { CommitPipeline, type Mutation } from './commit.ts';
import { ConvergenceLoop } from './convergence/loop.ts';
import type { EventHub } from './events/hub.ts';
import { publishCounts } from './metrics.ts';
import type { RepClients } from './rep-client.ts';
import type { BbsModel, Change, ConvergenceConfig, ConvergenceReport } from './state/types.ts';
import type { KvStore } from './store/kv-store.ts';
import { reloadModel, type ReloadReport } from './store/reload.ts';

export interface TermDeps {
  store: KvStore;
  hub: EventHub;
  presence: PresenceWatcher;
  auctioneer: AuctioneerClient;
  reps: RepClients;
  createModel: () => BbsModel;
  convergence: ConvergenceConfig;
  convergenceIntervalMs: number;
  countsIntervalMs: number;
  log: Logger;
}

export class LeaderTerm {
  readonly pipeline: CommitPipeline;
  readonly convergence: ConvergenceLoop;
  private readonly countsTimer: NodeJS.Timeout;
  private ended = false;
  /** Re-auction what was UNCLAIMED before this time in the next pass (see reauctionUnclaimed). */
  private reauctionBefore?: number;
  private readonly reauctionTimers = new Set<NodeJS.Timeout>();

  private constructor(readonly model: BbsModel, readonly reload: ReloadReport, private readonly deps: TermDeps) {
    this.pipeline = new CommitPipeline(model, deps.store, (change) => this.act(change), deps.log);
    this.convergence = new ConvergenceLoop({ intervalMs: deps.convergenceIntervalMs, pass: () => this.convergeOnce(), log: deps.log });
    this.countsTimer = setInterval(() => this.refreshCounts(), deps.countsIntervalMs);
    this.countsTimer.unref();
    this.refreshCounts();
  }

  /** Reload a fresh model from KV and begin serving from it. */
  static async begin(deps: TermDeps): Promise<LeaderTerm> {
    const model = deps.createModel();
    const report = await reloadModel(deps.store, model, deps.log);
    return new LeaderTerm(model, report, deps);
  }

  /**
   * Start converging. As in Diego the first periodic pass comes one interval
   * after taking over — unless cells were lost while this BBS stood by, then
   * it comes as soon as the cell set is complete (see PresenceWatcher.warm).
   */
  startConvergence(cellsLostWhileStandingBy: boolean): void {
    const warmIn = this.deps.presence.warmIn();
    const soon = Number.isFinite(warmIn) ? warmIn : 0; // NATS disconnected: the pass defers itself
    this.convergence.start(cellsLostWhileStandingBy ? soon : Math.max(soon, this.deps.convergenceIntervalMs));
  }

  /** Apply a model operation through the commit pipeline. */
  apply<T>(op: (model: BbsModel, now: number) => Mutation<T>): Promise<T> {
    return this.pipeline.run(() => op(this.model, Date.now()));
  }

  /** Apply an operation that only returns a Change; answers an empty message. */
  change(op: (model: BbsModel, now: number) => Change): Promise<Record<string, never>> {
    return this.apply((model, now) => ({ change: op(model, now), result: {} }));
  }

  private convergeOnce(): Promise<ConvergenceReport> {
    // With an incomplete cell set, live cells would be taken for lost ones.
    const warmIn = this.deps.presence.warmIn();
    if (warmIn > 0) {
      if (Number.isFinite(warmIn)) setTimeout(() => void this.convergence.trigger('presence-complete'), warmIn).unref();
      return Promise.reject(new Error(`cell presence is incomplete (${Number.isFinite(warmIn) ? `complete in ${warmIn} ms` : 'NATS disconnected'}); pass deferred`));
    }
    const before = this.reauctionBefore;
    return this.apply((model, now) => {
      let config = this.deps.convergence;
      // Everything UNCLAIMED (and PENDING) since before `before` counts as stale in this pass.
      if (before !== undefined) config = { ...config, staleUnclaimedMs: Math.max(0, Math.min(config.staleUnclaimedMs, now - before - 1)) };
      const { change, report } = model.converge({ now, liveCells: this.deps.presence.registry.live(), config });
      return { change, result: report };
    }).then((report) => {
      if (this.reauctionBefore === before) this.reauctionBefore = undefined;
      return report;
    });
  }

  /**
   * A leader changed (this BBS took over, or a new auctioneer leads): auction
   * requests made before `before` may have been lost with the old leader. In
   * `delayMs` (time for what did get through to be claimed) a convergence pass
   * auctions again every instance still UNCLAIMED from before then, and every
   * task still PENDING — without waiting for staleUnclaimedMs. An instance
   * placed twice this way is claimed by one cell only (the claim decides).
   */
  reauctionUnclaimed(before: number, delayMs: number, reason: string): void {
    if (this.ended) return;
    // Not before the cell set is complete (a BBS that just started): the pass would only defer itself.
    const warmIn = this.deps.presence.warmIn();
    const timer = setTimeout(() => {
      this.reauctionTimers.delete(timer);
      if (this.ended) return;
      this.reauctionBefore = Math.max(this.reauctionBefore ?? 0, before);
      void this.convergence.trigger(reason);
    }, Number.isFinite(warmIn) ? Math.max(delayMs, warmIn) : delayMs);
    timer.unref();
    this.reauctionTimers.add(timer);
  }

  /** A cell was lost: converge at once (a pass before the cell set is complete defers itself). */
  cellLost(): void {
    if (!this.ended) void this.convergence.trigger('cell-lost');
  }

  /** Act on a committed change: events, auction requests, stops and cancels. */
  private act(change: Change): void {
    const { hub, auctioneer, reps, presence } = this.deps;
    if (change.events.length > 0) hub.publish(change.events);
    if (change.lrpAuctions.length > 0) auctioneer.requestLRPs(change.lrpAuctions);
    if (change.taskAuctions.length > 0) auctioneer.requestTasks(change.taskAuctions);
    for (const stop of change.stops) reps.stopInstance(presence.registry.get(stop.instance_key.cell_id)?.rep_address, stop);
    for (const cancel of change.taskCancels) reps.cancelTask(presence.registry.get(cancel.cell_id)?.rep_address, cancel);
  }

  private refreshCounts(): void {
    if (!this.ended) publishCounts(this.model.counts());
  }

  /** Stop acting as leader: refuse mutations, stop converging, close event streams. */
  async end(reason: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.countsTimer);
    for (const t of this.reauctionTimers) clearTimeout(t);
    this.reauctionTimers.clear();
    this.convergence.stop();
    this.pipeline.close(`this BBS is not the leader (${reason})`);
    this.deps.hub.closeAll(status.UNAVAILABLE, `BBS leadership ended (${reason}); resubscribe to the leader`);
    await this.pipeline.drain();
  }
}
