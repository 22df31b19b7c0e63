// Original file: proto/bbs.proto

import type { DesiredLRPSchedulingInfo as _gantry_models_DesiredLRPSchedulingInfo, DesiredLRPSchedulingInfo__Output as _gantry_models_DesiredLRPSchedulingInfo__Output } from '../../gantry/models/DesiredLRPSchedulingInfo';

export interface DesiredLRPSchedulingInfosResponse {
  'desired_lrp_scheduling_infos'?: (_gantry_models_DesiredLRPSchedulingInfo)[];
}

export interface DesiredLRPSchedulingInfosResponse__Output {
  'desired_lrp_scheduling_infos': (_gantry_models_DesiredLRPSchedulingInfo__Output)[];
}
