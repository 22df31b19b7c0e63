// Original file: proto/models.proto

import type { RouteList as _gantry_models_RouteList, RouteList__Output as _gantry_models_RouteList__Output } from '../../gantry/models/RouteList';

export interface DesiredLRPUpdate {
  'instances'?: (number);
  'routes'?: (_gantry_models_RouteList | null);
  'annotation'?: (string);
  '_instances'?: "instances";
  '_annotation'?: "annotation";
}

export interface DesiredLRPUpdate__Output {
  'instances'?: (number);
  'routes': (_gantry_models_RouteList__Output | null);
  'annotation'?: (string);
  '_instances'?: "instances";
  '_annotation'?: "annotation";
}
