// Original file: proto/bbs.proto


export interface EvacuationResponse {
  'keep_container'?: (boolean);
}

export interface EvacuationResponse__Output {
  'keep_container': (boolean);
}
