// The rep's side of the BBS contract (proto/bbs.proto): the calls a cell makes
// to report what it runs. Every call has a deadline; errors are the gRPC
// errors as they come (use statusOf() to read their code).
import { bbsProto } from '../common/proto.ts';
import { callUnary, channelOptions } from '../common/grpc.ts';
import { grpcTarget } from '../common/grpc-target.ts';
import { clientCredentials, type Tls } from '../common/tls.ts';
import type { ActualLRP, ActualLRPKey, ActualLRPInstanceKey, ActualLRPNetInfo, DesiredLRP, Task } from '../common/models.ts';
import type { BBSClient } from '../generated/gantry/bbs/BBS.ts';

export interface LrpRef {
  key: ActualLRPKey;
  instanceKey: ActualLRPInstanceKey;
}

export class RepBbsClient {
  private readonly client: BBSClient;
  /** GetDesiredLRP calls under way, by process guid: a Perform of many instances of one LRP asks once. */
  private readonly desiredInFlight = new Map<string, Promise<DesiredLRP>>();

  constructor(readonly address: string, private readonly deadlineMs = 10_000, tls?: Tls) {
    const { BBS } = bbsProto().gantry.bbs;
    this.client = new BBS(grpcTarget(address), clientCredentials(tls), channelOptions);
  }

  private call<Res>(method: keyof BBSClient & string, request: unknown): Promise<Res> {
    return callUnary<BBSClient, typeof method, Res>(this.client, method, request, { deadlineMs: this.deadlineMs });
  }

  claimActualLRP(processGuid: string, index: number, instanceKey: ActualLRPInstanceKey): Promise<void> {
    return this.call('ClaimActualLRP', { process_guid: processGuid, index, instance_key: instanceKey });
  }

  startActualLRP(ref: LrpRef, netInfo: ActualLRPNetInfo, zone: string): Promise<void> {
    return this.call('StartActualLRP', { key: ref.key, instance_key: ref.instanceKey, net_info: netInfo, availability_zone: zone });
  }

  crashActualLRP(ref: LrpRef, reason: string): Promise<void> {
    return this.call('CrashActualLRP', { key: ref.key, instance_key: ref.instanceKey, error_message: reason });
  }

  /** Remove this instance's ActualLRP (only if it is still this instance's). */
  removeActualLRP(ref: LrpRef): Promise<void> {
    return this.call('RemoveActualLRP', { process_guid: ref.key.process_guid, index: ref.key.index, instance_key: ref.instanceKey });
  }

  getDesiredLRP(processGuid: string): Promise<DesiredLRP> {
    let p = this.desiredInFlight.get(processGuid);
    if (!p) {
      p = this.call<{ desired_lrp: DesiredLRP | null }>('GetDesiredLRP', { process_guid: processGuid })
        .then((res) => {
          if (!res.desired_lrp) throw new Error(`BBS returned no desired LRP for ${processGuid}`);
          return res.desired_lrp;
        })
        .finally(() => this.desiredInFlight.delete(processGuid));
      this.desiredInFlight.set(processGuid, p);
    }
    return p;
  }

  async actualLRPsOnCell(cellId: string): Promise<ActualLRP[]> {
    const res = await this.call<{ actual_lrps: ActualLRP[] }>('ListActualLRPs', { filter: { cell_id: cellId } });
    return res.actual_lrps;
  }

  async evacuateRunning(ref: LrpRef, netInfo: ActualLRPNetInfo, zone: string): Promise<boolean> {
    const res = await this.call<{ keep_container: boolean }>('EvacuateRunningActualLRP', {
      key: ref.key, instance_key: ref.instanceKey, net_info: netInfo, availability_zone: zone,
    });
    return res.keep_container;
  }

  async evacuateClaimed(ref: LrpRef): Promise<boolean> {
    const res = await this.call<{ keep_container: boolean }>('EvacuateClaimedActualLRP', { key: ref.key, instance_key: ref.instanceKey });
    return res.keep_container;
  }

  async evacuateCrashed(ref: LrpRef, reason: string): Promise<boolean> {
    const res = await this.call<{ keep_container: boolean }>('EvacuateCrashedActualLRP', { key: ref.key, instance_key: ref.instanceKey, error_message: reason });
    return res.keep_container;
  }

  async evacuateStopped(ref: LrpRef): Promise<boolean> {
    const res = await this.call<{ keep_container: boolean }>('EvacuateStoppedActualLRP', { key: ref.key, instance_key: ref.instanceKey });
    return res.keep_container;
  }

  removeEvacuatingActualLRP(ref: LrpRef): Promise<void> {
    return this.call('RemoveEvacuatingActualLRP', { key: ref.key, instance_key: ref.instanceKey });
  }

  async startTask(taskGuid: string, cellId: string): Promise<boolean> {
    const res = await this.call<{ should_start: boolean }>('StartTask', { task_guid: taskGuid, cell_id: cellId });
    return res.should_start;
  }

  async getTask(taskGuid: string): Promise<Task> {
    const res = await this.call<{ task: Task | null }>('GetTask', { task_guid: taskGuid });
    if (!res.task) throw new Error(`BBS returned no task for ${taskGuid}`);
    return res.task;
  }

  async tasksOnCell(cellId: string): Promise<Task[]> {
    const res = await this.call<{ tasks: Task[] }>('ListTasks', { filter: { cell_id: cellId } });
    return res.tasks;
  }

  completeTask(taskGuid: string, cellId: string, outcome: { failed: boolean; failureReason: string; result: string }): Promise<void> {
    return this.call('CompleteTask', {
      task_guid: taskGuid, cell_id: cellId, failed: outcome.failed, failure_reason: outcome.failureReason, result: outcome.result,
    });
  }

  failTask(taskGuid: string, reason: string): Promise<void> {
    return this.call('FailTask', { task_guid: taskGuid, failure_reason: reason });
  }

  close(): void {
    this.client.close();
  }
}
