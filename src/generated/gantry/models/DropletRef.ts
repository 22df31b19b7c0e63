// Original file: proto/models.proto


export interface DropletRef {
  'digest'?: (string);
  'url'?: (string);
}

export interface DropletRef__Output {
  'digest': (string);
  'url': (string);
}
