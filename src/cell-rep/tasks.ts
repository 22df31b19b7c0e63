// The life of one task on this cell: ask the BBS whether to start it
// (StartTask → should_start), fetch it, run its container to the end, destroy
// the container, give back the resources and report the result (CompleteTask).
// A task that exits 0 first has its uploads stored in the object store (an
// upload that fails fails the task).
// A cancelled task (CancelTask from the BBS) is destroyed and not reported:
// the BBS already completed it as cancelled.
import { status } from '@grpc/grpc-js';
import { statusOf } from '../common/errors.ts';
import { counter } from '../common/metrics.ts';
import type { Task } from '../common/models.ts';
import type { InstanceState, RunnerContext } from './context.ts';
import type { ContainerExit, ContainerSpec } from './executor/types.ts';
import type { ResourceNeed } from './resources.ts';

const outcomes = counter('gantry_cell_tasks_ended_total', 'Tasks that ended on this cell, by outcome', ['outcome']);

const msg = (err: unknown) => (err instanceof Error ? err.message : String(err));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Ask the BBS for the result of the task a container ran: the exit decides failed or not. */
export function taskOutcome(exit: ContainerExit): { failed: boolean; failureReason: string; result: string } {
  const failed = exit.exitCode !== 0 || exit.oomKilled;
  return { failed, failureReason: failed ? exit.reason : '', result: failed ? '' : exit.result ?? '' };
}

type TaskEnd =
  | { kind: 'completed'; exit: ContainerExit }
  | { kind: 'failed'; reason: string }
  | { kind: 'cancelled' }
  | { kind: 'detached' }
  /** StartTask said no, or failed: nothing ran. */
  | { kind: 'not-started'; reason: string };

/**
 * cancel: destroy and do not report (the BBS cancelled it); evacuate: destroy
 * and fail it (the cell is going away); detach: leave the container for the next rep.
 */
export type TaskStopKind = 'cancel' | 'evacuate' | 'detach';

export const evacuatedReason = 'cell was evacuated before the task finished';

export interface TaskInstanceInit {
  taskGuid: string;
  domain: string;
  rootfs: string;
  need: ResourceNeed;
}

export class TaskInstance {
  readonly kind = 'task' as const;
  readonly taskGuid: string;
  readonly domain: string;
  readonly rootfs: string;
  readonly need: ResourceNeed;
  state: InstanceState = 'RESERVED';
  private container = false;
  private stopKind: TaskStopKind | null = null;
  private ending = false;
  private signalStop!: () => void;
  private readonly stopRequested = new Promise<{ k: 'stop' }>((resolve) => (this.signalStop = () => resolve({ k: 'stop' })));
  private resolveDone!: () => void;
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(private readonly ctx: RunnerContext, init: TaskInstanceInit) {
    this.taskGuid = init.taskGuid;
    this.domain = init.domain;
    this.rootfs = init.rootfs;
    this.need = init.need;
  }

  get guid(): string {
    return this.taskGuid;
  }

  begin(): void {
    void this.run(false);
  }

  /** A task container found on the cell after a restart: watch it to its end and report. */
  adopt(): void {
    this.container = true;
    this.state = 'RUNNING';
    this.ctx.ledger.hold({ key: this.guid, ...this.need });
    void this.run(true);
  }

  requestStop(kind: TaskStopKind): Promise<void> {
    if (this.stopKind === null && !this.ending) {
      this.stopKind = kind;
      if (kind !== 'detach') this.state = 'STOPPING';
      this.signalStop();
    }
    return this.done;
  }

  private async run(adopted: boolean): Promise<void> {
    let end: TaskEnd;
    try {
      end = await this.lifecycle(adopted);
    } catch (err) {
      end = { kind: 'failed', reason: `cell error: ${msg(err)}` };
    }
    try {
      await this.finish(end);
    } catch (err) {
      // Nobody awaits run(): a throw here would be an unhandled rejection, which ends the whole cell.
      this.ctx.log.error('task end failed', { taskGuid: this.guid, error: err as Error });
    }
  }

  private stopEnd(): TaskEnd {
    if (this.stopKind === 'detach') return { kind: 'detached' };
    if (this.stopKind === 'evacuate') return { kind: 'failed', reason: evacuatedReason };
    return { kind: 'cancelled' };
  }

  private async lifecycle(adopted: boolean): Promise<TaskEnd> {
    const { bbs, executor, settings } = this.ctx;
    let task: Task | null = null;
    if (!adopted) {
      let shouldStart: boolean;
      try {
        shouldStart = await bbs.startTask(this.taskGuid, settings.cellId);
      } catch (err) {
        return { kind: 'not-started', reason: `StartTask failed: ${msg(err)}` };
      }
      if (!shouldStart) return { kind: 'not-started', reason: 'BBS said not to start it' };
      if (this.stopKind) return this.stopEnd();
      try {
        task = await bbs.getTask(this.taskGuid);
      } catch (err) {
        return { kind: 'failed', reason: `task unavailable: ${msg(err)}` };
      }
      if (this.stopKind) return this.stopEnd();
      this.state = 'STARTING';
      this.container = true;
      try {
        await executor.start(this.spec(task));
      } catch (err) {
        if (this.stopKind) return this.stopEnd();
        return { kind: 'failed', reason: msg(err) || 'container failed to start' };
      }
      if (this.stopKind) return this.stopEnd();
      this.state = 'RUNNING';
    }
    const exit = executor.waitForExit(this.guid).then(
      (e) => ({ k: 'exit' as const, e }),
      (err) => ({ k: 'exit' as const, e: { exitCode: -1, oomKilled: false, reason: `container lost: ${msg(err)}` } }),
    );
    const r = await Promise.race([exit, this.stopRequested]);
    if (r.k === 'stop') return this.stopEnd();
    if (taskOutcome(r.e).failed) return { kind: 'completed', exit: r.e };
    // Uploads happen after a successful exit, before the container goes and the task completes.
    if (!task) {
      try {
        task = await bbs.getTask(this.taskGuid);
      } catch (err) {
        return { kind: 'failed', reason: `task unavailable: ${msg(err)}` };
      }
    }
    const uploaded = await Promise.race([this.upload(task).then((reason) => ({ k: 'uploaded' as const, reason })), this.stopRequested]);
    if (uploaded.k === 'stop') return this.stopEnd();
    if (uploaded.reason) return { kind: 'failed', reason: uploaded.reason };
    return { kind: 'completed', exit: r.e };
  }

  /** Store each of the task's uploads; the first failure's reason, or null. */
  private async upload(task: Task): Promise<string | null> {
    const log = this.ctx.log.child({ taskGuid: this.taskGuid });
    for (const u of task.uploads ?? []) {
      try {
        if (!this.ctx.uploads) throw new Error('this cell has no object store for uploads');
        const stored = await this.ctx.uploads.store(this.ctx.executor, this.guid, u.from);
        log.info('task upload stored', { from: u.from, digest: stored.digest, bytes: stored.bytes });
      } catch (err) {
        log.warn('task upload failed', { from: u.from, error: err as Error });
        return `upload of ${u.from} failed: ${msg(err)}`;
      }
    }
    return null;
  }

  private spec(task: Task): ContainerSpec {
    const logGuid = task.log_guid || task.task_guid;
    return {
      guid: this.guid,
      tags: { kind: 'task', taskGuid: this.taskGuid, domain: this.domain },
      stack: task.rootfs || this.rootfs,
      memoryMb: this.need.memoryMb,
      diskMb: this.need.diskMb,
      maxPids: this.need.maxPids,
      ports: [],
      env: task.env.map((e) => ({ ...e })),
      command: task.command,
      droplet: null,
      downloads: task.downloads.map((d) => ({ ...d })),
      resultFile: task.result_file,
      user: task.user || 'vcap',
      logGuid,
      startTimeoutMs: this.ctx.settings.defaultStartTimeoutMs,
      check: null,
      onLog: this.ctx.logs.sink(logGuid, 'TASK', 0),
    };
  }

  private async finish(end: TaskEnd): Promise<void> {
    this.ending = true;
    const { ctx } = this;
    const log = ctx.log.child({ taskGuid: this.taskGuid });
    if (end.kind === 'detached') {
      ctx.forget(this.guid);
      this.resolveDone();
      return;
    }
    this.state = 'STOPPING';
    if (this.container) {
      try {
        await ctx.executor.destroy(this.guid, ctx.settings.stopGraceMs);
      } catch (err) {
        log.error('destroying task container failed', { error: err as Error });
      }
    }
    ctx.ledger.release(this.guid);
    ctx.forget(this.guid);
    outcomes.inc({ outcome: end.kind });
    log.info('task ended', { outcome: end.kind, ...('reason' in end ? { reason: end.reason } : {}), ...(end.kind === 'completed' ? { exitCode: end.exit.exitCode } : {}) });
    if (end.kind === 'completed' || end.kind === 'failed') {
      const outcome = end.kind === 'completed' ? taskOutcome(end.exit) : { failed: true, failureReason: end.reason, result: '' };
      for (let attempt = 1; ; attempt++) {
        try {
          await ctx.bbs.completeTask(this.taskGuid, ctx.settings.cellId, outcome);
          break;
        } catch (err) {
          const code = statusOf(err);
          const retry = code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED;
          if (!retry || attempt >= 3) {
            log.warn('CompleteTask failed', { attempt, error: err as Error });
            break;
          }
          await sleep(200 * attempt);
        }
      }
    }
    this.resolveDone();
  }
}
