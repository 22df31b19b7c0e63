// The cell states an auction's placements lead to: what each winning cell
// would report after reserving its work. Used to carry state from one auction
// batch to the next without asking the cells again (the simulation does).

import type { AuctionResult, CellState } from './types.ts';

export function applyPlacements(cells: readonly CellState[], result: AuctionResult): CellState[] {
  const originals = new Map(cells.map((c) => [c.cellId, c] as const));
  const byId = new Map<string, CellState>();
  // Copy a cell the first time it wins something; untouched cells are shared.
  const lookup = (cellId: string): CellState | undefined => {
    let cell = byId.get(cellId);
    if (cell !== undefined) return cell;
    const original = originals.get(cellId);
    if (original === undefined) return undefined;
    cell = { ...original, available: { ...original.available }, lrps: [...original.lrps], tasks: [...original.tasks] };
    byId.set(cellId, cell);
    return cell;
  };

  for (const { work, cellId } of result.lrpPlacements) {
    const cell = lookup(cellId);
    if (cell === undefined) continue;
    reserve(cell, work.memoryMb, work.diskMb, work.maxPids);
    cell.lrps.push({ processGuid: work.processGuid, index: work.index, memoryMb: work.memoryMb, diskMb: work.diskMb });
  }
  for (const { work, cellId } of result.taskPlacements) {
    const cell = lookup(cellId);
    if (cell === undefined) continue;
    reserve(cell, work.memoryMb, work.diskMb, work.maxPids);
    cell.tasks.push({ taskGuid: work.taskGuid, memoryMb: work.memoryMb, diskMb: work.diskMb });
  }
  return cells.map((c) => byId.get(c.cellId) ?? c);
}

function reserve(cell: CellState, memoryMb: number, diskMb: number, maxPids: number): void {
  cell.available.memoryMb -= memoryMb;
  cell.available.diskMb -= diskMb;
  cell.available.containers -= 1;
  cell.available.pids -= maxPids;
  cell.startingContainers += 1;
}
