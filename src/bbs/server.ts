// The BBS gRPC service: every rpc of proto/bbs.proto, plus the standard health
// service. Handlers are thin (handlers/*.ts). Every method's response
// serializer passes a Buffer through as already-encoded protobuf, so large
// listings and events are assembled from cached record encodings rather than
// re-serialized by proto-loader.
import type * as grpc from '@grpc/grpc-js';
import { startServer, type ServerHandle } from '../common/grpc.ts';
import { bbsProto } from '../common/proto.ts';
import type { BBSHandlers } from '../generated/gantry/bbs/BBS.ts';
import { SERVICE_NAME, type HandlerContext } from './handlers/context.ts';
import { eventHandlers } from './handlers/events.ts';
import { lrpHandlers } from './handlers/lrp.ts';
import { miscHandlers } from './handlers/misc.ts';
import { taskHandlers } from './handlers/tasks.ts';

export { SERVICE_NAME } from './handlers/context.ts';

/** The BBS service definition with Buffer pass-through response serializers. */
export function bbsServiceDefinition(): grpc.ServiceDefinition {
  const original = bbsProto().gantry.bbs.BBS.service as grpc.ServiceDefinition;
  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(original)) {
    const serialize = method.responseSerialize;
    definition[name] = { ...method, responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : serialize(value)) };
  }
  return definition as grpc.ServiceDefinition;
}

export function bbsHandlers(ctx: HandlerContext): grpc.UntypedServiceImplementation {
  const handlers = { ...miscHandlers(ctx), ...lrpHandlers(ctx), ...taskHandlers(ctx), ...eventHandlers(ctx) };
  // Every rpc of the contract must have a handler.
  const missing = Object.keys(bbsProto().gantry.bbs.BBS.service).filter((m) => !(m in handlers));
  if (missing.length > 0) throw new Error(`BBS handlers missing for: ${missing.join(', ')}`);
  return handlers as unknown as BBSHandlers;
}

export function startBbsServer(address: string, ctx: HandlerContext): Promise<ServerHandle> {
  return startServer({ address, services: [[bbsServiceDefinition(), bbsHandlers(ctx)]], healthNames: [SERVICE_NAME] });
}
