// Original file: proto/models.proto


export interface ActualLRPKey {
  'process_guid'?: (string);
  'index'?: (number);
  'domain'?: (string);
}

export interface ActualLRPKey__Output {
  'process_guid': (string);
  'index': (number);
  'domain': (string);
}
