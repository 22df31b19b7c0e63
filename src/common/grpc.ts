// gRPC server and client plumbing shared by every process: handler wrapping
// (errors → status codes, per-RPC metrics), the standard health service, and
// promise-returning client calls with deadlines.
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { RpcError } from './errors.ts';
import type { Logger } from './log.ts';
import { counter, histogram } from './metrics.ts';

/** Large enough for a full listing of 250,000 actual LRPs. */
export const maxMessageBytes = 512 * 1024 * 1024;

export const channelOptions: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': maxMessageBytes,
  'grpc.max_send_message_length': maxMessageBytes,
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  // A peer that went away (a leader failing over, a restart) is tried again
  // soon and then every half second at most, not grpc-js's default 1 s growing
  // to 2 minutes: a client of a BBS list reaches the new leader within about
  // half a second of it listening (with 1 s, up to 1.2 s of a failover's < 5 s
  // went to this wait). A refused connection costs next to nothing.
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 500,
};

const rpcRequests = counter('gantry_rpc_requests_total', 'gRPC requests served, by service, method and status code', ['service', 'method', 'code']);
const rpcDuration = histogram('gantry_rpc_duration_seconds', 'gRPC request latency, by service and method', ['service', 'method'],
  [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30]);

export type UnaryHandler<Req, Res> = (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res> | Res;

function toStatus(err: unknown, log: Logger, method: string): grpc.ServiceError | { code: grpc.status; details: string } {
  if (err instanceof RpcError) return { code: err.code, details: err.message };
  log.error('request failed', { method, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  return { code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) };
}

/**
 * Wraps an async handler as a grpc-js unary handler: a thrown RpcError becomes
 * its status; anything else is INTERNAL and logged. Counts and times every call.
 */
export function unary<Req, Res>(service: string, method: string, log: Logger, handler: UnaryHandler<Req, Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const end = rpcDuration.startTimer({ service, method });
    Promise.resolve()
      .then(() => handler(call.request, call))
      .then(
        (res) => {
          rpcRequests.inc({ service, method, code: 'OK' });
          end();
          callback(null, res);
        },
        (err) => {
          const st = toStatus(err, log, method);
          rpcRequests.inc({ service, method, code: grpc.status[st.code] });
          end();
          callback(st as grpc.ServiceError);
        },
      );
  };
}

export interface ServerHandle {
  server: grpc.Server;
  port: number;
  health: HealthImplementation;
  /** Mark every service SERVING or NOT_SERVING in the health service. */
  setServing(serving: boolean): void;
  /** Graceful stop, forced after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerOptions {
  address: string; // host:port; port 0 picks a free one
  services: Array<[grpc.ServiceDefinition, grpc.UntypedServiceImplementation]>;
  /** Health service names, e.g. "gantry.bbs.BBS"; "" (overall) is always included. */
  healthNames: string[];
  credentials?: grpc.ServerCredentials;
  options?: grpc.ChannelOptions;
}

export async function startServer(opts: ServerOptions): Promise<ServerHandle> {
  const server = new grpc.Server({ ...channelOptions, ...opts.options });
  for (const [definition, impl] of opts.services) server.addService(definition, impl);
  const names = ['', ...opts.healthNames];
  const health = new HealthImplementation(Object.fromEntries(names.map((n) => [n, 'NOT_SERVING' as ServingStatus])));
  health.addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(opts.address, opts.credentials ?? grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const setServing = (serving: boolean) => {
    for (const n of names) health.setStatus(n, serving ? 'SERVING' : 'NOT_SERVING');
  };
  return {
    server,
    port,
    health,
    setServing,
    stop: (graceMs = 2000) =>
      new Promise<void>((resolve) => {
        setServing(false);
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

export interface CallOptions {
  deadlineMs?: number;
}

/**
 * Calls a unary method of a generated grpc-js client and returns a promise.
 * Usage: `await callUnary(client, 'DesireLRP', { desired_lrp }, { deadlineMs: 5000 })`.
 */
export function callUnary<C extends grpc.Client, M extends keyof C & string, Res = unknown>(
  client: C,
  method: M,
  request: unknown,
  opts: CallOptions = {},
): Promise<Res> {
  const deadline = new Date(Date.now() + (opts.deadlineMs ?? 10_000));
  return new Promise<Res>((resolve, reject) => {
    const fn = client[method] as unknown as (req: unknown, md: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: Res) => void) => void;
    fn.call(client, request, new grpc.Metadata(), { deadline }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** Wait until a client's channel is connected, or throw after `timeoutMs`. */
export function waitForReady(client: grpc.Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
}
