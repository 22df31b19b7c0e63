// Deciding, from one listing of an app's actual LRPs, whether a command that
// waits (create, push, scale, restart, remove) is done, should keep waiting,
// or should stop and say why the instances will not run. Pure.
import type { ActualLRP } from '../common/models.ts';
import { countInstances, summarizeCounts } from './format/lrp.ts';

/** Diego restarts the first 3 crashes at once; after that comes a backoff of ≥ 30 s, so the CLI says why and stops. */
export const crashesBeforeGivingUp = 3;
/** A placement error may clear when the next auction finds room; report it when it lasts this long. */
export const placementGraceMs = 3000;

export type Progress =
  | { state: 'done'; summary: string }
  /** notes: what may explain the wait (said if it times out). */
  | { state: 'waiting'; summary: string; notes?: string[] }
  | { state: 'failed'; summary: string; reasons: string[] };

export interface WaitInput {
  desired: number;
  actuals: ActualLRP[];
  /** When the wait began (unix ms), and now. */
  startedAt: number;
  now: number;
  /**
   * The first listing of the wait. A placement error on a row unchanged since
   * then is old news (e.g. from before a cluster restart, waiting for its next
   * auction): it explains a timeout but does not end the wait.
   */
  baseline?: ActualLRP[];
}

const tagOf = (a: ActualLRP) => `${a.key?.index}/${a.presence}/${a.modification_tag?.epoch}/${a.modification_tag?.index}/${a.placement_error}`;

/** Instances [0, desired) running, none above. */
export function assessRunning(input: WaitInput): Progress {
  const { desired, actuals, now, startedAt } = input;
  const counts = countInstances(desired, actuals);
  const extras = actuals.filter((a) => (a.key?.index ?? 0) >= desired).length;
  const summary = summarizeCounts(counts) + (extras ? `, ${extras} stopping` : '');
  if (counts.running === desired && extras === 0) return { state: 'done', summary };

  const reasons: string[] = [];
  const notes: string[] = [];
  const unchanged = new Set((input.baseline ?? []).map(tagOf));
  const ordinary = actuals.filter((a) => a.presence === 'ORDINARY' && (a.key?.index ?? 0) < desired && a.state !== 'RUNNING');
  const runningIndices = new Set(actuals.filter((a) => a.state === 'RUNNING').map((a) => a.key?.index));
  for (const a of ordinary.sort((x, y) => (x.key?.index ?? 0) - (y.key?.index ?? 0))) {
    const i = a.key?.index ?? 0;
    if (runningIndices.has(i)) continue;
    if (a.state === 'UNCLAIMED' && a.placement_error) {
      const reason = `instance ${i} cannot be placed: ${a.placement_error}`;
      if (unchanged.has(tagOf(a))) notes.push(`${reason} (at its last auction)`);
      else if (now - startedAt >= placementGraceMs) reasons.push(reason);
    }
    if (a.state === 'CRASHED' && a.crash_count >= crashesBeforeGivingUp) {
      reasons.push(`instance ${i} crashed ${a.crash_count} times${a.crash_reason ? `: ${a.crash_reason}` : ''}`);
    }
  }
  if (reasons.length) return { state: 'failed', summary, reasons };
  return notes.length ? { state: 'waiting', summary, notes } : { state: 'waiting', summary };
}

/** No instances left at all (after `gantry remove`). */
export function assessGone(actuals: ActualLRP[]): Progress {
  if (!actuals.length) return { state: 'done', summary: 'no instances left' };
  return { state: 'waiting', summary: `${actuals.length} instance${actuals.length === 1 ? '' : 's'} stopping` };
}

/**
 * `gantry restart`: the index has been replaced once the ORDINARY copy is
 * RUNNING with an instance guid other than the retired one.
 */
export function assessReplaced(actuals: ActualLRP[], index: number, retiredInstanceGuid: string): Progress {
  const rows = actuals.filter((a) => a.key?.index === index);
  const ordinary = rows.find((a) => a.presence === 'ORDINARY');
  if (ordinary?.state === 'RUNNING' && ordinary.instance_key?.instance_guid && ordinary.instance_key.instance_guid !== retiredInstanceGuid) {
    return { state: 'done', summary: `instance ${index} running on ${ordinary.instance_key.cell_id}` };
  }
  if (ordinary?.state === 'CRASHED' && ordinary.crash_count >= crashesBeforeGivingUp) {
    return { state: 'failed', summary: `instance ${index} crashed`, reasons: [`instance ${index} crashed ${ordinary.crash_count} times: ${ordinary.crash_reason}`] };
  }
  if (ordinary && ordinary.instance_key?.instance_guid === retiredInstanceGuid && retiredInstanceGuid) return { state: 'waiting', summary: `instance ${index} stopping` };
  return { state: 'waiting', summary: `instance ${index} ${ordinary ? ordinary.state.toLowerCase() : 'being replaced'}` };
}
