// Health checks without I/O: what to probe for a check definition and an
// instance's ports, how a probe's outcome is worded, and when liveness
// failures make a crash. The probes themselves live in probes.ts.
import type { CheckDefinition, PortMapping } from '../../common/models.ts';

export const HEALTH_DEFAULTS = {
  /** One probe may take this long (CheckDefinition.timeout_ms of 0). */
  probeTimeoutMs: 1000,
  /** Between probes while an instance is starting. */
  startProbeIntervalMs: 75,
  /** Start timeout when the LRP gives none. */
  startTimeoutMs: 60_000,
  /** Between liveness probes once running (CheckDefinition.interval_ms of 0). */
  livenessIntervalMs: 30_000,
  /** Consecutive liveness failures that make a crash (Diego: the first one). */
  livenessFailureThreshold: 1,
};

export type ProbePlan =
  | { type: 'none' }
  | { type: 'tcp'; containerPort: number; hostPort: number; timeoutMs: number }
  | { type: 'http'; containerPort: number; hostPort: number; path: string; timeoutMs: number };

export interface ProbeResult {
  ok: boolean;
  /** What happened, in words: "http GET /health on port 61001 returned 500". */
  detail: string;
}

/** The probe a check asks for, or an Error saying why the check cannot be made. */
export function planProbe(check: CheckDefinition | null | undefined, ports: PortMapping[]): ProbePlan | Error {
  if (!check || check.type === 'NONE') return { type: 'none' };
  if (check.type !== 'TCP' && check.type !== 'HTTP') return new Error(`unknown check type ${JSON.stringify(check.type)}`);
  const containerPort = check.port || ports[0]?.container_port;
  if (!containerPort) return new Error(`a ${check.type.toLowerCase()} check needs a port and the instance has none`);
  const mapping = ports.find((p) => p.container_port === containerPort);
  if (!mapping) return new Error(`port ${containerPort} is not one of the instance's ports (${ports.map((p) => p.container_port).join(', ') || 'none'})`);
  const timeoutMs = check.timeout_ms || HEALTH_DEFAULTS.probeTimeoutMs;
  if (check.type === 'TCP') return { type: 'tcp', containerPort, hostPort: mapping.host_port, timeoutMs };
  const path = check.path ? (check.path.startsWith('/') ? check.path : `/${check.path}`) : '/';
  return { type: 'http', containerPort, hostPort: mapping.host_port, path, timeoutMs };
}

/** "tcp connect to port 61001", "http GET /health on port 61001". */
export function describePlan(plan: ProbePlan): string {
  switch (plan.type) {
    case 'none':
      return 'no check';
    case 'tcp':
      return `tcp connect to port ${plan.hostPort}`;
    case 'http':
      return `http GET ${plan.path} on port ${plan.hostPort}`;
  }
}

/** A failed probe's detail from a socket error or a timeout. */
export function probeErrorDetail(plan: ProbePlan, err: { code?: string; message?: string } | 'timeout'): string {
  if (err === 'timeout') return `${describePlan(plan)} timed out after ${plan.type === 'none' ? 0 : plan.timeoutMs}ms`;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    EPIPE: 'connection closed',
  };
  const what = (err.code && words[err.code]) ?? err.message ?? err.code ?? 'failed';
  return `${describePlan(plan)}: ${what}`;
}

/** An HTTP answer's verdict: only 200 is healthy. */
export function httpVerdict(plan: ProbePlan, status: number): ProbeResult {
  return status === 200 ? { ok: true, detail: `${describePlan(plan)} returned 200` } : { ok: false, detail: `${describePlan(plan)} returned ${status}` };
}

export const healthReasons = {
  /** The instance never became healthy while starting. */
  startFailed: (detail: string, startTimeoutMs: number) => `failed health check: ${detail}, within ${startTimeoutMs}ms`,
  /** The check itself cannot be made (bad port...). */
  misconfigured: (detail: string) => `failed health check: ${detail}`,
  /** A running instance's liveness probe failed: a crash. */
  livenessFailed: (detail: string) => `liveness check failed: ${detail}`,
};

/** Start timeout of an LRP (0 = the default). */
export function startTimeoutOf(ms: number | undefined): number {
  return ms && ms > 0 ? ms : HEALTH_DEFAULTS.startTimeoutMs;
}

/** Interval between liveness probes (0 = the default). */
export function livenessIntervalOf(check: CheckDefinition | null | undefined): number {
  return check?.interval_ms && check.interval_ms > 0 ? check.interval_ms : HEALTH_DEFAULTS.livenessIntervalMs;
}

/**
 * When the next startup probe runs: after the interval, but never past the
 * deadline (one last probe exactly at it). null: the deadline has passed.
 */
export function nextStartProbeDelay(now: number, deadline: number, intervalMs: number): number | null {
  if (now >= deadline) return null;
  return Math.min(intervalMs, deadline - now);
}

/** Liveness: consecutive failures up to a threshold, then a crash. A success starts the count again. */
export class LivenessTracker {
  private failures = 0;

  constructor(private readonly threshold = HEALTH_DEFAULTS.livenessFailureThreshold) {}

  record(result: ProbeResult): 'healthy' | 'failing' | 'crashed' {
    if (result.ok) {
      this.failures = 0;
      return 'healthy';
    }
    this.failures += 1;
    return this.failures >= Math.max(1, this.threshold) ? 'crashed' : 'failing';
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
