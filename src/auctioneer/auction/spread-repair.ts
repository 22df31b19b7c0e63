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

import { isCompatible } from './filters.ts';
import type { CellState, LRPWork, Placement } from './types.ts';
import { workKey } from './work-key.ts';

/** Instances of each app on each cell, keyed `${processGuid}\0${cellId}`. */
type Counts = Map<string, number>;

const countKey = (processGuid: string, cellId: string) => `${processGuid}\u0000${cellId}`;

/**
 * Swaps equal-sized LRP placements to take instances off cells that hold
 * their app more than once. Mutates `placements` (their cellId) in place and
 * returns how many swaps were made.
 */
export function repairSpread(
  cells: readonly CellState[],
  placements: Placement<LRPWork>[],
  refusals: ReadonlyMap<string, readonly string[]> | undefined,
): number {
  if (placements.length < 2) return 0;
  const byId = new Map(cells.map((c) => [c.cellId, c] as const));
  const apps = new Set(placements.map((p) => p.work.processGuid));
  const counts: Counts = new Map();
  const bump = (guid: string, cellId: string, by: number) => {
    const k = countKey(guid, cellId);
    counts.set(k, (counts.get(k) ?? 0) + by);
  };
  const count = (guid: string, cellId: string) => counts.get(countKey(guid, cellId)) ?? 0;
  for (const cell of cells) for (const lrp of cell.lrps) if (apps.has(lrp.processGuid)) bump(lrp.processGuid, cell.cellId, 1);
  for (const p of placements) bump(p.work.processGuid, p.cellId, 1);

  // Nothing to repair unless some app is on a cell more than once.
  const crowded = placements.filter((p) => count(p.work.processGuid, p.cellId) > 1);
  if (crowded.length === 0) return 0;

  const bySize = new Map<string, Placement<LRPWork>[]>();
  for (const p of placements) {
    const size = `${p.work.memoryMb}/${p.work.diskMb}/${p.work.maxPids}`;
    let group = bySize.get(size);
    if (group === undefined) bySize.set(size, (group = []));
    group.push(p);
  }
  const refusedBy = (work: LRPWork, cellId: string) => refusals?.get(workKey(work))?.includes(cellId) ?? false;

  let swaps = 0;
  for (const p of crowded) {
    const a = p.work.processGuid;
    const x = p.cellId;
    if (count(a, x) < 2) continue; // an earlier swap already fixed it
    const cellX = byId.get(x);
    if (cellX === undefined) continue;
    const group = bySize.get(`${p.work.memoryMb}/${p.work.diskMb}/${p.work.maxPids}`)!;
    for (const q of group) {
      const b = q.work.processGuid;
      const y = q.cellId;
      if (b === a || y === x) continue;
      const cellY = byId.get(y);
      if (cellY === undefined || cellY.zone !== cellX.zone) continue;
      // A gets strictly better, B no worse: A on Y stays below what it had on X,
      // B on X stays at or below what it had on Y.
      if (count(a, y) + 1 >= count(a, x)) continue;
      if (count(b, x) + 1 > count(b, y)) continue;
      if (!isCompatible(cellY, p.work) || !isCompatible(cellX, q.work)) continue;
      if (refusedBy(p.work, y) || refusedBy(q.work, x)) continue;
      bump(a, x, -1);
      bump(a, y, 1);
      bump(b, y, -1);
      bump(b, x, 1);
      p.cellId = y;
      q.cellId = x;
      swaps++;
      break;
    }
  }
  return swaps;
}
