// The auction's working copy of the cells: one typed array per field, so the
// scoring loop touches numbers only, and reservations made during an auction
// are seen by the next piece of work. The caller's CellState objects are
// never changed.

import { isCompatible, type StackAndTags } from './filters.ts';
import { GuidFilter } from './guid-filter.ts';
import type { CellState } from './types.ts';

/** Cells able to take some stack and tag signature, grouped by zone. */
export interface CompatibleCells {
  /** Compatible cells that are not evacuating, by zone index (empty when none). */
  byZone: Int32Array[];
  /** Zone indices that hold at least one such cell, in zone-name order. */
  zones: number[];
  /** Every such cell, in cell-id order. */
  all: Int32Array;
}

export class CellTable {
  readonly count: number;
  /** Cell ids in ascending order; a cell's index in the table is its rank. */
  readonly ids: string[];
  readonly cells: readonly CellState[];
  readonly zoneNames: string[];
  readonly zoneOf: Int32Array;
  /** Position of the cell within its zone (cells ordered by id): the bin-pack index. */
  readonly indexInZone: Int32Array;
  readonly availMemory: Float64Array;
  readonly availDisk: Float64Array;
  readonly availContainers: Float64Array;
  readonly availPids: Float64Array;
  readonly totalMemory: Float64Array;
  readonly totalDisk: Float64Array;
  readonly totalContainers: Float64Array;
  readonly starting: Float64Array;
  /** Starts each cell may have before the starting weight applies (gantry's scoring sets it; Diego has none). */
  startingAllowance: Float64Array;
  readonly taskCount: Float64Array;
  readonly evacuating: Uint8Array;

  // processGuid -> (cell index -> instances on that cell), for the apps being auctioned
  private readonly appCells = new Map<string, Map<number, number>>();
  // processGuid -> instances per zone, counting cells that are not evacuating
  private readonly appZones = new Map<string, Int32Array>();
  private readonly compatible = new Map<string, CompatibleCells>();

  /**
   * `auctionedApps`: the processGuids of the LRPs being auctioned. Instances
   * of other apps matter only through the resources they hold, so they are
   * not counted (a cell can carry hundreds; counting them all dominated the cost).
   */
  constructor(cells: readonly CellState[], auctionedApps: ReadonlySet<string> = new Set()) {
    const sorted = [...cells].sort((a, b) => compareStrings(a.cellId, b.cellId));
    const n = sorted.length;
    this.count = n;
    this.cells = sorted;
    this.ids = sorted.map((c) => c.cellId);
    this.zoneNames = [...new Set(sorted.map((c) => c.zone))].sort(compareStrings);
    const zoneIndex = new Map(this.zoneNames.map((z, i) => [z, i] as const));

    this.zoneOf = new Int32Array(n);
    this.indexInZone = new Int32Array(n);
    this.availMemory = new Float64Array(n);
    this.availDisk = new Float64Array(n);
    this.availContainers = new Float64Array(n);
    this.availPids = new Float64Array(n);
    this.totalMemory = new Float64Array(n);
    this.totalDisk = new Float64Array(n);
    this.totalContainers = new Float64Array(n);
    this.starting = new Float64Array(n);
    this.startingAllowance = new Float64Array(n);
    this.taskCount = new Float64Array(n);
    this.evacuating = new Uint8Array(n);

    const zoneSizes = new Int32Array(this.zoneNames.length);
    for (let i = 0; i < n; i++) {
      const cell = sorted[i]!;
      const zone = zoneIndex.get(cell.zone)!;
      this.zoneOf[i] = zone;
      this.indexInZone[i] = zoneSizes[zone]!;
      zoneSizes[zone]!++;
      this.availMemory[i] = cell.available.memoryMb;
      this.availDisk[i] = cell.available.diskMb;
      this.availContainers[i] = cell.available.containers;
      this.availPids[i] = cell.available.pids;
      this.totalMemory[i] = cell.total.memoryMb;
      this.totalDisk[i] = cell.total.diskMb;
      this.totalContainers[i] = cell.total.containers;
      this.starting[i] = cell.startingContainers;
      this.taskCount[i] = cell.tasks.length;
      this.evacuating[i] = cell.evacuating ? 1 : 0;
    }
    for (const app of auctionedApps) this.appCells.set(app, new Map());
    const appCells = this.appCells;
    const filter = new GuidFilter(auctionedApps);
    for (let i = 0; i < n; i++) {
      const lrps = sorted[i]!.lrps;
      for (let k = 0; k < lrps.length; k++) {
        const processGuid = lrps[k]!.processGuid;
        if (!filter.mayContain(processGuid)) continue;
        const byCell = appCells.get(processGuid);
        if (byCell !== undefined) this.addInstance(byCell, processGuid, i);
      }
    }
  }

  /** Instances of the app on each cell; absent cells hold none. Known for auctioned apps only. */
  instancesByCell(processGuid: string): ReadonlyMap<number, number> | undefined {
    return this.appCells.get(processGuid);
  }

  /** Instances of the app per zone index, on cells that are not evacuating. */
  instancesByZone(processGuid: string): Int32Array | undefined {
    return this.appZones.get(processGuid);
  }

  compatibleCells(work: StackAndTags): CompatibleCells {
    const key = signature(work);
    let found = this.compatible.get(key);
    if (found === undefined) {
      found = this.findCompatible(work);
      this.compatible.set(key, found);
    }
    return found;
  }

  /** Whether the cell has room for the work now and is under the per-cell starting limit (0: none). */
  fits(cell: number, memoryMb: number, diskMb: number, maxPids: number, maxStartingPerCell: number): boolean {
    return (
      (maxStartingPerCell <= 0 || this.starting[cell]! < maxStartingPerCell) &&
      this.availMemory[cell]! >= memoryMb &&
      this.availDisk[cell]! >= diskMb &&
      this.availContainers[cell]! >= 1 &&
      (maxPids <= 0 || this.availPids[cell]! >= maxPids)
    );
  }

  reserveLRP(cell: number, processGuid: string, memoryMb: number, diskMb: number, maxPids: number): void {
    this.reserve(cell, memoryMb, diskMb, maxPids);
    let byCell = this.appCells.get(processGuid);
    if (byCell === undefined) {
      byCell = new Map();
      this.appCells.set(processGuid, byCell);
    }
    this.addInstance(byCell, processGuid, cell);
  }

  reserveTask(cell: number, memoryMb: number, diskMb: number, maxPids: number): void {
    this.reserve(cell, memoryMb, diskMb, maxPids);
    this.taskCount[cell]!++;
  }

  /** Moves an LRP instance reserved in this auction from one cell to another (gantry's repairs after placement). */
  moveLRP(from: number, to: number, processGuid: string, memoryMb: number, diskMb: number, maxPids: number): void {
    this.reserve(from, -memoryMb, -diskMb, -maxPids, -1);
    this.reserve(to, memoryMb, diskMb, maxPids);
    const byCell = this.appCells.get(processGuid)!;
    const left = (byCell.get(from) ?? 0) - 1;
    if (left > 0) byCell.set(from, left);
    else byCell.delete(from);
    if (this.evacuating[from] === 0) this.appZones.get(processGuid)![this.zoneOf[from]!]!--;
    this.addInstance(byCell, processGuid, to);
  }

  private reserve(cell: number, memoryMb: number, diskMb: number, maxPids: number, containers = 1): void {
    this.availMemory[cell]! -= memoryMb;
    this.availDisk[cell]! -= diskMb;
    this.availContainers[cell]! -= containers;
    this.availPids[cell]! -= maxPids;
    // A placed container is starting until the cell reports otherwise (Diego's AddLRP/AddTask).
    this.starting[cell]! += containers;
  }

  private addInstance(byCell: Map<number, number>, processGuid: string, cell: number): void {
    byCell.set(cell, (byCell.get(cell) ?? 0) + 1);
    if (this.evacuating[cell] === 1) return;
    let zones = this.appZones.get(processGuid);
    if (zones === undefined) {
      zones = new Int32Array(this.zoneNames.length);
      this.appZones.set(processGuid, zones);
    }
    zones[this.zoneOf[cell]!]!++;
  }

  private findCompatible(work: StackAndTags): CompatibleCells {
    const byZoneLists: number[][] = this.zoneNames.map(() => []);
    const all: number[] = [];
    for (let i = 0; i < this.count; i++) {
      if (this.evacuating[i] === 1 || !isCompatible(this.cells[i]!, work)) continue;
      byZoneLists[this.zoneOf[i]!]!.push(i);
      all.push(i);
    }
    const zones: number[] = [];
    byZoneLists.forEach((list, zone) => {
      if (list.length > 0) zones.push(zone);
    });
    return { byZone: byZoneLists.map((l) => Int32Array.from(l)), zones, all: Int32Array.from(all) };
  }
}

function signature(work: StackAndTags): string {
  const tags = work.placementTags;
  // Most work asks for no tags: the stack alone is the key, with no string to build.
  if (tags.length === 0) return work.stack;
  const sorted = tags.length === 1 ? tags : [...new Set(tags)].sort();
  return `${work.stack}\u0000${sorted.join('\u0000')}`;
}

/** Byte-wise string order, independent of locale, for deterministic ties. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
