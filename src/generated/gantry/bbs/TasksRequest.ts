// Original file: proto/bbs.proto

import type { TaskFilter as _gantry_models_TaskFilter, TaskFilter__Output as _gantry_models_TaskFilter__Output } from '../../gantry/models/TaskFilter';

export interface TasksRequest {
  'filter'?: (_gantry_models_TaskFilter | null);
}

export interface TasksRequest__Output {
  'filter': (_gantry_models_TaskFilter__Output | null);
}
