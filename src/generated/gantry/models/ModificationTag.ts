// Original file: proto/models.proto


export interface ModificationTag {
  'epoch'?: (string);
  'index'?: (number);
}

export interface ModificationTag__Output {
  'epoch': (string);
  'index': (number);
}
