// Original file: proto/rep.proto


export interface CancelTaskRequest {
  'task_guid'?: (string);
}

export interface CancelTaskRequest__Output {
  'task_guid': (string);
}
