// Original file: proto/models.proto

import type { Route as _gantry_models_Route, Route__Output as _gantry_models_Route__Output } from '../../gantry/models/Route';
import type { ModificationTag as _gantry_models_ModificationTag, ModificationTag__Output as _gantry_models_ModificationTag__Output } from '../../gantry/models/ModificationTag';

export interface DesiredLRPSchedulingInfo {
  'process_guid'?: (string);
  'domain'?: (string);
  'instances'?: (number);
  'rootfs'?: (string);
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'max_pids'?: (number);
  'routes'?: (_gantry_models_Route)[];
  'placement_tags'?: (string)[];
  'annotation'?: (string);
  'modification_tag'?: (_gantry_models_ModificationTag | null);
}

export interface DesiredLRPSchedulingInfo__Output {
  'process_guid': (string);
  'domain': (string);
  'instances': (number);
  'rootfs': (string);
  'memory_mb': (number);
  'disk_mb': (number);
  'max_pids': (number);
  'routes': (_gantry_models_Route__Output)[];
  'placement_tags': (string)[];
  'annotation': (string);
  'modification_tag': (_gantry_models_ModificationTag__Output | null);
}
