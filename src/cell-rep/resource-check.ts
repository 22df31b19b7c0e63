// The cell's resource check: every interval it asks the executor to look at
// what it depends on (the Docker engine answers a ping within its timeout,
// the droplet cache's disk has room) and, when that changes, says so: a log
// line, the rep's gRPC health (NOT_SERVING while the engine does not answer),
// and a gauge. The rep itself reads the executor's problems live on every
// State and Perform (rep.ts), so a failed start takes the cell out of the
// auction at once; this loop is what brings it back when the engine answers
// or the disk has room again, and what notices an engine that hangs before
// any start does.
import type { Logger } from '../common/log.ts';
import { gauge, histogram } from '../common/metrics.ts';
import type { Executor, ExecutorProblem } from './executor/types.ts';

const passSeconds = histogram('gantry_cell_resource_check_seconds', 'Time one pass of the cell\'s resource check took (engine ping, disk space)', [],
  [0.001, 0.01, 0.1, 0.5, 1, 5, 30]);
const unhealthyCells = gauge('gantry_cell_resource_problems', 'Cells of this process that take no new work, by problem (engine, disk)', ['problem']);

/** Problems by cell id, for the gauge (tests run several cells in one process). */
const byCell = new Map<string, ExecutorProblem[]>();

function refreshGauge(): void {
  for (const kind of ['engine', 'disk'] as const) {
    let n = 0;
    for (const ps of byCell.values()) if (ps.some((p) => p.kind === kind)) n++;
    unhealthyCells.set({ problem: kind }, n);
  }
}

export interface ResourceCheckOptions {
  cellId: string;
  executor: Executor;
  intervalMs: number;
  log: Logger;
  /** Called when the set of problems changes (and once at start): the cell sets its gRPC health from it. */
  onChange?: (problems: ExecutorProblem[]) => void;
}

const describe = (ps: ExecutorProblem[]) => ps.map((p) => `${p.kind}: ${p.reason}`).join('; ');

export class ResourceCheck {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  /** The problems last reported, in words; null before the first pass (which always reports). */
  private last: string | null = null;

  constructor(private readonly opts: ResourceCheckOptions) {
    if (!(opts.intervalMs > 0)) throw new Error(`resource check interval must be > 0 ms, got ${opts.intervalMs}`);
  }

  start(): void {
    if (!this.opts.executor.checkResources || this.timer || this.stopped) return;
    this.opts.log.info('resource check started', { intervalMs: this.opts.intervalMs });
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = null;
        this.schedule(this.opts.intervalMs);
      });
    }, ms);
    this.timer.unref?.();
  }

  /** One pass: ask the executor to look again, and report a change. */
  async runOnce(): Promise<ExecutorProblem[]> {
    const end = passSeconds.startTimer();
    let problems: ExecutorProblem[];
    try {
      problems = (await this.opts.executor.checkResources?.()) ?? [];
    } catch (err) {
      this.opts.log.warn('resource check failed', { error: err as Error });
      problems = this.opts.executor.problems?.() ?? [];
    } finally {
      const seconds = end();
      this.opts.log.debug('resource check pass', { ms: Math.round(seconds * 1000) });
    }
    if (!this.stopped) this.report(problems);
    return problems;
  }

  private report(problems: ExecutorProblem[]): void {
    const now = describe(problems);
    byCell.set(this.opts.cellId, problems);
    refreshGauge();
    if (now === this.last) return;
    const before = this.last;
    this.last = now;
    if (problems.length > 0) this.opts.log.warn('cell takes no new work', { problems: now });
    else if (before) this.opts.log.info('cell takes work again', { was: before });
    this.opts.onChange?.(problems);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
    byCell.delete(this.opts.cellId);
    refreshGauge();
  }
}
