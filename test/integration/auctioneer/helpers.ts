// Shared pieces of the auctioneer integration tests: a tiny real BBS peer that
// records failure reports, a client of the auctioneer, health checks, waits.
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { callUnary, channelOptions, startServer, unary, type ServerHandle } from '../../../src/common/grpc.ts';
import { createLogger, type Logger } from '../../../src/common/log.ts';
import { auctioneerProto, bbsProto } from '../../../src/common/proto.ts';
import type { AuctioneerClient } from '../../../src/generated/gantry/auctioneer/Auctioneer.ts';
import type { FailActualLRPRequest__Output } from '../../../src/generated/gantry/bbs/FailActualLRPRequest.ts';
import type { RejectTaskRequest__Output } from '../../../src/generated/gantry/bbs/RejectTaskRequest.ts';
import type { FailTaskRequest__Output } from '../../../src/generated/gantry/bbs/FailTaskRequest.ts';

export interface BbsPeer {
  address: string;
  failedLRPs: FailActualLRPRequest__Output[];
  rejectedTasks: RejectTaskRequest__Output[];
  failedTasks: FailTaskRequest__Output[];
  stop(): Promise<void>;
}

/** A real gRPC server with the BBS's FailActualLRP / RejectTask / FailTask that records each call. */
export async function startBbsPeer(log: Logger = quietLogger()): Promise<BbsPeer> {
  const peer = { failedLRPs: [], rejectedTasks: [], failedTasks: [] } as unknown as BbsPeer;
  const handle: ServerHandle = await startServer({
    address: '127.0.0.1:0',
    services: [
      [
        bbsProto().gantry.bbs.BBS.service,
        {
          FailActualLRP: unary('gantry.bbs.BBS', 'FailActualLRP', log, (req: FailActualLRPRequest__Output) => {
            peer.failedLRPs.push(req);
            return {};
          }),
          RejectTask: unary('gantry.bbs.BBS', 'RejectTask', log, (req: RejectTaskRequest__Output) => {
            peer.rejectedTasks.push(req);
            return {};
          }),
          FailTask: unary('gantry.bbs.BBS', 'FailTask', log, (req: FailTaskRequest__Output) => {
            peer.failedTasks.push(req);
            return {};
          }),
        },
      ],
    ],
    healthNames: ['gantry.bbs.BBS'],
  });
  handle.setServing(true);
  peer.address = `127.0.0.1:${handle.port}`;
  peer.stop = () => handle.stop(500);
  return peer;
}

export function auctioneerClient(address: string): AuctioneerClient {
  const Auctioneer = auctioneerProto().gantry.auctioneer.Auctioneer;
  return new Auctioneer(address, grpc.credentials.createInsecure(), channelOptions) as AuctioneerClient;
}

const HealthClient = grpc.makeGenericClientConstructor(healthService, 'Health');

/** The health service's answer for a service name ("" = the whole server). */
export async function healthStatus(address: string, service = ''): Promise<string> {
  const client = new HealthClient(address, grpc.credentials.createInsecure());
  try {
    const res = await callUnary<grpc.Client, never, { status: string | number }>(client, 'Check' as never, { service }, { deadlineMs: 2000 });
    return typeof res.status === 'number' ? ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'][res.status]! : res.status;
  } finally {
    client.close();
  }
}

export function quietLogger(component = 'test'): Logger {
  // Log lines at warn and above only, to stderr, so a failing test shows why.
  const inner = createLogger(component);
  const drop = () => {};
  const make = (base: Logger): Logger => ({
    debug: drop,
    info: drop,
    warn: process.env.TEST_VERBOSE ? base.warn : drop,
    error: base.error,
    child: (fields) => make(base.child(fields)),
  });
  return make(inner);
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000, everyMs = 25): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
