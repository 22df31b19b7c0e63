// Original file: proto/bbs.proto

import type { Task as _gantry_models_Task, Task__Output as _gantry_models_Task__Output } from '../../gantry/models/Task';

export interface TasksResponse {
  'tasks'?: (_gantry_models_Task)[];
}

export interface TasksResponse__Output {
  'tasks': (_gantry_models_Task__Output)[];
}
