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
// Only when the auction has larger work than that unit and no cell is still
// starting containers. A move stays in its zone (zone balance unchanged),
// goes only to a cell that serves the app's stack and tags, has the disk, a
// container slot and the pids, is under the per-cell starting limit, did not
// refuse the instance and does not hold the app already. Cells and
// placements are visited in id and auction order: the result is deterministic.

import { isCompatible } from './filters.ts';
import type { AuctionResult, CellState, LRPWork, Placement } from './types.ts';
import { workKey } from './work-key.ts';

interface Free {
  memory: number;
  disk: number;
  containers: number;
  pids: number;
  starting: number;
}

/** Moves smallest-size LRP placements between nearly-full cells with stranded half-units. Returns the moves made. */
export function repairFragments(
  cells: readonly CellState[],
  result: AuctionResult,
  refusals: ReadonlyMap<string, readonly string[]> | undefined,
  maxStartingPerCell: number,
): number {
  const placements = result.lrpPlacements;
  if (placements.length < 2) return 0;
  let smallest = Infinity;
  let largest = 0;
  for (const p of placements) {
    smallest = Math.min(smallest, p.work.memoryMb);
    largest = Math.max(largest, p.work.memoryMb);
  }
  for (const p of result.taskPlacements) largest = Math.max(largest, p.work.memoryMb);
  for (const f of result.lrpFailures) largest = Math.max(largest, f.work.memoryMb);
  for (const f of result.taskFailures) largest = Math.max(largest, f.work.memoryMb);
  const unit = 2 * smallest;
  // While cells are still starting containers the starting penalty is what
  // spreads the starts, and a move would add one; measured, repairing then
  // cost placements in later batches, so gantry leaves such auctions alone.
  if (cells.some((c) => !c.evacuating && c.startingContainers > 0)) return 0;
  if (!(smallest > 0) || largest < unit) return 0;

  const byId = new Map(cells.map((c) => [c.cellId, c] as const));
  const free = new Map<string, Free>();
  for (const c of cells) {
    free.set(c.cellId, { memory: c.available.memoryMb, disk: c.available.diskMb, containers: c.available.containers, pids: c.available.pids, starting: c.startingContainers });
  }
  const take = (cellId: string, w: { memoryMb: number; diskMb: number; maxPids: number }, sign: number) => {
    const f = free.get(cellId);
    if (f === undefined) return;
    f.memory -= sign * w.memoryMb;
    f.disk -= sign * w.diskMb;
    f.containers -= sign;
    f.pids -= sign * w.maxPids;
    f.starting += sign;
  };
  for (const p of placements) take(p.cellId, p.work, 1);
  for (const p of result.taskPlacements) take(p.cellId, p.work, 1);

  const apps = new Set(placements.map((p) => p.work.processGuid));
  const holds = new Map<string, number>();
  const hk = (guid: string, cellId: string) => `${guid}\u0000${cellId}`;
  for (const c of cells) for (const l of c.lrps) if (apps.has(l.processGuid)) holds.set(hk(l.processGuid, c.cellId), (holds.get(hk(l.processGuid, c.cellId)) ?? 0) + 1);
  for (const p of placements) holds.set(hk(p.work.processGuid, p.cellId), (holds.get(hk(p.work.processGuid, p.cellId)) ?? 0) + 1);

  // Less than a unit free but not empty: room for the smallest work only.
  const stranded = (cellId: string) => {
    const f = free.get(cellId)!;
    return !byId.get(cellId)!.evacuating && f.memory >= smallest && f.memory < unit;
  };
  const smallOn = new Map<string, Placement<LRPWork>[]>();
  for (const p of placements) {
    if (p.work.memoryMb !== smallest) continue;
    let list = smallOn.get(p.cellId);
    if (list === undefined) smallOn.set(p.cellId, (list = []));
    list.push(p);
  }

  const ids = cells.map((c) => c.cellId).sort();
  let moves = 0;
  for (const x of ids) {
    if (!stranded(x)) continue;
    const cellX = byId.get(x)!;
    const candidates = smallOn.get(x) ?? [];
    let moved = false;
    for (const p of candidates) {
      const guid = p.work.processGuid;
      for (const y of ids) {
        if (y === x || !stranded(y)) continue;
        const cellY = byId.get(y)!;
        if (cellY.zone !== cellX.zone) continue;
        const fy = free.get(y)!;
        if (fy.memory < p.work.memoryMb || fy.disk < p.work.diskMb || fy.containers < 1) continue;
        if (p.work.maxPids > 0 && fy.pids < p.work.maxPids) continue;
        if (maxStartingPerCell > 0 && fy.starting >= maxStartingPerCell) continue;
        if ((holds.get(hk(guid, y)) ?? 0) > 0) continue;
        if (!isCompatible(cellY, p.work)) continue;
        if (refusals?.get(workKey(p.work))?.includes(y)) continue;
        take(x, p.work, -1);
        take(y, p.work, 1);
        holds.set(hk(guid, x), holds.get(hk(guid, x))! - 1);
        holds.set(hk(guid, y), 1);
        candidates.splice(candidates.indexOf(p), 1);
        let list = smallOn.get(y);
        if (list === undefined) smallOn.set(y, (list = []));
        list.push(p);
        p.cellId = y;
        moves++;
        moved = true;
        break;
      }
      if (moved) break;
    }
  }
  return moves;
}
