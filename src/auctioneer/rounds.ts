// Pure bookkeeping of the rounds inside one batch: which cell gets which work
// at Perform, what a cell's answer leaves to retry, and which cells refused
// which work (so the next round offers it elsewhere). No I/O here.
import { decideAfterRefusal, workKey, type AuctionResult, type LRPWork, type Placement, type PlacementFailure, type TaskWork } from './auction/index.ts';

export interface CellWork {
  cellId: string;
  lrps: LRPWork[];
  tasks: TaskWork[];
}

/** The auction's placements, gathered into one Perform per cell. */
export function groupByCell(result: Pick<AuctionResult, 'lrpPlacements' | 'taskPlacements'>): CellWork[] {
  const byCell = new Map<string, CellWork>();
  const of = (cellId: string) => {
    let w = byCell.get(cellId);
    if (!w) byCell.set(cellId, (w = { cellId, lrps: [], tasks: [] }));
    return w;
  };
  for (const p of result.lrpPlacements) of(p.cellId).lrps.push(p.work);
  for (const p of result.taskPlacements) of(p.cellId).tasks.push(p.work);
  return [...byCell.values()];
}

/** What a cell's Perform answer named as refused, matched to the work sent (a cell cannot add work). */
export interface RefusedNames {
  lrps: readonly { process_guid: string; index: number }[];
  tasks: readonly { task_guid: string }[];
}

export interface PerformOutcome {
  accepted: CellWork;
  refused: CellWork;
}

/** Splits the work sent to a cell by its answer; `answer` null means the call failed, so nothing was taken. */
export function performOutcome(sent: CellWork, answer: RefusedNames | null): PerformOutcome {
  if (answer === null) return { accepted: { cellId: sent.cellId, lrps: [], tasks: [] }, refused: sent };
  // The usual answer: nothing refused.
  if (answer.lrps.length === 0 && answer.tasks.length === 0) return { accepted: sent, refused: { cellId: sent.cellId, lrps: [], tasks: [] } };
  const refusedLRPs = new Set(answer.lrps.map((l) => `${l.process_guid}\u0000${l.index}`));
  const refusedTasks = new Set(answer.tasks.map((t) => t.task_guid));
  const accepted: CellWork = { cellId: sent.cellId, lrps: [], tasks: [] };
  const refused: CellWork = { cellId: sent.cellId, lrps: [], tasks: [] };
  for (const w of sent.lrps) (refusedLRPs.has(`${w.processGuid}\u0000${w.index}`) ? refused : accepted).lrps.push(w);
  for (const w of sent.tasks) (refusedTasks.has(w.taskGuid) ? refused : accepted).tasks.push(w);
  return { accepted, refused };
}

/** The placements cells actually took, as an auction result (to carry cell state into the next round). */
export function acceptedResult(accepted: readonly CellWork[]): AuctionResult {
  const lrpPlacements: Placement<LRPWork>[] = [];
  const taskPlacements: Placement<TaskWork>[] = [];
  for (const c of accepted) {
    for (const work of c.lrps) lrpPlacements.push({ work, cellId: c.cellId });
    for (const work of c.tasks) taskPlacements.push({ work, cellId: c.cellId });
  }
  return { lrpPlacements, taskPlacements, lrpFailures: [], taskFailures: [] };
}

/**
 * Cells that refused each piece of work in this batch, and how often it was
 * refused, keyed by workKey (the shape of the auction's `refusals` option).
 */
export class Refusals {
  private readonly byWork = new Map<string, string[]>();
  private readonly times = new Map<string, number>();

  record(work: LRPWork | TaskWork, cellId: string): void {
    const key = workKey(work);
    const cells = this.byWork.get(key);
    if (!cells) this.byWork.set(key, [cellId]);
    else if (!cells.includes(cellId)) cells.push(cellId);
    this.times.set(key, (this.times.get(key) ?? 0) + 1);
  }

  cellsRefusing(work: LRPWork | TaskWork): readonly string[] {
    return this.byWork.get(workKey(work)) ?? [];
  }

  timesRefused(work: LRPWork | TaskWork): number {
    return this.times.get(workKey(work)) ?? 0;
  }

  get map(): ReadonlyMap<string, readonly string[]> {
    return this.byWork;
  }
}

export interface RetryDecision<W> {
  retry: W[];
  fail: PlacementFailure<W>[];
}

/**
 * Refused work (already recorded in `refusals`) goes to another round on
 * other cells, or fails, as the auction's retry rule (decideAfterRefusal)
 * says: up to `maxRetries` retries, then "refused by N cells".
 */
export function decideRetries<W extends LRPWork | TaskWork>(refused: readonly W[], maxRetries: number, refusals: Refusals): RetryDecision<W> {
  const out: RetryDecision<W> = { retry: [], fail: [] };
  for (const work of refused) {
    const decision = decideAfterRefusal(refusals.cellsRefusing(work), refusals.timesRefused(work), maxRetries);
    if (decision.action === 'retry') out.retry.push(work);
    else out.fail.push({ work, reason: decision.reason });
  }
  return out;
}

/**
 * Work that found no cell in a batch some cells were left out of (they did
 * not answer State in time) may well fit on those cells: it waits for the
 * next batch instead of failing, at most `limit` times. Without this a
 * passing blip (a slow network, a busy machine) turns into a flood of
 * placement errors. Counts are kept across batches, keyed by workKey.
 */
export class Deferrals {
  private readonly times = new Map<string, number>();

  constructor(private readonly limit: number) {}

  split<W extends LRPWork | TaskWork>(failures: readonly PlacementFailure<W>[], cellsLeftOut: number): { defer: W[]; fail: PlacementFailure<W>[] } {
    const out = { defer: [] as W[], fail: [] as PlacementFailure<W>[] };
    for (const failure of failures) {
      const key = workKey(failure.work);
      const n = this.times.get(key) ?? 0;
      if (cellsLeftOut > 0 && n < this.limit) {
        this.times.set(key, n + 1);
        out.defer.push(failure.work);
      } else {
        this.times.delete(key);
        out.fail.push(failure);
      }
    }
    return out;
  }

  /** The work was placed or failed for good: forget it. */
  settle(work: LRPWork | TaskWork): void {
    if (this.times.size > 0) this.times.delete(workKey(work));
  }

  clear(): void {
    this.times.clear();
  }

  get size(): number {
    return this.times.size;
  }
}
