// Original file: proto/models.proto

import type { DesiredLRPCreatedEvent as _gantry_models_DesiredLRPCreatedEvent, DesiredLRPCreatedEvent__Output as _gantry_models_DesiredLRPCreatedEvent__Output } from '../../gantry/models/DesiredLRPCreatedEvent';
import type { DesiredLRPChangedEvent as _gantry_models_DesiredLRPChangedEvent, DesiredLRPChangedEvent__Output as _gantry_models_DesiredLRPChangedEvent__Output } from '../../gantry/models/DesiredLRPChangedEvent';
import type { DesiredLRPRemovedEvent as _gantry_models_DesiredLRPRemovedEvent, DesiredLRPRemovedEvent__Output as _gantry_models_DesiredLRPRemovedEvent__Output } from '../../gantry/models/DesiredLRPRemovedEvent';
import type { ActualLRPInstanceCreatedEvent as _gantry_models_ActualLRPInstanceCreatedEvent, ActualLRPInstanceCreatedEvent__Output as _gantry_models_ActualLRPInstanceCreatedEvent__Output } from '../../gantry/models/ActualLRPInstanceCreatedEvent';
import type { ActualLRPInstanceChangedEvent as _gantry_models_ActualLRPInstanceChangedEvent, ActualLRPInstanceChangedEvent__Output as _gantry_models_ActualLRPInstanceChangedEvent__Output } from '../../gantry/models/ActualLRPInstanceChangedEvent';
import type { ActualLRPInstanceRemovedEvent as _gantry_models_ActualLRPInstanceRemovedEvent, ActualLRPInstanceRemovedEvent__Output as _gantry_models_ActualLRPInstanceRemovedEvent__Output } from '../../gantry/models/ActualLRPInstanceRemovedEvent';
import type { ActualLRPCrashedEvent as _gantry_models_ActualLRPCrashedEvent, ActualLRPCrashedEvent__Output as _gantry_models_ActualLRPCrashedEvent__Output } from '../../gantry/models/ActualLRPCrashedEvent';
import type { TaskCreatedEvent as _gantry_models_TaskCreatedEvent, TaskCreatedEvent__Output as _gantry_models_TaskCreatedEvent__Output } from '../../gantry/models/TaskCreatedEvent';
import type { TaskChangedEvent as _gantry_models_TaskChangedEvent, TaskChangedEvent__Output as _gantry_models_TaskChangedEvent__Output } from '../../gantry/models/TaskChangedEvent';
import type { TaskRemovedEvent as _gantry_models_TaskRemovedEvent, TaskRemovedEvent__Output as _gantry_models_TaskRemovedEvent__Output } from '../../gantry/models/TaskRemovedEvent';

export interface Event {
  'desired_lrp_created'?: (_gantry_models_DesiredLRPCreatedEvent | null);
  'desired_lrp_changed'?: (_gantry_models_DesiredLRPChangedEvent | null);
  'desired_lrp_removed'?: (_gantry_models_DesiredLRPRemovedEvent | null);
  'actual_lrp_instance_created'?: (_gantry_models_ActualLRPInstanceCreatedEvent | null);
  'actual_lrp_instance_changed'?: (_gantry_models_ActualLRPInstanceChangedEvent | null);
  'actual_lrp_instance_removed'?: (_gantry_models_ActualLRPInstanceRemovedEvent | null);
  'actual_lrp_crashed'?: (_gantry_models_ActualLRPCrashedEvent | null);
  'task_created'?: (_gantry_models_TaskCreatedEvent | null);
  'task_changed'?: (_gantry_models_TaskChangedEvent | null);
  'task_removed'?: (_gantry_models_TaskRemovedEvent | null);
  'event'?: "desired_lrp_created"|"desired_lrp_changed"|"desired_lrp_removed"|"actual_lrp_instance_created"|"actual_lrp_instance_changed"|"actual_lrp_instance_removed"|"actual_lrp_crashed"|"task_created"|"task_changed"|"task_removed";
}

export interface Event__Output {
  'desired_lrp_created'?: (_gantry_models_DesiredLRPCreatedEvent__Output | null);
  'desired_lrp_changed'?: (_gantry_models_DesiredLRPChangedEvent__Output | null);
  'desired_lrp_removed'?: (_gantry_models_DesiredLRPRemovedEvent__Output | null);
  'actual_lrp_instance_created'?: (_gantry_models_ActualLRPInstanceCreatedEvent__Output | null);
  'actual_lrp_instance_changed'?: (_gantry_models_ActualLRPInstanceChangedEvent__Output | null);
  'actual_lrp_instance_removed'?: (_gantry_models_ActualLRPInstanceRemovedEvent__Output | null);
  'actual_lrp_crashed'?: (_gantry_models_ActualLRPCrashedEvent__Output | null);
  'task_created'?: (_gantry_models_TaskCreatedEvent__Output | null);
  'task_changed'?: (_gantry_models_TaskChangedEvent__Output | null);
  'task_removed'?: (_gantry_models_TaskRemovedEvent__Output | null);
  'event'?: "desired_lrp_created"|"desired_lrp_changed"|"desired_lrp_removed"|"actual_lrp_instance_created"|"actual_lrp_instance_changed"|"actual_lrp_instance_removed"|"actual_lrp_crashed"|"task_created"|"task_changed"|"task_removed";
}
