// gantry's spread repair, run once after the placements of an auction.
//
// Placement is greedy and goes index by index, so when a cluster is nearly
// full a late instance can find room only on cells that already hold its
// app: the locality penalty makes that the last resort, but it is still
// taken (Diego does the same). Often another instance placed in the same
// auction, of another app and of exactly the same size (memory, disk, pids),
// sits on a cell without the first app. Swapping the two changes no cell's
// resources, starting count or task count, so every filter, the starting
// limits and the memory balance stay as they were; it only takes one
// instance off a cell that held its app twice.
//
// A swap is made only when both cells are in the same zone (so zone balance
// is unchanged), both cells serve both apps' stacks and tags, neither cell
// refused the instance it would receive, and neither app ends up with more
// instances on one cell than it had before. Placements are visited in the
// order the auction made them, and candidates in the same order, so the
// result is deterministic.

import type { CellTable } from './cell-table.ts';
import { isCompatible } from './filters.ts';
import type { LRPWork, Placement } from './types.ts';

/**
 * Swaps equal-sized LRP placements to take instances off cells that hold
 * their app more than once. `table` is the auction's, after its placements;
 * `placements[i]` was placed on `cells[i]` (a table index). Both are updated
 * in place; returns how many swaps were made.
 */
export function repairSpread(
  table: CellTable,
  placements: Placement<LRPWork>[],
  cells: Int32Array,
  refused: (work: LRPWork, cell: number) => boolean,
): number {
  const count = (guid: string, cell: number) => table.instancesByCell(guid)?.get(cell) ?? 0;
  const crowded: number[] = [];
  for (let i = 0; i < placements.length; i++) if (count(placements[i]!.work.processGuid, cells[i]!) > 1) crowded.push(i);
  if (crowded.length === 0) return 0;

  const bySize = new Map<string, number[]>();
  for (let i = 0; i < placements.length; i++) {
    const w = placements[i]!.work;
    const size = `${w.memoryMb}/${w.diskMb}/${w.maxPids}`;
    let group = bySize.get(size);
    if (group === undefined) bySize.set(size, (group = []));
    group.push(i);
  }

  let swaps = 0;
  for (const i of crowded) {
    const p = placements[i]!;
    const a = p.work.processGuid;
    const x = cells[i]!;
    if (count(a, x) < 2) continue; // an earlier swap already fixed it
    for (const j of bySize.get(`${p.work.memoryMb}/${p.work.diskMb}/${p.work.maxPids}`)!) {
      const q = placements[j]!;
      const b = q.work.processGuid;
      const y = cells[j]!;
      if (b === a || y === x || table.zoneOf[y] !== table.zoneOf[x]) continue;
      // A gets strictly better, B no worse.
      if (count(a, y) + 1 >= count(a, x)) continue;
      if (count(b, x) + 1 > count(b, y)) continue;
      if (!isCompatible(table.cells[y]!, p.work) || !isCompatible(table.cells[x]!, q.work)) continue;
      if (refused(p.work, y) || refused(q.work, x)) continue;
      table.moveLRP(x, y, a, p.work.memoryMb, p.work.diskMb, p.work.maxPids);
      table.moveLRP(y, x, b, q.work.memoryMb, q.work.diskMb, q.work.maxPids);
      cells[i] = y;
      cells[j] = x;
      p.cellId = table.ids[y]!;
      q.cellId = table.ids[x]!;
      swaps++;
      break;
    }
  }
  return swaps;
}
