// Original file: proto/models.proto


export interface ActualLRPInstanceKey {
  'instance_guid'?: (string);
  'cell_id'?: (string);
}

export interface ActualLRPInstanceKey__Output {
  'instance_guid': (string);
  'cell_id': (string);
}
