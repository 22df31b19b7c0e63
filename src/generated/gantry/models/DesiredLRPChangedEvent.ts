// Original file: proto/models.proto

import type { DesiredLRP as _gantry_models_DesiredLRP, DesiredLRP__Output as _gantry_models_DesiredLRP__Output } from '../../gantry/models/DesiredLRP';

export interface DesiredLRPChangedEvent {
  'before'?: (_gantry_models_DesiredLRP | null);
  'after'?: (_gantry_models_DesiredLRP | null);
}

export interface DesiredLRPChangedEvent__Output {
  'before': (_gantry_models_DesiredLRP__Output | null);
  'after': (_gantry_models_DesiredLRP__Output | null);
}
