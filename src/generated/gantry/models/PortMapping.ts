// Original file: proto/models.proto


export interface PortMapping {
  'container_port'?: (number);
  'host_port'?: (number);
}

export interface PortMapping__Output {
  'container_port': (number);
  'host_port': (number);
}
