// Runs a scenario through the auction in-process, batch after batch as the
// auctioneer service would, carrying cell state from one batch to the next,
// and measures how good and how fast the placements were. The metric
// functions take plain cell states, so a run over gRPC can reuse them.

import { performance } from 'node:perf_hooks';
import { runAuction } from '../auction/auction.ts';
import { applyPlacements } from '../auction/apply.ts';
import { isCompatible } from '../auction/filters.ts';
import type { AuctionStrategy, AuctionWeights, AuctionWork, CellState, LRPWork, TaskWork } from '../auction/types.ts';
import { lrpWorkFor, type Scenario } from './scenarios.ts';

/** What the metrics need to know of an app: who it is and where it may run. */
export interface AppPlacementSpec {
  processGuid: string;
  stack: string;
  placementTags: readonly string[];
}

export interface SpreadMetric {
  /** Mean over apps of (most instances on one cell) / ceil(instances / eligible cells); 1 is ideal. */
  meanRatio: number;
  worstRatio: number;
  /** Apps measured: those with at least two instances placed. */
  apps: number;
}

export interface ZoneBalanceMetric {
  /** Mean over apps of (instances in fullest zone - in emptiest zone), over zones with eligible cells. */
  meanSpread: number;
  worstSpread: number;
  apps: number;
}

export interface ScenarioReport {
  scenario: string;
  strategy: AuctionStrategy;
  cells: number;
  work: number;
  batches: number;
  placed: number;
  failed: number;
  failuresByReason: Record<string, number>;
  /** Time inside runAuction only. */
  auctionMs: number;
  /** CPU time of this process inside runAuction: unlike auctionMs, not inflated by other processes on the machine. */
  auctionCpuMs: number;
  /** Time for the whole run, including carrying state between batches. */
  wallMs: number;
  /** Work placed per second of auction time. */
  placementsPerSecond: number;
  /** Work placed per second of auction CPU time. */
  placementsPerCpuSecond: number;
  spread: SpreadMetric;
  /** Coefficient of variation of memory-used fraction across cells that are not evacuating. */
  memoryBalanceCV: number;
  zoneBalance: ZoneBalanceMetric;
  /** Perform refusals retried; none in-process, since simulated cells accept what they were given. */
  retries: number;
  finalCells: CellState[];
}

export interface RunOptions {
  strategy: AuctionStrategy;
  weights?: Partial<AuctionWeights>;
  /** Overrides the scenario's batch size. */
  batchSize?: number;
  /**
   * Whether containers placed by one batch have finished starting before the
   * next batch (true, the default: a batch interval outlasts a start), or are
   * still counted as starting for the rest of the run (as in Diego's simulation).
   */
  startsSettleBetweenBatches?: boolean;
}

/** The scenario's work in arrival order (each app's instances together, tasks spread evenly), cut into batches. */
export function scenarioBatches(scenario: Scenario, batchSize = scenario.batchSize): AuctionWork[] {
  const lrps: LRPWork[] = scenario.apps.flatMap(lrpWorkFor);
  const total = lrps.length + scenario.tasks.length;
  const stream: (LRPWork | TaskWork)[] = [];
  let nextTask = 0;
  let nextLRP = 0;
  for (let i = 0; i < total; i++) {
    const taskDue = nextTask < scenario.tasks.length && (nextLRP >= lrps.length || (nextTask + 1) * total <= (i + 1) * scenario.tasks.length);
    stream.push(taskDue ? scenario.tasks[nextTask++]! : lrps[nextLRP++]!);
  }
  const batches: AuctionWork[] = [];
  for (let start = 0; start < stream.length; start += batchSize) {
    const slice = stream.slice(start, start + batchSize);
    batches.push({
      lrps: slice.filter((w): w is LRPWork => 'processGuid' in w),
      tasks: slice.filter((w): w is TaskWork => 'taskGuid' in w),
    });
  }
  return batches;
}

export function runScenario(scenario: Scenario, options: RunOptions): ScenarioReport {
  const batches = scenarioBatches(scenario, options.batchSize);
  const wallStart = performance.now();
  let cells = scenario.cells;
  let auctionMs = 0;
  let auctionCpuMs = 0;
  let placed = 0;
  let failed = 0;
  const failuresByReason: Record<string, number> = {};
  for (const batch of batches) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = runAuction(cells, batch, { ...options.weights, strategy: options.strategy });
    const cpu = process.cpuUsage(cpuStart);
    auctionMs += performance.now() - start;
    auctionCpuMs += (cpu.user + cpu.system) / 1000;
    placed += result.lrpPlacements.length + result.taskPlacements.length;
    for (const { reason } of [...result.lrpFailures, ...result.taskFailures]) {
      failed++;
      failuresByReason[reason] = (failuresByReason[reason] ?? 0) + 1;
    }
    cells = applyPlacements(cells, result);
    if (options.startsSettleBetweenBatches ?? true) cells = cells.map(settleStarts);
  }
  const wallMs = performance.now() - wallStart;
  return {
    scenario: scenario.name,
    strategy: options.strategy,
    cells: cells.length,
    work: batches.reduce((sum, b) => sum + (b.lrps?.length ?? 0) + (b.tasks?.length ?? 0), 0),
    batches: batches.length,
    placed,
    failed,
    failuresByReason,
    auctionMs,
    auctionCpuMs,
    wallMs,
    placementsPerSecond: auctionMs > 0 ? placed / (auctionMs / 1000) : 0,
    placementsPerCpuSecond: auctionCpuMs > 0 ? placed / (auctionCpuMs / 1000) : 0,
    spread: spreadMetric(cells, scenario.apps),
    memoryBalanceCV: memoryBalanceCV(cells),
    zoneBalance: zoneBalanceMetric(cells, scenario.apps),
    retries: 0,
    finalCells: cells,
  };
}

function settleStarts(cell: CellState): CellState {
  return cell.startingContainers === 0 ? cell : { ...cell, startingContainers: 0 };
}

/** Instances of each app on each cell: processGuid -> cellId -> count. */
export function instancesByApp(cells: readonly CellState[]): Map<string, Map<string, number>> {
  const byApp = new Map<string, Map<string, number>>();
  for (const cell of cells) {
    for (const lrp of cell.lrps) {
      let byCell = byApp.get(lrp.processGuid);
      if (byCell === undefined) {
        byCell = new Map();
        byApp.set(lrp.processGuid, byCell);
      }
      byCell.set(cell.cellId, (byCell.get(cell.cellId) ?? 0) + 1);
    }
  }
  return byApp;
}

interface Eligible {
  cells: CellState[];
  zones: string[];
}

/** Cells an app may run on (compatible and not evacuating) and their zones, cached by stack and tags. */
function eligibleCellsFinder(cells: readonly CellState[]): (app: AppPlacementSpec) => Eligible {
  const cache = new Map<string, Eligible>();
  return (app) => {
    const key = `${app.stack}\u0000${[...app.placementTags].sort().join('\u0000')}`;
    let eligible = cache.get(key);
    if (eligible === undefined) {
      const matching = cells.filter((c) => !c.evacuating && isCompatible(c, app));
      eligible = { cells: matching, zones: [...new Set(matching.map((c) => c.zone))] };
      cache.set(key, eligible);
    }
    return eligible;
  };
}

export function spreadMetric(cells: readonly CellState[], apps: readonly AppPlacementSpec[]): SpreadMetric {
  const byApp = instancesByApp(cells);
  const eligibleCells = eligibleCellsFinder(cells);
  let sum = 0;
  let worst = 0;
  let measured = 0;
  for (const app of apps) {
    const byCell = byApp.get(app.processGuid);
    if (byCell === undefined) continue;
    let placed = 0;
    let most = 0;
    for (const count of byCell.values()) {
      placed += count;
      most = Math.max(most, count);
    }
    if (placed < 2) continue;
    const eligible = Math.max(1, eligibleCells(app).cells.length);
    const ratio = most / Math.ceil(placed / eligible);
    sum += ratio;
    worst = Math.max(worst, ratio);
    measured++;
  }
  return { meanRatio: measured > 0 ? sum / measured : 1, worstRatio: measured > 0 ? worst : 1, apps: measured };
}

export function memoryBalanceCV(cells: readonly CellState[]): number {
  const fractions = cells
    .filter((c) => !c.evacuating && c.total.memoryMb > 0)
    .map((c) => 1 - c.available.memoryMb / c.total.memoryMb);
  return coefficientOfVariation(fractions);
}

export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return 0;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

export function zoneBalanceMetric(cells: readonly CellState[], apps: readonly AppPlacementSpec[]): ZoneBalanceMetric {
  const byApp = instancesByApp(cells);
  const eligibleCells = eligibleCellsFinder(cells);
  const zoneOf = new Map(cells.map((c) => [c.cellId, c.zone] as const));
  let sum = 0;
  let worst = 0;
  let measured = 0;
  for (const app of apps) {
    const byCell = byApp.get(app.processGuid);
    if (byCell === undefined) continue;
    const perZone = new Map<string, number>();
    for (const zone of eligibleCells(app).zones) perZone.set(zone, 0);
    let placed = 0;
    for (const [cellId, count] of byCell) {
      const zone = zoneOf.get(cellId)!;
      if (perZone.has(zone)) perZone.set(zone, perZone.get(zone)! + count);
      placed += count;
    }
    if (placed < 2 || perZone.size === 0) continue;
    const counts = [...perZone.values()];
    const difference = Math.max(...counts) - Math.min(...counts);
    sum += difference;
    worst = Math.max(worst, difference);
    measured++;
  }
  return { meanSpread: measured > 0 ? sum / measured : 0, worstSpread: worst, apps: measured };
}
