// Original file: proto/models.proto


export interface EnvironmentVariable {
  'name'?: (string);
  'value'?: (string);
}

export interface EnvironmentVariable__Output {
  'name': (string);
  'value': (string);
}
