// Original file: proto/auctioneer.proto

import type { TaskStartRequest as _gantry_auctioneer_TaskStartRequest, TaskStartRequest__Output as _gantry_auctioneer_TaskStartRequest__Output } from '../../gantry/auctioneer/TaskStartRequest';

export interface TaskAuctionsRequest {
  'tasks'?: (_gantry_auctioneer_TaskStartRequest)[];
}

export interface TaskAuctionsRequest__Output {
  'tasks': (_gantry_auctioneer_TaskStartRequest__Output)[];
}
