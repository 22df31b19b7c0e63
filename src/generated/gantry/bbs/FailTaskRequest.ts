// Original file: proto/bbs.proto


export interface FailTaskRequest {
  'task_guid'?: (string);
  'failure_reason'?: (string);
}

export interface FailTaskRequest__Output {
  'task_guid': (string);
  'failure_reason': (string);
}
