// Original file: proto/models.proto

import type { DesiredLRP as _gantry_models_DesiredLRP, DesiredLRP__Output as _gantry_models_DesiredLRP__Output } from '../../gantry/models/DesiredLRP';

export interface DesiredLRPRemovedEvent {
  'desired_lrp'?: (_gantry_models_DesiredLRP | null);
}

export interface DesiredLRPRemovedEvent__Output {
  'desired_lrp': (_gantry_models_DesiredLRP__Output | null);
}
