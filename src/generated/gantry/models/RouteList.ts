// Original file: proto/models.proto

import type { Route as _gantry_models_Route, Route__Output as _gantry_models_Route__Output } from '../../gantry/models/Route';

export interface RouteList {
  'routes'?: (_gantry_models_Route)[];
}

export interface RouteList__Output {
  'routes': (_gantry_models_Route__Output)[];
}
