// Original file: proto/bbs.proto

import type { DesiredLRPUpdate as _gantry_models_DesiredLRPUpdate, DesiredLRPUpdate__Output as _gantry_models_DesiredLRPUpdate__Output } from '../../gantry/models/DesiredLRPUpdate';

export interface UpdateDesiredLRPRequest {
  'process_guid'?: (string);
  'update'?: (_gantry_models_DesiredLRPUpdate | null);
}

export interface UpdateDesiredLRPRequest__Output {
  'process_guid': (string);
  'update': (_gantry_models_DesiredLRPUpdate__Output | null);
}
