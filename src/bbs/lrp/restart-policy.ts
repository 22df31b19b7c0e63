// When a crashed instance is started again. The numbers are Diego's
// (cloudfoundry/bbs models/restart_calculator.go and actual_lrp.go): restart at
// once for the first crashes, then back off exponentially up to a ceiling, and
// give up after many attempts. A crash after a long enough run starts the
// count again, so an app that crashes once a day is never backed off.
import type { ActualLRP } from '../../common/models.ts';

/**
 * A crash count below this restarts at once. The count is raised before the
 * check (Diego's CrashActualLRP), so the first and second crashes restart at
 * once and the third (count 3) waits CRASH_BACKOFF_MIN_MS.
 */
export const IMMEDIATE_RESTARTS = 3;
/** The first backoff; each further crash doubles it. */
export const CRASH_BACKOFF_MIN_MS = 30_000;
/** The backoff never exceeds this. */
export const MAX_BACKOFF_MS = 16 * 60_000;
/** From this many crashes on, the instance stays CRASHED. */
export const MAX_RESTART_ATTEMPTS = 200;
/** A crash after running longer than this counts as the first crash again. */
export const CRASH_RESET_TIMEOUT_MS = 5 * 60_000;
/** How many doublings reach the ceiling: log2(ceil(16 min / 30 s)) = 5. */
export const MAX_BACKOFF_DOUBLINGS = Math.floor(Math.log2(Math.ceil(MAX_BACKOFF_MS / CRASH_BACKOFF_MIN_MS)));

/** The crash count after a crash now: reset to 1 when the instance had been RUNNING long enough. */
export function nextCrashCount(lrp: Pick<ActualLRP, 'state' | 'since' | 'crash_count'>, now: number): number {
  if (lrp.state === 'RUNNING' && now - lrp.since > CRASH_RESET_TIMEOUT_MS) return 1;
  return lrp.crash_count + 1;
}

/** True when an instance with this crash count restarts without waiting. */
export function shouldRestartNow(crashCount: number): boolean {
  return crashCount < IMMEDIATE_RESTARTS;
}

/** True when an instance with this crash count is never restarted again. */
export function hasGivenUp(crashCount: number): boolean {
  return crashCount >= MAX_RESTART_ATTEMPTS;
}

/** How long an instance with this crash count waits after crashing (0 for immediate restarts). */
export function backoffMs(crashCount: number): number {
  if (shouldRestartNow(crashCount)) return 0;
  const doublings = Math.min(crashCount - IMMEDIATE_RESTARTS, MAX_BACKOFF_DOUBLINGS);
  return Math.min(CRASH_BACKOFF_MIN_MS * 2 ** doublings, MAX_BACKOFF_MS);
}

/** Diego's RestartCalculator.ShouldRestart: crashedAt and now in unix ms. */
export function shouldRestart(now: number, crashedAt: number, crashCount: number): boolean {
  if (shouldRestartNow(crashCount)) return true;
  if (hasGivenUp(crashCount)) return false;
  return crashedAt + backoffMs(crashCount) <= now;
}

/** A CRASHED instance whose backoff has passed (convergence moves it back to UNCLAIMED). */
export function shouldRestartCrash(now: number, lrp: Pick<ActualLRP, 'state' | 'since' | 'crash_count'>): boolean {
  return lrp.state === 'CRASHED' && shouldRestart(now, lrp.since, lrp.crash_count);
}

/** When a CRASHED instance will be restarted (unix ms), or null if never. */
export function nextRestartAt(lrp: Pick<ActualLRP, 'state' | 'since' | 'crash_count'>): number | null {
  if (lrp.state !== 'CRASHED' || hasGivenUp(lrp.crash_count)) return null;
  return lrp.since + backoffMs(lrp.crash_count);
}
