// How much a cell would dislike taking a piece of work; the lowest score wins.

import type { CellTable } from './cell-table.ts';
import type { AuctionWeights } from './types.ts';

/** Fraction of a total that is used; a total of 0 counts as unused so it cannot skew the score. */
function usedFraction(available: number, total: number): number {
  return total > 0 ? 1 - available / total : 0;
}

/**
 * Diego's resource score (rep's Resources.ComputeScore): the mean of the
 * memory, disk and container fractions the cell would have in use *after*
 * taking the work.
 */
export function diegoResourceScore(
  availableMemoryMb: number,
  availableDiskMb: number,
  availableContainers: number,
  totalMemoryMb: number,
  totalDiskMb: number,
  totalContainers: number,
  memoryMb: number,
  diskMb: number,
): number {
  return (
    (usedFraction(availableMemoryMb - memoryMb, totalMemoryMb) +
      usedFraction(availableDiskMb - diskMb, totalDiskMb) +
      usedFraction(availableContainers - 1, totalContainers)) /
    3
  );
}

/** One strategy's scoring. Cells that cannot take the work never reach it. */
export interface Scorer {
  /** Called once per auction, before any work is scored, with the number of pieces of work. */
  prepare?(table: CellTable, workCount: number): void;
  /** `sameApp`: instances of this LRP's app already on the cell. */
  lrp(table: CellTable, cell: number, memoryMb: number, diskMb: number, sameApp: number, weights: AuctionWeights): number;
  task(table: CellTable, cell: number, memoryMb: number, diskMb: number, weights: AuctionWeights): number;
}

function resourceScore(t: CellTable, cell: number, memoryMb: number, diskMb: number): number {
  return diegoResourceScore(
    t.availMemory[cell]!,
    t.availDisk[cell]!,
    t.availContainers[cell]!,
    t.totalMemory[cell]!,
    t.totalDisk[cell]!,
    t.totalContainers[cell]!,
    memoryMb,
    diskMb,
  );
}

/**
 * Diego's Cell.ScoreForLRP and Cell.ScoreForTask: resource score, plus the
 * starting-container penalty, plus LocalityOffset per instance of the same
 * app on the cell (LRPs) or per task on the cell (tasks), plus the bin-pack
 * index term, which Diego applies to LRPs only.
 */
export const diegoScorer: Scorer = {
  lrp(t, cell, memoryMb, diskMb, sameApp, w) {
    return (
      resourceScore(t, cell, memoryMb, diskMb) +
      t.starting[cell]! * w.startingContainerWeight +
      sameApp * w.localityWeight +
      t.indexInZone[cell]! * w.binPackFirstFitWeight
    );
  },
  task(t, cell, memoryMb, diskMb, w) {
    return (
      resourceScore(t, cell, memoryMb, diskMb) +
      t.starting[cell]! * w.startingContainerWeight +
      t.taskCount[cell]! * w.localityWeight
    );
  },
};
