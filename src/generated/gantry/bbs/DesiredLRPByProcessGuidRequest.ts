// Original file: proto/bbs.proto


export interface DesiredLRPByProcessGuidRequest {
  'process_guid'?: (string);
}

export interface DesiredLRPByProcessGuidRequest__Output {
  'process_guid': (string);
}
