// Original file: proto/rep.proto

import type { LRPWork as _gantry_rep_LRPWork, LRPWork__Output as _gantry_rep_LRPWork__Output } from '../../gantry/rep/LRPWork';
import type { TaskWork as _gantry_rep_TaskWork, TaskWork__Output as _gantry_rep_TaskWork__Output } from '../../gantry/rep/TaskWork';

export interface PerformResponse {
  'refused_lrps'?: (_gantry_rep_LRPWork)[];
  'refused_tasks'?: (_gantry_rep_TaskWork)[];
}

export interface PerformResponse__Output {
  'refused_lrps': (_gantry_rep_LRPWork__Output)[];
  'refused_tasks': (_gantry_rep_TaskWork__Output)[];
}
