// Original file: proto/models.proto


export interface TaskFilter {
  'domain'?: (string);
  'cell_id'?: (string);
}

export interface TaskFilter__Output {
  'domain': (string);
  'cell_id': (string);
}
