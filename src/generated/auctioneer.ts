import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuctioneerClient as _gantry_auctioneer_AuctioneerClient, AuctioneerDefinition as _gantry_auctioneer_AuctioneerDefinition } from './gantry/auctioneer/Auctioneer';
import type { Empty as _gantry_auctioneer_Empty, Empty__Output as _gantry_auctioneer_Empty__Output } from './gantry/auctioneer/Empty';
import type { LRPAuctionsRequest as _gantry_auctioneer_LRPAuctionsRequest, LRPAuctionsRequest__Output as _gantry_auctioneer_LRPAuctionsRequest__Output } from './gantry/auctioneer/LRPAuctionsRequest';
import type { LRPStartRequest as _gantry_auctioneer_LRPStartRequest, LRPStartRequest__Output as _gantry_auctioneer_LRPStartRequest__Output } from './gantry/auctioneer/LRPStartRequest';
import type { TaskAuctionsRequest as _gantry_auctioneer_TaskAuctionsRequest, TaskAuctionsRequest__Output as _gantry_auctioneer_TaskAuctionsRequest__Output } from './gantry/auctioneer/TaskAuctionsRequest';
import type { TaskStartRequest as _gantry_auctioneer_TaskStartRequest, TaskStartRequest__Output as _gantry_auctioneer_TaskStartRequest__Output } from './gantry/auctioneer/TaskStartRequest';
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
    auctioneer: {
      Auctioneer: SubtypeConstructor<typeof grpc.Client, _gantry_auctioneer_AuctioneerClient> & { service: _gantry_auctioneer_AuctioneerDefinition }
      Empty: MessageTypeDefinition<_gantry_auctioneer_Empty, _gantry_auctioneer_Empty__Output>
      LRPAuctionsRequest: MessageTypeDefinition<_gantry_auctioneer_LRPAuctionsRequest, _gantry_auctioneer_LRPAuctionsRequest__Output>
      LRPStartRequest: MessageTypeDefinition<_gantry_auctioneer_LRPStartRequest, _gantry_auctioneer_LRPStartRequest__Output>
      TaskAuctionsRequest: MessageTypeDefinition<_gantry_auctioneer_TaskAuctionsRequest, _gantry_auctioneer_TaskAuctionsRequest__Output>
      TaskStartRequest: MessageTypeDefinition<_gantry_auctioneer_TaskStartRequest, _gantry_auctioneer_TaskStartRequest__Output>
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

