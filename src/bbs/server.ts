// The BBS gRPC service: every rpc of proto/bbs.proto, plus the standard health
// service. Handlers are thin (handlers/*.ts). Every method's response
// serializer passes a Buffer through as already-encoded protobuf, so large
// listings and events are assembled from cached record encodings rather than
// re-serialized by proto-loader. Every request deserializer answers bytes
// that are not a valid message with a marker the handler turns into
// INVALID_ARGUMENT (grpc-js would answer a throwing one with INTERNAL).
// Requests larger than maxRequestBytes are refused RESOURCE_EXHAUSTED by
// grpc-js before they are read; answers (listings) may be much larger.
import type * as grpc from '@grpc/grpc-js';
import { startServer, type ServerHandle } from '../common/grpc.ts';
import { bbsProto } from '../common/proto.ts';
import type { BBSHandlers } from '../generated/gantry/bbs/BBS.ts';
import { SERVICE_NAME, malformedRequest, publishLimits, type HandlerContext } from './handlers/context.ts';
import { eventHandlers } from './handlers/events.ts';
import { lrpHandlers } from './handlers/lrp.ts';
import { miscHandlers } from './handlers/misc.ts';
import { taskHandlers } from './handlers/tasks.ts';

export { SERVICE_NAME } from './handlers/context.ts';

/** The BBS service definition with Buffer pass-through response serializers and non-throwing request deserializers. */
export function bbsServiceDefinition(): grpc.ServiceDefinition {
  const original = bbsProto().gantry.bbs.BBS.service as grpc.ServiceDefinition;
  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(original)) {
    const serialize = method.responseSerialize;
    const deserialize = method.requestDeserialize;
    definition[name] = {
      ...method,
      responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : serialize(value)),
      requestDeserialize: (bytes: Buffer) => {
        try {
          return deserialize(bytes);
        } catch (err) {
          return malformedRequest(name, err);
        }
      },
    };
  }
  return definition as grpc.ServiceDefinition;
}

/** Limits of the server's transport (settings maxRequestBytes). */
export interface BbsServerLimits {
  /** Largest request message accepted; larger ones are refused RESOURCE_EXHAUSTED unread. */
  maxRequestBytes: number;
}

export function bbsHandlers(ctx: HandlerContext): grpc.UntypedServiceImplementation {
  const handlers = { ...miscHandlers(ctx), ...lrpHandlers(ctx), ...taskHandlers(ctx), ...eventHandlers(ctx) };
  // Every rpc of the contract must have a handler.
  const missing = Object.keys(bbsProto().gantry.bbs.BBS.service).filter((m) => !(m in handlers));
  if (missing.length > 0) throw new Error(`BBS handlers missing for: ${missing.join(', ')}`);
  return handlers as unknown as BBSHandlers;
}

export function startBbsServer(address: string, ctx: HandlerContext, credentials?: grpc.ServerCredentials, limits?: BbsServerLimits): Promise<ServerHandle> {
  const limiter = ctx.limits?.limiter;
  publishLimits({
    ...(limits ? { maxRequestBytes: limits.maxRequestBytes } : {}),
    ...(limiter ? { clientRateLimit: limiter.ratePerSecond, clientRateBurst: limiter.burst } : {}),
  });
  return startServer({
    address,
    services: [[bbsServiceDefinition(), bbsHandlers(ctx)]],
    healthNames: [SERVICE_NAME],
    credentials,
    ...(limits ? { options: { 'grpc.max_receive_message_length': limits.maxRequestBytes } } : {}),
  });
}
