// The task half of one convergence pass, as Diego's ConvergeTasks
// (cloudfoundry/bbs db/sqldb/task_convergence.go):
// - PENDING older than pendingTaskMaxAgeMs fails ("not started within time limit");
//   a younger one unchanged for staleUnclaimedMs is auctioned again (its auction was probably lost);
// - RUNNING on a cell that is not live fails ("cell disappeared before completion");
// - RESOLVING unchanged for resolvingTaskTimeoutMs goes back to COMPLETED (its resolver went away);
// - COMPLETED longer than completedTaskTtlMs ago is deleted (nobody resolved it).
import type { Txn } from '../state/change.ts';
import type { ConvergenceInput, ConvergenceReport } from '../state/types.ts';
import { taskChanged, taskRemoved } from '../state/events.ts';
import { CELL_DISAPPEARED_REASON, EXPIRED_PENDING_REASON, completedTask, demotedTask } from '../tasks/state-machine.ts';
import type { Task } from '../../common/models.ts';

function replace(txn: Txn, before: Task, after: Task): Task {
  txn.putTask(after);
  txn.emit(taskChanged(before, after));
  return after;
}

export function convergeTasks(txn: Txn, input: ConvergenceInput, report: ConvergenceReport): void {
  const { now, liveCells, config } = input;
  // A snapshot: tasks are replaced and deleted below.
  for (let task of [...txn.tables.tasks.values()]) {
    if (task.state === 'PENDING') {
      if (now - task.created_at > config.pendingTaskMaxAgeMs) {
        replace(txn, task, completedTask(task, true, EXPIRED_PENDING_REASON, '', now));
        report.expiredPendingTasks++;
      } else if (now - task.updated_at > config.staleUnclaimedMs) {
        txn.auctionTask(task);
        report.reauctionedPendingTasks = (report.reauctionedPendingTasks ?? 0) + 1;
      }
    } else if (task.state === 'RUNNING') {
      if (!liveCells.has(task.cell_id)) {
        replace(txn, task, completedTask(task, true, CELL_DISAPPEARED_REASON, '', now));
        report.failedTasksOnLostCells++;
      }
    } else if (task.state === 'RESOLVING' && now - task.updated_at > config.resolvingTaskTimeoutMs) {
      task = replace(txn, task, demotedTask(task, now));
      report.kickedResolvingTasks++;
    }
    // Also a task demoted just now: it may be past its time to be deleted too (as in Diego).
    if (task.state === 'COMPLETED' && now - task.first_completed_at > config.completedTaskTtlMs) {
      txn.deleteTask(task.task_guid);
      txn.emit(taskRemoved(task));
      report.deletedCompletedTasks++;
    }
  }
}
