// How an auction finds the best cell for one piece of work. Strategies differ
// in scoring and in how they search; both see the same compatible cells and
// the same zone groups, and neither reserves anything itself.

import type { CompatibleCells } from './cell-table.ts';
import type { LRPWork, TaskWork } from './types.ts';

export interface LRPSearch {
  work: LRPWork;
  /** Zones to search, all of one zone group. */
  zones: readonly number[];
  compatible: CompatibleCells;
  /** Instances of the work's app on each cell. */
  sameApp: Float64Array;
  /** Number of cells holding the app (how much of sameApp is non-zero). */
  cellsWithApp: number;
  refused: ReadonlySet<number> | undefined;
}

export interface TaskSearch {
  work: TaskWork;
  compatible: CompatibleCells;
  refused: ReadonlySet<number> | undefined;
}

export interface CellSearch {
  /** Best cell for the LRP among the given zones, or -1. */
  bestLRPCell(search: LRPSearch): number;
  /** Best cell for the task, or -1. */
  bestTaskCell(search: TaskSearch): number;
  /** Tells the search that a cell's state changed (work was reserved on it). */
  cellChanged(cell: number): void;
}
