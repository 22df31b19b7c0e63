// Original file: proto/models.proto

import type { ActualLRPKey as _gantry_models_ActualLRPKey, ActualLRPKey__Output as _gantry_models_ActualLRPKey__Output } from '../../gantry/models/ActualLRPKey';
import type { ActualLRPInstanceKey as _gantry_models_ActualLRPInstanceKey, ActualLRPInstanceKey__Output as _gantry_models_ActualLRPInstanceKey__Output } from '../../gantry/models/ActualLRPInstanceKey';
import type { ActualLRPNetInfo as _gantry_models_ActualLRPNetInfo, ActualLRPNetInfo__Output as _gantry_models_ActualLRPNetInfo__Output } from '../../gantry/models/ActualLRPNetInfo';
import type { ModificationTag as _gantry_models_ModificationTag, ModificationTag__Output as _gantry_models_ModificationTag__Output } from '../../gantry/models/ModificationTag';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/models.proto

export const _gantry_models_ActualLRP_Presence = {
  ORDINARY: 'ORDINARY',
  EVACUATING: 'EVACUATING',
  SUSPECT: 'SUSPECT',
} as const;

export type _gantry_models_ActualLRP_Presence =
  | 'ORDINARY'
  | 0
  | 'EVACUATING'
  | 1
  | 'SUSPECT'
  | 2

export type _gantry_models_ActualLRP_Presence__Output = typeof _gantry_models_ActualLRP_Presence[keyof typeof _gantry_models_ActualLRP_Presence]

// Original file: proto/models.proto

export const _gantry_models_ActualLRP_State = {
  UNCLAIMED: 'UNCLAIMED',
  CLAIMED: 'CLAIMED',
  RUNNING: 'RUNNING',
  CRASHED: 'CRASHED',
} as const;

export type _gantry_models_ActualLRP_State =
  | 'UNCLAIMED'
  | 0
  | 'CLAIMED'
  | 1
  | 'RUNNING'
  | 2
  | 'CRASHED'
  | 3

export type _gantry_models_ActualLRP_State__Output = typeof _gantry_models_ActualLRP_State[keyof typeof _gantry_models_ActualLRP_State]

export interface ActualLRP {
  'key'?: (_gantry_models_ActualLRPKey | null);
  'instance_key'?: (_gantry_models_ActualLRPInstanceKey | null);
  'net_info'?: (_gantry_models_ActualLRPNetInfo | null);
  'state'?: (_gantry_models_ActualLRP_State);
  'presence'?: (_gantry_models_ActualLRP_Presence);
  'crash_count'?: (number);
  'crash_reason'?: (string);
  'placement_error'?: (string);
  'since'?: (number | string | Long);
  'modification_tag'?: (_gantry_models_ModificationTag | null);
  'availability_zone'?: (string);
}

export interface ActualLRP__Output {
  'key': (_gantry_models_ActualLRPKey__Output | null);
  'instance_key': (_gantry_models_ActualLRPInstanceKey__Output | null);
  'net_info': (_gantry_models_ActualLRPNetInfo__Output | null);
  'state': (_gantry_models_ActualLRP_State__Output);
  'presence': (_gantry_models_ActualLRP_Presence__Output);
  'crash_count': (number);
  'crash_reason': (string);
  'placement_error': (string);
  'since': (number);
  'modification_tag': (_gantry_models_ModificationTag__Output | null);
  'availability_zone': (string);
}
