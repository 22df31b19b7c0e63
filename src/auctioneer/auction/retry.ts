// What to do with work a cell refused at Perform (it had promised room in its
// state, then could not reserve it: another auction or a start got there
// first). The service asks this after each refusal; the auction then leaves
// out the cells that refused, through AuctionOptions.refusals.

import { refusedReason } from './reasons.ts';
import type { LRPWork, TaskWork } from './types.ts';
import { workKey } from './work-key.ts';

/** Auctions a piece of work gets after its first refusal before it fails (Diego's auctioneer retries a few times). */
export const DEFAULT_MAX_RETRIES = 3;

export type RefusalDecision =
  | { action: 'retry'; avoidCellIds: string[] }
  | { action: 'fail'; reason: string };

/**
 * `refusedBy`: every cell that has refused this work so far, this one included.
 * `refusals`: how many times it has been refused (1 after the first).
 * Retries while refusals <= maxRetries, each time on cells that have not refused it;
 * after that the work fails with "refused by N cells".
 */
export function decideAfterRefusal(
  refusedBy: readonly string[],
  refusals: number,
  maxRetries: number = DEFAULT_MAX_RETRIES,
): RefusalDecision {
  const cells = [...new Set(refusedBy)];
  if (refusals <= maxRetries) return { action: 'retry', avoidCellIds: cells };
  return { action: 'fail', reason: refusedReason(cells.length) };
}

/** The refusals map runAuction takes, from the work being retried and the cells each must avoid. */
export function refusalMap(retries: readonly { work: LRPWork | TaskWork; avoidCellIds: readonly string[] }[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { work, avoidCellIds } of retries) {
    const key = workKey(work);
    map.set(key, [...new Set([...(map.get(key) ?? []), ...avoidCellIds])]);
  }
  return map;
}
