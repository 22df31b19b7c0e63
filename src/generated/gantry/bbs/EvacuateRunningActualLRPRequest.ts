// Original file: proto/bbs.proto

import type { ActualLRPKey as _gantry_models_ActualLRPKey, ActualLRPKey__Output as _gantry_models_ActualLRPKey__Output } from '../../gantry/models/ActualLRPKey';
import type { ActualLRPInstanceKey as _gantry_models_ActualLRPInstanceKey, ActualLRPInstanceKey__Output as _gantry_models_ActualLRPInstanceKey__Output } from '../../gantry/models/ActualLRPInstanceKey';
import type { ActualLRPNetInfo as _gantry_models_ActualLRPNetInfo, ActualLRPNetInfo__Output as _gantry_models_ActualLRPNetInfo__Output } from '../../gantry/models/ActualLRPNetInfo';

export interface EvacuateRunningActualLRPRequest {
  'key'?: (_gantry_models_ActualLRPKey | null);
  'instance_key'?: (_gantry_models_ActualLRPInstanceKey | null);
  'net_info'?: (_gantry_models_ActualLRPNetInfo | null);
  'availability_zone'?: (string);
}

export interface EvacuateRunningActualLRPRequest__Output {
  'key': (_gantry_models_ActualLRPKey__Output | null);
  'instance_key': (_gantry_models_ActualLRPInstanceKey__Output | null);
  'net_info': (_gantry_models_ActualLRPNetInfo__Output | null);
  'availability_zone': (string);
}
