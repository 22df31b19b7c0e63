// Batching of auction work. Requests that arrive within a short window are
// auctioned together, so they share one round of State calls (about a
// millisecond of CPU per cell) and the auction sees them side by side (a
// burst of desires spreads instead of piling onto the cell that looked
// emptiest to each alone). The window is short next to what follows a
// placement (pulling a droplet, starting a container: seconds), so it costs
// little latency. Diego has no explicit window: its batch is whatever queued
// while the previous auction and the state fetch ran; gantry gets the same
// effect (work arriving during a batch waits for the next, which starts as
// soon as the previous ends) and adds the window for the first request after
// a quiet spell.
//
// A batch is capped in size, so a huge backlog does not become one auction
// that every later request must wait out (and one State round's worth of
// work per cell in a single Perform); a backlog beyond the cap drains over
// consecutive batches. Larger batches cost fewer rounds of State calls: at
// 1,000 cells, 50,000 per batch places 250,000 instances in 6 batches.
import { lrpKey, taskKey, type LRPWork, type TaskWork } from './auction/index.ts';

export interface BatchWork {
  lrps: LRPWork[];
  tasks: TaskWork[];
}

/**
 * Work waiting for an auction, in arrival order, with duplicates coalesced:
 * a second request for the same LRP instance (process guid and index) or the
 * same task keeps the first one's place in line and takes its content.
 */
export class WorkQueue {
  private readonly items = new Map<string, { kind: 'lrp'; work: LRPWork } | { kind: 'task'; work: TaskWork }>();

  get size(): number {
    return this.items.size;
  }

  /** Returns how many were new (not coalesced into work already waiting). */
  addLRPs(works: readonly LRPWork[]): number {
    const before = this.items.size;
    for (const work of works) this.items.set(lrpKey(work.processGuid, work.index), { kind: 'lrp', work });
    return this.items.size - before;
  }

  addTasks(works: readonly TaskWork[]): number {
    const before = this.items.size;
    for (const work of works) this.items.set(taskKey(work.taskGuid), { kind: 'task', work });
    return this.items.size - before;
  }

  /** Takes up to `max` pieces of work (0: all), oldest first. */
  drain(max = 0): BatchWork {
    const out: BatchWork = { lrps: [], tasks: [] };
    let taken = 0;
    for (const [key, item] of this.items) {
      if (max > 0 && taken >= max) break;
      if (item.kind === 'lrp') out.lrps.push(item.work);
      else out.tasks.push(item.work);
      this.items.delete(key);
      taken++;
    }
    return out;
  }

  /** Forgets all waiting work; returns how much there was. */
  clear(): number {
    const n = this.items.size;
    this.items.clear();
    return n;
  }
}

export interface BatchLoopOptions {
  queue: WorkQueue;
  /** How long to gather requests after the first one arrives at an idle auctioneer. */
  windowMs: number;
  /** Most pieces of work in one batch; 0: no limit. */
  maxBatchSize: number;
  /** Runs one batch; the loop never runs two at once. */
  run: (work: BatchWork) => Promise<void>;
  /** Called when a batch throws; the loop goes on with the next. */
  onError: (err: unknown) => void;
}

/**
 * Drives batches: the first request after a quiet spell opens a window; when
 * it closes the queued work (up to the cap) is auctioned; when a batch ends
 * and work is waiting, the next batch starts at once.
 */
export class BatchLoop {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private paused = true;
  private notBefore = 0;

  constructor(private readonly opts: BatchLoopOptions) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Allow batches to run, not before `notBefore` (unix ms), e.g. until cells have been heard from. */
  resume(notBefore = 0): void {
    this.paused = false;
    this.notBefore = notBefore;
    this.notify();
  }

  /** No new batch starts until resume(); one already running finishes. */
  pause(): void {
    this.paused = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Work was queued. */
  notify(): void {
    if (this.paused || this.current || this.timer || this.opts.queue.size === 0) return;
    const delay = Math.max(this.opts.windowMs, this.notBefore - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startBatch();
    }, delay);
  }

  private startBatch(): void {
    if (this.paused || this.current || this.opts.queue.size === 0) return;
    const work = this.opts.queue.drain(this.opts.maxBatchSize);
    this.current = this.opts
      .run(work)
      .catch((err) => this.opts.onError(err))
      .finally(() => {
        this.current = undefined;
        // The next batch starts as soon as this one ends (setImmediate lets
        // I/O that queued during the batch, e.g. heartbeats, be read first).
        if (!this.paused && this.opts.queue.size > 0) setImmediate(() => this.startBatch());
      });
  }

  /** Stop starting batches and wait for the one running, if any. */
  async stop(): Promise<void> {
    this.pause();
    await this.current;
  }

  /** Resolves when no batch runs and nothing waits (tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.current || this.timer || (!this.paused && this.opts.queue.size > 0)) {
      await (this.current ?? new Promise((r) => setTimeout(r, 5)));
    }
  }
}
