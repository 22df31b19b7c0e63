// Original file: proto/models.proto


// Original file: proto/models.proto

export const _gantry_models_CheckDefinition_Type = {
  NONE: 'NONE',
  TCP: 'TCP',
  HTTP: 'HTTP',
} as const;

export type _gantry_models_CheckDefinition_Type =
  | 'NONE'
  | 0
  | 'TCP'
  | 1
  | 'HTTP'
  | 2

export type _gantry_models_CheckDefinition_Type__Output = typeof _gantry_models_CheckDefinition_Type[keyof typeof _gantry_models_CheckDefinition_Type]

export interface CheckDefinition {
  'type'?: (_gantry_models_CheckDefinition_Type);
  'port'?: (number);
  'path'?: (string);
  'timeout_ms'?: (number);
  'interval_ms'?: (number);
}

export interface CheckDefinition__Output {
  'type': (_gantry_models_CheckDefinition_Type__Output);
  'port': (number);
  'path': (string);
  'timeout_ms': (number);
  'interval_ms': (number);
}
