// Task operations, as Diego's TaskController over its SQL operations
// (cloudfoundry/bbs controllers/task_controller.go, db/sqldb/task_db.go).
// Refused transitions are FAILED_PRECONDITION; checks run before any change.
import type { Task } from '../../common/models.ts';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../../common/errors.ts';
import type { Txn } from '../state/change.ts';
import type { ModelContext } from '../state/context.ts';
import { taskChanged, taskCreated, taskRemoved } from '../state/events.ts';
import { validateId } from '../lrp/validation.ts';
import { validateCompletion, validateTask, validateTaskGuid } from './validation.ts';
import {
  CANCELLED_REASON, canFinish, canTransition, completedTask, newPendingTask, rejectedTask, resolvingTask, startedTask,
} from './state-machine.ts';

function requireTask(txn: Txn, taskGuid: string): Task {
  validateTaskGuid(taskGuid);
  const task = txn.tables.tasks.get(taskGuid);
  if (!task) throw notFound(`task ${taskGuid}`);
  return task;
}

function refused(verb: string, task: Task): Error {
  const where = task.cell_id ? ` on cell ${task.cell_id}` : '';
  return failedPrecondition(`cannot ${verb} task ${task.task_guid}: it is ${task.state}${where}`);
}

function replace(txn: Txn, before: Task, after: Task): void {
  txn.putTask(after);
  txn.emit(taskChanged(before, after));
}

export function desireTask(txn: Txn, input: Task, now: number): void {
  validateTask(input);
  if (txn.tables.tasks.get(input.task_guid)) throw alreadyExists(`task ${input.task_guid}`);
  const task = newPendingTask(input, now);
  txn.putTask(task);
  txn.emit(taskCreated(task));
  txn.auctionTask(task);
}

/** A cell starts a task it won. Asking again from the same cell is answered "don't start it twice". */
export function startTask(txn: Txn, taskGuid: string, cellId: string, now: number): boolean {
  validateTaskGuid(taskGuid);
  validateId(cellId, 'cell_id');
  const task = requireTask(txn, taskGuid);
  if (task.state === 'RUNNING' && task.cell_id === cellId) return false;
  if (!canTransition(task.state, 'RUNNING')) throw refused(`start (on cell ${cellId})`, task);
  replace(txn, task, startedTask(task, cellId, now));
  return true;
}

export function completeTask(txn: Txn, taskGuid: string, cellId: string, failed: boolean, failureReason: string, result: string, now: number): void {
  validateCompletion(taskGuid, cellId, result);
  const task = requireTask(txn, taskGuid);
  if (task.state === 'RUNNING' && task.cell_id !== cellId) throw refused(`complete (from cell ${cellId})`, task);
  if (!canTransition(task.state, 'COMPLETED')) throw refused('complete', task);
  replace(txn, task, completedTask(task, failed, failureReason, result, now));
}

/** Fail a task that has not completed (Diego's FailTaskRequest needs a reason). */
export function failTask(txn: Txn, taskGuid: string, failureReason: string, now: number): void {
  validateTaskGuid(taskGuid);
  if (!failureReason) throw invalidArgument('failure_reason', 'required');
  const task = requireTask(txn, taskGuid);
  if (!canFinish(task.state)) throw refused('fail', task);
  replace(txn, task, completedTask(task, true, failureReason, '', now));
}

/**
 * The auction could not place a task (no cell fits, or the cells it won
 * refused it). It stays PENDING and is auctioned again, until it has been
 * rejected more than maxTaskRetries times: then it fails with the rejection
 * reason (Diego's RejectTask). Only a PENDING task can be rejected: a
 * re-auction of a task that a cell has meanwhile started must not undo it.
 */
export function rejectTask(txn: Txn, ctx: ModelContext, taskGuid: string, rejectionReason: string, now: number): void {
  const task = requireTask(txn, taskGuid);
  if (task.state !== 'PENDING') throw refused('reject', task);
  const rejected = rejectedTask(task, rejectionReason, now);
  if (task.rejection_count >= ctx.maxTaskRetries) {
    replace(txn, task, completedTask(rejected, true, rejectionReason, '', now));
    return;
  }
  replace(txn, task, rejected);
  txn.auctionTask(rejected);
}

/** Cancel a task that has not completed; a running one is also cancelled on its cell. */
export function cancelTask(txn: Txn, taskGuid: string, now: number): void {
  const task = requireTask(txn, taskGuid);
  if (!canFinish(task.state)) throw refused('cancel', task);
  replace(txn, task, completedTask(task, true, CANCELLED_REASON, '', now));
  if (task.state === 'RUNNING' && task.cell_id) txn.cancelTask(task.task_guid, task.cell_id);
}

/** The task's owner claims the result, so only one owner acts on it. */
export function resolveTask(txn: Txn, taskGuid: string, now: number): void {
  const task = requireTask(txn, taskGuid);
  if (!canTransition(task.state, 'RESOLVING')) throw refused('resolve', task);
  replace(txn, task, resolvingTask(task, now));
}

export function deleteTask(txn: Txn, taskGuid: string): void {
  const task = requireTask(txn, taskGuid);
  if (task.state !== 'RESOLVING') throw refused('delete', task);
  txn.deleteTask(taskGuid);
  txn.emit(taskRemoved(task));
}
