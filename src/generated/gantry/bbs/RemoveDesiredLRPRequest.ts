// Original file: proto/bbs.proto


export interface RemoveDesiredLRPRequest {
  'process_guid'?: (string);
}

export interface RemoveDesiredLRPRequest__Output {
  'process_guid': (string);
}
