// Original file: proto/rep.proto


export interface TaskInstance {
  'task_guid'?: (string);
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'max_pids'?: (number);
  'state'?: (string);
}

export interface TaskInstance__Output {
  'task_guid': (string);
  'memory_mb': (number);
  'disk_mb': (number);
  'max_pids': (number);
  'state': (string);
}
