// Original file: proto/auctioneer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty as _gantry_auctioneer_Empty, Empty__Output as _gantry_auctioneer_Empty__Output } from '../../gantry/auctioneer/Empty';
import type { LRPAuctionsRequest as _gantry_auctioneer_LRPAuctionsRequest, LRPAuctionsRequest__Output as _gantry_auctioneer_LRPAuctionsRequest__Output } from '../../gantry/auctioneer/LRPAuctionsRequest';
import type { TaskAuctionsRequest as _gantry_auctioneer_TaskAuctionsRequest, TaskAuctionsRequest__Output as _gantry_auctioneer_TaskAuctionsRequest__Output } from '../../gantry/auctioneer/TaskAuctionsRequest';

export interface AuctioneerClient extends grpc.Client {
  RequestLRPAuctions(argument: _gantry_auctioneer_LRPAuctionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  RequestLRPAuctions(argument: _gantry_auctioneer_LRPAuctionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  RequestLRPAuctions(argument: _gantry_auctioneer_LRPAuctionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  RequestLRPAuctions(argument: _gantry_auctioneer_LRPAuctionsRequest, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  requestLrpAuctions(argument: _gantry_auctioneer_LRPAuctionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  requestLrpAuctions(argument: _gantry_auctioneer_LRPAuctionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  requestLrpAuctions(argument: _gantry_auctioneer_LRPAuctionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  requestLrpAuctions(argument: _gantry_auctioneer_LRPAuctionsRequest, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  
  RequestTaskAuctions(argument: _gantry_auctioneer_TaskAuctionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  RequestTaskAuctions(argument: _gantry_auctioneer_TaskAuctionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  RequestTaskAuctions(argument: _gantry_auctioneer_TaskAuctionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  RequestTaskAuctions(argument: _gantry_auctioneer_TaskAuctionsRequest, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  requestTaskAuctions(argument: _gantry_auctioneer_TaskAuctionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  requestTaskAuctions(argument: _gantry_auctioneer_TaskAuctionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  requestTaskAuctions(argument: _gantry_auctioneer_TaskAuctionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  requestTaskAuctions(argument: _gantry_auctioneer_TaskAuctionsRequest, callback: grpc.requestCallback<_gantry_auctioneer_Empty__Output>): grpc.ClientUnaryCall;
  
}

export interface AuctioneerHandlers extends grpc.UntypedServiceImplementation {
  RequestLRPAuctions: grpc.handleUnaryCall<_gantry_auctioneer_LRPAuctionsRequest__Output, _gantry_auctioneer_Empty>;
  
  RequestTaskAuctions: grpc.handleUnaryCall<_gantry_auctioneer_TaskAuctionsRequest__Output, _gantry_auctioneer_Empty>;
  
}

export interface AuctioneerDefinition extends grpc.ServiceDefinition {
  RequestLRPAuctions: MethodDefinition<_gantry_auctioneer_LRPAuctionsRequest, _gantry_auctioneer_Empty, _gantry_auctioneer_LRPAuctionsRequest__Output, _gantry_auctioneer_Empty__Output>
  RequestTaskAuctions: MethodDefinition<_gantry_auctioneer_TaskAuctionsRequest, _gantry_auctioneer_Empty, _gantry_auctioneer_TaskAuctionsRequest__Output, _gantry_auctioneer_Empty__Output>
}
