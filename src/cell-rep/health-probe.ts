// The health step for executors with real processes (docker, process): the
// probes of src/cell-rep/health/ behind the runner's HealthStep interface.
import { HEALTH_DEFAULTS, LivenessTracker, healthReasons, nextStartProbeDelay, planProbe } from './health/decisions.ts';
import { probe } from './health/probes.ts';
import type { HealthStep } from './health-step.ts';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

export function probeHealth(host = '127.0.0.1'): HealthStep {
  return {
    async waitUntilHealthy(check, ports, timeoutMs, signal) {
      const plan = planProbe(check, ports);
      if (plan instanceof Error) throw new Error(healthReasons.misconfigured(plan.message));
      if (plan.type === 'none') return;
      const deadline = Date.now() + timeoutMs;
      let last = 'not probed yet';
      for (;;) {
        if (signal.aborted) throw new Error('health check stopped');
        const r = await probe(plan, host, Math.max(1, Math.min(plan.timeoutMs, deadline - Date.now())));
        if (r.ok) return;
        last = r.detail;
        const delay = nextStartProbeDelay(Date.now(), deadline, HEALTH_DEFAULTS.startProbeIntervalMs);
        if (delay === null) throw new Error(healthReasons.startFailed(last, timeoutMs));
        await sleep(delay, signal);
      }
    },
    monitor(check, ports, intervalMs, onFail) {
      const plan = planProbe(check, ports);
      if (plan instanceof Error || plan.type === 'none') return () => {};
      const tracker = new LivenessTracker();
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      const tick = async () => {
        if (stopped) return;
        const r = await probe(plan, host);
        if (stopped) return;
        if (tracker.record(r) === 'crashed') {
          stopped = true;
          onFail(r.detail);
          return;
        }
        timer = setTimeout(() => void tick(), intervalMs);
      };
      timer = setTimeout(() => void tick(), intervalMs);
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      };
    },
  };
}
