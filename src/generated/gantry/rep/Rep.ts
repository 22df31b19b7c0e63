// Original file: proto/rep.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelTaskRequest as _gantry_rep_CancelTaskRequest, CancelTaskRequest__Output as _gantry_rep_CancelTaskRequest__Output } from '../../gantry/rep/CancelTaskRequest';
import type { CellState as _gantry_rep_CellState, CellState__Output as _gantry_rep_CellState__Output } from '../../gantry/rep/CellState';
import type { Empty as _gantry_rep_Empty, Empty__Output as _gantry_rep_Empty__Output } from '../../gantry/rep/Empty';
import type { PerformResponse as _gantry_rep_PerformResponse, PerformResponse__Output as _gantry_rep_PerformResponse__Output } from '../../gantry/rep/PerformResponse';
import type { StopLRPInstanceRequest as _gantry_rep_StopLRPInstanceRequest, StopLRPInstanceRequest__Output as _gantry_rep_StopLRPInstanceRequest__Output } from '../../gantry/rep/StopLRPInstanceRequest';
import type { Work as _gantry_rep_Work, Work__Output as _gantry_rep_Work__Output } from '../../gantry/rep/Work';

export interface RepClient extends grpc.Client {
  CancelTask(argument: _gantry_rep_CancelTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _gantry_rep_CancelTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _gantry_rep_CancelTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  CancelTask(argument: _gantry_rep_CancelTaskRequest, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _gantry_rep_CancelTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _gantry_rep_CancelTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _gantry_rep_CancelTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  cancelTask(argument: _gantry_rep_CancelTaskRequest, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  
  Perform(argument: _gantry_rep_Work, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_PerformResponse__Output>): grpc.ClientUnaryCall;
  Perform(argument: _gantry_rep_Work, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_rep_PerformResponse__Output>): grpc.ClientUnaryCall;
  Perform(argument: _gantry_rep_Work, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_PerformResponse__Output>): grpc.ClientUnaryCall;
  Perform(argument: _gantry_rep_Work, callback: grpc.requestCallback<_gantry_rep_PerformResponse__Output>): grpc.ClientUnaryCall;
  perform(argument: _gantry_rep_Work, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_PerformResponse__Output>): grpc.ClientUnaryCall;
  perform(argument: _gantry_rep_Work, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_rep_PerformResponse__Output>): grpc.ClientUnaryCall;
  perform(argument: _gantry_rep_Work, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_PerformResponse__Output>): grpc.ClientUnaryCall;
  perform(argument: _gantry_rep_Work, callback: grpc.requestCallback<_gantry_rep_PerformResponse__Output>): grpc.ClientUnaryCall;
  
  State(argument: _gantry_rep_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_CellState__Output>): grpc.ClientUnaryCall;
  State(argument: _gantry_rep_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_rep_CellState__Output>): grpc.ClientUnaryCall;
  State(argument: _gantry_rep_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_CellState__Output>): grpc.ClientUnaryCall;
  State(argument: _gantry_rep_Empty, callback: grpc.requestCallback<_gantry_rep_CellState__Output>): grpc.ClientUnaryCall;
  state(argument: _gantry_rep_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_CellState__Output>): grpc.ClientUnaryCall;
  state(argument: _gantry_rep_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_rep_CellState__Output>): grpc.ClientUnaryCall;
  state(argument: _gantry_rep_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_CellState__Output>): grpc.ClientUnaryCall;
  state(argument: _gantry_rep_Empty, callback: grpc.requestCallback<_gantry_rep_CellState__Output>): grpc.ClientUnaryCall;
  
  StopLRPInstance(argument: _gantry_rep_StopLRPInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  StopLRPInstance(argument: _gantry_rep_StopLRPInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  StopLRPInstance(argument: _gantry_rep_StopLRPInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  StopLRPInstance(argument: _gantry_rep_StopLRPInstanceRequest, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  stopLrpInstance(argument: _gantry_rep_StopLRPInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  stopLrpInstance(argument: _gantry_rep_StopLRPInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  stopLrpInstance(argument: _gantry_rep_StopLRPInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  stopLrpInstance(argument: _gantry_rep_StopLRPInstanceRequest, callback: grpc.requestCallback<_gantry_rep_Empty__Output>): grpc.ClientUnaryCall;
  
}

export interface RepHandlers extends grpc.UntypedServiceImplementation {
  CancelTask: grpc.handleUnaryCall<_gantry_rep_CancelTaskRequest__Output, _gantry_rep_Empty>;
  
  Perform: grpc.handleUnaryCall<_gantry_rep_Work__Output, _gantry_rep_PerformResponse>;
  
  State: grpc.handleUnaryCall<_gantry_rep_Empty__Output, _gantry_rep_CellState>;
  
  StopLRPInstance: grpc.handleUnaryCall<_gantry_rep_StopLRPInstanceRequest__Output, _gantry_rep_Empty>;
  
}

export interface RepDefinition extends grpc.ServiceDefinition {
  CancelTask: MethodDefinition<_gantry_rep_CancelTaskRequest, _gantry_rep_Empty, _gantry_rep_CancelTaskRequest__Output, _gantry_rep_Empty__Output>
  Perform: MethodDefinition<_gantry_rep_Work, _gantry_rep_PerformResponse, _gantry_rep_Work__Output, _gantry_rep_PerformResponse__Output>
  State: MethodDefinition<_gantry_rep_Empty, _gantry_rep_CellState, _gantry_rep_Empty__Output, _gantry_rep_CellState__Output>
  StopLRPInstance: MethodDefinition<_gantry_rep_StopLRPInstanceRequest, _gantry_rep_Empty, _gantry_rep_StopLRPInstanceRequest__Output, _gantry_rep_Empty__Output>
}
