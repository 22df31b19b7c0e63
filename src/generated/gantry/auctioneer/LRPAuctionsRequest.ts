// Original file: proto/auctioneer.proto

import type { LRPStartRequest as _gantry_auctioneer_LRPStartRequest, LRPStartRequest__Output as _gantry_auctioneer_LRPStartRequest__Output } from '../../gantry/auctioneer/LRPStartRequest';

export interface LRPAuctionsRequest {
  'starts'?: (_gantry_auctioneer_LRPStartRequest)[];
}

export interface LRPAuctionsRequest__Output {
  'starts': (_gantry_auctioneer_LRPStartRequest__Output)[];
}
