// Original file: proto/bbs.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ActualLRPsRequest as _gantry_bbs_ActualLRPsRequest, ActualLRPsRequest__Output as _gantry_bbs_ActualLRPsRequest__Output } from '../../gantry/bbs/ActualLRPsRequest';
import type { ActualLRPsResponse as _gantry_bbs_ActualLRPsResponse, ActualLRPsResponse__Output as _gantry_bbs_ActualLRPsResponse__Output } from '../../gantry/bbs/ActualLRPsResponse';
import type { CellsResponse as _gantry_bbs_CellsResponse, CellsResponse__Output as _gantry_bbs_CellsResponse__Output } from '../../gantry/bbs/CellsResponse';
import type { ClaimActualLRPRequest as _gantry_bbs_ClaimActualLRPRequest, ClaimActualLRPRequest__Output as _gantry_bbs_ClaimActualLRPRequest__Output } from '../../gantry/bbs/ClaimActualLRPRequest';
import type { CompleteTaskRequest as _gantry_bbs_CompleteTaskRequest, CompleteTaskRequest__Output as _gantry_bbs_CompleteTaskRequest__Output } from '../../gantry/bbs/CompleteTaskRequest';
import type { CrashActualLRPRequest as _gantry_bbs_CrashActualLRPRequest, CrashActualLRPRequest__Output as _gantry_bbs_CrashActualLRPRequest__Output } from '../../gantry/bbs/CrashActualLRPRequest';
import type { DesireLRPRequest as _gantry_bbs_DesireLRPRequest, DesireLRPRequest__Output as _gantry_bbs_DesireLRPRequest__Output } from '../../gantry/bbs/DesireLRPRequest';
import type { DesireTaskRequest as _gantry_bbs_DesireTaskRequest, DesireTaskRequest__Output as _gantry_bbs_DesireTaskRequest__Output } from '../../gantry/bbs/DesireTaskRequest';
import type { DesiredLRPByProcessGuidRequest as _gantry_bbs_DesiredLRPByProcessGuidRequest, DesiredLRPByProcessGuidRequest__Output as _gantry_bbs_DesiredLRPByProcessGuidRequest__Output } from '../../gantry/bbs/DesiredLRPByProcessGuidRequest';
import type { DesiredLRPResponse as _gantry_bbs_DesiredLRPResponse, DesiredLRPResponse__Output as _gantry_bbs_DesiredLRPResponse__Output } from '../../gantry/bbs/DesiredLRPResponse';
import type { DesiredLRPSchedulingInfosResponse as _gantry_bbs_DesiredLRPSchedulingInfosResponse, DesiredLRPSchedulingInfosResponse__Output as _gantry_bbs_DesiredLRPSchedulingInfosResponse__Output } from '../../gantry/bbs/DesiredLRPSchedulingInfosResponse';
import type { DesiredLRPsRequest as _gantry_bbs_DesiredLRPsRequest, DesiredLRPsRequest__Output as _gantry_bbs_DesiredLRPsRequest__Output } from '../../gantry/bbs/DesiredLRPsRequest';
import type { DesiredLRPsResponse as _gantry_bbs_DesiredLRPsResponse, DesiredLRPsResponse__Output as _gantry_bbs_DesiredLRPsResponse__Output } from '../../gantry/bbs/DesiredLRPsResponse';
import type { DomainsResponse as _gantry_bbs_DomainsResponse, DomainsResponse__Output as _gantry_bbs_DomainsResponse__Output } from '../../gantry/bbs/DomainsResponse';
import type { Empty as _gantry_bbs_Empty, Empty__Output as _gantry_bbs_Empty__Output } from '../../gantry/bbs/Empty';
import type { EvacuateClaimedActualLRPRequest as _gantry_bbs_EvacuateClaimedActualLRPRequest, EvacuateClaimedActualLRPRequest__Output as _gantry_bbs_EvacuateClaimedActualLRPRequest__Output } from '../../gantry/bbs/EvacuateClaimedActualLRPRequest';
import type { EvacuateCrashedActualLRPRequest as _gantry_bbs_EvacuateCrashedActualLRPRequest, EvacuateCrashedActualLRPRequest__Output as _gantry_bbs_EvacuateCrashedActualLRPRequest__Output } from '../../gantry/bbs/EvacuateCrashedActualLRPRequest';
import type { EvacuateRunningActualLRPRequest as _gantry_bbs_EvacuateRunningActualLRPRequest, EvacuateRunningActualLRPRequest__Output as _gantry_bbs_EvacuateRunningActualLRPRequest__Output } from '../../gantry/bbs/EvacuateRunningActualLRPRequest';
import type { EvacuateStoppedActualLRPRequest as _gantry_bbs_EvacuateStoppedActualLRPRequest, EvacuateStoppedActualLRPRequest__Output as _gantry_bbs_EvacuateStoppedActualLRPRequest__Output } from '../../gantry/bbs/EvacuateStoppedActualLRPRequest';
import type { EvacuationResponse as _gantry_bbs_EvacuationResponse, EvacuationResponse__Output as _gantry_bbs_EvacuationResponse__Output } from '../../gantry/bbs/EvacuationResponse';
import type { Event as _gantry_models_Event, Event__Output as _gantry_models_Event__Output } from '../../gantry/models/Event';
import type { FailActualLRPRequest as _gantry_bbs_FailActualLRPRequest, FailActualLRPRequest__Output as _gantry_bbs_FailActualLRPRequest__Output } from '../../gantry/bbs/FailActualLRPRequest';
import type { FailTaskRequest as _gantry_bbs_FailTaskRequest, FailTaskRequest__Output as _gantry_bbs_FailTaskRequest__Output } from '../../gantry/bbs/FailTaskRequest';
import type { PingResponse as _gantry_bbs_PingResponse, PingResponse__Output as _gantry_bbs_PingResponse__Output } from '../../gantry/bbs/PingResponse';
import type { RejectTaskRequest as _gantry_bbs_RejectTaskRequest, RejectTaskRequest__Output as _gantry_bbs_RejectTaskRequest__Output } from '../../gantry/bbs/RejectTaskRequest';
import type { RemoveActualLRPRequest as _gantry_bbs_RemoveActualLRPRequest, RemoveActualLRPRequest__Output as _gantry_bbs_RemoveActualLRPRequest__Output } from '../../gantry/bbs/RemoveActualLRPRequest';
import type { RemoveDesiredLRPRequest as _gantry_bbs_RemoveDesiredLRPRequest, RemoveDesiredLRPRequest__Output as _gantry_bbs_RemoveDesiredLRPRequest__Output } from '../../gantry/bbs/RemoveDesiredLRPRequest';
import type { RemoveEvacuatingActualLRPRequest as _gantry_bbs_RemoveEvacuatingActualLRPRequest, RemoveEvacuatingActualLRPRequest__Output as _gantry_bbs_RemoveEvacuatingActualLRPRequest__Output } from '../../gantry/bbs/RemoveEvacuatingActualLRPRequest';
import type { RetireActualLRPRequest as _gantry_bbs_RetireActualLRPRequest, RetireActualLRPRequest__Output as _gantry_bbs_RetireActualLRPRequest__Output } from '../../gantry/bbs/RetireActualLRPRequest';
import type { StartActualLRPRequest as _gantry_bbs_StartActualLRPRequest, StartActualLRPRequest__Output as _gantry_bbs_StartActualLRPRequest__Output } from '../../gantry/bbs/StartActualLRPRequest';
import type { StartTaskRequest as _gantry_bbs_StartTaskRequest, StartTaskRequest__Output as _gantry_bbs_StartTaskRequest__Output } from '../../gantry/bbs/StartTaskRequest';
import type { StartTaskResponse as _gantry_bbs_StartTaskResponse, StartTaskResponse__Output as _gantry_bbs_StartTaskResponse__Output } from '../../gantry/bbs/StartTaskResponse';
import type { SubscribeRequest as _gantry_bbs_SubscribeRequest, SubscribeRequest__Output as _gantry_bbs_SubscribeRequest__Output } from '../../gantry/bbs/SubscribeRequest';
import type { TaskGuidRequest as _gantry_bbs_TaskGuidRequest, TaskGuidRequest__Output as _gantry_bbs_TaskGuidRequest__Output } from '../../gantry/bbs/TaskGuidRequest';
import type { TaskResponse as _gantry_bbs_TaskResponse, TaskResponse__Output as _gantry_bbs_TaskResponse__Output } from '../../gantry/bbs/TaskResponse';
import type { TasksRequest as _gantry_bbs_TasksRequest, TasksRequest__Output as _gantry_bbs_TasksRequest__Output } from '../../gantry/bbs/TasksRequest';
import type { TasksResponse as _gantry_bbs_TasksResponse, TasksResponse__Output as _gantry_bbs_TasksResponse__Output } from '../../gantry/bbs/TasksResponse';
import type { UpdateDesiredLRPRequest as _gantry_bbs_UpdateDesiredLRPRequest, UpdateDesiredLRPRequest__Output as _gantry_bbs_UpdateDesiredLRPRequest__Output } from '../../gantry/bbs/UpdateDesiredLRPRequest';
import type { UpsertDomainRequest as _gantry_bbs_UpsertDomainRequest, UpsertDomainRequest__Output as _gantry_bbs_UpsertDomainRequest__Output } from '../../gantry/bbs/UpsertDomainRequest';

export interface BBSClient extends grpc.Client {
  CancelTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _gantry_bbs_TaskGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _gantry_bbs_TaskGuidRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _gantry_bbs_TaskGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _gantry_bbs_TaskGuidRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  ClaimActualLRP(argument: _gantry_bbs_ClaimActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  ClaimActualLRP(argument: _gantry_bbs_ClaimActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  ClaimActualLRP(argument: _gantry_bbs_ClaimActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  ClaimActualLRP(argument: _gantry_bbs_ClaimActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  claimActualLrp(argument: _gantry_bbs_ClaimActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  claimActualLrp(argument: _gantry_bbs_ClaimActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  claimActualLrp(argument: _gantry_bbs_ClaimActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  claimActualLrp(argument: _gantry_bbs_ClaimActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  CompleteTask(argument: _gantry_bbs_CompleteTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  CompleteTask(argument: _gantry_bbs_CompleteTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  CompleteTask(argument: _gantry_bbs_CompleteTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  CompleteTask(argument: _gantry_bbs_CompleteTaskRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  completeTask(argument: _gantry_bbs_CompleteTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  completeTask(argument: _gantry_bbs_CompleteTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  completeTask(argument: _gantry_bbs_CompleteTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  completeTask(argument: _gantry_bbs_CompleteTaskRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  CrashActualLRP(argument: _gantry_bbs_CrashActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  CrashActualLRP(argument: _gantry_bbs_CrashActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  CrashActualLRP(argument: _gantry_bbs_CrashActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  CrashActualLRP(argument: _gantry_bbs_CrashActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  crashActualLrp(argument: _gantry_bbs_CrashActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  crashActualLrp(argument: _gantry_bbs_CrashActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  crashActualLrp(argument: _gantry_bbs_CrashActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  crashActualLrp(argument: _gantry_bbs_CrashActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  DeleteTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  DeleteTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  DeleteTask(argument: _gantry_bbs_TaskGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  DeleteTask(argument: _gantry_bbs_TaskGuidRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  deleteTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  deleteTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  deleteTask(argument: _gantry_bbs_TaskGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  deleteTask(argument: _gantry_bbs_TaskGuidRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  DesireLRP(argument: _gantry_bbs_DesireLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  DesireLRP(argument: _gantry_bbs_DesireLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  DesireLRP(argument: _gantry_bbs_DesireLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  DesireLRP(argument: _gantry_bbs_DesireLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  desireLrp(argument: _gantry_bbs_DesireLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  desireLrp(argument: _gantry_bbs_DesireLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  desireLrp(argument: _gantry_bbs_DesireLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  desireLrp(argument: _gantry_bbs_DesireLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  DesireTask(argument: _gantry_bbs_DesireTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  DesireTask(argument: _gantry_bbs_DesireTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  DesireTask(argument: _gantry_bbs_DesireTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  DesireTask(argument: _gantry_bbs_DesireTaskRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  desireTask(argument: _gantry_bbs_DesireTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  desireTask(argument: _gantry_bbs_DesireTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  desireTask(argument: _gantry_bbs_DesireTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  desireTask(argument: _gantry_bbs_DesireTaskRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  EvacuateClaimedActualLRP(argument: _gantry_bbs_EvacuateClaimedActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateClaimedActualLRP(argument: _gantry_bbs_EvacuateClaimedActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateClaimedActualLRP(argument: _gantry_bbs_EvacuateClaimedActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateClaimedActualLRP(argument: _gantry_bbs_EvacuateClaimedActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateClaimedActualLrp(argument: _gantry_bbs_EvacuateClaimedActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateClaimedActualLrp(argument: _gantry_bbs_EvacuateClaimedActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateClaimedActualLrp(argument: _gantry_bbs_EvacuateClaimedActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateClaimedActualLrp(argument: _gantry_bbs_EvacuateClaimedActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  
  EvacuateCrashedActualLRP(argument: _gantry_bbs_EvacuateCrashedActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateCrashedActualLRP(argument: _gantry_bbs_EvacuateCrashedActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateCrashedActualLRP(argument: _gantry_bbs_EvacuateCrashedActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateCrashedActualLRP(argument: _gantry_bbs_EvacuateCrashedActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateCrashedActualLrp(argument: _gantry_bbs_EvacuateCrashedActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateCrashedActualLrp(argument: _gantry_bbs_EvacuateCrashedActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateCrashedActualLrp(argument: _gantry_bbs_EvacuateCrashedActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateCrashedActualLrp(argument: _gantry_bbs_EvacuateCrashedActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  
  EvacuateRunningActualLRP(argument: _gantry_bbs_EvacuateRunningActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateRunningActualLRP(argument: _gantry_bbs_EvacuateRunningActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateRunningActualLRP(argument: _gantry_bbs_EvacuateRunningActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateRunningActualLRP(argument: _gantry_bbs_EvacuateRunningActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateRunningActualLrp(argument: _gantry_bbs_EvacuateRunningActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateRunningActualLrp(argument: _gantry_bbs_EvacuateRunningActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateRunningActualLrp(argument: _gantry_bbs_EvacuateRunningActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateRunningActualLrp(argument: _gantry_bbs_EvacuateRunningActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  
  EvacuateStoppedActualLRP(argument: _gantry_bbs_EvacuateStoppedActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateStoppedActualLRP(argument: _gantry_bbs_EvacuateStoppedActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateStoppedActualLRP(argument: _gantry_bbs_EvacuateStoppedActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  EvacuateStoppedActualLRP(argument: _gantry_bbs_EvacuateStoppedActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateStoppedActualLrp(argument: _gantry_bbs_EvacuateStoppedActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateStoppedActualLrp(argument: _gantry_bbs_EvacuateStoppedActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateStoppedActualLrp(argument: _gantry_bbs_EvacuateStoppedActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  evacuateStoppedActualLrp(argument: _gantry_bbs_EvacuateStoppedActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_EvacuationResponse__Output>): grpc.ClientUnaryCall;
  
  FailActualLRP(argument: _gantry_bbs_FailActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  FailActualLRP(argument: _gantry_bbs_FailActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  FailActualLRP(argument: _gantry_bbs_FailActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  FailActualLRP(argument: _gantry_bbs_FailActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  failActualLrp(argument: _gantry_bbs_FailActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  failActualLrp(argument: _gantry_bbs_FailActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  failActualLrp(argument: _gantry_bbs_FailActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  failActualLrp(argument: _gantry_bbs_FailActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  FailTask(argument: _gantry_bbs_FailTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  FailTask(argument: _gantry_bbs_FailTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  FailTask(argument: _gantry_bbs_FailTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  FailTask(argument: _gantry_bbs_FailTaskRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  failTask(argument: _gantry_bbs_FailTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  failTask(argument: _gantry_bbs_FailTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  failTask(argument: _gantry_bbs_FailTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  failTask(argument: _gantry_bbs_FailTaskRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  GetDesiredLRP(argument: _gantry_bbs_DesiredLRPByProcessGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPResponse__Output>): grpc.ClientUnaryCall;
  GetDesiredLRP(argument: _gantry_bbs_DesiredLRPByProcessGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPResponse__Output>): grpc.ClientUnaryCall;
  GetDesiredLRP(argument: _gantry_bbs_DesiredLRPByProcessGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPResponse__Output>): grpc.ClientUnaryCall;
  GetDesiredLRP(argument: _gantry_bbs_DesiredLRPByProcessGuidRequest, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPResponse__Output>): grpc.ClientUnaryCall;
  getDesiredLrp(argument: _gantry_bbs_DesiredLRPByProcessGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPResponse__Output>): grpc.ClientUnaryCall;
  getDesiredLrp(argument: _gantry_bbs_DesiredLRPByProcessGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPResponse__Output>): grpc.ClientUnaryCall;
  getDesiredLrp(argument: _gantry_bbs_DesiredLRPByProcessGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPResponse__Output>): grpc.ClientUnaryCall;
  getDesiredLrp(argument: _gantry_bbs_DesiredLRPByProcessGuidRequest, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPResponse__Output>): grpc.ClientUnaryCall;
  
  GetTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_TaskResponse__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_TaskResponse__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _gantry_bbs_TaskGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_TaskResponse__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _gantry_bbs_TaskGuidRequest, callback: grpc.requestCallback<_gantry_bbs_TaskResponse__Output>): grpc.ClientUnaryCall;
  getTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_TaskResponse__Output>): grpc.ClientUnaryCall;
  getTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_TaskResponse__Output>): grpc.ClientUnaryCall;
  getTask(argument: _gantry_bbs_TaskGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_TaskResponse__Output>): grpc.ClientUnaryCall;
  getTask(argument: _gantry_bbs_TaskGuidRequest, callback: grpc.requestCallback<_gantry_bbs_TaskResponse__Output>): grpc.ClientUnaryCall;
  
  ListActualLRPs(argument: _gantry_bbs_ActualLRPsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_ActualLRPsResponse__Output>): grpc.ClientUnaryCall;
  ListActualLRPs(argument: _gantry_bbs_ActualLRPsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_ActualLRPsResponse__Output>): grpc.ClientUnaryCall;
  ListActualLRPs(argument: _gantry_bbs_ActualLRPsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_ActualLRPsResponse__Output>): grpc.ClientUnaryCall;
  ListActualLRPs(argument: _gantry_bbs_ActualLRPsRequest, callback: grpc.requestCallback<_gantry_bbs_ActualLRPsResponse__Output>): grpc.ClientUnaryCall;
  listActualLrPs(argument: _gantry_bbs_ActualLRPsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_ActualLRPsResponse__Output>): grpc.ClientUnaryCall;
  listActualLrPs(argument: _gantry_bbs_ActualLRPsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_ActualLRPsResponse__Output>): grpc.ClientUnaryCall;
  listActualLrPs(argument: _gantry_bbs_ActualLRPsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_ActualLRPsResponse__Output>): grpc.ClientUnaryCall;
  listActualLrPs(argument: _gantry_bbs_ActualLRPsRequest, callback: grpc.requestCallback<_gantry_bbs_ActualLRPsResponse__Output>): grpc.ClientUnaryCall;
  
  ListCells(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_CellsResponse__Output>): grpc.ClientUnaryCall;
  ListCells(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_CellsResponse__Output>): grpc.ClientUnaryCall;
  ListCells(argument: _gantry_bbs_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_CellsResponse__Output>): grpc.ClientUnaryCall;
  ListCells(argument: _gantry_bbs_Empty, callback: grpc.requestCallback<_gantry_bbs_CellsResponse__Output>): grpc.ClientUnaryCall;
  listCells(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_CellsResponse__Output>): grpc.ClientUnaryCall;
  listCells(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_CellsResponse__Output>): grpc.ClientUnaryCall;
  listCells(argument: _gantry_bbs_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_CellsResponse__Output>): grpc.ClientUnaryCall;
  listCells(argument: _gantry_bbs_Empty, callback: grpc.requestCallback<_gantry_bbs_CellsResponse__Output>): grpc.ClientUnaryCall;
  
  ListDesiredLRPSchedulingInfos(argument: _gantry_bbs_DesiredLRPsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>): grpc.ClientUnaryCall;
  ListDesiredLRPSchedulingInfos(argument: _gantry_bbs_DesiredLRPsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>): grpc.ClientUnaryCall;
  ListDesiredLRPSchedulingInfos(argument: _gantry_bbs_DesiredLRPsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>): grpc.ClientUnaryCall;
  ListDesiredLRPSchedulingInfos(argument: _gantry_bbs_DesiredLRPsRequest, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>): grpc.ClientUnaryCall;
  listDesiredLrpSchedulingInfos(argument: _gantry_bbs_DesiredLRPsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>): grpc.ClientUnaryCall;
  listDesiredLrpSchedulingInfos(argument: _gantry_bbs_DesiredLRPsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>): grpc.ClientUnaryCall;
  listDesiredLrpSchedulingInfos(argument: _gantry_bbs_DesiredLRPsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>): grpc.ClientUnaryCall;
  listDesiredLrpSchedulingInfos(argument: _gantry_bbs_DesiredLRPsRequest, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>): grpc.ClientUnaryCall;
  
  ListDesiredLRPs(argument: _gantry_bbs_DesiredLRPsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPsResponse__Output>): grpc.ClientUnaryCall;
  ListDesiredLRPs(argument: _gantry_bbs_DesiredLRPsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPsResponse__Output>): grpc.ClientUnaryCall;
  ListDesiredLRPs(argument: _gantry_bbs_DesiredLRPsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPsResponse__Output>): grpc.ClientUnaryCall;
  ListDesiredLRPs(argument: _gantry_bbs_DesiredLRPsRequest, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPsResponse__Output>): grpc.ClientUnaryCall;
  listDesiredLrPs(argument: _gantry_bbs_DesiredLRPsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPsResponse__Output>): grpc.ClientUnaryCall;
  listDesiredLrPs(argument: _gantry_bbs_DesiredLRPsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPsResponse__Output>): grpc.ClientUnaryCall;
  listDesiredLrPs(argument: _gantry_bbs_DesiredLRPsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPsResponse__Output>): grpc.ClientUnaryCall;
  listDesiredLrPs(argument: _gantry_bbs_DesiredLRPsRequest, callback: grpc.requestCallback<_gantry_bbs_DesiredLRPsResponse__Output>): grpc.ClientUnaryCall;
  
  ListDomains(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DomainsResponse__Output>): grpc.ClientUnaryCall;
  ListDomains(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_DomainsResponse__Output>): grpc.ClientUnaryCall;
  ListDomains(argument: _gantry_bbs_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DomainsResponse__Output>): grpc.ClientUnaryCall;
  ListDomains(argument: _gantry_bbs_Empty, callback: grpc.requestCallback<_gantry_bbs_DomainsResponse__Output>): grpc.ClientUnaryCall;
  listDomains(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DomainsResponse__Output>): grpc.ClientUnaryCall;
  listDomains(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_DomainsResponse__Output>): grpc.ClientUnaryCall;
  listDomains(argument: _gantry_bbs_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_DomainsResponse__Output>): grpc.ClientUnaryCall;
  listDomains(argument: _gantry_bbs_Empty, callback: grpc.requestCallback<_gantry_bbs_DomainsResponse__Output>): grpc.ClientUnaryCall;
  
  ListTasks(argument: _gantry_bbs_TasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_TasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _gantry_bbs_TasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_TasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _gantry_bbs_TasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_TasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _gantry_bbs_TasksRequest, callback: grpc.requestCallback<_gantry_bbs_TasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _gantry_bbs_TasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_TasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _gantry_bbs_TasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_TasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _gantry_bbs_TasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_TasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _gantry_bbs_TasksRequest, callback: grpc.requestCallback<_gantry_bbs_TasksResponse__Output>): grpc.ClientUnaryCall;
  
  Ping(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_PingResponse__Output>): grpc.ClientUnaryCall;
  Ping(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_PingResponse__Output>): grpc.ClientUnaryCall;
  Ping(argument: _gantry_bbs_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_PingResponse__Output>): grpc.ClientUnaryCall;
  Ping(argument: _gantry_bbs_Empty, callback: grpc.requestCallback<_gantry_bbs_PingResponse__Output>): grpc.ClientUnaryCall;
  ping(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_PingResponse__Output>): grpc.ClientUnaryCall;
  ping(argument: _gantry_bbs_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_PingResponse__Output>): grpc.ClientUnaryCall;
  ping(argument: _gantry_bbs_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_PingResponse__Output>): grpc.ClientUnaryCall;
  ping(argument: _gantry_bbs_Empty, callback: grpc.requestCallback<_gantry_bbs_PingResponse__Output>): grpc.ClientUnaryCall;
  
  RejectTask(argument: _gantry_bbs_RejectTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RejectTask(argument: _gantry_bbs_RejectTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RejectTask(argument: _gantry_bbs_RejectTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RejectTask(argument: _gantry_bbs_RejectTaskRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  rejectTask(argument: _gantry_bbs_RejectTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  rejectTask(argument: _gantry_bbs_RejectTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  rejectTask(argument: _gantry_bbs_RejectTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  rejectTask(argument: _gantry_bbs_RejectTaskRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  RemoveActualLRP(argument: _gantry_bbs_RemoveActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RemoveActualLRP(argument: _gantry_bbs_RemoveActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RemoveActualLRP(argument: _gantry_bbs_RemoveActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RemoveActualLRP(argument: _gantry_bbs_RemoveActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeActualLrp(argument: _gantry_bbs_RemoveActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeActualLrp(argument: _gantry_bbs_RemoveActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeActualLrp(argument: _gantry_bbs_RemoveActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeActualLrp(argument: _gantry_bbs_RemoveActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  RemoveDesiredLRP(argument: _gantry_bbs_RemoveDesiredLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RemoveDesiredLRP(argument: _gantry_bbs_RemoveDesiredLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RemoveDesiredLRP(argument: _gantry_bbs_RemoveDesiredLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RemoveDesiredLRP(argument: _gantry_bbs_RemoveDesiredLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeDesiredLrp(argument: _gantry_bbs_RemoveDesiredLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeDesiredLrp(argument: _gantry_bbs_RemoveDesiredLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeDesiredLrp(argument: _gantry_bbs_RemoveDesiredLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeDesiredLrp(argument: _gantry_bbs_RemoveDesiredLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  RemoveEvacuatingActualLRP(argument: _gantry_bbs_RemoveEvacuatingActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RemoveEvacuatingActualLRP(argument: _gantry_bbs_RemoveEvacuatingActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RemoveEvacuatingActualLRP(argument: _gantry_bbs_RemoveEvacuatingActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RemoveEvacuatingActualLRP(argument: _gantry_bbs_RemoveEvacuatingActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeEvacuatingActualLrp(argument: _gantry_bbs_RemoveEvacuatingActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeEvacuatingActualLrp(argument: _gantry_bbs_RemoveEvacuatingActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeEvacuatingActualLrp(argument: _gantry_bbs_RemoveEvacuatingActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  removeEvacuatingActualLrp(argument: _gantry_bbs_RemoveEvacuatingActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  ResolvingTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  ResolvingTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  ResolvingTask(argument: _gantry_bbs_TaskGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  ResolvingTask(argument: _gantry_bbs_TaskGuidRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  resolvingTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  resolvingTask(argument: _gantry_bbs_TaskGuidRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  resolvingTask(argument: _gantry_bbs_TaskGuidRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  resolvingTask(argument: _gantry_bbs_TaskGuidRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  RetireActualLRP(argument: _gantry_bbs_RetireActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RetireActualLRP(argument: _gantry_bbs_RetireActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RetireActualLRP(argument: _gantry_bbs_RetireActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  RetireActualLRP(argument: _gantry_bbs_RetireActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  retireActualLrp(argument: _gantry_bbs_RetireActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  retireActualLrp(argument: _gantry_bbs_RetireActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  retireActualLrp(argument: _gantry_bbs_RetireActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  retireActualLrp(argument: _gantry_bbs_RetireActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  StartActualLRP(argument: _gantry_bbs_StartActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  StartActualLRP(argument: _gantry_bbs_StartActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  StartActualLRP(argument: _gantry_bbs_StartActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  StartActualLRP(argument: _gantry_bbs_StartActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  startActualLrp(argument: _gantry_bbs_StartActualLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  startActualLrp(argument: _gantry_bbs_StartActualLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  startActualLrp(argument: _gantry_bbs_StartActualLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  startActualLrp(argument: _gantry_bbs_StartActualLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  StartTask(argument: _gantry_bbs_StartTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  StartTask(argument: _gantry_bbs_StartTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  StartTask(argument: _gantry_bbs_StartTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  StartTask(argument: _gantry_bbs_StartTaskRequest, callback: grpc.requestCallback<_gantry_bbs_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  startTask(argument: _gantry_bbs_StartTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  startTask(argument: _gantry_bbs_StartTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  startTask(argument: _gantry_bbs_StartTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  startTask(argument: _gantry_bbs_StartTaskRequest, callback: grpc.requestCallback<_gantry_bbs_StartTaskResponse__Output>): grpc.ClientUnaryCall;
  
  SubscribeEvents(argument: _gantry_bbs_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_gantry_models_Event__Output>;
  SubscribeEvents(argument: _gantry_bbs_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_gantry_models_Event__Output>;
  subscribeEvents(argument: _gantry_bbs_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_gantry_models_Event__Output>;
  subscribeEvents(argument: _gantry_bbs_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_gantry_models_Event__Output>;
  
  UpdateDesiredLRP(argument: _gantry_bbs_UpdateDesiredLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  UpdateDesiredLRP(argument: _gantry_bbs_UpdateDesiredLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  UpdateDesiredLRP(argument: _gantry_bbs_UpdateDesiredLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  UpdateDesiredLRP(argument: _gantry_bbs_UpdateDesiredLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  updateDesiredLrp(argument: _gantry_bbs_UpdateDesiredLRPRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  updateDesiredLrp(argument: _gantry_bbs_UpdateDesiredLRPRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  updateDesiredLrp(argument: _gantry_bbs_UpdateDesiredLRPRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  updateDesiredLrp(argument: _gantry_bbs_UpdateDesiredLRPRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
  UpsertDomain(argument: _gantry_bbs_UpsertDomainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  UpsertDomain(argument: _gantry_bbs_UpsertDomainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  UpsertDomain(argument: _gantry_bbs_UpsertDomainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  UpsertDomain(argument: _gantry_bbs_UpsertDomainRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  upsertDomain(argument: _gantry_bbs_UpsertDomainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  upsertDomain(argument: _gantry_bbs_UpsertDomainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  upsertDomain(argument: _gantry_bbs_UpsertDomainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  upsertDomain(argument: _gantry_bbs_UpsertDomainRequest, callback: grpc.requestCallback<_gantry_bbs_Empty__Output>): grpc.ClientUnaryCall;
  
}

export interface BBSHandlers extends grpc.UntypedServiceImplementation {
  CancelTask: grpc.handleUnaryCall<_gantry_bbs_TaskGuidRequest__Output, _gantry_bbs_Empty>;
  
  ClaimActualLRP: grpc.handleUnaryCall<_gantry_bbs_ClaimActualLRPRequest__Output, _gantry_bbs_Empty>;
  
  CompleteTask: grpc.handleUnaryCall<_gantry_bbs_CompleteTaskRequest__Output, _gantry_bbs_Empty>;
  
  CrashActualLRP: grpc.handleUnaryCall<_gantry_bbs_CrashActualLRPRequest__Output, _gantry_bbs_Empty>;
  
  DeleteTask: grpc.handleUnaryCall<_gantry_bbs_TaskGuidRequest__Output, _gantry_bbs_Empty>;
  
  DesireLRP: grpc.handleUnaryCall<_gantry_bbs_DesireLRPRequest__Output, _gantry_bbs_Empty>;
  
  DesireTask: grpc.handleUnaryCall<_gantry_bbs_DesireTaskRequest__Output, _gantry_bbs_Empty>;
  
  EvacuateClaimedActualLRP: grpc.handleUnaryCall<_gantry_bbs_EvacuateClaimedActualLRPRequest__Output, _gantry_bbs_EvacuationResponse>;
  
  EvacuateCrashedActualLRP: grpc.handleUnaryCall<_gantry_bbs_EvacuateCrashedActualLRPRequest__Output, _gantry_bbs_EvacuationResponse>;
  
  EvacuateRunningActualLRP: grpc.handleUnaryCall<_gantry_bbs_EvacuateRunningActualLRPRequest__Output, _gantry_bbs_EvacuationResponse>;
  
  EvacuateStoppedActualLRP: grpc.handleUnaryCall<_gantry_bbs_EvacuateStoppedActualLRPRequest__Output, _gantry_bbs_EvacuationResponse>;
  
  FailActualLRP: grpc.handleUnaryCall<_gantry_bbs_FailActualLRPRequest__Output, _gantry_bbs_Empty>;
  
  FailTask: grpc.handleUnaryCall<_gantry_bbs_FailTaskRequest__Output, _gantry_bbs_Empty>;
  
  GetDesiredLRP: grpc.handleUnaryCall<_gantry_bbs_DesiredLRPByProcessGuidRequest__Output, _gantry_bbs_DesiredLRPResponse>;
  
  GetTask: grpc.handleUnaryCall<_gantry_bbs_TaskGuidRequest__Output, _gantry_bbs_TaskResponse>;
  
  ListActualLRPs: grpc.handleUnaryCall<_gantry_bbs_ActualLRPsRequest__Output, _gantry_bbs_ActualLRPsResponse>;
  
  ListCells: grpc.handleUnaryCall<_gantry_bbs_Empty__Output, _gantry_bbs_CellsResponse>;
  
  ListDesiredLRPSchedulingInfos: grpc.handleUnaryCall<_gantry_bbs_DesiredLRPsRequest__Output, _gantry_bbs_DesiredLRPSchedulingInfosResponse>;
  
  ListDesiredLRPs: grpc.handleUnaryCall<_gantry_bbs_DesiredLRPsRequest__Output, _gantry_bbs_DesiredLRPsResponse>;
  
  ListDomains: grpc.handleUnaryCall<_gantry_bbs_Empty__Output, _gantry_bbs_DomainsResponse>;
  
  ListTasks: grpc.handleUnaryCall<_gantry_bbs_TasksRequest__Output, _gantry_bbs_TasksResponse>;
  
  Ping: grpc.handleUnaryCall<_gantry_bbs_Empty__Output, _gantry_bbs_PingResponse>;
  
  RejectTask: grpc.handleUnaryCall<_gantry_bbs_RejectTaskRequest__Output, _gantry_bbs_Empty>;
  
  RemoveActualLRP: grpc.handleUnaryCall<_gantry_bbs_RemoveActualLRPRequest__Output, _gantry_bbs_Empty>;
  
  RemoveDesiredLRP: grpc.handleUnaryCall<_gantry_bbs_RemoveDesiredLRPRequest__Output, _gantry_bbs_Empty>;
  
  RemoveEvacuatingActualLRP: grpc.handleUnaryCall<_gantry_bbs_RemoveEvacuatingActualLRPRequest__Output, _gantry_bbs_Empty>;
  
  ResolvingTask: grpc.handleUnaryCall<_gantry_bbs_TaskGuidRequest__Output, _gantry_bbs_Empty>;
  
  RetireActualLRP: grpc.handleUnaryCall<_gantry_bbs_RetireActualLRPRequest__Output, _gantry_bbs_Empty>;
  
  StartActualLRP: grpc.handleUnaryCall<_gantry_bbs_StartActualLRPRequest__Output, _gantry_bbs_Empty>;
  
  StartTask: grpc.handleUnaryCall<_gantry_bbs_StartTaskRequest__Output, _gantry_bbs_StartTaskResponse>;
  
  SubscribeEvents: grpc.handleServerStreamingCall<_gantry_bbs_SubscribeRequest__Output, _gantry_models_Event>;
  
  UpdateDesiredLRP: grpc.handleUnaryCall<_gantry_bbs_UpdateDesiredLRPRequest__Output, _gantry_bbs_Empty>;
  
  UpsertDomain: grpc.handleUnaryCall<_gantry_bbs_UpsertDomainRequest__Output, _gantry_bbs_Empty>;
  
}

export interface BBSDefinition extends grpc.ServiceDefinition {
  CancelTask: MethodDefinition<_gantry_bbs_TaskGuidRequest, _gantry_bbs_Empty, _gantry_bbs_TaskGuidRequest__Output, _gantry_bbs_Empty__Output>
  ClaimActualLRP: MethodDefinition<_gantry_bbs_ClaimActualLRPRequest, _gantry_bbs_Empty, _gantry_bbs_ClaimActualLRPRequest__Output, _gantry_bbs_Empty__Output>
  CompleteTask: MethodDefinition<_gantry_bbs_CompleteTaskRequest, _gantry_bbs_Empty, _gantry_bbs_CompleteTaskRequest__Output, _gantry_bbs_Empty__Output>
  CrashActualLRP: MethodDefinition<_gantry_bbs_CrashActualLRPRequest, _gantry_bbs_Empty, _gantry_bbs_CrashActualLRPRequest__Output, _gantry_bbs_Empty__Output>
  DeleteTask: MethodDefinition<_gantry_bbs_TaskGuidRequest, _gantry_bbs_Empty, _gantry_bbs_TaskGuidRequest__Output, _gantry_bbs_Empty__Output>
  DesireLRP: MethodDefinition<_gantry_bbs_DesireLRPRequest, _gantry_bbs_Empty, _gantry_bbs_DesireLRPRequest__Output, _gantry_bbs_Empty__Output>
  DesireTask: MethodDefinition<_gantry_bbs_DesireTaskRequest, _gantry_bbs_Empty, _gantry_bbs_DesireTaskRequest__Output, _gantry_bbs_Empty__Output>
  EvacuateClaimedActualLRP: MethodDefinition<_gantry_bbs_EvacuateClaimedActualLRPRequest, _gantry_bbs_EvacuationResponse, _gantry_bbs_EvacuateClaimedActualLRPRequest__Output, _gantry_bbs_EvacuationResponse__Output>
  EvacuateCrashedActualLRP: MethodDefinition<_gantry_bbs_EvacuateCrashedActualLRPRequest, _gantry_bbs_EvacuationResponse, _gantry_bbs_EvacuateCrashedActualLRPRequest__Output, _gantry_bbs_EvacuationResponse__Output>
  EvacuateRunningActualLRP: MethodDefinition<_gantry_bbs_EvacuateRunningActualLRPRequest, _gantry_bbs_EvacuationResponse, _gantry_bbs_EvacuateRunningActualLRPRequest__Output, _gantry_bbs_EvacuationResponse__Output>
  EvacuateStoppedActualLRP: MethodDefinition<_gantry_bbs_EvacuateStoppedActualLRPRequest, _gantry_bbs_EvacuationResponse, _gantry_bbs_EvacuateStoppedActualLRPRequest__Output, _gantry_bbs_EvacuationResponse__Output>
  FailActualLRP: MethodDefinition<_gantry_bbs_FailActualLRPRequest, _gantry_bbs_Empty, _gantry_bbs_FailActualLRPRequest__Output, _gantry_bbs_Empty__Output>
  FailTask: MethodDefinition<_gantry_bbs_FailTaskRequest, _gantry_bbs_Empty, _gantry_bbs_FailTaskRequest__Output, _gantry_bbs_Empty__Output>
  GetDesiredLRP: MethodDefinition<_gantry_bbs_DesiredLRPByProcessGuidRequest, _gantry_bbs_DesiredLRPResponse, _gantry_bbs_DesiredLRPByProcessGuidRequest__Output, _gantry_bbs_DesiredLRPResponse__Output>
  GetTask: MethodDefinition<_gantry_bbs_TaskGuidRequest, _gantry_bbs_TaskResponse, _gantry_bbs_TaskGuidRequest__Output, _gantry_bbs_TaskResponse__Output>
  ListActualLRPs: MethodDefinition<_gantry_bbs_ActualLRPsRequest, _gantry_bbs_ActualLRPsResponse, _gantry_bbs_ActualLRPsRequest__Output, _gantry_bbs_ActualLRPsResponse__Output>
  ListCells: MethodDefinition<_gantry_bbs_Empty, _gantry_bbs_CellsResponse, _gantry_bbs_Empty__Output, _gantry_bbs_CellsResponse__Output>
  ListDesiredLRPSchedulingInfos: MethodDefinition<_gantry_bbs_DesiredLRPsRequest, _gantry_bbs_DesiredLRPSchedulingInfosResponse, _gantry_bbs_DesiredLRPsRequest__Output, _gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>
  ListDesiredLRPs: MethodDefinition<_gantry_bbs_DesiredLRPsRequest, _gantry_bbs_DesiredLRPsResponse, _gantry_bbs_DesiredLRPsRequest__Output, _gantry_bbs_DesiredLRPsResponse__Output>
  ListDomains: MethodDefinition<_gantry_bbs_Empty, _gantry_bbs_DomainsResponse, _gantry_bbs_Empty__Output, _gantry_bbs_DomainsResponse__Output>
  ListTasks: MethodDefinition<_gantry_bbs_TasksRequest, _gantry_bbs_TasksResponse, _gantry_bbs_TasksRequest__Output, _gantry_bbs_TasksResponse__Output>
  Ping: MethodDefinition<_gantry_bbs_Empty, _gantry_bbs_PingResponse, _gantry_bbs_Empty__Output, _gantry_bbs_PingResponse__Output>
  RejectTask: MethodDefinition<_gantry_bbs_RejectTaskRequest, _gantry_bbs_Empty, _gantry_bbs_RejectTaskRequest__Output, _gantry_bbs_Empty__Output>
  RemoveActualLRP: MethodDefinition<_gantry_bbs_RemoveActualLRPRequest, _gantry_bbs_Empty, _gantry_bbs_RemoveActualLRPRequest__Output, _gantry_bbs_Empty__Output>
  RemoveDesiredLRP: MethodDefinition<_gantry_bbs_RemoveDesiredLRPRequest, _gantry_bbs_Empty, _gantry_bbs_RemoveDesiredLRPRequest__Output, _gantry_bbs_Empty__Output>
  RemoveEvacuatingActualLRP: MethodDefinition<_gantry_bbs_RemoveEvacuatingActualLRPRequest, _gantry_bbs_Empty, _gantry_bbs_RemoveEvacuatingActualLRPRequest__Output, _gantry_bbs_Empty__Output>
  ResolvingTask: MethodDefinition<_gantry_bbs_TaskGuidRequest, _gantry_bbs_Empty, _gantry_bbs_TaskGuidRequest__Output, _gantry_bbs_Empty__Output>
  RetireActualLRP: MethodDefinition<_gantry_bbs_RetireActualLRPRequest, _gantry_bbs_Empty, _gantry_bbs_RetireActualLRPRequest__Output, _gantry_bbs_Empty__Output>
  StartActualLRP: MethodDefinition<_gantry_bbs_StartActualLRPRequest, _gantry_bbs_Empty, _gantry_bbs_StartActualLRPRequest__Output, _gantry_bbs_Empty__Output>
  StartTask: MethodDefinition<_gantry_bbs_StartTaskRequest, _gantry_bbs_StartTaskResponse, _gantry_bbs_StartTaskRequest__Output, _gantry_bbs_StartTaskResponse__Output>
  SubscribeEvents: MethodDefinition<_gantry_bbs_SubscribeRequest, _gantry_models_Event, _gantry_bbs_SubscribeRequest__Output, _gantry_models_Event__Output>
  UpdateDesiredLRP: MethodDefinition<_gantry_bbs_UpdateDesiredLRPRequest, _gantry_bbs_Empty, _gantry_bbs_UpdateDesiredLRPRequest__Output, _gantry_bbs_Empty__Output>
  UpsertDomain: MethodDefinition<_gantry_bbs_UpsertDomainRequest, _gantry_bbs_Empty, _gantry_bbs_UpsertDomainRequest__Output, _gantry_bbs_Empty__Output>
}
