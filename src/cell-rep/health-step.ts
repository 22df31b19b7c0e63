// The health step of an instance's lifecycle, as one interface the instance
// runner calls: wait until the instance is healthy after its start, then watch
// it while it runs. The probes themselves live in src/cell-rep/health/; this
// file only adapts them and provides the sim executor's trusting variant.
import type { CheckDefinition, PortMapping } from '../common/models.ts';

export interface HealthStep {
  /**
   * Resolves once the check passes; rejects with an Error whose message is the
   * crash reason once timeoutMs passes without a pass. Stops probing (and
   * rejects) when signal aborts.
   */
  waitUntilHealthy(check: CheckDefinition | null, ports: PortMapping[], timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Probes every intervalMs; calls onFail once with the reason when the check fails. Returns a stop function. */
  monitor(check: CheckDefinition | null, ports: PortMapping[], intervalMs: number, onFail: (reason: string) => void): () => void;
}

/** For instances with nothing to probe (the sim executor): healthy at once, never failing. */
export const trustingHealth: HealthStep = {
  waitUntilHealthy: async () => {},
  monitor: () => () => {},
};
