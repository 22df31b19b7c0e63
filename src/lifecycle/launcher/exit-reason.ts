// How an instance's process ended, in the words of a crash reason.
import { constants } from 'node:os';

const signalNames = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** "exited with code 3", "out of memory (OOM killed)", "exited with code 137 (SIGKILL)". */
export function exitReason(exitCode: number, oomKilled: boolean): string {
  if (oomKilled) return 'out of memory (OOM killed)';
  const sig = exitCode > 128 ? signalNames.get(exitCode - 128) : undefined;
  return sig ? `exited with code ${exitCode} (${sig})` : `exited with code ${exitCode}`;
}

/** A shell's exit code for a death by signal (128 + its number). */
export function exitCodeOfSignal(signal: NodeJS.Signals | string): number {
  const n = (constants.signals as Record<string, number>)[signal];
  return n ? 128 + n : 128;
}
