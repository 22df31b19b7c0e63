// Original file: proto/models.proto

import type { Task as _gantry_models_Task, Task__Output as _gantry_models_Task__Output } from '../../gantry/models/Task';

export interface TaskCreatedEvent {
  'task'?: (_gantry_models_Task | null);
}

export interface TaskCreatedEvent__Output {
  'task': (_gantry_models_Task__Output | null);
}
