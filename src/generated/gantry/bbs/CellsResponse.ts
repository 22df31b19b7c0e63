// Original file: proto/bbs.proto

import type { CellPresence as _gantry_models_CellPresence, CellPresence__Output as _gantry_models_CellPresence__Output } from '../../gantry/models/CellPresence';

export interface CellsResponse {
  'cells'?: (_gantry_models_CellPresence)[];
}

export interface CellsResponse__Output {
  'cells': (_gantry_models_CellPresence__Output)[];
}
