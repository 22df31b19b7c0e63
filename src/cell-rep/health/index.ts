// Health checks of instances: startup (waitUntilHealthy) and liveness (monitor).
export { waitUntilHealthy, monitor, type Monitor, type HealthOptions } from './check.ts';
export { probe } from './probes.ts';
export {
  HEALTH_DEFAULTS,
  planProbe,
  describePlan,
  healthReasons,
  startTimeoutOf,
  livenessIntervalOf,
  LivenessTracker,
  type ProbePlan,
  type ProbeResult,
} from './decisions.ts';
