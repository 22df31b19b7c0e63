// Original file: proto/bbs.proto


export interface PingResponse {
  'available'?: (boolean);
}

export interface PingResponse__Output {
  'available': (boolean);
}
