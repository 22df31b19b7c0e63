// Evacuation, the pure part: given one instance's state, what the BBS last
// answered about it and the clock, what the evacuator does next. The loop in
// evacuator.ts asks this for every instance until none is left.
//
// Why the default timeout is 60 s and not Diego's 10 minutes: a replacement
// here is an auction plus one container start (target under 1.5 s on a warm
// cell, a few seconds with a droplet download), so a minute leaves a wide
// margin for a slow start timeout while keeping a host's shutdown (systemd's
// stop timeout, `gantry up` teardown, a rolling restart of many cells) short.
// Operators running slow-starting apps raise it with --evacuation-timeout-ms.
import type { InstanceState } from './context.ts';

export const defaultEvacuationTimeoutMs = 60_000;
export const defaultEvacuationPollIntervalMs = 500;
/**
 * How long an instance whose replacement runs keeps serving before it is
 * stopped: its record (its route) is gone by then, this lets requests already
 * routed to it finish and routers that are a moment behind catch up.
 */
export const defaultEvacuationDrainMs = 1000;

export interface EvacueeView {
  kind: 'lrp' | 'task';
  state: InstanceState;
  /** The last EvacuateRunningActualLRP answer: keep the container, or let it go; null before the first. */
  lastAnswer: 'keep' | 'release' | null;
  /** When that question was last asked (ms), null if never. */
  lastAskedAt: number | null;
  /** A call about this instance is under way: do not start another. */
  inFlight: boolean;
}

export type EvacuationStep =
  /** Nothing to do now (ending already, a call under way, or asked recently). */
  | { do: 'wait' }
  /** Report it EVACUATING (first time) or ask again whether its replacement runs. */
  | { do: 'evacuate-running' }
  /** Not running yet: give the claim back (EvacuateClaimedActualLRP) and destroy it. */
  | { do: 'evacuate-claimed' }
  /** Its replacement runs (keep_container false): destroy it; nothing more to report. */
  | { do: 'destroy' }
  /** Timed out with its replacement not running: destroy it and report EvacuateStoppedActualLRP. */
  | { do: 'destroy-stopped' }
  /** A task still running at the timeout: destroy it and fail it. */
  | { do: 'fail-task' };

export function nextEvacuationStep(e: EvacueeView, now: number, deadline: number, pollIntervalMs: number): EvacuationStep {
  if (e.state === 'STOPPING' || e.inFlight) return { do: 'wait' };
  if (e.kind === 'task') return now >= deadline ? { do: 'fail-task' } : { do: 'wait' };
  if (e.state === 'RESERVED' || e.state === 'STARTING') return { do: 'evacuate-claimed' };
  // RUNNING
  if (e.lastAnswer === 'release') return { do: 'destroy' };
  if (now >= deadline) return { do: 'destroy-stopped' };
  if (e.lastAskedAt === null || now - e.lastAskedAt >= pollIntervalMs) return { do: 'evacuate-running' };
  return { do: 'wait' };
}

