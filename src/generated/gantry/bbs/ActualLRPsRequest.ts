// Original file: proto/bbs.proto

import type { ActualLRPFilter as _gantry_models_ActualLRPFilter, ActualLRPFilter__Output as _gantry_models_ActualLRPFilter__Output } from '../../gantry/models/ActualLRPFilter';

export interface ActualLRPsRequest {
  'filter'?: (_gantry_models_ActualLRPFilter | null);
}

export interface ActualLRPsRequest__Output {
  'filter': (_gantry_models_ActualLRPFilter__Output | null);
}
