// The auction: cell states and work in, placements and failures out.
// Work is placed one piece at a time, each on the best-scoring cell that can
// take it, and reserved there so the next piece sees the cell as it would be.

import { CellTable } from './cell-table.ts';
import { explainFailure } from './explain.ts';
import { auctionOrder } from './ordering.ts';
import { REASON_IN_FLIGHT_LIMIT } from './reasons.ts';
import { diegoScorer } from './scoring.ts';
import { IndexedSearch } from './indexed-search.ts';
import { LinearSearch } from './linear-search.ts';
import type { CellSearch } from './search.ts';
import { gantryScorer } from './gantry-scoring.ts';
import { repairSpread } from './spread-repair.ts';
import { repairFragments } from './fragment-repair.ts';
import type {
  AuctionOptions,
  AuctionResult,
  AuctionStrategy,
  AuctionWeights,
  AuctionWork,
  CellState,
  LRPWork,
  TaskWork,
} from './types.ts';
import { workKey } from './work-key.ts';
import { zoneGroupsByInstances } from './zones.ts';

/** Diego's defaults (auctioneer config): starting weight 0.25, LocalityOffset 1000, no bin-pack, no start limits. */
export const DEFAULT_WEIGHTS: Readonly<AuctionWeights> = Object.freeze({
  startingContainerWeight: 0.25,
  localityWeight: 1000,
  binPackFirstFitWeight: 0,
  maxInFlightStarts: 0,
  maxStartingPerCell: 0,
});

export const DEFAULT_STRATEGY: AuctionStrategy = 'gantry';

/** Each strategy's scoring and search. Diego scores every compatible cell; gantry walks its index. */
const STRATEGIES: Record<AuctionStrategy, SearchFactory> = {
  diego: (table, weights) => new LinearSearch(table, diegoScorer, weights),
  gantry: (table, weights, workCount) => {
    gantryScorer.prepare?.(table, workCount);
    return new IndexedSearch(table, weights);
  },
};

export function resolveWeights(options: AuctionOptions): AuctionWeights {
  const weights = { ...DEFAULT_WEIGHTS };
  for (const name of Object.keys(DEFAULT_WEIGHTS) as (keyof AuctionWeights)[]) {
    const value = options[name];
    if (value !== undefined) weights[name] = value;
  }
  return weights;
}

export type SearchFactory = (table: CellTable, weights: AuctionWeights, workCount: number) => CellSearch;

export function runAuction(cells: readonly CellState[], work: AuctionWork, options: AuctionOptions = {}): AuctionResult {
  const strategy = options.strategy ?? DEFAULT_STRATEGY;
  if (!Object.hasOwn(STRATEGIES, strategy)) throw new Error(`unknown auction strategy ${JSON.stringify(strategy)}`);
  const makeSearch = STRATEGIES[strategy];
  return runAuctionWithSearch(cells, work, options, makeSearch);
}

/** runAuction with the search given rather than chosen by strategy (tests compare searches with it). */
export function runAuctionWithSearch(
  cells: readonly CellState[],
  work: AuctionWork,
  options: AuctionOptions,
  makeSearch: SearchFactory,
): AuctionResult {
  const strategy = options.strategy ?? DEFAULT_STRATEGY;
  const weights = resolveWeights(options);
  const lrps = work.lrps ?? [];
  const tasks = work.tasks ?? [];
  const table = new CellTable(cells, new Set(lrps.map((l) => l.processGuid)));
  const search = makeSearch(table, weights, lrps.length + tasks.length);
  const sameApp = new Float64Array(table.count);
  const result: AuctionResult = { lrpPlacements: [], taskPlacements: [], lrpFailures: [], taskFailures: [] };

  // Starts in flight, for Diego's auction-wide limit. Diego drops evacuating cells before counting.
  let inFlight = 0;
  for (let c = 0; c < table.count; c++) if (table.evacuating[c] === 0) inFlight += table.starting[c]!;
  const startsBefore = inFlight;

  for (const item of auctionOrder(lrps, tasks, strategy === 'diego')) {
    const refused = refusedCells(table, options.refusals, item.work);
    let cell: number;
    let reason: string | undefined;
    if (weights.maxInFlightStarts > 0 && inFlight >= weights.maxInFlightStarts) {
      // Diego checks this before looking at any cell.
      cell = -1;
      reason = REASON_IN_FLIGHT_LIMIT;
    } else if (item.kind === 'lrp') {
      cell = bestLRPCell(table, search, item.work, sameApp, refused);
    } else {
      cell = search.bestTaskCell({ work: item.work, compatible: table.compatibleCells(item.work), refused });
    }
    if (cell < 0) {
      reason ??= explainFailure(table, item.work, refused, weights.maxStartingPerCell);
      if (item.kind === 'lrp') result.lrpFailures.push({ work: item.work, reason });
      else result.taskFailures.push({ work: item.work, reason });
      continue;
    }
    const { memoryMb, diskMb, maxPids } = item.work;
    if (item.kind === 'lrp') table.reserveLRP(cell, item.work.processGuid, memoryMb, diskMb, maxPids);
    else table.reserveTask(cell, memoryMb, diskMb, maxPids);
    search.cellChanged(cell);
    inFlight++;
    if (item.kind === 'lrp') result.lrpPlacements.push({ work: item.work, cellId: table.ids[cell]! });
    else result.taskPlacements.push({ work: item.work, cellId: table.ids[cell]! });
  }
  if (strategy === 'gantry' && result.lrpPlacements.length > 1) {
    // gantry's repairs after placement: swap equal-sized instances off cells
    // holding their app twice, then pair up cells left with a stranded
    // half-unit of memory (see spread-repair.ts and fragment-repair.ts).
    const placedOn = Int32Array.from(result.lrpPlacements, (p) => binarySearch(table.ids, p.cellId));
    const refused = (w: LRPWork, cell: number) => refusedCells(table, options.refusals, w)?.has(cell) ?? false;
    repairSpread(table, result.lrpPlacements, placedOn, refused);
    if (startsBefore === 0) {
      let largestMb = 0;
      for (const w of lrps) largestMb = Math.max(largestMb, w.memoryMb);
      for (const w of tasks) largestMb = Math.max(largestMb, w.memoryMb);
      repairFragments(table, result.lrpPlacements, placedOn, largestMb, refused, weights.maxStartingPerCell);
    }
  }
  return result;
}

function refusedCells(
  table: CellTable,
  refusals: ReadonlyMap<string, readonly string[]> | undefined,
  work: LRPWork | TaskWork,
): Set<number> | undefined {
  if (refusals === undefined || refusals.size === 0) return undefined;
  const cellIds = refusals.get(workKey(work));
  if (cellIds === undefined || cellIds.length === 0) return undefined;
  const refused = new Set<number>();
  for (const id of cellIds) {
    const cell = binarySearch(table.ids, id);
    if (cell >= 0) refused.add(cell);
  }
  return refused;
}

function binarySearch(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid]!;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Zone balancing around the strategy's search: zone groups are tried emptiest
 * first, and the first group with any cell able to take the LRP wins.
 */
function bestLRPCell(
  table: CellTable,
  search: CellSearch,
  work: LRPWork,
  sameApp: Float64Array,
  refused: ReadonlySet<number> | undefined,
): number {
  const compatible = table.compatibleCells(work);
  const byCell = table.instancesByCell(work.processGuid);
  const cellsWithApp = byCell?.size ?? 0;
  if (byCell !== undefined) byCell.forEach((count, cell) => (sameApp[cell] = count));
  let best = -1;
  for (const zones of zoneGroupsByInstances(compatible.zones, table.instancesByZone(work.processGuid))) {
    best = search.bestLRPCell({ work, zones, compatible, sameApp, cellsWithApp, refused });
    if (best >= 0) break;
  }
  if (byCell !== undefined) byCell.forEach((_, cell) => (sameApp[cell] = 0));
  return best;
}
