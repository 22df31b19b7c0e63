// Original file: proto/models.proto


export interface Upload {
  'from'?: (string);
}

export interface Upload__Output {
  'from': (string);
}
