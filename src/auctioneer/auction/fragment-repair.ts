// gantry's fragment repair, run once after the placements of an auction.
//
// Memory sizes come in classes (128, 256, 512, 1024 MB...). A cell that ends
// an auction with less than two of the smallest instance's memory free, but
// not nothing (say 128 MB with 128 MB the smallest), can take only the
// smallest work: when the next work is larger that memory is stranded, and
// the cells holding such remainders stay less full than the rest. Balancing
// alone leaves it to chance how many cells end that way (in the near-full
// simulation, two cells in five after the LRPs, against three in ten for
// Diego). So gantry pairs such cells up: an instance of the smallest size
// placed in this auction moves from one of them to another, leaving one full
// and the other with a whole unit free.
//
// Only when the auction has larger work than that unit and no cell was
// starting containers before it. A move stays in its zone (zone balance unchanged),
// goes only to a cell that serves the app's stack and tags, has the disk, a
// container slot and the pids, is under the per-cell starting limit, did not
// refuse the instance and does not hold the app already. Cells and
// placements are visited in id and auction order: the result is deterministic.

import type { CellTable } from './cell-table.ts';
import { isCompatible } from './filters.ts';
import type { LRPWork, Placement } from './types.ts';

/**
 * Moves smallest-size LRP placements between cells left with a stranded
 * half-unit. `table` is the auction's, after its placements; `placements[i]`
 * was placed on `cells[i]` (a table index); `largestMb` is the largest
 * memory any work of the auction asked for. Updates all three in place and
 * returns the moves made.
 */
export function repairFragments(
  table: CellTable,
  placements: Placement<LRPWork>[],
  cells: Int32Array,
  largestMb: number,
  refused: (work: LRPWork, cell: number) => boolean,
  maxStartingPerCell: number,
): number {
  let smallest = Infinity;
  for (const p of placements) smallest = Math.min(smallest, p.work.memoryMb);
  const unit = 2 * smallest;
  if (!(smallest > 0) || largestMb < unit) return 0;

  // Less than a unit free but not empty: room for the smallest work only.
  const stranded = (cell: number) => table.evacuating[cell] === 0 && table.availMemory[cell]! >= smallest && table.availMemory[cell]! < unit;
  const strandedCells: number[] = [];
  for (let c = 0; c < table.count; c++) if (stranded(c)) strandedCells.push(c);
  if (strandedCells.length < 2) return 0;

  // The smallest instances placed on each stranded cell, in auction order.
  const smallOn = new Map<number, number[]>();
  for (const c of strandedCells) smallOn.set(c, []);
  for (let i = 0; i < placements.length; i++) {
    if (placements[i]!.work.memoryMb === smallest) smallOn.get(cells[i]!)?.push(i);
  }

  let moves = 0;
  for (const x of strandedCells) {
    if (!stranded(x)) continue;
    let moved = false;
    for (const i of smallOn.get(x)!) {
      const w = placements[i]!.work;
      for (const y of strandedCells) {
        if (y === x || !stranded(y) || table.zoneOf[y] !== table.zoneOf[x]) continue;
        if (!table.fits(y, w.memoryMb, w.diskMb, w.maxPids, maxStartingPerCell)) continue;
        if ((table.instancesByCell(w.processGuid)?.get(y) ?? 0) > 0) continue;
        if (!isCompatible(table.cells[y]!, w) || refused(w, y)) continue;
        table.moveLRP(x, y, w.processGuid, w.memoryMb, w.diskMb, w.maxPids);
        cells[i] = y;
        placements[i]!.cellId = table.ids[y]!;
        moves++;
        moved = true;
        break;
      }
      if (moved) break;
    }
  }
  return moves;
}
