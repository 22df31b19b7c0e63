// What the BBS's gRPC handlers need, and the one way they are wrapped.
import type * as grpc from '@grpc/grpc-js';
import { invalidArgument } from '../../common/errors.ts';
import { unary } from '../../common/grpc.ts';
import type { Logger } from '../../common/log.ts';
import type { PresenceWatcher } from '../cells/presence-watcher.ts';
import type { EventHub } from '../events/hub.ts';
import type { LeaderTerm } from '../term.ts';

export const SERVICE_NAME = 'gantry.bbs.BBS';

export interface HandlerContext {
  log: Logger;
  /** The current leader term; throws UNAVAILABLE while this BBS stands by. */
  leader(): LeaderTerm;
  presence: PresenceWatcher;
  hub: EventHub;
}

/**
 * A unary handler: RpcErrors become their status; metrics per call. A handler
 * may answer with pre-encoded protobuf bytes (a Buffer), which the service's
 * serializer passes through unchanged (see server.ts).
 */
export function handle<Req>(ctx: HandlerContext, method: string, fn: (req: Req) => unknown): grpc.handleUnaryCall<Req, unknown> {
  return unary<Req, unknown>(SERVICE_NAME, method, ctx.log, (req) => fn(req) as Promise<unknown>);
}

/** A message field the request must carry. */
export function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) throw invalidArgument(field, 'required');
  return value;
}
