// The convergence loop: a pass every interval, and at once when asked (a cell
// was lost). The decisions are the model's (model.converge); this file only
// schedules passes, never runs two at a time (a request during a pass runs
// one more right after it), times them and reports what each found.
import type { Logger } from '../../common/log.ts';
import { counter, gauge, histogram } from '../../common/metrics.ts';
import type { ConvergenceReport } from '../state/types.ts';

const passDuration = histogram('gantry_bbs_convergence_duration_seconds', 'Duration of one convergence pass', [],
  [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
const passes = counter('gantry_bbs_convergence_passes_total', 'Convergence passes, by reason and outcome', ['reason', 'outcome']);
const found = counter('gantry_bbs_convergence_found_total', 'What convergence passes found and acted on, by kind (missingInstances, extraInstances, ...)', ['kind']);
const lastPass = gauge('gantry_bbs_convergence_last_pass_found', 'What the last convergence pass found, by kind', ['kind']);

export interface ConvergenceLoopOptions {
  intervalMs: number;
  /** Run one pass (model.converge through the commit pipeline). */
  pass: () => Promise<ConvergenceReport>;
  log: Logger;
}

export class ConvergenceLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again?: string;
  private stopped = false;
  /** Passes completed (successfully or not), for tests and the bench. */
  completed = 0;

  constructor(private readonly opts: ConvergenceLoopOptions) {}

  /** Begin: the first pass after `firstDelayMs`, then one every interval. */
  start(firstDelayMs: number): void {
    this.arm(firstDelayMs, 'periodic');
  }

  private arm(delayMs: number, reason: string): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.trigger(reason);
    }, Math.max(0, delayMs));
  }

  /** Run a pass now (or right after the one running); resolves when it is done. */
  trigger(reason: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again ??= reason;
      return this.running.then(() => this.running ?? undefined);
    }
    this.running = this.runPass(reason).finally(() => {
      this.running = undefined;
      const next = this.again;
      this.again = undefined;
      if (next !== undefined) void this.trigger(next);
      else this.arm(this.opts.intervalMs, 'periodic');
    });
    return this.running;
  }

  private async runPass(reason: string): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const end = passDuration.startTimer();
    const started = performance.now();
    try {
      const report = await this.opts.pass();
      const seconds = end();
      passes.inc({ reason, outcome: 'ok' });
      for (const [kind, n] of Object.entries(report)) {
        if (n > 0) found.inc({ kind }, n);
        lastPass.set({ kind }, n);
      }
      this.opts.log.info('convergence pass', { reason, durationMs: Math.round(seconds * 1000 * 10) / 10, ...report });
    } catch (err) {
      end();
      passes.inc({ reason, outcome: 'failed' });
      this.opts.log.warn('convergence pass failed', { reason, durationMs: Math.round(performance.now() - started), error: err as Error });
    } finally {
      this.completed++;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Resolves when the pass in progress (if any) is over. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
