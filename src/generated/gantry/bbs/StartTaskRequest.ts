// Original file: proto/bbs.proto


export interface StartTaskRequest {
  'task_guid'?: (string);
  'cell_id'?: (string);
}

export interface StartTaskRequest__Output {
  'task_guid': (string);
  'cell_id': (string);
}
