// Original file: proto/rep.proto

import type { Resources as _gantry_models_Resources, Resources__Output as _gantry_models_Resources__Output } from '../../gantry/models/Resources';
import type { LRPInstance as _gantry_rep_LRPInstance, LRPInstance__Output as _gantry_rep_LRPInstance__Output } from '../../gantry/rep/LRPInstance';
import type { TaskInstance as _gantry_rep_TaskInstance, TaskInstance__Output as _gantry_rep_TaskInstance__Output } from '../../gantry/rep/TaskInstance';

export interface CellState {
  'cell_id'?: (string);
  'rep_address'?: (string);
  'zone'?: (string);
  'stacks'?: (string)[];
  'placement_tags'?: (string)[];
  'optional_placement_tags'?: (string)[];
  'total'?: (_gantry_models_Resources | null);
  'available'?: (_gantry_models_Resources | null);
  'lrps'?: (_gantry_rep_LRPInstance)[];
  'tasks'?: (_gantry_rep_TaskInstance)[];
  'starting_containers'?: (number);
  'evacuating'?: (boolean);
}

export interface CellState__Output {
  'cell_id': (string);
  'rep_address': (string);
  'zone': (string);
  'stacks': (string)[];
  'placement_tags': (string)[];
  'optional_placement_tags': (string)[];
  'total': (_gantry_models_Resources__Output | null);
  'available': (_gantry_models_Resources__Output | null);
  'lrps': (_gantry_rep_LRPInstance__Output)[];
  'tasks': (_gantry_rep_TaskInstance__Output)[];
  'starting_containers': (number);
  'evacuating': (boolean);
}
