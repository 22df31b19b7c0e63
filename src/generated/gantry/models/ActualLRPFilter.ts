// Original file: proto/models.proto


export interface ActualLRPFilter {
  'domain'?: (string);
  'cell_id'?: (string);
  'process_guid'?: (string);
  'index'?: (number);
  '_index'?: "index";
}

export interface ActualLRPFilter__Output {
  'domain': (string);
  'cell_id': (string);
  'process_guid': (string);
  'index'?: (number);
  '_index'?: "index";
}
