// Docker executor start-time bench, on the real engine: time from start() to
// healthy (HTTP probe answered) for one instance (median of several runs) and
// for N instances started at once on one cell, with the droplet already in
// the cell's cache (the first, cold run is shown apart). Also compares the
// two droplet mounts (overlay vs copy) on a small and a large droplet.
//
//   node --import tsx bench/executor-docker.ts [--runs 7] [--concurrent 50] [--start-concurrency 4] [--also-unlimited] [--skip-mounts]
// --also-unlimited runs the N-at-once case a second time with no limit on
// concurrent container starts, for comparison.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { connect } from 'nats';
import { setLogSink } from '../src/common/log.ts';
import { freePort } from '../src/common/net.ts';
import { startNatsServer } from '../src/common/nats-server.ts';
import { putDroplet } from '../src/cell-rep/droplets/object-store.ts';
import type { DropletMount } from '../src/cell-rep/executor/docker/container-config.ts';
import { DOCKER_DEFAULTS, DockerExecutor } from '../src/cell-rep/executor/docker/docker-executor.ts';
import { waitUntilHealthy } from '../src/cell-rep/health/check.ts';
import { buildDroplet, lrpSpec, removeCellContainers, requireDocker, tempDataDir, webDropletFiles, type DropletFiles } from '../test/integration/cell-rep/executor-fixtures.ts';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const runs = arg('runs', 7);
const concurrent = arg('concurrent', 50);
const skipMounts = process.argv.includes('--skip-mounts');
const alsoUnlimited = process.argv.includes('--also-unlimited');
const startConcurrency = arg('start-concurrency', DOCKER_DEFAULTS.maxConcurrentStarts);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

interface Timing {
  start: number; // start() resolved
  healthy: number; // first successful probe
}

async function main() {
  requireDocker();
  setLogSink(() => {});
  const nats = await startNatsServer();
  const nc = await connect({ servers: nats.url });
  const cellId = `bench-${process.pid}`;
  const dirs: string[] = [];
  const executors: DockerExecutor[] = [];
  let seq = 0;

  const open = async (mount: DropletMount) => {
    const dataDir = tempDataDir('gantry-bench-');
    dirs.push(dataDir);
    const ex = await DockerExecutor.create({ cellId, dataDir, nc, dropletMount: mount, maxConcurrentStarts: startConcurrency });
    executors.push(ex);
    return ex;
  };

  // Distinct host ports, handed out one per instance.
  const ports: number[] = [];
  const portFor = async () => {
    for (;;) {
      const p = await freePort();
      if (!ports.includes(p)) {
        ports.push(p);
        return p;
      }
    }
  };

  /** One instance: start() → healthy, then destroyed (not timed). */
  const once = async (ex: DockerExecutor, digest: string, destroy = true): Promise<Timing & { guid: string }> => {
    const port = await portFor();
    const guid = `b${seq++}-${crypto.randomBytes(3).toString('hex')}`;
    const spec = lrpSpec({ guid, hostPort: port, droplet: { digest, url: '' }, memoryMb: 64 });
    const t0 = performance.now();
    await ex.start(spec);
    const t1 = performance.now();
    await waitUntilHealthy(spec.check, spec.ports, 30_000);
    const t2 = performance.now();
    if (destroy) await ex.destroy(guid, 0);
    return { guid, start: t1 - t0, healthy: t2 - t0 };
  };

  try {
    const small = buildDroplet(webDropletFiles());
    const smallDigest = (await putDroplet(nc, small.bytes)).digest;

    // 1. One instance at a time, overlay mount (the default).
    const ex = await open('overlay');
    const cold = await once(ex, smallDigest);
    const warm: Timing[] = [];
    for (let i = 0; i < runs; i++) warm.push(await once(ex, smallDigest));

    // 2. N at once on one cell.
    const burst = async (e: DockerExecutor) => {
      const t0 = performance.now();
      const all = await Promise.all(Array.from({ length: concurrent }, () => once(e, smallDigest, false)));
      const wall = performance.now() - t0;
      await Promise.all(all.map((m) => e.destroy(m.guid, 0)));
      return { all, wall };
    };
    const { all: many, wall } = await burst(ex);
    let unlimited: { all: Timing[]; wall: number } | null = null;
    if (alsoUnlimited) {
      const dataDir = tempDataDir('gantry-bench-');
      dirs.push(dataDir);
      const free = await DockerExecutor.create({ cellId, dataDir, nc, maxConcurrentStarts: 0 });
      executors.push(free);
      await once(free, smallDigest); // its own cache, warmed
      unlimited = await burst(free);
    }

    console.log(`\ndocker executor: start() → healthy (HTTP probe every 75 ms), droplet in the cell's cache; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    console.log('| case | runs | start() median | healthy median | healthy p95 | healthy max |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| 1 instance, cold cache (fetch + unpack) | 1 | ${fmt(cold.start)} | ${fmt(cold.healthy)} | – | – |`);
    console.log(`| 1 instance | ${runs} | ${fmt(median(warm.map((w) => w.start)))} | ${fmt(median(warm.map((w) => w.healthy)))} | ${fmt(quantile(warm.map((w) => w.healthy), 0.95))} | ${fmt(Math.max(...warm.map((w) => w.healthy)))} |`);
    console.log(
      `| ${concurrent} instances at once | ${concurrent} | ${fmt(median(many.map((w) => w.start)))} | ${fmt(median(many.map((w) => w.healthy)))} | ${fmt(quantile(many.map((w) => w.healthy), 0.95))} | ${fmt(Math.max(...many.map((w) => w.healthy)))} |`,
    );
    if (unlimited) {
      const u = unlimited.all;
      console.log(
        `| ${concurrent} instances at once, no start limit | ${concurrent} | ${fmt(median(u.map((w) => w.start)))} | ${fmt(median(u.map((w) => w.healthy)))} | ${fmt(quantile(u.map((w) => w.healthy), 0.95))} | ${fmt(Math.max(...u.map((w) => w.healthy)))} |`,
      );
    }
    console.log(`\n${concurrent} instances (at most ${startConcurrency || 'unlimited'} container starts at once): all healthy ${fmt(wall)} after the first start(). Target: 1-instance median under 1500 ms → ${median(warm.map((w) => w.healthy)) < 1500 ? 'met' : 'NOT met'}.`);

    // 3. Droplet mount: overlay (no copy) vs copy (launcher copies into the container), small and large droplets.
    if (!skipMounts) {
      const largeFiles: DropletFiles = { ...webDropletFiles() };
      for (let i = 0; i < 2000; i++) largeFiles[`app/assets/f${i}.bin`] = crypto.randomBytes(15_000).toString('base64');
      const large = buildDroplet(largeFiles);
      const largeDigest = (await putDroplet(nc, large.bytes)).digest;
      console.log(`\ndroplet mount, start() → healthy median of ${runs} (large: 2000 files, ${(large.bytes.length / 1e6).toFixed(0)} MB compressed)`);
      console.log('| mount | small droplet | large droplet |');
      console.log('|---|---|---|');
      for (const mount of ['overlay', 'copy'] as const) {
        const e = mount === 'overlay' ? ex : await open('copy');
        const row: string[] = [];
        for (const digest of [smallDigest, largeDigest]) {
          await once(e, digest); // warm the cache
          const ts: number[] = [];
          for (let i = 0; i < runs; i++) ts.push((await once(e, digest)).healthy);
          row.push(fmt(median(ts)));
        }
        console.log(`| ${mount} | ${row.join(' | ')} |`);
      }
    }
  } finally {
    removeCellContainers(cellId);
    for (const e of executors) await e.close();
    await nc.close();
    await nats.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

await main();
