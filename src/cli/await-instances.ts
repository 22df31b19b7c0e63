// Polling the BBS until an app's instances are where a command wants them,
// printing each change of progress, and failing with the reasons when the
// pure assessment (wait.ts) says they will not get there.
import type { ActualLRP } from '../common/models.ts';
import { sleep, type Context } from './context.ts';
import { CliError, exitCodes } from './exit.ts';
import { formatDuration } from './format/time.ts';
import type { Progress } from './wait.ts';

export const pollIntervalMs = 200;

export interface AwaitOptions {
  processGuid: string;
  timeoutMs: number;
  /** Assess one listing of the app's actual LRPs (baseline: the wait's first listing). */
  assess: (actuals: ActualLRP[], startedAt: number, now: number, baseline: ActualLRP[]) => Progress;
  /** Progress lines go here; null prints none. */
  progress: ((line: string) => void) | null;
  /** What the wait is for, in "timed out waiting for …". */
  what: string;
  index?: number;
}

/** Resolves with the last listing when done; throws a CliError when failed, timed out or interrupted. */
export async function awaitInstances(ctx: Context, opts: AwaitOptions): Promise<ActualLRP[]> {
  const startedAt = ctx.now();
  let last = '';
  let baseline: ActualLRP[] | undefined;
  for (;;) {
    const actuals = await ctx.bbs().listActualLRPs({ process_guid: opts.processGuid, ...(opts.index !== undefined ? { index: opts.index } : {}) });
    baseline ??= actuals;
    const now = ctx.now();
    const p = opts.assess(actuals, startedAt, now, baseline);
    if (p.summary !== last && opts.progress) opts.progress(`  ${p.summary} (${formatDuration(now - startedAt)})`);
    last = p.summary;
    if (p.state === 'done') return actuals;
    if (p.state === 'failed') {
      throw new CliError(
        `${opts.processGuid}: ${p.reasons.join('; ')}\n` +
          `The BBS keeps the app desired and keeps trying; see \`gantry status ${opts.processGuid}\`, \`gantry logs ${opts.processGuid}\` and \`gantry cells\`.`,
        exitCodes.failure,
      );
    }
    if (now - startedAt > opts.timeoutMs) {
      const notes = p.state === 'waiting' && p.notes?.length ? `\n${p.notes.join('\n')}` : '';
      throw new CliError(
        `${opts.processGuid}: timed out after ${formatDuration(opts.timeoutMs)} waiting for ${opts.what} (${p.summary}); see \`gantry status ${opts.processGuid}\`${notes}`,
        exitCodes.failure,
      );
    }
    if (ctx.signal.aborted) throw new CliError(`${opts.processGuid}: interrupted while waiting for ${opts.what} (${p.summary})`, exitCodes.failure);
    await sleep(pollIntervalMs, ctx.signal);
  }
}

/** Where progress lines go: stdout for people, stderr with --json so stdout stays one document. */
export function progressWriter(ctx: Context): (line: string) => void {
  return (line) => (ctx.json ? ctx.err : ctx.out).write(line + '\n');
}
