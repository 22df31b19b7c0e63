// Original file: proto/auctioneer.proto


export interface TaskStartRequest {
  'task_guid'?: (string);
  'domain'?: (string);
  'rootfs'?: (string);
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'max_pids'?: (number);
  'placement_tags'?: (string)[];
}

export interface TaskStartRequest__Output {
  'task_guid': (string);
  'domain': (string);
  'rootfs': (string);
  'memory_mb': (number);
  'disk_mb': (number);
  'max_pids': (number);
  'placement_tags': (string)[];
}
