// Original file: proto/bbs.proto

import type { ActualLRPKey as _gantry_models_ActualLRPKey, ActualLRPKey__Output as _gantry_models_ActualLRPKey__Output } from '../../gantry/models/ActualLRPKey';
import type { ActualLRPInstanceKey as _gantry_models_ActualLRPInstanceKey, ActualLRPInstanceKey__Output as _gantry_models_ActualLRPInstanceKey__Output } from '../../gantry/models/ActualLRPInstanceKey';

export interface EvacuateCrashedActualLRPRequest {
  'key'?: (_gantry_models_ActualLRPKey | null);
  'instance_key'?: (_gantry_models_ActualLRPInstanceKey | null);
  'error_message'?: (string);
}

export interface EvacuateCrashedActualLRPRequest__Output {
  'key': (_gantry_models_ActualLRPKey__Output | null);
  'instance_key': (_gantry_models_ActualLRPInstanceKey__Output | null);
  'error_message': (string);
}
