// Task rpcs: decode → model operation → commit → answer.
import type * as grpc from '@grpc/grpc-js';
import type { CompleteTaskRequest__Output } from '../../generated/gantry/bbs/CompleteTaskRequest.ts';
import type { DesireTaskRequest__Output } from '../../generated/gantry/bbs/DesireTaskRequest.ts';
import type { FailTaskRequest__Output } from '../../generated/gantry/bbs/FailTaskRequest.ts';
import type { RejectTaskRequest__Output } from '../../generated/gantry/bbs/RejectTaskRequest.ts';
import type { StartTaskRequest__Output } from '../../generated/gantry/bbs/StartTaskRequest.ts';
import type { TaskGuidRequest__Output } from '../../generated/gantry/bbs/TaskGuidRequest.ts';
import type { TasksRequest__Output } from '../../generated/gantry/bbs/TasksRequest.ts';
import type { BbsModel, Change } from '../state/types.ts';
import { encodeRecord } from '../store/record-codec.ts';
import { message, repeated } from '../wire.ts';
import { handle, required, type HandlerContext } from './context.ts';

export function taskHandlers(ctx: HandlerContext): Record<string, grpc.handleUnaryCall<never, unknown>> {
  const change = (op: (m: BbsModel, now: number) => Change) => ctx.leader().change(op);
  return {
    DesireTask: handle<DesireTaskRequest__Output>(ctx, 'DesireTask', (req) => {
      const task = required(req.task, 'task');
      return change((m, now) => m.desireTask(task, now));
    }),
    StartTask: handle<StartTaskRequest__Output>(ctx, 'StartTask', (req) =>
      ctx.leader().apply((m, now) => {
        const { change, shouldStart } = m.startTask(req.task_guid, req.cell_id, now);
        return { change, result: { should_start: shouldStart } };
      })),
    CompleteTask: handle<CompleteTaskRequest__Output>(ctx, 'CompleteTask', (req) =>
      change((m, now) => m.completeTask(req.task_guid, req.cell_id, req.failed, req.failure_reason, req.result, now))),
    FailTask: handle<FailTaskRequest__Output>(ctx, 'FailTask', (req) =>
      change((m, now) => m.failTask(req.task_guid, req.failure_reason, now))),
    RejectTask: handle<RejectTaskRequest__Output>(ctx, 'RejectTask', (req) =>
      change((m, now) => m.rejectTask(req.task_guid, req.rejection_reason, now))),
    CancelTask: handle<TaskGuidRequest__Output>(ctx, 'CancelTask', (req) =>
      change((m, now) => m.cancelTask(req.task_guid, now))),
    ResolvingTask: handle<TaskGuidRequest__Output>(ctx, 'ResolvingTask', (req) =>
      change((m, now) => m.resolvingTask(req.task_guid, now))),
    DeleteTask: handle<TaskGuidRequest__Output>(ctx, 'DeleteTask', (req) =>
      change((m, now) => m.deleteTask(req.task_guid, now))),
    GetTask: handle<TaskGuidRequest__Output>(ctx, 'GetTask', (req) =>
      message([[1, encodeRecord('task', ctx.leader().model.getTask(req.task_guid))]])),
    ListTasks: handle<TasksRequest__Output>(ctx, 'ListTasks', (req) =>
      repeated(1, ctx.leader().model.listTasks(req.filter).map((t) => encodeRecord('task', t)))),
  } as unknown as Record<string, grpc.handleUnaryCall<never, unknown>>;
}
