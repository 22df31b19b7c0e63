// Original file: proto/bbs.proto

import type { ActualLRPKey as _gantry_models_ActualLRPKey, ActualLRPKey__Output as _gantry_models_ActualLRPKey__Output } from '../../gantry/models/ActualLRPKey';
import type { ActualLRPInstanceKey as _gantry_models_ActualLRPInstanceKey, ActualLRPInstanceKey__Output as _gantry_models_ActualLRPInstanceKey__Output } from '../../gantry/models/ActualLRPInstanceKey';

export interface RemoveEvacuatingActualLRPRequest {
  'key'?: (_gantry_models_ActualLRPKey | null);
  'instance_key'?: (_gantry_models_ActualLRPInstanceKey | null);
}

export interface RemoveEvacuatingActualLRPRequest__Output {
  'key': (_gantry_models_ActualLRPKey__Output | null);
  'instance_key': (_gantry_models_ActualLRPInstanceKey__Output | null);
}
