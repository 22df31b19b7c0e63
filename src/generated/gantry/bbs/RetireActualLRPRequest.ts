// Original file: proto/bbs.proto

import type { ActualLRPKey as _gantry_models_ActualLRPKey, ActualLRPKey__Output as _gantry_models_ActualLRPKey__Output } from '../../gantry/models/ActualLRPKey';

export interface RetireActualLRPRequest {
  'key'?: (_gantry_models_ActualLRPKey | null);
}

export interface RetireActualLRPRequest__Output {
  'key': (_gantry_models_ActualLRPKey__Output | null);
}
