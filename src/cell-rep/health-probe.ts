// The health step for executors with real processes (docker, process): the
// checks of src/cell-rep/health/ behind the instance runner's HealthStep.
import { monitor, waitUntilHealthy } from './health/index.ts';
import type { Logger } from '../common/log.ts';
import type { HealthStep } from './health-step.ts';

export function probeHealth(host = '127.0.0.1', log?: Logger): HealthStep {
  const opts = { host, ...(log ? { log } : {}) };
  return {
    waitUntilHealthy: (check, ports, timeoutMs, signal) => waitUntilHealthy(check, ports, timeoutMs, signal, opts),
    monitor: (check, ports, intervalMs, onFail) => {
      const m = monitor(check, ports, intervalMs, onFail, opts);
      return () => m.stop();
    },
  };
}
