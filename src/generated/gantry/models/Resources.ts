// Original file: proto/models.proto


export interface Resources {
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'containers'?: (number);
  'pids'?: (number);
}

export interface Resources__Output {
  'memory_mb': (number);
  'disk_mb': (number);
  'containers': (number);
  'pids': (number);
}
