// Original file: proto/bbs.proto

import type { Task as _gantry_models_Task, Task__Output as _gantry_models_Task__Output } from '../../gantry/models/Task';

export interface DesireTaskRequest {
  'task'?: (_gantry_models_Task | null);
}

export interface DesireTaskRequest__Output {
  'task': (_gantry_models_Task__Output | null);
}
