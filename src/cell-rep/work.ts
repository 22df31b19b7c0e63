// Pure checks of auctioned work: whether a Perform request is well formed
// (INVALID_ARGUMENT naming the field, before anything is reserved), and
// whether this cell can run a piece at all (stack, placement tags).
import { invalidArgument } from '../common/errors.ts';
import type { LRPWork__Output as LRPWork } from '../generated/gantry/rep/LRPWork.ts';
import type { TaskWork__Output as TaskWork } from '../generated/gantry/rep/TaskWork.ts';
import type { Work__Output as Work } from '../generated/gantry/rep/Work.ts';

export type { LRPWork, TaskWork, Work };

const maxInt32 = 2 ** 31 - 1;

function nonNegativeInt(field: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > maxInt32) throw invalidArgument(field, `must be an integer >= 0, got ${v}`);
}

function nonEmpty(field: string, v: string): void {
  if (typeof v !== 'string' || v.trim() === '') throw invalidArgument(field, 'must not be empty');
}

/** Throws INVALID_ARGUMENT for the first bad field of a Perform request. */
export function validateWork(work: Work): void {
  work.lrps.forEach((l, i) => {
    const f = `lrps[${i}]`;
    nonEmpty(`${f}.process_guid`, l.process_guid);
    nonNegativeInt(`${f}.index`, l.index);
    nonEmpty(`${f}.rootfs`, l.rootfs);
    nonNegativeInt(`${f}.memory_mb`, l.memory_mb);
    nonNegativeInt(`${f}.disk_mb`, l.disk_mb);
    nonNegativeInt(`${f}.max_pids`, l.max_pids);
  });
  work.tasks.forEach((t, i) => {
    const f = `tasks[${i}]`;
    nonEmpty(`${f}.task_guid`, t.task_guid);
    nonEmpty(`${f}.rootfs`, t.rootfs);
    nonNegativeInt(`${f}.memory_mb`, t.memory_mb);
    nonNegativeInt(`${f}.disk_mb`, t.disk_mb);
    nonNegativeInt(`${f}.max_pids`, t.max_pids);
  });
}

export interface CellCapabilities {
  stacks: readonly string[];
  placementTags: readonly string[];
  optionalPlacementTags: readonly string[];
}

/**
 * The same rule the auction applies: the cell serves the stack; each of the
 * cell's required tags is asked for; each tag asked for is one the cell has.
 * The rep checks again because a Perform may come from a stale auction.
 */
export function canRun(cell: CellCapabilities, rootfs: string, tags: readonly string[]): boolean {
  if (!cell.stacks.includes(rootfs)) return false;
  for (const t of cell.placementTags) if (!tags.includes(t)) return false;
  for (const t of tags) if (!cell.placementTags.includes(t) && !cell.optionalPlacementTags.includes(t)) return false;
  return true;
}
