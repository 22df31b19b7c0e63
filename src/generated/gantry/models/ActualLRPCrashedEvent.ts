// Original file: proto/models.proto

import type { ActualLRPKey as _gantry_models_ActualLRPKey, ActualLRPKey__Output as _gantry_models_ActualLRPKey__Output } from '../../gantry/models/ActualLRPKey';
import type { ActualLRPInstanceKey as _gantry_models_ActualLRPInstanceKey, ActualLRPInstanceKey__Output as _gantry_models_ActualLRPInstanceKey__Output } from '../../gantry/models/ActualLRPInstanceKey';
import type { Long } from '@grpc/proto-loader';

export interface ActualLRPCrashedEvent {
  'key'?: (_gantry_models_ActualLRPKey | null);
  'instance_key'?: (_gantry_models_ActualLRPInstanceKey | null);
  'crash_count'?: (number);
  'crash_reason'?: (string);
  'since'?: (number | string | Long);
}

export interface ActualLRPCrashedEvent__Output {
  'key': (_gantry_models_ActualLRPKey__Output | null);
  'instance_key': (_gantry_models_ActualLRPInstanceKey__Output | null);
  'crash_count': (number);
  'crash_reason': (string);
  'since': (number);
}
