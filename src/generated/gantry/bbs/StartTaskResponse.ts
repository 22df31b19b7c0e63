// Original file: proto/bbs.proto


export interface StartTaskResponse {
  'should_start'?: (boolean);
}

export interface StartTaskResponse__Output {
  'should_start': (boolean);
}
