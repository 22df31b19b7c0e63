// Original file: proto/models.proto

import type { EnvironmentVariable as _gantry_models_EnvironmentVariable, EnvironmentVariable__Output as _gantry_models_EnvironmentVariable__Output } from '../../gantry/models/EnvironmentVariable';
import type { Download as _gantry_models_Download, Download__Output as _gantry_models_Download__Output } from '../../gantry/models/Download';
import type { Upload as _gantry_models_Upload, Upload__Output as _gantry_models_Upload__Output } from '../../gantry/models/Upload';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/models.proto

export const _gantry_models_Task_State = {
  INVALID: 'INVALID',
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  RESOLVING: 'RESOLVING',
} as const;

export type _gantry_models_Task_State =
  | 'INVALID'
  | 0
  | 'PENDING'
  | 1
  | 'RUNNING'
  | 2
  | 'COMPLETED'
  | 3
  | 'RESOLVING'
  | 4

export type _gantry_models_Task_State__Output = typeof _gantry_models_Task_State[keyof typeof _gantry_models_Task_State]

export interface Task {
  'task_guid'?: (string);
  'domain'?: (string);
  'rootfs'?: (string);
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'max_pids'?: (number);
  'env'?: (_gantry_models_EnvironmentVariable)[];
  'command'?: (string);
  'downloads'?: (_gantry_models_Download)[];
  'result_file'?: (string);
  'placement_tags'?: (string)[];
  'annotation'?: (string);
  'log_guid'?: (string);
  'user'?: (string);
  'uploads'?: (_gantry_models_Upload)[];
  'state'?: (_gantry_models_Task_State);
  'cell_id'?: (string);
  'result'?: (string);
  'failed'?: (boolean);
  'failure_reason'?: (string);
  'created_at'?: (number | string | Long);
  'updated_at'?: (number | string | Long);
  'first_completed_at'?: (number | string | Long);
  'rejection_count'?: (number);
  'rejection_reason'?: (string);
}

export interface Task__Output {
  'task_guid': (string);
  'domain': (string);
  'rootfs': (string);
  'memory_mb': (number);
  'disk_mb': (number);
  'max_pids': (number);
  'env': (_gantry_models_EnvironmentVariable__Output)[];
  'command': (string);
  'downloads': (_gantry_models_Download__Output)[];
  'result_file': (string);
  'placement_tags': (string)[];
  'annotation': (string);
  'log_guid': (string);
  'user': (string);
  'uploads': (_gantry_models_Upload__Output)[];
  'state': (_gantry_models_Task_State__Output);
  'cell_id': (string);
  'result': (string);
  'failed': (boolean);
  'failure_reason': (string);
  'created_at': (number);
  'updated_at': (number);
  'first_completed_at': (number);
  'rejection_count': (number);
  'rejection_reason': (string);
}
