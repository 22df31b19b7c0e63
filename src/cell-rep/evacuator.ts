// Evacuation, the loop: on SIGTERM the cell stops taking work, reports each
// running instance EVACUATING so the BBS auctions a replacement, keeps serving
// it until the replacement runs (keep_container false) or the timeout passes,
// gives back claims of instances not yet running, lets tasks finish until the
// timeout, and ends when nothing is left. Steps decided in evacuation.ts.
//
// Handing over is "unregister, drain, stop", as Diego's routing does it: when
// the BBS answers keep_container=false it has just removed the EVACUATING
// record (the replacement runs), which is what takes the instance out of the
// routers' tables; the container keeps serving for drainMs more, so requests
// already on their way to it (or routed by a router a moment behind) complete,
// and only then is it stopped.
import type { Logger } from '../common/log.ts';
import { counter, histogram } from '../common/metrics.ts';
import type { CellRep } from './rep.ts';
import { defaultEvacuationDrainMs, nextEvacuationStep, type EvacueeView } from './evacuation.ts';
import type { LrpInstance } from './instances.ts';

const evacuationSeconds = histogram('gantry_cell_evacuation_duration_seconds', 'Duration of a cell evacuation', [], [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600]);
const evacuationSteps = counter('gantry_cell_evacuation_steps_total', 'Evacuation steps taken, by step', ['step']);

export interface EvacuationOptions {
  rep: CellRep;
  timeoutMs: number;
  pollIntervalMs: number;
  /** How long a handed-over instance keeps serving after the BBS released it, before it is stopped (default defaultEvacuationDrainMs). */
  drainMs?: number;
  log: Logger;
  /** Called once the cell is marked evacuating (publish presence at once). */
  onEvacuating?: () => void;
}

export interface EvacuationReport {
  durationMs: number;
  timedOut: boolean;
  /** Instances whose replacement ran before they were destroyed. */
  handedOver: number;
  /** Instances destroyed at the timeout with their replacement not running. */
  stoppedAtTimeout: number;
  /** Claims given back (instances that were not running yet). */
  claimsReturned: number;
  tasksFailed: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function evacuate(opts: EvacuationOptions): Promise<EvacuationReport> {
  const { rep, log } = opts;
  const t0 = Date.now();
  const deadline = t0 + opts.timeoutMs;
  const end = evacuationSeconds.startTimer();
  rep.startEvacuating();
  opts.onEvacuating?.();
  log.info('evacuating', { instances: rep.instances().length, timeoutMs: opts.timeoutMs });
  const views = new Map<string, EvacueeView>();
  const report: EvacuationReport = { durationMs: 0, timedOut: false, handedOver: 0, stoppedAtTimeout: 0, claimsReturned: 0, tasksFailed: 0 };
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    pending.add(p);
    // A step that fails is logged, not left as an unhandled rejection (which would end the cell mid-evacuation).
    void p.catch((err: unknown) => log.warn('evacuation step failed', { error: err as Error })).finally(() => pending.delete(p));
  };

  const askRunning = async (inst: LrpInstance, view: EvacueeView) => {
    view.inFlight = true;
    view.lastAskedAt = Date.now();
    try {
      const keep = await rep.ctx.bbs.evacuateRunning(inst.ref, inst.netInfo(), rep.ctx.settings.zone);
      view.lastAnswer = keep ? 'keep' : 'release';
    } catch (err) {
      // No answer: keep serving and ask again at the next poll.
      log.warn('EvacuateRunningActualLRP failed', { instanceGuid: inst.guid, error: err as Error });
    } finally {
      view.inFlight = false;
    }
  };

  // Past this, instances still ending (a destroy that hangs) are left behind rather than blocking the exit forever.
  const giveUpAt = deadline + rep.ctx.settings.stopGraceMs + 15_000;
  for (;;) {
    const instances = rep.instances();
    if (instances.length === 0) break;
    if (Date.now() >= giveUpAt) {
      log.error('evacuation gave up waiting for instances to end', { remaining: instances.map((i) => ({ guid: i.guid, state: i.state })) });
      break;
    }
    const now = Date.now();
    if (now >= deadline) report.timedOut = true;
    for (const inst of instances) {
      let view = views.get(inst.guid);
      if (!view) views.set(inst.guid, (view = { kind: inst.kind, state: inst.state, lastAnswer: null, lastAskedAt: null, inFlight: false }));
      view.state = inst.state;
      const step = nextEvacuationStep(view, now, deadline, opts.pollIntervalMs);
      if (step.do === 'wait') continue;
      evacuationSteps.inc({ step: step.do });
      switch (step.do) {
        case 'evacuate-running':
          track(askRunning(inst as LrpInstance, view));
          break;
        case 'evacuate-claimed':
          report.claimsReturned++;
          track(rep.stopInstance(inst.guid, 'evacuate-claimed'));
          break;
        case 'destroy': {
          report.handedOver++;
          // Its route is gone; drain (the view stays in flight, so no step is taken for it meanwhile), then stop.
          view.inFlight = true;
          const guid = inst.guid;
          track(sleep(opts.drainMs ?? defaultEvacuationDrainMs).then(() => rep.stopInstance(guid, 'evacuated')));
          break;
        }
        case 'destroy-stopped':
          report.stoppedAtTimeout++;
          track(rep.stopInstance(inst.guid, 'evacuate-stopped'));
          break;
        case 'fail-task':
          report.tasksFailed++;
          track(rep.evacuateTask(inst.guid));
          break;
      }
    }
    await sleep(Math.min(opts.pollIntervalMs, 100));
  }
  let giveUp: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(pending), new Promise<void>((r) => (giveUp = setTimeout(r, Math.max(0, giveUpAt - Date.now()))))]);
  clearTimeout(giveUp);
  end();
  report.durationMs = Date.now() - t0;
  log.info('evacuation finished', { ...report });
  return report;
}
