// Original file: proto/bbs.proto

import type { DesiredLRP as _gantry_models_DesiredLRP, DesiredLRP__Output as _gantry_models_DesiredLRP__Output } from '../../gantry/models/DesiredLRP';

export interface DesireLRPRequest {
  'desired_lrp'?: (_gantry_models_DesiredLRP | null);
}

export interface DesireLRPRequest__Output {
  'desired_lrp': (_gantry_models_DesiredLRP__Output | null);
}
