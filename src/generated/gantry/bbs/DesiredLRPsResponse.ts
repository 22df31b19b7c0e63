// Original file: proto/bbs.proto

import type { DesiredLRP as _gantry_models_DesiredLRP, DesiredLRP__Output as _gantry_models_DesiredLRP__Output } from '../../gantry/models/DesiredLRP';

export interface DesiredLRPsResponse {
  'desired_lrps'?: (_gantry_models_DesiredLRP)[];
}

export interface DesiredLRPsResponse__Output {
  'desired_lrps': (_gantry_models_DesiredLRP__Output)[];
}
