// Original file: proto/models.proto


export interface Download {
  'digest'?: (string);
  'url'?: (string);
  'to'?: (string);
  'extract'?: (boolean);
}

export interface Download__Output {
  'digest': (string);
  'url': (string);
  'to': (string);
  'extract': (boolean);
}
