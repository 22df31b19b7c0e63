// Original file: proto/models.proto

import type { ActualLRP as _gantry_models_ActualLRP, ActualLRP__Output as _gantry_models_ActualLRP__Output } from '../../gantry/models/ActualLRP';

export interface ActualLRPInstanceChangedEvent {
  'before'?: (_gantry_models_ActualLRP | null);
  'after'?: (_gantry_models_ActualLRP | null);
}

export interface ActualLRPInstanceChangedEvent__Output {
  'before': (_gantry_models_ActualLRP__Output | null);
  'after': (_gantry_models_ActualLRP__Output | null);
}
