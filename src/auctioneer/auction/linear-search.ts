// Scores every compatible cell, as Diego does. Exact for any scorer, and the
// reference the indexed search is tested against.

import type { CellTable } from './cell-table.ts';
import type { Scorer } from './scoring.ts';
import type { CellSearch, LRPSearch, TaskSearch } from './search.ts';
import type { AuctionWeights } from './types.ts';

export class LinearSearch implements CellSearch {
  constructor(
    private readonly table: CellTable,
    private readonly scorer: Scorer,
    private readonly weights: AuctionWeights,
  ) {}

  bestLRPCell({ work, zones, compatible, sameApp, refused }: LRPSearch): number {
    const { table, scorer, weights } = this;
    const cap = weights.maxStartingPerCell;
    let best = -1;
    let bestScore = Infinity;
    for (const zone of zones) {
      const cells = compatible.byZone[zone]!;
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i]!;
        if (!table.fits(cell, work.memoryMb, work.diskMb, work.maxPids, cap)) continue;
        const score = scorer.lrp(table, cell, work.memoryMb, work.diskMb, sameApp[cell]!, weights);
        // Lower score wins; equal scores go to the lower cell id.
        if ((score < bestScore || (score === bestScore && cell < best)) && !refused?.has(cell)) {
          bestScore = score;
          best = cell;
        }
      }
    }
    return best;
  }

  bestTaskCell({ work, compatible, refused }: TaskSearch): number {
    const { table, scorer, weights } = this;
    const cap = weights.maxStartingPerCell;
    const cells = compatible.all;
    let best = -1;
    let bestScore = Infinity;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (!table.fits(cell, work.memoryMb, work.diskMb, work.maxPids, cap)) continue;
      const score = scorer.task(table, cell, work.memoryMb, work.diskMb, weights);
      if ((score < bestScore || (score === bestScore && cell < best)) && !refused?.has(cell)) {
        bestScore = score;
        best = cell;
      }
    }
    return best;
  }

  cellChanged(): void {}
}
