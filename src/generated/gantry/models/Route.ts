// Original file: proto/models.proto


export interface Route {
  'hostnames'?: (string)[];
  'port'?: (number);
}

export interface Route__Output {
  'hostnames': (string)[];
  'port': (number);
}
