// Original file: proto/models.proto

import type { ActualLRP as _gantry_models_ActualLRP, ActualLRP__Output as _gantry_models_ActualLRP__Output } from '../../gantry/models/ActualLRP';

export interface ActualLRPInstanceCreatedEvent {
  'actual_lrp'?: (_gantry_models_ActualLRP | null);
}

export interface ActualLRPInstanceCreatedEvent__Output {
  'actual_lrp': (_gantry_models_ActualLRP__Output | null);
}
