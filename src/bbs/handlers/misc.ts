// Ping, domains and cells.
import type * as grpc from '@grpc/grpc-js';
import type { Empty__Output } from '../../generated/gantry/bbs/Empty.ts';
import type { UpsertDomainRequest__Output } from '../../generated/gantry/bbs/UpsertDomainRequest.ts';
import { handle, type HandlerContext } from './context.ts';

export function miscHandlers(ctx: HandlerContext): Record<string, grpc.handleUnaryCall<never, unknown>> {
  return {
    // A standby answers UNAVAILABLE like every other rpc, so a client's Ping says whom to use.
    Ping: handle<Empty__Output>(ctx, 'Ping', () => {
      ctx.leader();
      return { available: true };
    }),
    UpsertDomain: handle<UpsertDomainRequest__Output>(ctx, 'UpsertDomain', (req) =>
      ctx.leader().change((m, now) => m.upsertDomain(req.domain, req.ttl_seconds, now))),
    ListDomains: handle<Empty__Output>(ctx, 'ListDomains', () => ({ domains: ctx.leader().model.listDomains(Date.now()) })),
    ListCells: handle<Empty__Output>(ctx, 'ListCells', () => {
      ctx.leader();
      return { cells: ctx.presence.registry.list() };
    }),
  } as unknown as Record<string, grpc.handleUnaryCall<never, unknown>>;
}
