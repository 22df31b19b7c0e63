// What one fault scenario measured: the tests assert `lost` is 0 (and the
// other invariants of their fault); bench/reliability.ts prints every
// scenario's result as one row of the reliability table.
export interface FaultResult {
  /** The fault, as a row label: "cell SIGKILL (10 instances)". */
  fault: string;
  /** Instances (or requests) the fault touched. */
  affected: number;
  /** From the fault to everything back as desired, in ms (from event timestamps where possible). */
  recoverMs: number;
  /** Instances or acknowledged requests lost: the target is 0. */
  lost: number;
  /** What else the run saw, one short line. */
  notes?: string;
}

/**
 * One row of the reliability table, as a scenario module offers it: every
 * module under test/chaos/scenarios/ exports `scenarios: FaultScenario[]`,
 * and bench/reliability.ts runs each in turn (tests call `run` themselves).
 */
export interface FaultScenario {
  /** Short, for --only: "cell-sigkill". */
  name: string;
  /** The target, as printed in the table's last column: "0 lost; < 5 s". */
  target: string;
  run(): Promise<FaultResult>;
}
