// One auction batch, end to end: fetch every live cell's State, auction the
// work (the pure algorithm), send Perform to the winners in parallel, retry
// what cells refuse on other cells, and report what found no cell to the BBS.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../common/log.ts';
import { callUnary } from '../common/grpc.ts';
import type { RepClient } from '../generated/gantry/rep/Rep.ts';
import type { PerformResponse__Output } from '../generated/gantry/rep/PerformResponse.ts';
import type { AuctionOptions, LRPWork, PlacementFailure, TaskWork } from './auction/index.ts';
import type { AuctionEngine, AuctionSession } from './auction-engine.ts';
import type { BatchWork } from './batch.ts';
import type { FailureReporter } from './bbs-reporter.ts';
import { fetchStates, type CellSource, type FetchedStates, type LiveCell } from './cells.ts';
import { performRequest } from './mapping.ts';
import * as m from './metrics.ts';
import { decideRetries, Deferrals, groupByCell, performOutcome, Refusals, type CellWork, type RefusedNames } from './rounds.ts';

export interface RunnerOptions {
  log: Logger;
  /** The cells to auction to (the registry). */
  cells: CellSource;
  reporter: FailureReporter;
  stateTimeoutMs: number;
  performTimeoutMs: number;
  /** Rounds after the first in which refused work is offered to other cells. */
  maxRetries: number;
  auction: AuctionOptions;
  /** Where the auction runs (a worker thread in the service). */
  engine: AuctionEngine;
  /** Puts deferred work back in the queue for the next batch. */
  requeue: (lrps: LRPWork[], tasks: TaskWork[]) => void;
}

/** Times a piece of work may wait for the next batch because cells were left out of this one. */
export const DEFER_LIMIT = 1;

export interface BatchReport {
  lrps: number;
  tasks: number;
  cells: number;
  cellsFailed: number;
  placedLRPs: number;
  placedTasks: number;
  failedLRPs: PlacementFailure<LRPWork>[];
  failedTasks: PlacementFailure<TaskWork>[];
  /** Found no cell while some cells were left out: back in the queue for the next batch. */
  deferredLRPs: LRPWork[];
  deferredTasks: TaskWork[];
  retries: number;
  rounds: number;
  fetchMs: number;
  auctionMs: number;
  performMs: number;
  reportMs: number;
  totalMs: number;
}

/** Running sums over all batches (benchmarks and tests read these). */
export interface RunnerTotals {
  batches: number;
  work: number;
  placed: number;
  failed: number;
  retries: number;
  deferred: number;
  performErrors: number;
  cellsLeftOut: number;
  fetchMs: number;
  auctionMs: number;
  performMs: number;
  reportMs: number;
}

export class AuctionRunner {
  readonly totals: RunnerTotals = {
    batches: 0, work: 0, placed: 0, failed: 0, retries: 0, deferred: 0, performErrors: 0, cellsLeftOut: 0, fetchMs: 0, auctionMs: 0, performMs: 0, reportMs: 0,
  };

  private readonly deferrals = new Deferrals(DEFER_LIMIT);

  constructor(private readonly opts: RunnerOptions) {}

  /** Forget what was deferred (the queue it went back to was dropped). */
  forgetDeferrals(): void {
    this.deferrals.clear();
  }

  async runBatch(work: BatchWork): Promise<BatchReport> {
    const begin = performance.now();
    m.auctionsStarted.inc({ kind: 'lrp' }, work.lrps.length);
    m.auctionsStarted.inc({ kind: 'task' }, work.tasks.length);
    m.batchSize.observe(work.lrps.length + work.tasks.length);

    const source = this.opts.cells;
    const cells = source.live();
    const fetched = await fetchStates(cells, this.opts.stateTimeoutMs, (cell) => source.heardFrom(cell, Date.now()));
    const session = await this.opts.engine.session(fetched.answers, this.opts.auction);
    try {
      return await this.rounds(work, fetched, session, begin);
    } finally {
      session.end();
    }
  }

  private async rounds(work: BatchWork, fetched: FetchedStates, session: AuctionSession, begin: number): Promise<BatchReport> {
    const { log, maxRetries } = this.opts;
    const source = this.opts.cells;
    const leftOut = [...fetched.failed, ...session.undecodable];
    if (session.undecodable.length > 0) m.cellStateFailures.inc(session.undecodable.length);
    if (leftOut.length > 0) log.warn('cells left out of this batch', { count: leftOut.length, cells: leftOut.slice(0, 10) });

    const report: BatchReport = {
      lrps: work.lrps.length,
      tasks: work.tasks.length,
      cells: session.cells,
      cellsFailed: leftOut.length,
      placedLRPs: 0,
      placedTasks: 0,
      failedLRPs: [],
      failedTasks: [],
      deferredLRPs: [],
      deferredTasks: [],
      retries: 0,
      rounds: 0,
      fetchMs: fetched.durationMs,
      auctionMs: 0,
      performMs: 0,
      reportMs: 0,
      totalMs: 0,
    };

    let lrps = work.lrps;
    let tasks = work.tasks;
    let accepted: CellWork[] = [];
    let unreachable: string[] = [];
    const refusals = new Refusals();
    for (let round = 0; lrps.length + tasks.length > 0; round++) {
      report.rounds = round + 1;
      if (round > 0) {
        report.retries += lrps.length + tasks.length;
        m.retries.inc({ kind: 'lrp' }, lrps.length);
        m.retries.inc({ kind: 'task' }, tasks.length);
      }
      // The next round sees the cells as they are after what they took in
      // this one, without those whose Perform call failed.
      const { result, auctionMs } = await session.round({ lrps, tasks, refusals: refusals.map, accepted, unreachable });
      report.auctionMs += auctionMs;
      m.auctionDuration.observe(auctionMs / 1000);
      const lrpSplit = this.deferrals.split(result.lrpFailures, leftOut.length);
      const taskSplit = this.deferrals.split(result.taskFailures, leftOut.length);
      append(report.failedLRPs, lrpSplit.fail);
      append(report.failedTasks, taskSplit.fail);
      append(report.deferredLRPs, lrpSplit.defer);
      append(report.deferredTasks, taskSplit.defer);

      const t1 = performance.now();
      // The cell as the registry knows it now: a cell that left since the
      // fetch is gone (its work is retried elsewhere); one that reconnected
      // is reached on its new channel.
      const outcomes = await Promise.all(groupByCell(result).map((sent) => this.perform(source.get(sent.cellId), sent)));
      report.performMs += performance.now() - t1;

      const refusedLRPs: LRPWork[] = [];
      const refusedTasks: TaskWork[] = [];
      unreachable = [];
      for (const { accepted, refused, callFailed } of outcomes) {
        report.placedLRPs += accepted.lrps.length;
        report.placedTasks += accepted.tasks.length;
        for (const w of accepted.lrps) this.deferrals.settle(w);
        for (const w of accepted.tasks) this.deferrals.settle(w);
        for (const w of refused.lrps) refusals.record(w, refused.cellId);
        for (const w of refused.tasks) refusals.record(w, refused.cellId);
        append(refusedLRPs, refused.lrps);
        append(refusedTasks, refused.tasks);
        if (callFailed) unreachable.push(refused.cellId);
      }
      const lrpDecision = decideRetries(refusedLRPs, maxRetries, refusals);
      const taskDecision = decideRetries(refusedTasks, maxRetries, refusals);
      append(report.failedLRPs, lrpDecision.fail);
      append(report.failedTasks, taskDecision.fail);
      for (const f of lrpDecision.fail) this.deferrals.settle(f.work);
      for (const f of taskDecision.fail) this.deferrals.settle(f.work);
      lrps = lrpDecision.retry;
      tasks = taskDecision.retry;
      accepted = outcomes.map((o) => o.accepted);
    }

    m.auctionsSucceeded.inc({ kind: 'lrp' }, report.placedLRPs);
    m.auctionsSucceeded.inc({ kind: 'task' }, report.placedTasks);
    m.auctionsFailed.inc({ kind: 'lrp' }, report.failedLRPs.length);
    m.auctionsFailed.inc({ kind: 'task' }, report.failedTasks.length);

    if (report.deferredLRPs.length + report.deferredTasks.length > 0) {
      m.deferred.inc({ kind: 'lrp' }, report.deferredLRPs.length);
      m.deferred.inc({ kind: 'task' }, report.deferredTasks.length);
      this.opts.requeue(report.deferredLRPs, report.deferredTasks);
    }

    const t2 = performance.now();
    if (report.failedLRPs.length + report.failedTasks.length > 0) {
      await this.opts.reporter.report(report.failedLRPs, report.failedTasks);
    }
    report.reportMs = performance.now() - t2;
    report.totalMs = performance.now() - begin;
    m.batchDuration.observe(report.totalMs / 1000);

    const placed = report.placedLRPs + report.placedTasks;
    const failed = report.failedLRPs.length + report.failedTasks.length;
    this.totals.batches++;
    this.totals.work += report.lrps + report.tasks;
    this.totals.placed += placed;
    this.totals.failed += failed;
    this.totals.retries += report.retries;
    this.totals.deferred += report.deferredLRPs.length + report.deferredTasks.length;
    this.totals.cellsLeftOut += report.cellsFailed;
    this.totals.fetchMs += report.fetchMs;
    this.totals.auctionMs += report.auctionMs;
    this.totals.performMs += report.performMs;
    this.totals.reportMs += report.reportMs;

    log.info('auction batch', {
      lrps: report.lrps,
      tasks: report.tasks,
      cells: report.cells,
      cellsLeftOut: report.cellsFailed,
      placed,
      failed,
      retries: report.retries,
      deferred: report.deferredLRPs.length + report.deferredTasks.length,
      rounds: report.rounds,
      failureReasons: summarizeReasons([...report.failedLRPs, ...report.failedTasks]),
      fetchMs: round1(report.fetchMs),
      auctionMs: round1(report.auctionMs),
      performMs: round1(report.performMs),
      reportMs: round1(report.reportMs),
      totalMs: round1(report.totalMs),
    });
    return report;
  }

  /** One cell's Perform; a failed call (timeout, cell gone) counts as the cell refusing all of it. */
  private async perform(cell: LiveCell | undefined, sent: CellWork) {
    let answer: RefusedNames | null = null;
    if (cell) {
      try {
        const res = await callUnary<RepClient, 'Perform', PerformResponse__Output>(cell.client, 'Perform', performRequest(sent.lrps, sent.tasks), {
          deadlineMs: this.opts.performTimeoutMs,
        });
        answer = { lrps: res.refused_lrps, tasks: res.refused_tasks };
      } catch (err) {
        this.totals.performErrors++;
        this.opts.log.warn('perform failed', { cellId: sent.cellId, lrps: sent.lrps.length, tasks: sent.tasks.length, error: err as Error });
      }
    } else {
      this.totals.performErrors++;
      this.opts.log.warn('cell left before perform', { cellId: sent.cellId, lrps: sent.lrps.length, tasks: sent.tasks.length });
    }
    const outcome = performOutcome(sent, answer);
    const cause = answer === null ? 'error' : 'refused';
    if (outcome.refused.lrps.length > 0) m.performFailures.inc({ kind: 'lrp', cause }, outcome.refused.lrps.length);
    if (outcome.refused.tasks.length > 0) m.performFailures.inc({ kind: 'task', cause }, outcome.refused.tasks.length);
    return { ...outcome, callFailed: answer === null };
  }
}

/** push(...items) without the argument-count limit of a spread. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function round1(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function summarizeReasons(failures: readonly PlacementFailure<unknown>[]): Record<string, number> | undefined {
  if (failures.length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const f of failures) out[f.reason] = (out[f.reason] ?? 0) + 1;
  return out;
}
