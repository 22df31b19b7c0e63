// Health checks of an instance, from the host: waitUntilHealthy while it starts
// (probe every ~75 ms until healthy or the start timeout), monitor once it runs
// (a liveness probe every interval; a failure is a crash).
import type { CheckDefinition, PortMapping } from '../../common/models.ts';
import { createLogger, type Logger } from '../../common/log.ts';
import { counter, histogram } from '../../common/metrics.ts';
import { HEALTH_DEFAULTS, healthReasons, LivenessTracker, nextStartProbeDelay, planProbe, startTimeoutOf, type ProbeResult } from './decisions.ts';
import { probe } from './probes.ts';

const metrics = {
  probes: counter('gantry_health_probes_total', 'Health probes by phase (start, liveness), type and outcome', ['phase', 'type', 'result']),
  probeSeconds: histogram('gantry_health_probe_seconds', 'Time one health probe took', ['phase', 'type'], [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]),
  startSeconds: histogram('gantry_health_start_seconds', 'Time from the first startup probe to healthy', [], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]),
  livenessFailures: counter('gantry_health_liveness_failures_total', 'Liveness probes that failed'),
};

export interface HealthOptions {
  /** Where instance ports are reached (host networking: loopback). */
  host?: string;
  /** Between startup probes. */
  probeIntervalMs?: number;
  /** Consecutive liveness failures that make a crash. */
  failureThreshold?: number;
  log?: Logger;
}

const defaultLog = createLogger('health');

async function timedProbe(phase: 'start' | 'liveness', plan: Parameters<typeof probe>[0], host: string, timeoutMs?: number): Promise<ProbeResult> {
  const started = performance.now();
  const r = await probe(plan, host, timeoutMs);
  metrics.probeSeconds.observe({ phase, type: plan.type }, (performance.now() - started) / 1000);
  metrics.probes.inc({ phase, type: plan.type, result: r.ok ? 'ok' : 'failed' });
  return r;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function abortError(signal: AbortSignal): Error {
  const r = signal.reason;
  return r instanceof Error && r.name !== 'AbortError' ? r : new Error('health check cancelled');
}

/**
 * Resolves once the instance answers its check; rejects with the crash reason
 * ("failed health check: …, within Nms") when the start timeout passes first,
 * or with the signal's reason when the caller gives up.
 */
export async function waitUntilHealthy(
  check: CheckDefinition | null | undefined,
  ports: PortMapping[],
  startTimeoutMs: number,
  signal?: AbortSignal,
  opts: HealthOptions = {},
): Promise<void> {
  const plan = planProbe(check, ports);
  if (plan instanceof Error) throw new Error(healthReasons.misconfigured(plan.message));
  if (plan.type === 'none') return;
  const host = opts.host ?? '127.0.0.1';
  const interval = opts.probeIntervalMs ?? HEALTH_DEFAULTS.startProbeIntervalMs;
  const timeout = startTimeoutOf(startTimeoutMs);
  const started = Date.now();
  const deadline = started + timeout;
  let last: ProbeResult = { ok: false, detail: 'no probe completed' };
  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(healthReasons.startFailed(last.detail, timeout));
    // A probe never outlives the deadline; one cut short by it that times out
    // says less than the probe before it, whose outcome is kept.
    const probeTimeout = Math.min(plan.timeoutMs, remaining);
    const r = await timedProbe('start', plan, host, probeTimeout);
    if (r.ok) {
      metrics.startSeconds.observe((Date.now() - started) / 1000);
      return;
    }
    const cutShort = probeTimeout < plan.timeoutMs && Date.now() >= deadline;
    if (!cutShort || last.detail === 'no probe completed') last = r;
    if (signal?.aborted) throw abortError(signal);
    const delay = nextStartProbeDelay(Date.now(), deadline, interval);
    if (delay === null) throw new Error(healthReasons.startFailed(last.detail, timeout));
    await sleep(delay, signal);
  }
}

export interface Monitor {
  stop(): void;
}

/**
 * Liveness of a running instance: probes every intervalMs; when the check
 * fails (failureThreshold times in a row, default once) calls onFailure with
 * the crash reason ("liveness check failed: …") and stops.
 */
export function monitor(
  check: CheckDefinition | null | undefined,
  ports: PortMapping[],
  intervalMs: number,
  onFailure: (reason: string) => void,
  opts: HealthOptions = {},
): Monitor {
  const plan = planProbe(check, ports);
  const log = opts.log ?? defaultLog;
  if (plan instanceof Error) {
    // Nothing to probe: say so once at the next tick rather than inside the caller's call.
    let stopped = false;
    queueMicrotask(() => !stopped && onFailure(healthReasons.livenessFailed(plan.message)));
    return { stop: () => void (stopped = true) };
  }
  if (plan.type === 'none') return { stop: () => {} };
  const host = opts.host ?? '127.0.0.1';
  const tracker = new LivenessTracker(opts.failureThreshold ?? HEALTH_DEFAULTS.livenessFailureThreshold);
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    if (stopped) return;
    const r = await timedProbe('liveness', plan, host);
    if (stopped) return;
    const verdict = tracker.record(r);
    if (verdict !== 'healthy') {
      metrics.livenessFailures.inc();
      log.warn('liveness probe failed', { detail: r.detail, consecutive: tracker.consecutiveFailures, verdict });
    }
    if (verdict === 'crashed') {
      stopped = true;
      onFailure(healthReasons.livenessFailed(r.detail));
      return;
    }
    timer = setTimeout(() => void tick(), intervalMs);
  };
  timer = setTimeout(() => void tick(), intervalMs);
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
