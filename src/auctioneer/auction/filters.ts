// Whether a cell can take a piece of work at all, before any scoring.
// Same rules as Diego's rep.CellState (MatchRootFS, MatchPlacementTags,
// ResourceMatch), plus pids, which Diego's auction does not check.

import type { ResourceProblem } from './reasons.ts';

export interface StackAndTags {
  stack: string;
  placementTags: readonly string[];
}

export interface CellCapabilities {
  stacks: readonly string[];
  placementTags: readonly string[];
  optionalPlacementTags: readonly string[];
}

export function servesStack(cell: Pick<CellCapabilities, 'stacks'>, stack: string): boolean {
  return cell.stacks.includes(stack);
}

/**
 * A cell's required tags must all be asked for (a tagged cell is reserved for
 * work that names it), and every tag the work asks for must be one the cell
 * has, required or optional.
 */
export function matchesPlacementTags(cell: CellCapabilities, workTags: readonly string[]): boolean {
  for (const tag of cell.placementTags) {
    if (!workTags.includes(tag)) return false;
  }
  for (const tag of workTags) {
    if (!cell.placementTags.includes(tag) && !cell.optionalPlacementTags.includes(tag)) return false;
  }
  return true;
}

export function isCompatible(cell: CellCapabilities, work: StackAndTags): boolean {
  return servesStack(cell, work.stack) && matchesPlacementTags(cell, work.placementTags);
}

export interface ResourceNeed {
  memoryMb: number;
  diskMb: number;
  maxPids: number;
}

export interface ResourceAvailable {
  memoryMb: number;
  diskMb: number;
  containers: number;
  pids: number;
}

/** What the cell lacks to take the work; empty when it fits. */
export function resourceProblems(available: ResourceAvailable, need: ResourceNeed): ResourceProblem[] {
  const problems: ResourceProblem[] = [];
  if (available.memoryMb < need.memoryMb) problems.push('memory');
  if (available.diskMb < need.diskMb) problems.push('disk');
  if (available.containers < 1) problems.push('containers');
  // maxPids 0 asks for no limit, so it needs no pids from the cell.
  if (need.maxPids > 0 && available.pids < need.maxPids) problems.push('pids');
  return problems;
}
