// Why no cell took a piece of work. Each cell is walked through the checks in
// the order the auction applies them; the reason reported is the check that
// stopped the cell that got furthest (like Diego's filterZones keeping the
// most specific mismatch error).

import type { CellTable } from './cell-table.ts';
import { matchesPlacementTags, resourceProblems, servesStack, type ResourceNeed, type StackAndTags } from './filters.ts';
import {
  insufficientResourcesReason,
  noPlacementTagsReason,
  noStackReason,
  refusedReason,
  REASON_ALL_EVACUATING,
  REASON_NO_CELLS,
  REASON_STARTING_LIMIT,
  type ResourceProblem,
} from './reasons.ts';

// How far a cell got through the checks.
const Reached = {
  Nothing: 0,
  Stack: 1,
  Tags: 2,
  NotEvacuating: 3,
  NotRefused: 4,
  UnderStartingLimit: 5,
} as const;
type Reached = (typeof Reached)[keyof typeof Reached];

export function explainFailure(
  table: CellTable,
  work: StackAndTags & ResourceNeed,
  refused: ReadonlySet<number> | undefined,
  maxStartingPerCell: number,
): string {
  if (table.count === 0) return REASON_NO_CELLS;
  let furthest: Reached = Reached.Nothing;
  // Problems every resource-short cell shares; if they share none, all problems seen.
  let shared: Set<ResourceProblem> | undefined;
  const seen = new Set<ResourceProblem>();
  for (let c = 0; c < table.count; c++) {
    const cell = table.cells[c]!;
    if (!servesStack(cell, work.stack)) continue;
    if (furthest < Reached.Stack) furthest = Reached.Stack;
    if (!matchesPlacementTags(cell, work.placementTags)) continue;
    if (furthest < Reached.Tags) furthest = Reached.Tags;
    if (table.evacuating[c] === 1) continue;
    if (furthest < Reached.NotEvacuating) furthest = Reached.NotEvacuating;
    if (refused?.has(c)) continue;
    if (furthest < Reached.NotRefused) furthest = Reached.NotRefused;
    if (maxStartingPerCell > 0 && table.starting[c]! >= maxStartingPerCell) continue;
    furthest = Reached.UnderStartingLimit;
    const problems = resourceProblems(
      {
        memoryMb: table.availMemory[c]!,
        diskMb: table.availDisk[c]!,
        containers: table.availContainers[c]!,
        pids: table.availPids[c]!,
      },
      work,
    );
    for (const p of problems) seen.add(p);
    shared = shared === undefined ? new Set(problems) : new Set(problems.filter((p) => shared!.has(p)));
  }
  switch (furthest) {
    case Reached.Nothing:
      return noStackReason(work.stack);
    case Reached.Stack:
      return noPlacementTagsReason(work.placementTags);
    case Reached.Tags:
      return REASON_ALL_EVACUATING;
    case Reached.NotEvacuating:
      return refusedReason(refused?.size ?? 0);
    case Reached.NotRefused:
      return REASON_STARTING_LIMIT;
    case Reached.UnderStartingLimit:
      return insufficientResourcesReason(shared !== undefined && shared.size > 0 ? shared : seen);
  }
}
