// Original file: proto/models.proto

import type { Route as _gantry_models_Route, Route__Output as _gantry_models_Route__Output } from '../../gantry/models/Route';
import type { EnvironmentVariable as _gantry_models_EnvironmentVariable, EnvironmentVariable__Output as _gantry_models_EnvironmentVariable__Output } from '../../gantry/models/EnvironmentVariable';
import type { DropletRef as _gantry_models_DropletRef, DropletRef__Output as _gantry_models_DropletRef__Output } from '../../gantry/models/DropletRef';
import type { CheckDefinition as _gantry_models_CheckDefinition, CheckDefinition__Output as _gantry_models_CheckDefinition__Output } from '../../gantry/models/CheckDefinition';
import type { ModificationTag as _gantry_models_ModificationTag, ModificationTag__Output as _gantry_models_ModificationTag__Output } from '../../gantry/models/ModificationTag';
import type { Long } from '@grpc/proto-loader';

export interface DesiredLRP {
  'process_guid'?: (string);
  'domain'?: (string);
  'instances'?: (number);
  'rootfs'?: (string);
  'memory_mb'?: (number);
  'disk_mb'?: (number);
  'max_pids'?: (number);
  'ports'?: (number)[];
  'routes'?: (_gantry_models_Route)[];
  'env'?: (_gantry_models_EnvironmentVariable)[];
  'start_command'?: (string);
  'droplet'?: (_gantry_models_DropletRef | null);
  'check'?: (_gantry_models_CheckDefinition | null);
  'start_timeout_ms'?: (number);
  'placement_tags'?: (string)[];
  'annotation'?: (string);
  'modification_tag'?: (_gantry_models_ModificationTag | null);
  'log_guid'?: (string);
  'user'?: (string);
  'created_at'?: (number | string | Long);
}

export interface DesiredLRP__Output {
  'process_guid': (string);
  'domain': (string);
  'instances': (number);
  'rootfs': (string);
  'memory_mb': (number);
  'disk_mb': (number);
  'max_pids': (number);
  'ports': (number)[];
  'routes': (_gantry_models_Route__Output)[];
  'env': (_gantry_models_EnvironmentVariable__Output)[];
  'start_command': (string);
  'droplet': (_gantry_models_DropletRef__Output | null);
  'check': (_gantry_models_CheckDefinition__Output | null);
  'start_timeout_ms': (number);
  'placement_tags': (string)[];
  'annotation': (string);
  'modification_tag': (_gantry_models_ModificationTag__Output | null);
  'log_guid': (string);
  'user': (string);
  'created_at': (number);
}
