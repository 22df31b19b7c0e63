// A whole cluster in this process for staging: a real nats-server, the real
// BBS and auctioneer, and one cell with the docker executor, so a staging Task
// is auctioned onto the cell and runs in the stack image.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNatsServer, type NatsServerHandle } from '../../../src/common/nats-server.ts';
import type { CellHandle } from '../../../src/cell-rep/cell.ts';
import { eventually } from '../cell-rep/rep-bbs-peer.ts';
import { startControlPlane, startTestCell, testCellConfig, type ControlPlane } from '../cell-rep/rep-harness.ts';

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
