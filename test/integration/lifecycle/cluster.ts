// A whole cluster in this process for staging: a real nats-server, the real
// BBS and auctioneer, and one cell with the docker executor, so a staging Task
// is auctioned onto the cell and runs in the stack image.
//
// The BBS keeps its default staleness (a PENDING task is auctioned again only
// after 30 s) and a lock TTL that survives a busy machine: a staging's first
// auction can take seconds there, and a task auctioned again while its cell
// is still starting it is refused by that cell and failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import { callUnary, channelOptions } from '../../../src/common/grpc.ts';
import { createLogger } from '../../../src/common/log.ts';
import { freePort } from '../../../src/common/net.ts';
import { bbsProto } from '../../../src/common/proto.ts';
import { startBbs } from '../../../src/bbs/bbs.ts';
import { bbsConfig } from '../../../src/bbs/config.ts';
import { auctioneerConfig, startAuctioneer } from '../../../src/auctioneer/main.ts';
import type { ActualLRP } from '../../../src/common/models.ts';
import type { BBSClient } from '../../../src/generated/gantry/bbs/BBS.ts';
import type { CellHandle } from '../../../src/cell-rep/cell.ts';
import { eventually } from '../cell-rep/rep-bbs-peer.ts';
import { startTestCell, testCellConfig, type ControlPlane } from '../cell-rep/rep-harness.ts';

async function startControlPlane(natsUrl: string): Promise<ControlPlane> {
  const log = createLogger('staging-test-control-plane');
  const auctioneerPort = await freePort();
  const bbs = await startBbs(bbsConfig({
    listen: '127.0.0.1:0', metricsListen: '', natsUrl: [natsUrl], auctioneerAddress: `127.0.0.1:${auctioneerPort}`,
    cellCheckIntervalMs: 200, lockTtlMs: 5000,
  }), { log });
  await bbs.whenLeading(15_000);
  const auctioneer = await startAuctioneer(auctioneerConfig({
    listen: `127.0.0.1:${auctioneerPort}`, metricsListen: '', natsUrl: [natsUrl], bbsAddress: bbs.address,
    batchWindowMs: 20, cellDiscoveryMs: 300, lockTtlMs: 5000,
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

export interface StagingCluster {
  nats: NatsServerHandle;
  cp: ControlPlane;
  cell: CellHandle;
  bbsAddress: string;
  stop(): Promise<void>;
}

export async function startStagingCluster(): Promise<StagingCluster> {
  const nats = await startNatsServer();
  let cp: ControlPlane | undefined;
  let cell: CellHandle | undefined;
  const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'gantry-staging-cell-'));
  const stop = async () => {
    await cell?.stop().catch(() => {});
    await cp?.stop().catch(() => {});
    await nats.stop();
    await fs.promises.rm(dataDir, { recursive: true, force: true }).catch(() => {});
  };
  try {
    cp = await startControlPlane(nats.url);
    cell = await startTestCell(testCellConfig(nats.url, cp.bbs.address, {
      executor: 'docker', dataDir, memoryMb: 4096, diskMb: 16_384, containers: 10, stacks: ['bookworm'],
    }));
    const auctioneer = cp.auctioneer;
    await eventually(() => auctioneer.cells.live().length === 1, 'the auctioneer sees the cell', 15_000);
    return { nats, cp, cell, bbsAddress: cp.bbs.address, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
