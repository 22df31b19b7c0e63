// Original file: proto/bbs.proto

import type { ActualLRPInstanceKey as _gantry_models_ActualLRPInstanceKey, ActualLRPInstanceKey__Output as _gantry_models_ActualLRPInstanceKey__Output } from '../../gantry/models/ActualLRPInstanceKey';

export interface RemoveActualLRPRequest {
  'process_guid'?: (string);
  'index'?: (number);
  'instance_key'?: (_gantry_models_ActualLRPInstanceKey | null);
}

export interface RemoveActualLRPRequest__Output {
  'process_guid': (string);
  'index': (number);
  'instance_key': (_gantry_models_ActualLRPInstanceKey__Output | null);
}
