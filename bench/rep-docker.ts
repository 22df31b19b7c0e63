// How long a cell on the REAL Docker engine takes from the rep's Perform call
// to the ActualLRP being RUNNING in the real BBS (TCP check included):
// one instance (7 runs, a new process guid each), then 50 instances performed
// at once on one cell. The auctioneer is not started (the BBS's auctioneer
// address points at nothing), so only our Perform places work.
//   node --import tsx bench/rep-docker.ts
import fs from 'node:fs';
import { connect } from 'nats';
import { startNatsServer } from '../src/common/nats-server.ts';
import { startBbs } from '../src/bbs/bbs.ts';
import { bbsConfig } from '../src/bbs/config.ts';
import { bbsProto } from '../src/common/proto.ts';
import { callUnary, channelOptions } from '../src/common/grpc.ts';
import { createLogger } from '../src/common/log.ts';
import { freePort } from '../src/common/net.ts';
import * as grpc from '@grpc/grpc-js';
import type { ActualLRP } from '../src/common/models.ts';
import type { BBSClient } from '../src/generated/gantry/bbs/BBS.ts';
import { putDroplet } from '../src/cell-rep/droplets/object-store.ts';
import { desiredLRP } from '../test/integration/cell-rep/rep-bbs-peer.ts';
import { lrpWork, quietLogs, RepTestClient, startTestCell, testCellConfig } from '../test/integration/cell-rep/rep-harness.ts';
import { buildDroplet, removeCellContainers, requireDocker, SERVE_APP_DIR, tempDataDir, webDropletFiles } from '../test/integration/cell-rep/executor-fixtures.ts';

quietLogs();

const SINGLE_RUNS = 7;
const MANY = 50;
const MEMORY_MB = 32;
const POLL_MS = 20;
const TARGET_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;

requireDocker();
const nats = await startNatsServer();
const nc = await connect({ servers: nats.url });
const log = createLogger('bench-rep-docker');
const nowhere = await freePort(); // no auctioneer listens here
const bbs = await startBbs(bbsConfig({
  listen: '127.0.0.1:0', metricsListen: '', natsUrl: [nats.url], auctioneerAddress: `127.0.0.1:${nowhere}`,
  convergenceIntervalMs: 60_000, cellLostTimeoutMs: 10_000, cellCheckIntervalMs: 500, lockTtlMs: 5000, staleUnclaimedMs: 120_000,
}), { log });
await bbs.whenLeading(15_000);
const bbsClient = new (bbsProto().gantry.bbs.BBS)(bbs.address, grpc.credentials.createInsecure(), channelOptions);
const call = <T = unknown>(method: keyof BBSClient & string, req: unknown) =>
  callUnary<BBSClient, typeof method, T>(bbsClient, method, req, { deadlineMs: 10_000 });
const actuals = async (processGuid: string) =>
  (await call<{ actual_lrps: ActualLRP[] }>('ListActualLRPs', { filter: { process_guid: processGuid } })).actual_lrps;

const dataDir = tempDataDir('gantry-bench-rep-docker-');
const config = testCellConfig(nats.url, bbs.address, {
  executor: 'docker', stacks: [], memoryMb: 8192, diskMb: 40_000, containers: 60, pids: 100_000, dataDir, stopGraceMs: 2000,
  syncIntervalMs: 60_000,
});
const cell = await startTestCell(config);
const rep = new RepTestClient(cell.repAddress);

const droplet = buildDroplet(webDropletFiles(SERVE_APP_DIR));
const digest = (await putDroplet(nc, droplet.bytes)).digest;
const check = { type: 'TCP' as const, port: 8080, path: '', timeout_ms: 1000, interval_ms: 1000 };

let counter = 0;
const guid = (what: string) => `bench-${what}-${process.pid}-${++counter}`;

/** Desire `instances` in the BBS, Perform them on the cell, and time each index to RUNNING. */
async function run(processGuid: string, instances: number): Promise<{ perIndex: number[]; all: number }> {
  await call('DesireLRP', {
    desired_lrp: desiredLRP(processGuid, {
      instances, droplet: { digest, url: '' }, memory_mb: MEMORY_MB, disk_mb: 128, max_pids: 256, ports: [8080], check, start_timeout_ms: 30_000,
    }),
  });
  const work = Array.from({ length: instances }, (_, i) => lrpWork(processGuid, i, { memory_mb: MEMORY_MB, disk_mb: 128, max_pids: 256 }));
  const t0 = performance.now();
  const res = await rep.perform(work);
  if (res.refused_lrps.length) throw new Error(`the cell refused ${res.refused_lrps.length} of ${instances}`);
  const runningAt = new Map<number, number>();
  const deadline = t0 + 60_000;
  while (runningAt.size < instances) {
    if (performance.now() > deadline) throw new Error(`${processGuid}: only ${runningAt.size}/${instances} RUNNING after 60 s`);
    const now = performance.now();
    for (const a of await actuals(processGuid)) {
      if (a.state === 'RUNNING' && a.presence === 'ORDINARY' && !runningAt.has(a.key!.index)) runningAt.set(a.key!.index, now - t0);
      if (a.crash_count > 0) throw new Error(`${processGuid}/${a.key!.index} crashed: ${a.crash_reason}`);
    }
    if (runningAt.size < instances) await sleep(POLL_MS);
  }
  const perIndex = [...runningAt.values()];
  return { perIndex, all: Math.max(...perIndex) };
}

/** Remove the desire and wait until the BBS and the cell hold nothing of it. */
async function remove(processGuid: string): Promise<void> {
  await call('RemoveDesiredLRP', { process_guid: processGuid });
  const deadline = Date.now() + 60_000;
  while ((await actuals(processGuid)).length > 0 || cell.rep.lrps().some((l) => l.processGuid === processGuid)) {
    if (Date.now() > deadline) throw new Error(`${processGuid} not removed after 60 s`);
    await sleep(50);
  }
}

try {
  // Warm-up (untimed): fetches the droplet into the cell's cache and warms Docker.
  const warm = guid('warm');
  const w = await run(warm, 1);
  await remove(warm);

  const single: number[] = [];
  for (let i = 0; i < SINGLE_RUNS; i++) {
    const pg = guid('one');
    single.push((await run(pg, 1)).all);
    await remove(pg);
  }

  const pgMany = guid('many');
  const many = await run(pgMany, MANY);
  await remove(pgMany);

  const med = median(single);
  console.log('');
  console.log(`rep on docker: Perform → ActualLRP RUNNING in the BBS (TCP check on 8080, busybox httpd droplet, ${MEMORY_MB} MB each)`);
  console.log(`cell: 1 docker cell, 8192 MB, 60 containers; BBS polled every ${POLL_MS} ms; no auctioneer (Perform called directly)`);
  console.log(`droplet cache warmed once before timing (warm-up run, cold droplet: ${w.all.toFixed(0)} ms, not counted)`);
  console.log('');
  console.log('case                          runs   median       min       max');
  console.log(`1 instance                    ${String(SINGLE_RUNS).padStart(4)} ${ms(med)} ${ms(Math.min(...single))} ${ms(Math.max(...single))}`);
  console.log(`${MANY} at once, per instance      ${String(MANY).padStart(4)} ${ms(median(many.perIndex))} ${ms(Math.min(...many.perIndex))} ${ms(Math.max(...many.perIndex))}`);
  console.log(`${MANY} at once, until all RUNNING    1 ${ms(many.all)}`);
  console.log(`single runs: ${single.map((x) => x.toFixed(0)).join(', ')} ms`);
  console.log('');
  console.log(`issue 4 target (median single-instance Perform → RUNNING < ${TARGET_MS} ms incl. health check): ${med < TARGET_MS ? 'MET' : 'NOT MET'} (${med.toFixed(0)} ms)`);
} finally {
  rep.close();
  await cell.stop().catch(() => {});
  removeCellContainers(config.cellId);
  bbsClient.close();
  await bbs.stop();
  await nc.close();
  await nats.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
