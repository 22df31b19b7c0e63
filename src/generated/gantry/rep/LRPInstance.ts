// Original file: proto/rep.proto


export interface LRPInstance {
  'process_guid'?: (string);
  'index'?: (number);
  'instance_guid'?: (string);
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'max_pids'?: (number);
  'state'?: (string);
}

export interface LRPInstance__Output {
  'process_guid': (string);
  'index': (number);
  'instance_guid': (string);
  'memory_mb': (number);
  'disk_mb': (number);
  'max_pids': (number);
  'state': (string);
}
