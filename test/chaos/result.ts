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
