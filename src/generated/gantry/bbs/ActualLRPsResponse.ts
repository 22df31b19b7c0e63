// Original file: proto/bbs.proto

import type { ActualLRP as _gantry_models_ActualLRP, ActualLRP__Output as _gantry_models_ActualLRP__Output } from '../../gantry/models/ActualLRP';

export interface ActualLRPsResponse {
  'actual_lrps'?: (_gantry_models_ActualLRP)[];
}

export interface ActualLRPsResponse__Output {
  'actual_lrps': (_gantry_models_ActualLRP__Output)[];
}
