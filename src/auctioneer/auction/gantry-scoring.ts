// gantry's scoring. It keeps every term of Diego's (resource, starting
// containers, locality, bin-pack) but changes two of them where the
// simulation showed Diego's choices unbalance memory:
//
// - Resource: half the dominant fraction in use (the largest of memory, disk
//   and containers) and half the mean of the three, rather than the mean
//   alone; plus the work's share of the cell, measured the same way. The
//   dominant half keeps any one resource from running out first; the mean
//   half keeps the others in view, so cells tied on their scarcest resource
//   still differ, and less is stranded when the cluster fills up. The score
//   is "in use now" plus "the work's share", and the share depends only on
//   the cell's size, so cells of one size keep their order whatever the
//   work: that is what lets the indexed search skip most cells.
//
// - Starting containers: Diego charges the weight for every container a cell
//   is starting, including the ones this auction just gave it. In a batch of
//   hundreds that term (0.25 per start) dwarfs the resource term (about 0.02
//   per instance) and the auction deals instances out by count, whatever
//   their size. gantry charges the weight only for starts above the cell's
//   fair share: the starts in flight plus this auction's work, shared in
//   proportion to cell memory. Piling onto one cell is still penalised, and
//   within its share a cell's resources decide. A big cell's share is bigger,
//   as its room to start things is.
//
// Bin-pack applies to tasks too (Diego's applies to LRPs only): an operator
// who asks for first-fit wants the high cells empty, tasks included.

import type { CellTable } from './cell-table.ts';
import type { Scorer } from './scoring.ts';
import type { AuctionWeights } from './types.ts';

/** Half the largest and half the mean of three fractions of a cell's memory, disk and containers. */
export function blend(memory: number, disk: number, containers: number): number {
  return (Math.max(memory, disk, containers) + (memory + disk + containers) / 3) / 2;
}

/** How full the cell is now: the blend of its memory, disk and container fractions in use. */
export function resourceInUse(t: CellTable, cell: number): number {
  const memory = t.totalMemory[cell]! > 0 ? 1 - t.availMemory[cell]! / t.totalMemory[cell]! : 0;
  const disk = t.totalDisk[cell]! > 0 ? 1 - t.availDisk[cell]! / t.totalDisk[cell]! : 0;
  const containers = t.totalContainers[cell]! > 0 ? 1 - t.availContainers[cell]! / t.totalContainers[cell]! : 0;
  return blend(memory, disk, containers);
}

/** How much of the cell the work would take: the blend of its shares of memory, disk and containers. */
export function resourceShare(t: CellTable, cell: number, memoryMb: number, diskMb: number): number {
  const memory = t.totalMemory[cell]! > 0 ? memoryMb / t.totalMemory[cell]! : 0;
  const disk = t.totalDisk[cell]! > 0 ? diskMb / t.totalDisk[cell]! : 0;
  const containers = t.totalContainers[cell]! > 0 ? 1 / t.totalContainers[cell]! : 0;
  return blend(memory, disk, containers);
}

/**
 * Each cell's fair share of container starts for this auction: every start in
 * flight on cells that are not evacuating plus every piece of work in the
 * auction, divided in proportion to cell memory.
 */
export function startingAllowances(t: CellTable, workCount: number): Float64Array {
  let memory = 0;
  let starts = workCount;
  for (let c = 0; c < t.count; c++) {
    if (t.evacuating[c] === 1) continue;
    memory += t.totalMemory[c]!;
    starts += t.starting[c]!;
  }
  const allowances = new Float64Array(t.count);
  if (memory <= 0) return allowances;
  for (let c = 0; c < t.count; c++) allowances[c] = (starts * t.totalMemory[c]!) / memory;
  return allowances;
}

/**
 * The part of a cell's score that depends on neither the work nor its app:
 * what the indexed search keeps cells ordered by.
 */
export function gantryCellKey(t: CellTable, cell: number, weights: AuctionWeights): number {
  const overShare = t.starting[cell]! - t.startingAllowance[cell]!;
  return (
    resourceInUse(t, cell) +
    (overShare > 0 ? overShare * weights.startingContainerWeight : 0) +
    t.indexInZone[cell]! * weights.binPackFirstFitWeight
  );
}

export const gantryScorer: Scorer = {
  prepare(t, workCount) {
    t.startingAllowance = startingAllowances(t, workCount);
  },
  lrp(t, cell, memoryMb, diskMb, sameApp, w) {
    return gantryCellKey(t, cell, w) + resourceShare(t, cell, memoryMb, diskMb) + sameApp * w.localityWeight;
  },
  task(t, cell, memoryMb, diskMb, w) {
    return gantryCellKey(t, cell, w) + resourceShare(t, cell, memoryMb, diskMb) + t.taskCount[cell]! * w.localityWeight;
  },
};
