// Original file: proto/bbs.proto

import type { Domain as _gantry_models_Domain, Domain__Output as _gantry_models_Domain__Output } from '../../gantry/models/Domain';

export interface DomainsResponse {
  'domains'?: (_gantry_models_Domain)[];
}

export interface DomainsResponse__Output {
  'domains': (_gantry_models_Domain__Output)[];
}
