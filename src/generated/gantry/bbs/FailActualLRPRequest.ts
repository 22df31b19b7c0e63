// Original file: proto/bbs.proto

import type { ActualLRPKey as _gantry_models_ActualLRPKey, ActualLRPKey__Output as _gantry_models_ActualLRPKey__Output } from '../../gantry/models/ActualLRPKey';

export interface FailActualLRPRequest {
  'key'?: (_gantry_models_ActualLRPKey | null);
  'error_message'?: (string);
}

export interface FailActualLRPRequest__Output {
  'key': (_gantry_models_ActualLRPKey__Output | null);
  'error_message': (string);
}
