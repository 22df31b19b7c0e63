// Original file: proto/models.proto

import type { Resources as _gantry_models_Resources, Resources__Output as _gantry_models_Resources__Output } from '../../gantry/models/Resources';
import type { Long } from '@grpc/proto-loader';

export interface CellPresence {
  'cell_id'?: (string);
  'rep_address'?: (string);
  'zone'?: (string);
  'capacity'?: (_gantry_models_Resources | null);
  'stacks'?: (string)[];
  'placement_tags'?: (string)[];
  'optional_placement_tags'?: (string)[];
  'evacuating'?: (boolean);
  'sent_at'?: (number | string | Long);
}

export interface CellPresence__Output {
  'cell_id': (string);
  'rep_address': (string);
  'zone': (string);
  'capacity': (_gantry_models_Resources__Output | null);
  'stacks': (string)[];
  'placement_tags': (string)[];
  'optional_placement_tags': (string)[];
  'evacuating': (boolean);
  'sent_at': (number);
}
