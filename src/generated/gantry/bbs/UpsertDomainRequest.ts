// Original file: proto/bbs.proto


export interface UpsertDomainRequest {
  'domain'?: (string);
  'ttl_seconds'?: (number);
}

export interface UpsertDomainRequest__Output {
  'domain': (string);
  'ttl_seconds': (number);
}
