// Small builders for auction tests: a cell, an LRP instance, a task.

import type { CellState, LRPWork, Resources, TaskWork } from '../../../src/auctioneer/auction/types.ts';

export const STACK = 'cflinuxfs4';

export const ROOMY: Resources = { memoryMb: 10_000, diskMb: 10_000, containers: 100, pids: 10_000 };

export interface CellOverrides extends Partial<Omit<CellState, 'total' | 'available'>> {
  total?: Partial<Resources>;
  /** Defaults to the total. */
  available?: Partial<Resources>;
}

export function cell(cellId: string, overrides: CellOverrides = {}): CellState {
  const total = { ...ROOMY, ...overrides.total };
  return {
    zone: 'z1',
    stacks: [STACK],
    placementTags: [],
    optionalPlacementTags: [],
    lrps: [],
    tasks: [],
    startingContainers: 0,
    evacuating: false,
    ...overrides,
    cellId,
    total,
    available: { ...total, ...overrides.available },
  };
}

export function lrp(processGuid: string, index = 0, overrides: Partial<LRPWork> = {}): LRPWork {
  return { processGuid, index, domain: 'apps', stack: STACK, memoryMb: 100, diskMb: 100, maxPids: 0, placementTags: [], ...overrides };
}

export function task(taskGuid: string, overrides: Partial<TaskWork> = {}): TaskWork {
  return { taskGuid, domain: 'tasks', stack: STACK, memoryMb: 100, diskMb: 100, maxPids: 0, placementTags: [], ...overrides };
}

/** Instances already running on a cell, as its state reports them. */
export function running(processGuid: string, count: number, memoryMb = 100): CellState['lrps'] {
  return Array.from({ length: count }, (_, index) => ({ processGuid, index, memoryMb, diskMb: 100 }));
}

export const STRATEGIES = ['diego', 'gantry'] as const;

/** cellId each LRP went to, as "guid/index" -> cellId. */
export function lrpWinners(result: { lrpPlacements: { work: LRPWork; cellId: string }[] }): Record<string, string> {
  return Object.fromEntries(result.lrpPlacements.map((p) => [`${p.work.processGuid}/${p.work.index}`, p.cellId]));
}
