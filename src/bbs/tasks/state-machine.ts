// The Task state machine, as Diego's (cloudfoundry/bbs models/task.go
// ValidateTransitionTo and db/sqldb/task_db.go):
//
//   PENDING → RUNNING (a cell starts it) → COMPLETED (succeeded or failed)
//           → RESOLVING (its owner takes the result) → deleted.
//   PENDING and RUNNING may also fail or be cancelled straight to COMPLETED,
//   and a rejected task goes back to PENDING.
// Pure: each transition returns a new record.
import type { Task, TaskState } from '../../common/models.ts';
import { truncateReason } from '../lrp/state-machine.ts';

export const CANCELLED_REASON = 'task was cancelled';
export const EXPIRED_PENDING_REASON = 'not started within time limit';
export const CELL_DISAPPEARED_REASON = 'cell disappeared before completion';
/** The user tasks run as unless the task says otherwise. */
export const DEFAULT_TASK_USER = 'vcap';

/** Diego's Task.ValidateTransitionTo. */
export function canTransition(from: TaskState, to: TaskState): boolean {
  switch (to) {
    case 'RUNNING':
      return from === 'PENDING';
    case 'COMPLETED':
      return from === 'RUNNING';
    case 'RESOLVING':
      return from === 'COMPLETED';
    default:
      return false;
  }
}

/** Fail and cancel also complete a task that never started. */
export function canFinish(from: TaskState): boolean {
  return from === 'PENDING' || from === 'RUNNING';
}

/** The model's own copy of a newly desired task, PENDING. */
export function newPendingTask(input: Task, now: number): Task {
  return {
    task_guid: input.task_guid,
    domain: input.domain,
    rootfs: input.rootfs,
    memory_mb: input.memory_mb,
    disk_mb: input.disk_mb,
    max_pids: input.max_pids,
    env: input.env.map((e) => ({ name: e.name, value: e.value })),
    command: input.command,
    downloads: input.downloads.map((d) => ({ digest: d.digest, url: d.url, to: d.to, extract: d.extract })),
    result_file: input.result_file,
    uploads: (input.uploads ?? []).map((u) => ({ from: u.from })),
    placement_tags: [...input.placement_tags],
    annotation: input.annotation,
    log_guid: input.log_guid || input.task_guid,
    user: input.user || DEFAULT_TASK_USER,
    state: 'PENDING',
    cell_id: '',
    result: '',
    failed: false,
    failure_reason: '',
    created_at: now,
    updated_at: now,
    first_completed_at: 0,
    rejection_count: 0,
    rejection_reason: '',
  };
}

export function startedTask(task: Task, cellId: string, now: number): Task {
  return { ...task, state: 'RUNNING', cell_id: cellId, updated_at: now };
}

/** A failure reported without one (a rejection, a cell's report) gets this reason. */
export const NO_REASON_GIVEN = 'failed (no reason given)';

/**
 * COMPLETED, succeeded or failed (Diego's completeTask): the cell is released.
 * The outcome is kept coherent: a failed task has a failure reason and no
 * result; a task that succeeded has its result and no failure reason.
 */
export function completedTask(task: Task, failed: boolean, failureReason: string, result: string, now: number): Task {
  return {
    ...task,
    state: 'COMPLETED',
    failed,
    failure_reason: failed ? truncateReason(failureReason || NO_REASON_GIVEN) : '',
    result: failed ? '' : result,
    cell_id: '',
    first_completed_at: now,
    updated_at: now,
  };
}

/** Back to PENDING after a cell refused it, counting the rejections. */
export function rejectedTask(task: Task, reason: string, now: number): Task {
  return {
    ...task,
    state: 'PENDING',
    cell_id: '',
    rejection_count: task.rejection_count + 1,
    rejection_reason: truncateReason(reason),
    updated_at: now,
  };
}

export function resolvingTask(task: Task, now: number): Task {
  return { ...task, state: 'RESOLVING', updated_at: now };
}

/** A RESOLVING task whose resolver went quiet goes back to COMPLETED for someone else to resolve. */
export function demotedTask(task: Task, now: number): Task {
  return { ...task, state: 'COMPLETED', updated_at: now };
}
