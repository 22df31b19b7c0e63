// The cell rep's memory with 250 sim instances: `gantry cell --executor sim`
// in its own process (so its RSS is the rep's alone), the real BBS and
// auctioneer in this process, a real nats-server. The LRPs are desired
// through the BBS and auctioned onto the cell, so every instance went through
// the whole path (claim, run info, start, RUNNING report) and is watched.
//
//   node --import tsx bench/rep-sim.ts [--instances 250] [--apps 25]
//
// Prints the cell's RSS and heap when idle and with every instance RUNNING,
// and the time from the desires to the last RUNNING.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { startBbs } from '../src/bbs/bbs.ts';
import { bbsConfig } from '../src/bbs/config.ts';
import { auctioneerConfig, startAuctioneer } from '../src/auctioneer/main.ts';
import { callUnary, channelOptions } from '../src/common/grpc.ts';
import { createLogger, setLogSink } from '../src/common/log.ts';
import { freePort } from '../src/common/net.ts';
import { startNatsServer } from '../src/common/nats-server.ts';
import { bbsProto } from '../src/common/proto.ts';
import type { ActualLRP } from '../src/common/models.ts';
import type { BBSClient } from '../src/generated/gantry/bbs/BBS.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const instances = arg('instances', 250);
const apps = arg('apps', 25);
const perApp = Math.ceil(instances / apps);

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** RSS of a process from /proc (bytes). */
function rssOf(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** A metric's value from a Prometheus text page (name may include a label set, regex-escaped). */
function metric(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

async function settle(pid: number, ms = 3000): Promise<number> {
  // The median of a few samples, after GC has had a chance to run.
  const samples: number[] = [];
  for (let i = 0; i < 6; i++) {
    await sleep(ms / 6);
    samples.push(rssOf(pid));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function main(): Promise<void> {
  if (!process.env.GANTRY_BENCH_LOGS) setLogSink(() => {});
  const log = createLogger('bench-rep-sim');
  const nats = await startNatsServer();
  const auctioneerPort = await freePort();
  const bbs = await startBbs(bbsConfig({
    listen: '127.0.0.1:0', metricsListen: '', natsUrl: [nats.url], auctioneerAddress: `127.0.0.1:${auctioneerPort}`,
    convergenceIntervalMs: 60_000, staleUnclaimedMs: 60_000,
  }), { log });
  await bbs.whenLeading(15_000);
  const auctioneer = await startAuctioneer(auctioneerConfig({
    listen: `127.0.0.1:${auctioneerPort}`, metricsListen: '', natsUrl: [nats.url], bbsAddress: bbs.address, cellDiscoveryMs: 300,
  }), { log });
  const client = new (bbsProto().gantry.bbs.BBS)(bbs.address, grpc.credentials.createInsecure(), channelOptions) as BBSClient;
  const call = <T>(method: keyof BBSClient & string, req: unknown) => callUnary<BBSClient, typeof method, T>(client, method, req, { deadlineMs: 30_000 });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-bench-rep-'));
  const metricsPort = await freePort();
  const main = path.join(root, 'src/cell-rep/main.ts');
  const cell = spawn(process.execPath, [
    '--import', 'tsx', '--input-type=module', '-e', `const { main } = await import(${JSON.stringify(main)}); await main(process.argv.slice(1));`, '--',
    '--cell-id', 'bench-cell', '--listen-address', '127.0.0.1:0', '--nats-url', nats.url, '--bbs-address', bbs.address,
    '--executor', 'sim', '--metrics-port', String(metricsPort), '--memory-mb', String(instances * 64 + 1024), '--disk-mb', String(instances * 64 + 1024),
    '--containers', String(instances + 10), '--data-dir', dataDir, '--port-range-start', '40000', '--port-range-end', '49999',
    '--evacuation-timeout-ms', '1000',
  ], { cwd: root, stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, GANTRY_LOG_LEVEL: 'warn' } });
  const stop = async () => {
    if (cell.exitCode === null) {
      const exited = new Promise((r) => cell.once('exit', r));
      cell.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (cell.exitCode === null) cell.kill('SIGKILL');
    }
    client.close();
    await auctioneer.stop();
    await bbs.stop();
    await nats.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const t0 = Date.now();
    while ((await call<{ cells: unknown[] }>('ListCells', {})).cells.length === 0 || auctioneer.cells.live().length === 0) {
      if (Date.now() - t0 > 30_000) throw new Error('the cell did not show up within 30 s');
      await sleep(100);
    }
    const metricsText = () => fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text());
    // Let the start-up garbage (tsx compiling the sources) be collected before the idle sample.
    const idleRss = await settle(cell.pid!, 8000);
    const idleHeap = metric(await metricsText(), 'gantry_nodejs_heap_size_used_bytes');

    const desiredAt = Date.now();
    for (let a = 0; a < apps; a++) {
      const n = Math.min(perApp, instances - a * perApp);
      if (n <= 0) break;
      await call('DesireLRP', {
        desired_lrp: {
          process_guid: `bench-app-${a}`, domain: 'bench', instances: n, rootfs: 'bookworm', memory_mb: 64, disk_mb: 64, ports: [8080],
          start_command: 'serve', log_guid: `bench-app-${a}`,
        },
      });
    }
    let running = 0;
    for (;;) {
      const all = (await call<{ actual_lrps: ActualLRP[] }>('ListActualLRPs', { filter: { domain: 'bench' } })).actual_lrps;
      running = all.filter((x) => x.state === 'RUNNING').length;
      if (running >= instances) break;
      if (Date.now() - desiredAt > 120_000) throw new Error(`only ${running}/${instances} RUNNING after 120 s`);
      await sleep(100);
    }
    const allRunningMs = Date.now() - desiredAt;
    const busyRss = await settle(cell.pid!, 8000);
    const text = await metricsText();
    const busyHeap = metric(text, 'gantry_nodejs_heap_size_used_bytes');
    const held = metric(text, 'gantry_cell_instances\\{kind="lrp",state="RUNNING"\\}');

    console.log(`rep RSS with the sim executor (cell in its own process, sources run through tsx; node ${process.version}, ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(2)})`);
    console.log(`  instances RUNNING              ${running} (${apps} LRPs, desired through the BBS, auctioned)`);
    console.log(`  desire → all RUNNING           ${allRunningMs} ms`);
    console.log(`  RSS idle (0 instances)         ${mb(idleRss)} MiB`);
    console.log(`  ${`RSS with ${instances} instances`.padEnd(31)}${mb(busyRss)} MiB`);
    console.log(`  RSS growth per instance        ${((busyRss - idleRss) / instances / 1024).toFixed(1)} KiB (noisy: RSS moves with GC)`);
    console.log(`  heap used idle / busy          ${mb(idleHeap)} / ${mb(busyHeap)} MiB (${((busyHeap - idleHeap) / instances / 1024).toFixed(1)} KiB per instance)`);
    console.log(`  RUNNING per the cell's gauge   ${held}`);
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
