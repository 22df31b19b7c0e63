// Original file: proto/models.proto

import type { Long } from '@grpc/proto-loader';

export interface Domain {
  'domain'?: (string);
  'expires_at'?: (number | string | Long);
}

export interface Domain__Output {
  'domain': (string);
  'expires_at': (number);
}
