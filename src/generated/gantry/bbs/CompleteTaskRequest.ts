// Original file: proto/bbs.proto


export interface CompleteTaskRequest {
  'task_guid'?: (string);
  'cell_id'?: (string);
  'failed'?: (boolean);
  'failure_reason'?: (string);
  'result'?: (string);
}

export interface CompleteTaskRequest__Output {
  'task_guid': (string);
  'cell_id': (string);
  'failed': (boolean);
  'failure_reason': (string);
  'result': (string);
}
