// What the BBS's gRPC handlers need, and the one way they are wrapped: a
// request that could not be decoded is INVALID_ARGUMENT, a client over its
// request rate is RESOURCE_EXHAUSTED, and no error message is longer than
// MAX_ERROR_MESSAGE (it travels in a trailer; a client refuses large ones).
import * as grpc from '@grpc/grpc-js';
import { invalidArgument, resourceExhausted, RpcError } from '../../common/errors.ts';
import { unary } from '../../common/grpc.ts';
import type { Logger } from '../../common/log.ts';
import { counter, gauge } from '../../common/metrics.ts';
import type { PresenceWatcher } from '../cells/presence-watcher.ts';
import type { EventHub } from '../events/hub.ts';
import type { ClientRateLimiter } from '../rate-limit.ts';
import type { LeaderTerm } from '../term.ts';

export const SERVICE_NAME = 'gantry.bbs.BBS';

/** Longest error message sent to a client; longer ones are cut (grpc-js clients refuse trailers over 8 KiB). */
export const MAX_ERROR_MESSAGE = 1024;

const rateLimited = counter('gantry_bbs_requests_rate_limited_total', 'Requests refused RESOURCE_EXHAUSTED because their client was over clientRateLimit, by method', ['method']);
const rateLimitedClients = gauge('gantry_bbs_rate_limit_clients', 'Clients (connections) the request rate limit is tracking');
const limitsGauge = gauge('gantry_bbs_request_limit', 'The BBS\'s request limits as configured, by setting (maxRequestBytes, clientRateLimit, clientRateBurst)', ['setting']);
const malformedRequests = counter('gantry_bbs_requests_malformed_total', 'Requests whose bytes were not a valid protobuf message of their method, by method', ['method']);

export interface RequestLimits {
  /** The per-client token buckets (clientRateLimit, clientRateBurst). */
  limiter: ClientRateLimiter;
}

export interface HandlerContext {
  log: Logger;
  /** The current leader term; throws UNAVAILABLE while this BBS stands by. */
  leader(): LeaderTerm;
  presence: PresenceWatcher;
  hub: EventHub;
  /** Request limits; none when absent (tests of handlers alone). */
  limits?: RequestLimits;
}

/**
 * What the service's request deserializer (server.ts) yields for bytes that
 * are not a valid message: grpc-js would answer a throwing deserializer with
 * INTERNAL, so the handler answers INVALID_ARGUMENT instead.
 */
export const MALFORMED = Symbol('gantry.bbs.malformedRequest');
export interface MalformedRequest {
  [MALFORMED]: string;
}

export function malformedRequest(method: string, err: unknown): MalformedRequest {
  const reason = err instanceof Error ? err.message : String(err);
  return { [MALFORMED]: `request: not a valid ${method} request message (${reason.slice(0, 200)})` };
}

type Call = { getPeer(): string };

/** Refuse a request that could not be decoded, or whose client is over its rate; else nothing. */
export function admit(ctx: HandlerContext, method: string, request: unknown, call: Call): void {
  const limiter = ctx.limits?.limiter;
  if (limiter?.enabled) {
    const peer = call.getPeer();
    const admission = limiter.admit(peer, Date.now());
    rateLimitedClients.set(limiter.clients);
    if (admission.startedRefusing) {
      ctx.log.warn('client over the request rate limit: refusing its requests', { peer, method, clientRateLimit: limiter.ratePerSecond, clientRateBurst: limiter.burst });
    } else if (admission.stoppedRefusing) {
      ctx.log.info('client back under the request rate limit', { peer, method });
    }
    if (!admission.allowed) {
      rateLimited.inc({ method });
      throw resourceExhausted(
        `request rate limit exceeded: more than ${limiter.ratePerSecond} requests/s (burst ${limiter.burst}) from ${peer}; `
        + 'slow down and retry, or raise the BBS setting clientRateLimit (clientRateBurst)',
      );
    }
  }
  const malformed = (request as Partial<MalformedRequest> | null)?.[MALFORMED];
  if (malformed !== undefined) {
    malformedRequests.inc({ method });
    throw invalidArgument('request', malformed.slice('request: '.length));
  }
}

/** Publish the configured limits as gauges (a limit of 0 is off). */
export function publishLimits(settings: Record<string, number>): void {
  for (const [setting, value] of Object.entries(settings)) limitsGauge.set({ setting }, value);
}

/** An error as the client gets it: an RpcError's message cut to MAX_ERROR_MESSAGE characters. */
export function shortened(err: unknown): unknown {
  if (!(err instanceof RpcError) || err.message.length <= MAX_ERROR_MESSAGE) return err;
  return new RpcError(err.code, `${err.message.slice(0, MAX_ERROR_MESSAGE - 40)}… (message cut: ${err.message.length} characters)`);
}

/**
 * A unary handler: RpcErrors become their status; metrics per call. A handler
 * may answer with pre-encoded protobuf bytes (a Buffer), which the service's
 * serializer passes through unchanged (see server.ts).
 */
export function handle<Req>(ctx: HandlerContext, method: string, fn: (req: Req) => unknown): grpc.handleUnaryCall<Req, unknown> {
  return unary<Req, unknown>(SERVICE_NAME, method, ctx.log, async (req, call) => {
    admit(ctx, method, req, call);
    try {
      return await fn(req);
    } catch (err) {
      throw shortened(err);
    }
  });
}

/** A message field the request must carry. */
export function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) throw invalidArgument(field, 'required');
  return value;
}

/** The status a server stream ends with for an error thrown before it started. */
export function streamError(err: unknown): { code: grpc.status; details: string } {
  const e = shortened(err) as Partial<RpcError>;
  return { code: typeof e.code === 'number' ? e.code : grpc.status.INTERNAL, details: e.message ?? String(err) };
}
