// Original file: proto/bbs.proto


export interface RejectTaskRequest {
  'task_guid'?: (string);
  'rejection_reason'?: (string);
}

export interface RejectTaskRequest__Output {
  'task_guid': (string);
  'rejection_reason': (string);
}
