// Original file: proto/rep.proto


export interface TaskWork {
  'task_guid'?: (string);
  'domain'?: (string);
  'rootfs'?: (string);
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'max_pids'?: (number);
  'placement_tags'?: (string)[];
}

export interface TaskWork__Output {
  'task_guid': (string);
  'domain': (string);
  'rootfs': (string);
  'memory_mb': (number);
  'disk_mb': (number);
  'max_pids': (number);
  'placement_tags': (string)[];
}
