// Original file: proto/rep.proto


export interface LRPWork {
  'process_guid'?: (string);
  'index'?: (number);
  'domain'?: (string);
  'rootfs'?: (string);
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'max_pids'?: (number);
  'placement_tags'?: (string)[];
}

export interface LRPWork__Output {
  'process_guid': (string);
  'index': (number);
  'domain': (string);
  'rootfs': (string);
  'memory_mb': (number);
  'disk_mb': (number);
  'max_pids': (number);
  'placement_tags': (string)[];
}
