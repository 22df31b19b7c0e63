import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ActualLRPsRequest as _gantry_bbs_ActualLRPsRequest, ActualLRPsRequest__Output as _gantry_bbs_ActualLRPsRequest__Output } from './gantry/bbs/ActualLRPsRequest';
import type { ActualLRPsResponse as _gantry_bbs_ActualLRPsResponse, ActualLRPsResponse__Output as _gantry_bbs_ActualLRPsResponse__Output } from './gantry/bbs/ActualLRPsResponse';
import type { BBSClient as _gantry_bbs_BBSClient, BBSDefinition as _gantry_bbs_BBSDefinition } from './gantry/bbs/BBS';
import type { CellsResponse as _gantry_bbs_CellsResponse, CellsResponse__Output as _gantry_bbs_CellsResponse__Output } from './gantry/bbs/CellsResponse';
import type { ClaimActualLRPRequest as _gantry_bbs_ClaimActualLRPRequest, ClaimActualLRPRequest__Output as _gantry_bbs_ClaimActualLRPRequest__Output } from './gantry/bbs/ClaimActualLRPRequest';
import type { CompleteTaskRequest as _gantry_bbs_CompleteTaskRequest, CompleteTaskRequest__Output as _gantry_bbs_CompleteTaskRequest__Output } from './gantry/bbs/CompleteTaskRequest';
import type { CrashActualLRPRequest as _gantry_bbs_CrashActualLRPRequest, CrashActualLRPRequest__Output as _gantry_bbs_CrashActualLRPRequest__Output } from './gantry/bbs/CrashActualLRPRequest';
import type { DesireLRPRequest as _gantry_bbs_DesireLRPRequest, DesireLRPRequest__Output as _gantry_bbs_DesireLRPRequest__Output } from './gantry/bbs/DesireLRPRequest';
import type { DesireTaskRequest as _gantry_bbs_DesireTaskRequest, DesireTaskRequest__Output as _gantry_bbs_DesireTaskRequest__Output } from './gantry/bbs/DesireTaskRequest';
import type { DesiredLRPByProcessGuidRequest as _gantry_bbs_DesiredLRPByProcessGuidRequest, DesiredLRPByProcessGuidRequest__Output as _gantry_bbs_DesiredLRPByProcessGuidRequest__Output } from './gantry/bbs/DesiredLRPByProcessGuidRequest';
import type { DesiredLRPResponse as _gantry_bbs_DesiredLRPResponse, DesiredLRPResponse__Output as _gantry_bbs_DesiredLRPResponse__Output } from './gantry/bbs/DesiredLRPResponse';
import type { DesiredLRPSchedulingInfosResponse as _gantry_bbs_DesiredLRPSchedulingInfosResponse, DesiredLRPSchedulingInfosResponse__Output as _gantry_bbs_DesiredLRPSchedulingInfosResponse__Output } from './gantry/bbs/DesiredLRPSchedulingInfosResponse';
import type { DesiredLRPsRequest as _gantry_bbs_DesiredLRPsRequest, DesiredLRPsRequest__Output as _gantry_bbs_DesiredLRPsRequest__Output } from './gantry/bbs/DesiredLRPsRequest';
import type { DesiredLRPsResponse as _gantry_bbs_DesiredLRPsResponse, DesiredLRPsResponse__Output as _gantry_bbs_DesiredLRPsResponse__Output } from './gantry/bbs/DesiredLRPsResponse';
import type { DomainsResponse as _gantry_bbs_DomainsResponse, DomainsResponse__Output as _gantry_bbs_DomainsResponse__Output } from './gantry/bbs/DomainsResponse';
import type { Empty as _gantry_bbs_Empty, Empty__Output as _gantry_bbs_Empty__Output } from './gantry/bbs/Empty';
import type { EvacuateClaimedActualLRPRequest as _gantry_bbs_EvacuateClaimedActualLRPRequest, EvacuateClaimedActualLRPRequest__Output as _gantry_bbs_EvacuateClaimedActualLRPRequest__Output } from './gantry/bbs/EvacuateClaimedActualLRPRequest';
import type { EvacuateCrashedActualLRPRequest as _gantry_bbs_EvacuateCrashedActualLRPRequest, EvacuateCrashedActualLRPRequest__Output as _gantry_bbs_EvacuateCrashedActualLRPRequest__Output } from './gantry/bbs/EvacuateCrashedActualLRPRequest';
import type { EvacuateRunningActualLRPRequest as _gantry_bbs_EvacuateRunningActualLRPRequest, EvacuateRunningActualLRPRequest__Output as _gantry_bbs_EvacuateRunningActualLRPRequest__Output } from './gantry/bbs/EvacuateRunningActualLRPRequest';
import type { EvacuateStoppedActualLRPRequest as _gantry_bbs_EvacuateStoppedActualLRPRequest, EvacuateStoppedActualLRPRequest__Output as _gantry_bbs_EvacuateStoppedActualLRPRequest__Output } from './gantry/bbs/EvacuateStoppedActualLRPRequest';
import type { EvacuationResponse as _gantry_bbs_EvacuationResponse, EvacuationResponse__Output as _gantry_bbs_EvacuationResponse__Output } from './gantry/bbs/EvacuationResponse';
import type { FailActualLRPRequest as _gantry_bbs_FailActualLRPRequest, FailActualLRPRequest__Output as _gantry_bbs_FailActualLRPRequest__Output } from './gantry/bbs/FailActualLRPRequest';
import type { FailTaskRequest as _gantry_bbs_FailTaskRequest, FailTaskRequest__Output as _gantry_bbs_FailTaskRequest__Output } from './gantry/bbs/FailTaskRequest';
import type { PingResponse as _gantry_bbs_PingResponse, PingResponse__Output as _gantry_bbs_PingResponse__Output } from './gantry/bbs/PingResponse';
import type { RejectTaskRequest as _gantry_bbs_RejectTaskRequest, RejectTaskRequest__Output as _gantry_bbs_RejectTaskRequest__Output } from './gantry/bbs/RejectTaskRequest';
import type { RemoveActualLRPRequest as _gantry_bbs_RemoveActualLRPRequest, RemoveActualLRPRequest__Output as _gantry_bbs_RemoveActualLRPRequest__Output } from './gantry/bbs/RemoveActualLRPRequest';
import type { RemoveDesiredLRPRequest as _gantry_bbs_RemoveDesiredLRPRequest, RemoveDesiredLRPRequest__Output as _gantry_bbs_RemoveDesiredLRPRequest__Output } from './gantry/bbs/RemoveDesiredLRPRequest';
import type { RemoveEvacuatingActualLRPRequest as _gantry_bbs_RemoveEvacuatingActualLRPRequest, RemoveEvacuatingActualLRPRequest__Output as _gantry_bbs_RemoveEvacuatingActualLRPRequest__Output } from './gantry/bbs/RemoveEvacuatingActualLRPRequest';
import type { RetireActualLRPRequest as _gantry_bbs_RetireActualLRPRequest, RetireActualLRPRequest__Output as _gantry_bbs_RetireActualLRPRequest__Output } from './gantry/bbs/RetireActualLRPRequest';
import type { StartActualLRPRequest as _gantry_bbs_StartActualLRPRequest, StartActualLRPRequest__Output as _gantry_bbs_StartActualLRPRequest__Output } from './gantry/bbs/StartActualLRPRequest';
import type { StartTaskRequest as _gantry_bbs_StartTaskRequest, StartTaskRequest__Output as _gantry_bbs_StartTaskRequest__Output } from './gantry/bbs/StartTaskRequest';
import type { StartTaskResponse as _gantry_bbs_StartTaskResponse, StartTaskResponse__Output as _gantry_bbs_StartTaskResponse__Output } from './gantry/bbs/StartTaskResponse';
import type { SubscribeRequest as _gantry_bbs_SubscribeRequest, SubscribeRequest__Output as _gantry_bbs_SubscribeRequest__Output } from './gantry/bbs/SubscribeRequest';
import type { TaskGuidRequest as _gantry_bbs_TaskGuidRequest, TaskGuidRequest__Output as _gantry_bbs_TaskGuidRequest__Output } from './gantry/bbs/TaskGuidRequest';
import type { TaskResponse as _gantry_bbs_TaskResponse, TaskResponse__Output as _gantry_bbs_TaskResponse__Output } from './gantry/bbs/TaskResponse';
import type { TasksRequest as _gantry_bbs_TasksRequest, TasksRequest__Output as _gantry_bbs_TasksRequest__Output } from './gantry/bbs/TasksRequest';
import type { TasksResponse as _gantry_bbs_TasksResponse, TasksResponse__Output as _gantry_bbs_TasksResponse__Output } from './gantry/bbs/TasksResponse';
import type { UpdateDesiredLRPRequest as _gantry_bbs_UpdateDesiredLRPRequest, UpdateDesiredLRPRequest__Output as _gantry_bbs_UpdateDesiredLRPRequest__Output } from './gantry/bbs/UpdateDesiredLRPRequest';
import type { UpsertDomainRequest as _gantry_bbs_UpsertDomainRequest, UpsertDomainRequest__Output as _gantry_bbs_UpsertDomainRequest__Output } from './gantry/bbs/UpsertDomainRequest';
import type { ActualLRP as _gantry_models_ActualLRP, ActualLRP__Output as _gantry_models_ActualLRP__Output } from './gantry/models/ActualLRP';
import type { ActualLRPCrashedEvent as _gantry_models_ActualLRPCrashedEvent, ActualLRPCrashedEvent__Output as _gantry_models_ActualLRPCrashedEvent__Output } from './gantry/models/ActualLRPCrashedEvent';
import type { ActualLRPFilter as _gantry_models_ActualLRPFilter, ActualLRPFilter__Output as _gantry_models_ActualLRPFilter__Output } from './gantry/models/ActualLRPFilter';
import type { ActualLRPInstanceChangedEvent as _gantry_models_ActualLRPInstanceChangedEvent, ActualLRPInstanceChangedEvent__Output as _gantry_models_ActualLRPInstanceChangedEvent__Output } from './gantry/models/ActualLRPInstanceChangedEvent';
import type { ActualLRPInstanceCreatedEvent as _gantry_models_ActualLRPInstanceCreatedEvent, ActualLRPInstanceCreatedEvent__Output as _gantry_models_ActualLRPInstanceCreatedEvent__Output } from './gantry/models/ActualLRPInstanceCreatedEvent';
import type { ActualLRPInstanceKey as _gantry_models_ActualLRPInstanceKey, ActualLRPInstanceKey__Output as _gantry_models_ActualLRPInstanceKey__Output } from './gantry/models/ActualLRPInstanceKey';
import type { ActualLRPInstanceRemovedEvent as _gantry_models_ActualLRPInstanceRemovedEvent, ActualLRPInstanceRemovedEvent__Output as _gantry_models_ActualLRPInstanceRemovedEvent__Output } from './gantry/models/ActualLRPInstanceRemovedEvent';
import type { ActualLRPKey as _gantry_models_ActualLRPKey, ActualLRPKey__Output as _gantry_models_ActualLRPKey__Output } from './gantry/models/ActualLRPKey';
import type { ActualLRPNetInfo as _gantry_models_ActualLRPNetInfo, ActualLRPNetInfo__Output as _gantry_models_ActualLRPNetInfo__Output } from './gantry/models/ActualLRPNetInfo';
import type { CellPresence as _gantry_models_CellPresence, CellPresence__Output as _gantry_models_CellPresence__Output } from './gantry/models/CellPresence';
import type { CheckDefinition as _gantry_models_CheckDefinition, CheckDefinition__Output as _gantry_models_CheckDefinition__Output } from './gantry/models/CheckDefinition';
import type { DesiredLRP as _gantry_models_DesiredLRP, DesiredLRP__Output as _gantry_models_DesiredLRP__Output } from './gantry/models/DesiredLRP';
import type { DesiredLRPChangedEvent as _gantry_models_DesiredLRPChangedEvent, DesiredLRPChangedEvent__Output as _gantry_models_DesiredLRPChangedEvent__Output } from './gantry/models/DesiredLRPChangedEvent';
import type { DesiredLRPCreatedEvent as _gantry_models_DesiredLRPCreatedEvent, DesiredLRPCreatedEvent__Output as _gantry_models_DesiredLRPCreatedEvent__Output } from './gantry/models/DesiredLRPCreatedEvent';
import type { DesiredLRPRemovedEvent as _gantry_models_DesiredLRPRemovedEvent, DesiredLRPRemovedEvent__Output as _gantry_models_DesiredLRPRemovedEvent__Output } from './gantry/models/DesiredLRPRemovedEvent';
import type { DesiredLRPSchedulingInfo as _gantry_models_DesiredLRPSchedulingInfo, DesiredLRPSchedulingInfo__Output as _gantry_models_DesiredLRPSchedulingInfo__Output } from './gantry/models/DesiredLRPSchedulingInfo';
import type { DesiredLRPUpdate as _gantry_models_DesiredLRPUpdate, DesiredLRPUpdate__Output as _gantry_models_DesiredLRPUpdate__Output } from './gantry/models/DesiredLRPUpdate';
import type { Domain as _gantry_models_Domain, Domain__Output as _gantry_models_Domain__Output } from './gantry/models/Domain';
import type { Download as _gantry_models_Download, Download__Output as _gantry_models_Download__Output } from './gantry/models/Download';
import type { DropletRef as _gantry_models_DropletRef, DropletRef__Output as _gantry_models_DropletRef__Output } from './gantry/models/DropletRef';
import type { EnvironmentVariable as _gantry_models_EnvironmentVariable, EnvironmentVariable__Output as _gantry_models_EnvironmentVariable__Output } from './gantry/models/EnvironmentVariable';
import type { Event as _gantry_models_Event, Event__Output as _gantry_models_Event__Output } from './gantry/models/Event';
import type { ModificationTag as _gantry_models_ModificationTag, ModificationTag__Output as _gantry_models_ModificationTag__Output } from './gantry/models/ModificationTag';
import type { PortMapping as _gantry_models_PortMapping, PortMapping__Output as _gantry_models_PortMapping__Output } from './gantry/models/PortMapping';
import type { Resources as _gantry_models_Resources, Resources__Output as _gantry_models_Resources__Output } from './gantry/models/Resources';
import type { Route as _gantry_models_Route, Route__Output as _gantry_models_Route__Output } from './gantry/models/Route';
import type { RouteList as _gantry_models_RouteList, RouteList__Output as _gantry_models_RouteList__Output } from './gantry/models/RouteList';
import type { Task as _gantry_models_Task, Task__Output as _gantry_models_Task__Output } from './gantry/models/Task';
import type { TaskChangedEvent as _gantry_models_TaskChangedEvent, TaskChangedEvent__Output as _gantry_models_TaskChangedEvent__Output } from './gantry/models/TaskChangedEvent';
import type { TaskCreatedEvent as _gantry_models_TaskCreatedEvent, TaskCreatedEvent__Output as _gantry_models_TaskCreatedEvent__Output } from './gantry/models/TaskCreatedEvent';
import type { TaskFilter as _gantry_models_TaskFilter, TaskFilter__Output as _gantry_models_TaskFilter__Output } from './gantry/models/TaskFilter';
import type { TaskRemovedEvent as _gantry_models_TaskRemovedEvent, TaskRemovedEvent__Output as _gantry_models_TaskRemovedEvent__Output } from './gantry/models/TaskRemovedEvent';
import type { Upload as _gantry_models_Upload, Upload__Output as _gantry_models_Upload__Output } from './gantry/models/Upload';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  gantry: {
    bbs: {
      ActualLRPsRequest: MessageTypeDefinition<_gantry_bbs_ActualLRPsRequest, _gantry_bbs_ActualLRPsRequest__Output>
      ActualLRPsResponse: MessageTypeDefinition<_gantry_bbs_ActualLRPsResponse, _gantry_bbs_ActualLRPsResponse__Output>
      BBS: SubtypeConstructor<typeof grpc.Client, _gantry_bbs_BBSClient> & { service: _gantry_bbs_BBSDefinition }
      CellsResponse: MessageTypeDefinition<_gantry_bbs_CellsResponse, _gantry_bbs_CellsResponse__Output>
      ClaimActualLRPRequest: MessageTypeDefinition<_gantry_bbs_ClaimActualLRPRequest, _gantry_bbs_ClaimActualLRPRequest__Output>
      CompleteTaskRequest: MessageTypeDefinition<_gantry_bbs_CompleteTaskRequest, _gantry_bbs_CompleteTaskRequest__Output>
      CrashActualLRPRequest: MessageTypeDefinition<_gantry_bbs_CrashActualLRPRequest, _gantry_bbs_CrashActualLRPRequest__Output>
      DesireLRPRequest: MessageTypeDefinition<_gantry_bbs_DesireLRPRequest, _gantry_bbs_DesireLRPRequest__Output>
      DesireTaskRequest: MessageTypeDefinition<_gantry_bbs_DesireTaskRequest, _gantry_bbs_DesireTaskRequest__Output>
      DesiredLRPByProcessGuidRequest: MessageTypeDefinition<_gantry_bbs_DesiredLRPByProcessGuidRequest, _gantry_bbs_DesiredLRPByProcessGuidRequest__Output>
      DesiredLRPResponse: MessageTypeDefinition<_gantry_bbs_DesiredLRPResponse, _gantry_bbs_DesiredLRPResponse__Output>
      DesiredLRPSchedulingInfosResponse: MessageTypeDefinition<_gantry_bbs_DesiredLRPSchedulingInfosResponse, _gantry_bbs_DesiredLRPSchedulingInfosResponse__Output>
      DesiredLRPsRequest: MessageTypeDefinition<_gantry_bbs_DesiredLRPsRequest, _gantry_bbs_DesiredLRPsRequest__Output>
      DesiredLRPsResponse: MessageTypeDefinition<_gantry_bbs_DesiredLRPsResponse, _gantry_bbs_DesiredLRPsResponse__Output>
      DomainsResponse: MessageTypeDefinition<_gantry_bbs_DomainsResponse, _gantry_bbs_DomainsResponse__Output>
      Empty: MessageTypeDefinition<_gantry_bbs_Empty, _gantry_bbs_Empty__Output>
      EvacuateClaimedActualLRPRequest: MessageTypeDefinition<_gantry_bbs_EvacuateClaimedActualLRPRequest, _gantry_bbs_EvacuateClaimedActualLRPRequest__Output>
      EvacuateCrashedActualLRPRequest: MessageTypeDefinition<_gantry_bbs_EvacuateCrashedActualLRPRequest, _gantry_bbs_EvacuateCrashedActualLRPRequest__Output>
      EvacuateRunningActualLRPRequest: MessageTypeDefinition<_gantry_bbs_EvacuateRunningActualLRPRequest, _gantry_bbs_EvacuateRunningActualLRPRequest__Output>
      EvacuateStoppedActualLRPRequest: MessageTypeDefinition<_gantry_bbs_EvacuateStoppedActualLRPRequest, _gantry_bbs_EvacuateStoppedActualLRPRequest__Output>
      EvacuationResponse: MessageTypeDefinition<_gantry_bbs_EvacuationResponse, _gantry_bbs_EvacuationResponse__Output>
      FailActualLRPRequest: MessageTypeDefinition<_gantry_bbs_FailActualLRPRequest, _gantry_bbs_FailActualLRPRequest__Output>
      FailTaskRequest: MessageTypeDefinition<_gantry_bbs_FailTaskRequest, _gantry_bbs_FailTaskRequest__Output>
      PingResponse: MessageTypeDefinition<_gantry_bbs_PingResponse, _gantry_bbs_PingResponse__Output>
      RejectTaskRequest: MessageTypeDefinition<_gantry_bbs_RejectTaskRequest, _gantry_bbs_RejectTaskRequest__Output>
      RemoveActualLRPRequest: MessageTypeDefinition<_gantry_bbs_RemoveActualLRPRequest, _gantry_bbs_RemoveActualLRPRequest__Output>
      RemoveDesiredLRPRequest: MessageTypeDefinition<_gantry_bbs_RemoveDesiredLRPRequest, _gantry_bbs_RemoveDesiredLRPRequest__Output>
      RemoveEvacuatingActualLRPRequest: MessageTypeDefinition<_gantry_bbs_RemoveEvacuatingActualLRPRequest, _gantry_bbs_RemoveEvacuatingActualLRPRequest__Output>
      RetireActualLRPRequest: MessageTypeDefinition<_gantry_bbs_RetireActualLRPRequest, _gantry_bbs_RetireActualLRPRequest__Output>
      StartActualLRPRequest: MessageTypeDefinition<_gantry_bbs_StartActualLRPRequest, _gantry_bbs_StartActualLRPRequest__Output>
      StartTaskRequest: MessageTypeDefinition<_gantry_bbs_StartTaskRequest, _gantry_bbs_StartTaskRequest__Output>
      StartTaskResponse: MessageTypeDefinition<_gantry_bbs_StartTaskResponse, _gantry_bbs_StartTaskResponse__Output>
      SubscribeRequest: MessageTypeDefinition<_gantry_bbs_SubscribeRequest, _gantry_bbs_SubscribeRequest__Output>
      TaskGuidRequest: MessageTypeDefinition<_gantry_bbs_TaskGuidRequest, _gantry_bbs_TaskGuidRequest__Output>
      TaskResponse: MessageTypeDefinition<_gantry_bbs_TaskResponse, _gantry_bbs_TaskResponse__Output>
      TasksRequest: MessageTypeDefinition<_gantry_bbs_TasksRequest, _gantry_bbs_TasksRequest__Output>
      TasksResponse: MessageTypeDefinition<_gantry_bbs_TasksResponse, _gantry_bbs_TasksResponse__Output>
      UpdateDesiredLRPRequest: MessageTypeDefinition<_gantry_bbs_UpdateDesiredLRPRequest, _gantry_bbs_UpdateDesiredLRPRequest__Output>
      UpsertDomainRequest: MessageTypeDefinition<_gantry_bbs_UpsertDomainRequest, _gantry_bbs_UpsertDomainRequest__Output>
    }
    models: {
      ActualLRP: MessageTypeDefinition<_gantry_models_ActualLRP, _gantry_models_ActualLRP__Output>
      ActualLRPCrashedEvent: MessageTypeDefinition<_gantry_models_ActualLRPCrashedEvent, _gantry_models_ActualLRPCrashedEvent__Output>
      ActualLRPFilter: MessageTypeDefinition<_gantry_models_ActualLRPFilter, _gantry_models_ActualLRPFilter__Output>
      ActualLRPInstanceChangedEvent: MessageTypeDefinition<_gantry_models_ActualLRPInstanceChangedEvent, _gantry_models_ActualLRPInstanceChangedEvent__Output>
      ActualLRPInstanceCreatedEvent: MessageTypeDefinition<_gantry_models_ActualLRPInstanceCreatedEvent, _gantry_models_ActualLRPInstanceCreatedEvent__Output>
      ActualLRPInstanceKey: MessageTypeDefinition<_gantry_models_ActualLRPInstanceKey, _gantry_models_ActualLRPInstanceKey__Output>
      ActualLRPInstanceRemovedEvent: MessageTypeDefinition<_gantry_models_ActualLRPInstanceRemovedEvent, _gantry_models_ActualLRPInstanceRemovedEvent__Output>
      ActualLRPKey: MessageTypeDefinition<_gantry_models_ActualLRPKey, _gantry_models_ActualLRPKey__Output>
      ActualLRPNetInfo: MessageTypeDefinition<_gantry_models_ActualLRPNetInfo, _gantry_models_ActualLRPNetInfo__Output>
      CellPresence: MessageTypeDefinition<_gantry_models_CellPresence, _gantry_models_CellPresence__Output>
      CheckDefinition: MessageTypeDefinition<_gantry_models_CheckDefinition, _gantry_models_CheckDefinition__Output>
      DesiredLRP: MessageTypeDefinition<_gantry_models_DesiredLRP, _gantry_models_DesiredLRP__Output>
      DesiredLRPChangedEvent: MessageTypeDefinition<_gantry_models_DesiredLRPChangedEvent, _gantry_models_DesiredLRPChangedEvent__Output>
      DesiredLRPCreatedEvent: MessageTypeDefinition<_gantry_models_DesiredLRPCreatedEvent, _gantry_models_DesiredLRPCreatedEvent__Output>
      DesiredLRPRemovedEvent: MessageTypeDefinition<_gantry_models_DesiredLRPRemovedEvent, _gantry_models_DesiredLRPRemovedEvent__Output>
      DesiredLRPSchedulingInfo: MessageTypeDefinition<_gantry_models_DesiredLRPSchedulingInfo, _gantry_models_DesiredLRPSchedulingInfo__Output>
      DesiredLRPUpdate: MessageTypeDefinition<_gantry_models_DesiredLRPUpdate, _gantry_models_DesiredLRPUpdate__Output>
      Domain: MessageTypeDefinition<_gantry_models_Domain, _gantry_models_Domain__Output>
      Download: MessageTypeDefinition<_gantry_models_Download, _gantry_models_Download__Output>
      DropletRef: MessageTypeDefinition<_gantry_models_DropletRef, _gantry_models_DropletRef__Output>
      EnvironmentVariable: MessageTypeDefinition<_gantry_models_EnvironmentVariable, _gantry_models_EnvironmentVariable__Output>
      Event: MessageTypeDefinition<_gantry_models_Event, _gantry_models_Event__Output>
      ModificationTag: MessageTypeDefinition<_gantry_models_ModificationTag, _gantry_models_ModificationTag__Output>
      PortMapping: MessageTypeDefinition<_gantry_models_PortMapping, _gantry_models_PortMapping__Output>
      Resources: MessageTypeDefinition<_gantry_models_Resources, _gantry_models_Resources__Output>
      Route: MessageTypeDefinition<_gantry_models_Route, _gantry_models_Route__Output>
      RouteList: MessageTypeDefinition<_gantry_models_RouteList, _gantry_models_RouteList__Output>
      Task: MessageTypeDefinition<_gantry_models_Task, _gantry_models_Task__Output>
      TaskChangedEvent: MessageTypeDefinition<_gantry_models_TaskChangedEvent, _gantry_models_TaskChangedEvent__Output>
      TaskCreatedEvent: MessageTypeDefinition<_gantry_models_TaskCreatedEvent, _gantry_models_TaskCreatedEvent__Output>
      TaskFilter: MessageTypeDefinition<_gantry_models_TaskFilter, _gantry_models_TaskFilter__Output>
      TaskRemovedEvent: MessageTypeDefinition<_gantry_models_TaskRemovedEvent, _gantry_models_TaskRemovedEvent__Output>
      Upload: MessageTypeDefinition<_gantry_models_Upload, _gantry_models_Upload__Output>
    }
  }
}

