// Original file: proto/bbs.proto


export interface SubscribeRequest {
  'process_guid'?: (string);
  'cell_id'?: (string);
  'lrp_events'?: (boolean);
  'task_events'?: (boolean);
}

export interface SubscribeRequest__Output {
  'process_guid': (string);
  'cell_id': (string);
  'lrp_events': (boolean);
  'task_events': (boolean);
}
