// What the BBS integration tests share: a real nats-server, BBSs started
// in-process, a gRPC client, and small real gRPC peers standing in for the
// auctioneer and a cell's rep that record what the BBS asked of them.
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import type { NatsConnection } from 'nats';
import { startBbs, type BbsHandle } from '../../../src/bbs/bbs.ts';
import { bbsConfig, type BbsConfig } from '../../../src/bbs/config.ts';
import { bucketNames } from '../../../src/bbs/store/buckets.ts';
import type { RecordKind } from '../../../src/bbs/state/types.ts';
import { callUnary, channelOptions, startServer, type ServerHandle } from '../../../src/common/grpc.ts';
import { createLogger, setLogSink } from '../../../src/common/log.ts';
import type { BbsEvent, CellPresence, DesiredLRP, Task } from '../../../src/common/models.ts';
import { subjects } from '../../../src/common/nats.ts';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { auctioneerProto, bbsProto, codec, repProto } from '../../../src/common/proto.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import type { LRPStartRequest__Output } from '../../../src/generated/gantry/auctioneer/LRPStartRequest.ts';
import type { TaskStartRequest__Output } from '../../../src/generated/gantry/auctioneer/TaskStartRequest.ts';

// Quiet unless asked: GANTRY_TEST_LOGS=1 shows the BBS's log lines.
if (!process.env.GANTRY_TEST_LOGS) setLogSink(() => {});
export const log = createLogger('bbs-test');

export { startNatsServer, type NatsServerHandle };

/** Settings for a test BBS: any free port, no metrics server, no convergence pass by itself (tests trigger passes). */
export function testConfig(nats: NatsServerHandle, overrides: Partial<BbsConfig> = {}): BbsConfig {
  return bbsConfig({
    listen: '127.0.0.1:0',
    metricsListen: '',
    natsUrl: [nats.url],
    auctioneerAddress: '127.0.0.1:1', // nothing listens: tests that care start a peer
    auctioneerDeadlineMs: 2000,
    convergenceIntervalMs: 10 * 60_000,
    cellLostTimeoutMs: 1000,
    cellCheckIntervalMs: 100,
    lockTtlMs: 3000,
    kvWriteTimeoutMs: 2000,
    takeoverReauctionMs: 0, // no convergence pass after taking over either: tests trigger passes
    ...overrides,
  });
}

/** Start a BBS and wait until it leads. */
export async function startLeader(nats: NatsServerHandle, overrides: Partial<BbsConfig> = {}): Promise<BbsHandle> {
  const bbs = await startBbs(testConfig(nats, overrides), { log });
  await bbs.whenLeading(15_000);
  return bbs;
}

export function bbsClient(address: string, options: grpc.ChannelOptions = {}): BBSClient {
  const Ctor = bbsProto().gantry.bbs.BBS;
  return new Ctor(address, grpc.credentials.createInsecure(), { ...channelOptions, ...options });
}

/** One BBS rpc; resolves with its decoded answer. */
export function call<Res = Record<string, unknown>>(client: BBSClient, method: keyof BBSClient & string, request: unknown = {}): Promise<Res> {
  return callUnary<BBSClient, typeof method, Res>(client, method, request, { deadlineMs: 10_000 });
}

/** Asserts the promise fails with `code`, and that its message mentions every `mentions`. */
export async function expectCode(promise: Promise<unknown>, code: grpc.status, ...mentions: string[]): Promise<grpc.ServiceError> {
  try {
    await promise;
  } catch (err) {
    const e = err as grpc.ServiceError;
    assert.equal(e.code, code, `expected ${grpc.status[code]}, got ${grpc.status[e.code]}: ${e.details}`);
    for (const m of mentions) assert.ok(e.details.includes(m), `expected ${JSON.stringify(e.details)} to mention ${JSON.stringify(m)}`);
    return e;
  }
  assert.fail(`expected ${grpc.status[code]}, but the call succeeded`);
}

export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Every key and value (as bytes) of a state bucket, read straight from KV. */
export async function kvSnapshot(nc: NatsConnection, kind: RecordKind): Promise<Map<string, string>> {
  const kv = await nc.jetstream().views.kv(bucketNames[kind], { bindOnly: true });
  const out = new Map<string, string>();
  const keys: string[] = [];
  for await (const k of await kv.keys()) keys.push(k);
  for (const k of keys) {
    const e = await kv.get(k);
    if (e && e.operation === 'PUT') out.set(k, Buffer.from(e.value).toString('base64'));
  }
  return out;
}

export async function kvAll(nc: NatsConnection): Promise<Record<RecordKind, Map<string, string>>> {
  return {
    desired: await kvSnapshot(nc, 'desired'),
    actual: await kvSnapshot(nc, 'actual'),
    task: await kvSnapshot(nc, 'task'),
    domain: await kvSnapshot(nc, 'domain'),
  };
}

export function desiredLRP(processGuid: string, instances = 1, overrides: Partial<DesiredLRP> = {}): DesiredLRP {
  return {
    process_guid: processGuid,
    domain: 'apps',
    instances,
    rootfs: 'gantry:bookworm',
    memory_mb: 128,
    disk_mb: 256,
    max_pids: 0,
    ports: [8080],
    routes: [{ hostnames: [`${processGuid}.example.com`], port: 8080 }],
    env: [{ name: 'GREETING', value: 'hello' }],
    start_command: './run',
    droplet: null,
    check: { type: 'TCP', port: 8080, path: '', timeout_ms: 1000, interval_ms: 5000 },
    start_timeout_ms: 60_000,
    placement_tags: [],
    annotation: '',
    modification_tag: null,
    log_guid: '',
    user: '',
    created_at: 0,
    ...overrides,
  };
}

export function taskDefinition(taskGuid: string, overrides: Partial<Task> = {}): Task {
  return {
    task_guid: taskGuid,
    domain: 'apps',
    rootfs: 'gantry:bookworm',
    memory_mb: 64,
    disk_mb: 64,
    max_pids: 0,
    env: [],
    command: 'echo hi',
    downloads: [],
    result_file: '',
    uploads: [],
    placement_tags: [],
    annotation: '',
    log_guid: '',
    user: '',
    state: 'INVALID',
    cell_id: '',
    result: '',
    failed: false,
    failure_reason: '',
    created_at: 0,
    updated_at: 0,
    first_completed_at: 0,
    rejection_count: 0,
    rejection_reason: '',
    ...overrides,
  };
}

export const netInfo = (hostPort = 61001) => ({ address: '127.0.0.1', ports: [{ container_port: 8080, host_port: hostPort }], instance_address: '' });

/** A real gRPC Auctioneer that records every request the BBS sends it. */
export interface AuctioneerPeer {
  address: string;
  lrpStarts: LRPStartRequest__Output[];
  taskStarts: TaskStartRequest__Output[];
  /** "process_guid/index" of every LRP instance asked for, in order. */
  lrpInstances(): string[];
  stop(): Promise<void>;
}

export async function startAuctioneerPeer(port = 0): Promise<AuctioneerPeer> {
  const lrpStarts: LRPStartRequest__Output[] = [];
  const taskStarts: TaskStartRequest__Output[] = [];
  const server: ServerHandle = await startServer({
    address: `127.0.0.1:${port}`,
    services: [[
      auctioneerProto().gantry.auctioneer.Auctioneer.service,
      {
        RequestLRPAuctions: (c: grpc.ServerUnaryCall<{ starts: LRPStartRequest__Output[] }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
          lrpStarts.push(...c.request.starts);
          cb(null, {});
        },
        RequestTaskAuctions: (c: grpc.ServerUnaryCall<{ tasks: TaskStartRequest__Output[] }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
          taskStarts.push(...c.request.tasks);
          cb(null, {});
        },
      },
    ]],
    healthNames: [],
  });
  return {
    address: `127.0.0.1:${server.port}`,
    lrpStarts,
    taskStarts,
    lrpInstances: () => lrpStarts.flatMap((s) => s.indices.map((i) => `${s.process_guid}/${i}`)),
    stop: () => server.stop(100),
  };
}

/** A real gRPC Rep that records stop and cancel requests (State and Perform are not used by the BBS). */
export interface RepPeer {
  address: string;
  stops: Array<{ process_guid: string; index: number; instance_guid: string }>;
  cancels: string[];
  stop(): Promise<void>;
}

export async function startRepPeer(): Promise<RepPeer> {
  const stops: RepPeer['stops'] = [];
  const cancels: string[] = [];
  type StopReq = { key: { process_guid: string; index: number }; instance_key: { instance_guid: string } };
  const server = await startServer({
    address: '127.0.0.1:0',
    services: [[
      repProto().gantry.rep.Rep.service,
      {
        State: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb({ code: grpc.status.UNIMPLEMENTED, details: 'test peer' }),
        Perform: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb({ code: grpc.status.UNIMPLEMENTED, details: 'test peer' }),
        StopLRPInstance: (c: grpc.ServerUnaryCall<StopReq, unknown>, cb: grpc.sendUnaryData<unknown>) => {
          stops.push({ process_guid: c.request.key.process_guid, index: c.request.key.index, instance_guid: c.request.instance_key.instance_guid });
          cb(null, {});
        },
        CancelTask: (c: grpc.ServerUnaryCall<{ task_guid: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
          cancels.push(c.request.task_guid);
          cb(null, {});
        },
      },
    ]],
    healthNames: [],
  });
  return { address: `127.0.0.1:${server.port}`, stops, cancels, stop: () => server.stop(100) };
}

const presenceCodec = codec<CellPresence>('gantry.models.CellPresence');

export function cellPresence(cellId: string, repAddress = '127.0.0.1:1', overrides: Partial<CellPresence> = {}): CellPresence {
  return {
    cell_id: cellId,
    rep_address: repAddress,
    zone: 'z1',
    capacity: { memory_mb: 4096, disk_mb: 8192, containers: 100, pids: 10_000 },
    stacks: ['gantry:bookworm'],
    placement_tags: [],
    optional_placement_tags: [],
    evacuating: false,
    sent_at: Date.now(),
    ...overrides,
  };
}

/** Publish heartbeats for a cell every `everyMs` until stopped. */
export function heartbeat(nc: NatsConnection, presence: () => CellPresence, everyMs = 100): { stop(): void } {
  const send = () => nc.publish(subjects.cellPresence, presenceCodec.encode({ ...presence(), sent_at: Date.now() }));
  send();
  const timer = setInterval(send, everyMs);
  return { stop: () => clearInterval(timer) };
}

export function goodbye(nc: NatsConnection, presence: CellPresence): void {
  nc.publish(subjects.cellGoodbye, presenceCodec.encode({ ...presence, sent_at: Date.now() }));
}

/** An open event stream: events collected as they arrive, and how it ended. */
export interface EventStream {
  events: BbsEvent[];
  /** Resolves when the server has the subscription in place. */
  ready: Promise<void>;
  /** Resolves with the stream's final status. */
  ended: Promise<grpc.StatusObject>;
  call: grpc.ClientReadableStream<BbsEvent>;
  kinds(): string[];
  cancel(): void;
}

export function subscribe(client: BBSClient, request: Record<string, unknown> = {}): EventStream {
  const call = client.SubscribeEvents(request) as grpc.ClientReadableStream<BbsEvent>;
  const events: BbsEvent[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    call.once('metadata', () => resolve());
    call.once('error', reject);
  });
  ready.catch(() => {}); // a refused stream need not be awaited as ready
  const ended = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
  call.on('data', (e: BbsEvent) => events.push(e));
  call.on('error', () => {}); // the status says how it ended
  return {
    events,
    ready,
    ended,
    call,
    kinds: () => events.map((e) => e.event ?? '?'),
    cancel: () => call.cancel(),
  };
}

/**
 * Cleanup steps run newest first (clients before the BBS before nats-server),
 * registered once with node:test's `after`.
 */
export function cleanupStack(register: (fn: () => Promise<void>) => void): (step: () => unknown) => void {
  const steps: Array<() => unknown> = [];
  register(async () => {
    for (const step of steps.reverse()) {
      try {
        await step();
      } catch (err) {
        log.warn('cleanup step failed', { error: err as Error });
      }
    }
  });
  return (step) => {
    steps.push(step);
  };
}

/** The standard grpc.health.v1 Check of one service name: SERVING, NOT_SERVING, ... */
export async function healthStatus(address: string, service: string): Promise<string> {
  const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
  const c = new Health(address, grpc.credentials.createInsecure());
  try {
    return await callUnary<grpc.Client, never, { status: string }>(c, 'Check' as never, { service }, { deadlineMs: 5000 }).then((r) => r.status);
  } finally {
    c.close();
  }
}
