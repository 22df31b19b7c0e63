// Desired and actual LRP rpcs: decode → model operation → commit → answer.
// Listings answer with bytes assembled from each record's cached encoding.
import type * as grpc from '@grpc/grpc-js';
import type { ActualLRPsRequest__Output } from '../../generated/gantry/bbs/ActualLRPsRequest.ts';
import type { ClaimActualLRPRequest__Output } from '../../generated/gantry/bbs/ClaimActualLRPRequest.ts';
import type { CrashActualLRPRequest__Output } from '../../generated/gantry/bbs/CrashActualLRPRequest.ts';
import type { DesireLRPRequest__Output } from '../../generated/gantry/bbs/DesireLRPRequest.ts';
import type { DesiredLRPByProcessGuidRequest__Output } from '../../generated/gantry/bbs/DesiredLRPByProcessGuidRequest.ts';
import type { DesiredLRPsRequest__Output } from '../../generated/gantry/bbs/DesiredLRPsRequest.ts';
import type { EvacuateClaimedActualLRPRequest__Output } from '../../generated/gantry/bbs/EvacuateClaimedActualLRPRequest.ts';
import type { EvacuateCrashedActualLRPRequest__Output } from '../../generated/gantry/bbs/EvacuateCrashedActualLRPRequest.ts';
import type { EvacuateRunningActualLRPRequest__Output } from '../../generated/gantry/bbs/EvacuateRunningActualLRPRequest.ts';
import type { EvacuateStoppedActualLRPRequest__Output } from '../../generated/gantry/bbs/EvacuateStoppedActualLRPRequest.ts';
import type { FailActualLRPRequest__Output } from '../../generated/gantry/bbs/FailActualLRPRequest.ts';
import type { RemoveActualLRPRequest__Output } from '../../generated/gantry/bbs/RemoveActualLRPRequest.ts';
import type { RemoveDesiredLRPRequest__Output } from '../../generated/gantry/bbs/RemoveDesiredLRPRequest.ts';
import type { RemoveEvacuatingActualLRPRequest__Output } from '../../generated/gantry/bbs/RemoveEvacuatingActualLRPRequest.ts';
import type { RetireActualLRPRequest__Output } from '../../generated/gantry/bbs/RetireActualLRPRequest.ts';
import type { StartActualLRPRequest__Output } from '../../generated/gantry/bbs/StartActualLRPRequest.ts';
import type { UpdateDesiredLRPRequest__Output } from '../../generated/gantry/bbs/UpdateDesiredLRPRequest.ts';
import type { BbsModel, Change } from '../state/types.ts';
import { encodeRecord } from '../store/record-codec.ts';
import { message, repeated, repeatedTransient } from '../wire.ts';
import { handle, required, type HandlerContext } from './context.ts';

type Evacuation = { change: Change; keepContainer: boolean };
const evacuationAnswer = (r: Evacuation) => ({ change: r.change, result: { keep_container: r.keepContainer } });

export function lrpHandlers(ctx: HandlerContext): Record<string, grpc.handleUnaryCall<never, unknown>> {
  const change = (op: (m: BbsModel, now: number) => Change) => ctx.leader().change(op);
  return {
    // Desired LRPs
    DesireLRP: handle<DesireLRPRequest__Output>(ctx, 'DesireLRP', (req) => {
      const desired = required(req.desired_lrp, 'desired_lrp');
      return change((m, now) => m.desireLRP(desired, now));
    }),
    UpdateDesiredLRP: handle<UpdateDesiredLRPRequest__Output>(ctx, 'UpdateDesiredLRP', (req) => {
      const update = required(req.update, 'update');
      return change((m, now) => m.updateDesiredLRP(req.process_guid, update, now));
    }),
    RemoveDesiredLRP: handle<RemoveDesiredLRPRequest__Output>(ctx, 'RemoveDesiredLRP', (req) =>
      change((m, now) => m.removeDesiredLRP(req.process_guid, now))),
    GetDesiredLRP: handle<DesiredLRPByProcessGuidRequest__Output>(ctx, 'GetDesiredLRP', (req) => {
      const desired = ctx.leader().model.getDesiredLRP(req.process_guid);
      return message([[1, encodeRecord('desired', desired)]]);
    }),
    ListDesiredLRPs: handle<DesiredLRPsRequest__Output>(ctx, 'ListDesiredLRPs', (req) => {
      const list = ctx.leader().model.listDesiredLRPs({ domain: req.domain, process_guids: req.process_guids });
      return repeated(1, list.map((d) => encodeRecord('desired', d)));
    }),
    ListDesiredLRPSchedulingInfos: handle<DesiredLRPsRequest__Output>(ctx, 'ListDesiredLRPSchedulingInfos', (req) => ({
      desired_lrp_scheduling_infos: ctx.leader().model.listSchedulingInfos({ domain: req.domain, process_guids: req.process_guids }),
    })),

    // Actual LRPs
    ListActualLRPs: handle<ActualLRPsRequest__Output>(ctx, 'ListActualLRPs', (req) => {
      const list = ctx.leader().model.listActualLRPs(req.filter);
      return repeatedTransient(1, list.map((a) => encodeRecord('actual', a)));
    }),
    ClaimActualLRP: handle<ClaimActualLRPRequest__Output>(ctx, 'ClaimActualLRP', (req) =>
      change((m, now) => m.claimActualLRP(req.process_guid, req.index, req.instance_key, now))),
    StartActualLRP: handle<StartActualLRPRequest__Output>(ctx, 'StartActualLRP', (req) =>
      change((m, now) => m.startActualLRP(req.key, req.instance_key, req.net_info, req.availability_zone, now))),
    CrashActualLRP: handle<CrashActualLRPRequest__Output>(ctx, 'CrashActualLRP', (req) =>
      change((m, now) => m.crashActualLRP(req.key, req.instance_key, req.error_message, now))),
    FailActualLRP: handle<FailActualLRPRequest__Output>(ctx, 'FailActualLRP', (req) =>
      change((m, now) => m.failActualLRP(req.key, req.error_message, now))),
    RemoveActualLRP: handle<RemoveActualLRPRequest__Output>(ctx, 'RemoveActualLRP', (req) =>
      change((m, now) => m.removeActualLRP(req.process_guid, req.index, req.instance_key, now))),
    RetireActualLRP: handle<RetireActualLRPRequest__Output>(ctx, 'RetireActualLRP', (req) =>
      change((m, now) => m.retireActualLRP(req.key, now))),
    EvacuateClaimedActualLRP: handle<EvacuateClaimedActualLRPRequest__Output>(ctx, 'EvacuateClaimedActualLRP', (req) =>
      ctx.leader().apply((m, now) => evacuationAnswer(m.evacuateClaimedActualLRP(req.key, req.instance_key, now)))),
    EvacuateRunningActualLRP: handle<EvacuateRunningActualLRPRequest__Output>(ctx, 'EvacuateRunningActualLRP', (req) =>
      ctx.leader().apply((m, now) => evacuationAnswer(m.evacuateRunningActualLRP(req.key, req.instance_key, req.net_info, req.availability_zone, now)))),
    EvacuateCrashedActualLRP: handle<EvacuateCrashedActualLRPRequest__Output>(ctx, 'EvacuateCrashedActualLRP', (req) =>
      ctx.leader().apply((m, now) => evacuationAnswer(m.evacuateCrashedActualLRP(req.key, req.instance_key, req.error_message, now)))),
    EvacuateStoppedActualLRP: handle<EvacuateStoppedActualLRPRequest__Output>(ctx, 'EvacuateStoppedActualLRP', (req) =>
      ctx.leader().apply((m, now) => evacuationAnswer(m.evacuateStoppedActualLRP(req.key, req.instance_key, now)))),
    RemoveEvacuatingActualLRP: handle<RemoveEvacuatingActualLRPRequest__Output>(ctx, 'RemoveEvacuatingActualLRP', (req) =>
      change((m, now) => m.removeEvacuatingActualLRP(req.key, req.instance_key, now))),
  } as unknown as Record<string, grpc.handleUnaryCall<never, unknown>>;
}
