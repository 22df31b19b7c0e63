// Original file: proto/bbs.proto


export interface TaskGuidRequest {
  'task_guid'?: (string);
}

export interface TaskGuidRequest__Output {
  'task_guid': (string);
}
