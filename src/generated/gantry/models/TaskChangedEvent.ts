// Original file: proto/models.proto

import type { Task as _gantry_models_Task, Task__Output as _gantry_models_Task__Output } from '../../gantry/models/Task';

export interface TaskChangedEvent {
  'before'?: (_gantry_models_Task | null);
  'after'?: (_gantry_models_Task | null);
}

export interface TaskChangedEvent__Output {
  'before': (_gantry_models_Task__Output | null);
  'after': (_gantry_models_Task__Output | null);
}
