// Original file: proto/auctioneer.proto


export interface LRPStartRequest {
  'process_guid'?: (string);
  'domain'?: (string);
  'indices'?: (number)[];
  'rootfs'?: (string);
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'max_pids'?: (number);
  'placement_tags'?: (string)[];
}

export interface LRPStartRequest__Output {
  'process_guid': (string);
  'domain': (string);
  'indices': (number)[];
  'rootfs': (string);
  'memory_mb': (number);
  'disk_mb': (number);
  'max_pids': (number);
  'placement_tags': (string)[];
}
