// Original file: proto/models.proto

import type { PortMapping as _gantry_models_PortMapping, PortMapping__Output as _gantry_models_PortMapping__Output } from '../../gantry/models/PortMapping';

export interface ActualLRPNetInfo {
  'address'?: (string);
  'ports'?: (_gantry_models_PortMapping)[];
  'instance_address'?: (string);
}

export interface ActualLRPNetInfo__Output {
  'address': (string);
  'ports': (_gantry_models_PortMapping__Output)[];
  'instance_address': (string);
}
