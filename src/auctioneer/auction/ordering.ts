// The order in which an auction offers work to the cells. Order matters:
// each placement reserves resources the next piece of work then cannot use.

import { compareStrings } from './cell-table.ts';
import type { LRPWork, TaskWork } from './types.ts';

export type AuctionItem = { kind: 'lrp'; work: LRPWork } | { kind: 'task'; work: TaskWork };

/** Bigger first: memory, then disk. Big pieces are hardest to fit, so they go while room is widest. */
function largestFirst(a: { memoryMb: number; diskMb: number }, b: { memoryMb: number; diskMb: number }): number {
  return b.memoryMb - a.memoryMb || b.diskMb - a.diskMb;
}

export function compareLRPs(a: LRPWork, b: LRPWork): number {
  return (
    a.index - b.index ||
    largestFirst(a, b) ||
    compareStrings(a.processGuid, b.processGuid) ||
    compareStrings(a.domain, b.domain)
  );
}

export function compareTasks(a: TaskWork, b: TaskWork): number {
  return largestFirst(a, b) || compareStrings(a.taskGuid, b.taskGuid) || compareStrings(a.domain, b.domain);
}

/**
 * Diego's order (scheduler.go, sortable_auctions.go): LRPs by instance index,
 * then largest memory first; every app's index 0 goes before the tasks, and
 * the remaining LRP instances after them. Starting one instance of each app
 * before second instances of any keeps a short supply fair between apps.
 * Disk and then guids break the ties Diego's unstable sort left to chance.
 *
 * Diego's splitLRPS has a quirk: when no LRP has an index above 0, every LRP
 * goes after the tasks. `diegoSplitQuirk` reproduces it for the faithful
 * strategy; gantry always puts index 0 first.
 */
export function auctionOrder(lrps: readonly LRPWork[], tasks: readonly TaskWork[], diegoSplitQuirk = false): AuctionItem[] {
  const sortedLRPs = [...lrps].sort(compareLRPs);
  const sortedTasks = [...tasks].sort(compareTasks);
  const firstLater = sortedLRPs.findIndex((l) => l.index > 0);
  const split = firstLater === -1 ? (diegoSplitQuirk ? 0 : sortedLRPs.length) : firstLater;
  const items: AuctionItem[] = [];
  for (let i = 0; i < split; i++) items.push({ kind: 'lrp', work: sortedLRPs[i]! });
  for (const task of sortedTasks) items.push({ kind: 'task', work: task });
  for (let i = split; i < sortedLRPs.length; i++) items.push({ kind: 'lrp', work: sortedLRPs[i]! });
  return items;
}
