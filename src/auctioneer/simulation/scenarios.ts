// Seeded, deterministic workloads for the auction simulation: the same seed
// always gives the same cells and the same work, so strategies can be compared
// on equal terms and a run can be repeated.

import type { CellState, LRPWork, Resources, TaskWork } from '../auction/types.ts';

/** An app the scenario desires: `instances` LRP instances alike in all but index. */
export interface AppSpec {
  processGuid: string;
  domain: string;
  stack: string;
  placementTags: string[];
  memoryMb: number;
  diskMb: number;
  maxPids: number;
  instances: number;
}

export interface Scenario {
  name: string;
  description: string;
  cells: CellState[];
  apps: AppSpec[];
  tasks: TaskWork[];
  /** Pieces of work per auction, as the service's batching would gather them. */
  batchSize: number;
}

export const STACK_FS4 = 'cflinuxfs4';
export const STACK_BOOKWORM = 'gantry-bookworm';
const DOMAIN = 'cf-apps';

/** mulberry32: a small, fast, seedable generator; quality is ample for workloads. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T>(random: () => number, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

// Most apps run one or a few instances; a few run many (as in Diego's simulation).
const INSTANCE_COUNTS = [
  [1, 35],
  [2, 20],
  [3, 15],
  [5, 12],
  [10, 10],
  [20, 5],
  [50, 2.5],
  [100, 0.5],
] as const;
const MEMORY_SIZES = [
  [128, 40],
  [256, 30],
  [512, 20],
  [1024, 10],
] as const;

interface CellShape {
  total: Resources;
}

const SMALL: CellShape = { total: { memoryMb: 16 * 1024, diskMb: 32 * 1024, containers: 250, pids: 65536 } };
const MEDIUM: CellShape = { total: { memoryMb: 20 * 1024, diskMb: 40 * 1024, containers: 250, pids: 65536 } };
const LARGE: CellShape = { total: { memoryMb: 64 * 1024, diskMb: 128 * 1024, containers: 400, pids: 262144 } };
const HUGE: CellShape = { total: { memoryMb: 128 * 1024, diskMb: 256 * 1024, containers: 500, pids: 262144 } };

export function makeCell(
  cellId: string,
  zone: string,
  shape: CellShape,
  extra: Partial<Pick<CellState, 'stacks' | 'placementTags' | 'optionalPlacementTags' | 'evacuating'>> = {},
): CellState {
  return {
    cellId,
    zone,
    stacks: extra.stacks ?? [STACK_FS4],
    placementTags: extra.placementTags ?? [],
    optionalPlacementTags: extra.optionalPlacementTags ?? [],
    total: { ...shape.total },
    available: { ...shape.total },
    lrps: [],
    tasks: [],
    startingContainers: 0,
    evacuating: extra.evacuating ?? false,
  };
}

function cellName(i: number): string {
  return `cell-${String(i).padStart(4, '0')}`;
}

interface AppDraw {
  stack?: string;
  placementTags?: string[];
}

/** Apps adding up to exactly `instances` instances; `draw` decides each app's stack and tags. */
function generateApps(
  random: () => number,
  prefix: string,
  instances: number,
  draw: (random: () => number) => AppDraw = () => ({}),
): AppSpec[] {
  const apps: AppSpec[] = [];
  let remaining = instances;
  while (remaining > 0) {
    const count = Math.min(remaining, pickWeighted(random, INSTANCE_COUNTS));
    const memoryMb = pickWeighted(random, MEMORY_SIZES);
    const { stack = STACK_FS4, placementTags = [] } = draw(random);
    apps.push({
      processGuid: `${prefix}-app-${String(apps.length).padStart(6, '0')}`,
      domain: DOMAIN,
      stack,
      placementTags,
      memoryMb,
      diskMb: Math.max(256, memoryMb) * (random() < 0.5 ? 1 : 2),
      maxPids: random() < 0.3 ? 1024 : 0,
      instances: count,
    });
    remaining -= count;
  }
  return apps;
}

function generateTasks(random: () => number, prefix: string, count: number, draw: (random: () => number) => AppDraw = () => ({})): TaskWork[] {
  const tasks: TaskWork[] = [];
  for (let i = 0; i < count; i++) {
    const memoryMb = pickWeighted(random, [
      [256, 50],
      [512, 35],
      [1024, 15],
    ] as const);
    const { stack = STACK_FS4, placementTags = [] } = draw(random);
    tasks.push({
      taskGuid: `${prefix}-task-${String(i).padStart(6, '0')}`,
      domain: DOMAIN,
      stack,
      memoryMb,
      diskMb: memoryMb * 2,
      maxPids: 0,
      placementTags,
    });
  }
  return tasks;
}

/** (a) Diego's simulation size: 100 equal cells in two zones, 4,000 instances of mixed apps. */
export function smallMixedScenario(seed = 1): Scenario {
  const random = seededRandom(seed);
  const cells = Array.from({ length: 100 }, (_, i) => makeCell(cellName(i), `z${i % 2}`, MEDIUM));
  return {
    name: 'a-100-cells',
    description: '100 cells, 2 zones, 4,000 LRP instances + 100 tasks, memory 128-1024 MB',
    cells,
    apps: generateApps(random, 'a', 4000),
    tasks: generateTasks(random, 'a', 100),
    batchSize: 500,
  };
}

/** (b) Scale: 1,000 cells in three zones, 250,000 LRP instances. */
export function largeScaleScenario(seed = 2): Scenario {
  const random = seededRandom(seed);
  const cells = Array.from({ length: 1000 }, (_, i) => makeCell(cellName(i), `z${i % 3}`, HUGE));
  return {
    name: 'b-1000-cells',
    description: '1,000 cells, 3 zones, 250,000 LRP instances',
    cells,
    apps: generateApps(random, 'b', 250_000),
    tasks: [],
    batchSize: 5000,
  };
}

export const TAG_ISOLATED = 'isolation-a';
export const TAG_SSD = 'ssd';
export const TAG_GPU = 'gpu';
export const STACK_WINDOWS = 'windows2019';

/**
 * (c) Heterogeneous: small and large cells, three zones of unequal size, two
 * stacks, a few cells reserved by a required tag, some with an optional tag,
 * two evacuating, cells already partly loaded; a little work asks for a stack
 * or tag no cell has, and must fail with a reason that says so.
 */
export function heterogeneousScenario(seed = 3): Scenario {
  const random = seededRandom(seed);
  const zoneSizes = [90, 90, 60];
  const cells: CellState[] = [];
  for (let zone = 0; zone < zoneSizes.length; zone++) {
    for (let i = 0; i < zoneSizes[zone]!; i++) {
      const n = cells.length;
      const shape = random() < 0.6 ? SMALL : LARGE;
      const isolated = zone < 2 && i < 6;
      const stackRoll = random();
      const stacks = isolated || stackRoll < 0.2 ? [STACK_FS4, STACK_BOOKWORM] : stackRoll < 0.45 ? [STACK_BOOKWORM] : [STACK_FS4];
      cells.push(
        makeCell(cellName(n), `z${zone}`, shape, {
          stacks,
          placementTags: isolated ? [TAG_ISOLATED] : [],
          optionalPlacementTags: random() < 0.25 ? [TAG_SSD] : [],
          evacuating: n === 17 || n === 130,
        }),
      );
    }
  }
  // Existing load: each cell already runs some single-instance apps.
  for (const cell of cells) {
    const target = cell.total.memoryMb * random() * 0.3;
    let used = 0;
    for (let k = 0; used < target; k++) {
      const memoryMb = pickWeighted(random, MEMORY_SIZES);
      cell.lrps.push({ processGuid: `existing-${cell.cellId}-${k}`, index: 0, memoryMb, diskMb: memoryMb });
      cell.available.memoryMb -= memoryMb;
      cell.available.diskMb -= memoryMb;
      cell.available.containers -= 1;
      used += memoryMb;
    }
  }
  const draw = (r: () => number): AppDraw => {
    const roll = r();
    if (roll < 0.005) return { stack: STACK_WINDOWS };
    if (roll < 0.01) return { placementTags: [TAG_GPU] };
    if (roll < 0.05) return { stack: r() < 0.5 ? STACK_FS4 : STACK_BOOKWORM, placementTags: [TAG_ISOLATED] };
    const stack = r() < 0.7 ? STACK_FS4 : STACK_BOOKWORM;
    return { stack, placementTags: r() < 0.12 ? [TAG_SSD] : [] };
  };
  return {
    name: 'c-heterogeneous',
    description: '240 cells (2 sizes, 3 zones 90/90/60, 2 stacks, tags, 2 evacuating, preloaded), 10,000 LRPs + 400 tasks',
    cells,
    apps: generateApps(random, 'c', 10_000, draw),
    tasks: generateTasks(random, 'c', 400, draw),
    batchSize: 1000,
  };
}

/** (d) Near full: demand between 95% and 105% of the cells' memory, so some work must fail. */
export function nearFullScenario(seed = 4): Scenario {
  const random = seededRandom(seed);
  const cells = Array.from({ length: 100 }, (_, i) => makeCell(cellName(i), `z${i % 3}`, SMALL));
  const capacity = cells.reduce((sum, c) => sum + c.total.memoryMb, 0);
  const demand = capacity * (0.95 + random() * 0.1);
  const tasks = generateTasks(random, 'd', 200);
  const taskMemory = tasks.reduce((sum, t) => sum + t.memoryMb, 0);
  // Draw apps until their memory reaches what the tasks leave of the demand.
  const apps: AppSpec[] = [];
  let memory = taskMemory;
  while (memory < demand) {
    const [app] = generateApps(random, 'd', pickWeighted(random, INSTANCE_COUNTS));
    app!.processGuid = `d-app-${String(apps.length).padStart(6, '0')}`;
    apps.push(app!);
    memory += app!.memoryMb * app!.instances;
  }
  const instances = apps.reduce((sum, a) => sum + a.instances, 0);
  return {
    name: 'd-near-full',
    description: `100 cells, 3 zones, ${instances.toLocaleString('en-US')} LRPs + 200 tasks, demand ${Math.round((memory / capacity) * 100)}% of memory`,
    cells,
    apps,
    tasks,
    batchSize: 1000,
  };
}

export function allScenarios(): Scenario[] {
  return [smallMixedScenario(), largeScaleScenario(), heterogeneousScenario(), nearFullScenario()];
}

/** An app's instances as LRP work, index 0 first. */
export function lrpWorkFor(app: AppSpec): LRPWork[] {
  return Array.from({ length: app.instances }, (_, index) => ({
    processGuid: app.processGuid,
    index,
    domain: app.domain,
    stack: app.stack,
    memoryMb: app.memoryMb,
    diskMb: app.diskMb,
    maxPids: app.maxPids,
    placementTags: app.placementTags,
  }));
}
