// Original file: proto/bbs.proto


export interface DesiredLRPsRequest {
  'domain'?: (string);
  'process_guids'?: (string)[];
}

export interface DesiredLRPsRequest__Output {
  'domain': (string);
  'process_guids': (string)[];
}
