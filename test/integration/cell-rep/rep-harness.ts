// Starting cells for the rep's integration tests: a real nats-server, a BBS
// (the test peer or the real one), cells on the sim executor, gRPC clients.
import * as grpc from '@grpc/grpc-js';
import { callUnary, channelOptions } from '../../../src/common/grpc.ts';
import { setLogSink } from '../../../src/common/log.ts';
import { startCell, type CellDeps, type CellHandle } from '../../../src/cell-rep/cell.ts';
import { cellConfig, type CellConfig } from '../../../src/cell-rep/config.ts';
import type { RepClient } from '../../../src/generated/gantry/rep/Rep.ts';
import type { CellState__Output } from '../../../src/generated/gantry/rep/CellState.ts';
import type { PerformResponse__Output } from '../../../src/generated/gantry/rep/PerformResponse.ts';
import type { LRPWork } from '../../../src/generated/gantry/rep/LRPWork.ts';
import type { TaskWork } from '../../../src/generated/gantry/rep/TaskWork.ts';
import { startBbs, type BbsHandle } from '../../../src/bbs/bbs.ts';
import { bbsConfig } from '../../../src/bbs/config.ts';
import { auctioneerConfig, startAuctioneer, type AuctioneerHandle } from '../../../src/auctioneer/main.ts';
import { bbsProto, repProto } from '../../../src/common/proto.ts';
import { createLogger } from '../../../src/common/log.ts';
import { freePort } from '../../../src/common/net.ts';
import type { ActualLRP, DesiredLRP } from '../../../src/common/models.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';

/** Quiet logs unless GANTRY_TEST_LOGS is set. */
export function quietLogs(): void {
  if (!process.env.GANTRY_TEST_LOGS) setLogSink(() => {});
}

let cellCounter = 0;

export function testCellConfig(natsUrl: string, bbsAddress: string, overrides: Partial<CellConfig> = {}): CellConfig {
  cellCounter++;
  return cellConfig({
    cellId: `cell-${process.pid}-${cellCounter}`,
    listenAddress: '127.0.0.1:0',
    natsUrl,
    bbsAddress,
    executor: 'sim',
    memoryMb: 1024,
    diskMb: 4096,
    containers: 20,
    pids: 10_000,
    stacks: ['bookworm'],
    portRangeStart: 61000 + cellCounter * 100,
    portRangeEnd: 61000 + cellCounter * 100 + 99,
    heartbeatIntervalMs: 100,
    syncIntervalMs: 60_000,
    evacuationTimeoutMs: 5000,
    evacuationPollIntervalMs: 50,
    stopGraceMs: 500,
    dataDir: `/tmp/gantry-rep-test-${process.pid}`,
    metricsPort: -1,
    ...overrides,
  });
}

export async function startTestCell(config: CellConfig, deps: CellDeps = {}): Promise<CellHandle> {
  return startCell(config, deps);
}

export class RepTestClient {
  readonly client: RepClient;
  constructor(address: string) {
    const { Rep } = repProto().gantry.rep;
    this.client = new Rep(address, grpc.credentials.createInsecure(), channelOptions);
  }
  state(): Promise<CellState__Output> {
    return callUnary(this.client, 'State', {}, { deadlineMs: 5000 });
  }
  perform(lrps: LRPWork[], tasks: TaskWork[] = []): Promise<PerformResponse__Output> {
    return callUnary(this.client, 'Perform', { lrps, tasks }, { deadlineMs: 5000 });
  }
  stopLrpInstance(processGuid: string, index: number, instanceGuid: string, cellId = ''): Promise<unknown> {
    return callUnary(this.client, 'StopLRPInstance', {
      key: { process_guid: processGuid, index, domain: 'test' }, instance_key: { instance_guid: instanceGuid, cell_id: cellId },
    }, { deadlineMs: 5000 });
  }
  cancelTask(taskGuid: string): Promise<unknown> {
    return callUnary(this.client, 'CancelTask', { task_guid: taskGuid }, { deadlineMs: 5000 });
  }
  close(): void {
    this.client.close();
  }
}

export function lrpWork(processGuid: string, index = 0, overrides: Partial<LRPWork> = {}): LRPWork {
  return { process_guid: processGuid, index, domain: 'test', rootfs: 'bookworm', memory_mb: 64, disk_mb: 64, max_pids: 0, placement_tags: [], ...overrides };
}

export function taskWork(taskGuid: string, overrides: Partial<TaskWork> = {}): TaskWork {
  return { task_guid: taskGuid, domain: 'test', rootfs: 'bookworm', memory_mb: 32, disk_mb: 32, max_pids: 0, placement_tags: [], ...overrides };
}

// ---- The real control plane (BBS + auctioneer, in-process) ----

export interface ControlPlane {
  bbs: BbsHandle;
  auctioneer: AuctioneerHandle;
  client: BBSClient;
  call<T = unknown>(method: keyof BBSClient & string, req: unknown): Promise<T>;
  actuals(processGuid: string): Promise<ActualLRP[]>;
  desire(d: DesiredLRP): Promise<unknown>;
  stop(): Promise<void>;
}

/** The real BBS and auctioneer on a nats-server, with short intervals for tests. */
export async function startControlPlane(natsUrl: string): Promise<ControlPlane> {
  const log = createLogger('rep-test-control-plane');
  const auctioneerPort = await freePort();
  const bbs = await startBbs(bbsConfig({
    listen: '127.0.0.1:0', metricsListen: '', natsUrl: [natsUrl], auctioneerAddress: `127.0.0.1:${auctioneerPort}`,
    convergenceIntervalMs: 1000, cellLostTimeoutMs: 2000, cellCheckIntervalMs: 100, lockTtlMs: 1500, staleUnclaimedMs: 2000,
  }), { log });
  await bbs.whenLeading(15_000);
  const auctioneer = await startAuctioneer(auctioneerConfig({
    listen: `127.0.0.1:${auctioneerPort}`, metricsListen: '', natsUrl: [natsUrl], bbsAddress: bbs.address,
    batchWindowMs: 20, cellDiscoveryMs: 300, lockTtlMs: 1500,
  }), { log });
  const client = new (bbsProto().gantry.bbs.BBS)(bbs.address, grpc.credentials.createInsecure(), channelOptions);
  const call = <T = unknown>(method: keyof BBSClient & string, req: unknown) => callUnary<BBSClient, typeof method, T>(client, method, req, { deadlineMs: 10_000 });
  return {
    bbs, auctioneer, client, call,
    actuals: async (processGuid) => (await call<{ actual_lrps: ActualLRP[] }>('ListActualLRPs', { filter: { process_guid: processGuid } })).actual_lrps,
    desire: (d) => call('DesireLRP', { desired_lrp: d }),
    stop: async () => {
      client.close();
      await auctioneer.stop();
      await bbs.stop();
    },
  };
}
