// Staging time of the Node example through the staging API (real nats-server,
// the real BBS, auctioneer and a docker cell in this process, the stack image),
// end to end: inputs packed and stored, the staging Task auctioned onto the
// cell and run, the droplet uploaded by the cell by digest.
//
//   first ever       empty package cache, a new cell, fresh object store:
//                    the nodejs buildpack (with its Node runtime) is packed,
//                    stored and fetched once
//   cold cache       a new app: no build cache (the inputs are already cached)
//   warm cache       a restage, passing the build cache the last staging returned
//
// The same for the Node example shipping an npm cache instead of node_modules,
// where the build cache spares `npm ci`.
//
//   node --import tsx bench/staging.ts          (BENCH_RUNS=3 stagings per figure)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'nats';
import { setLogSink } from '../src/common/log.ts';
import { stage, type StageRequest, type StagingEnv } from '../src/lifecycle/staging.ts';
import { examplesDir, makeNpmCacheApp, requireDocker, requireNodeRuntime } from '../test/integration/lifecycle/helpers.ts';
import { startStagingCluster } from '../test/integration/lifecycle/cluster.ts';

const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

setLogSink(() => {});
await requireDocker();
await requireNodeRuntime();
const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'gantry-bench-staging-'));
const cluster = await startStagingCluster();
const nc = await connect({ servers: cluster.nats.url });
const env: StagingEnv = {
  nc,
  bbsAddress: cluster.bbsAddress,
  packageCacheDir: path.join(work, 'packages'),
};

interface Timing {
  ms: number;
  /** Packing and storing the inputs, the auction, the cell fetching the downloads, starting the container, the launcher unpacking them. */
  beforeMs: number;
  /** builder.sh, from its first line to the droplet written. */
  builderMs: number;
  cache: string;
  bytes: number;
}

async function timed(req: StageRequest): Promise<Timing> {
  const started = performance.now();
  let first = 0;
  let droplet = 0;
  const out = await stage(req, {
    ...env,
    onLog: (l) => {
      first ||= performance.now();
      if (l.line.includes('-----> Droplet: ')) droplet = performance.now();
    },
  });
  const ms = performance.now() - started;
  return { ms, beforeMs: first - started, builderMs: droplet - first, cache: out.cache, bytes: out.dropletBytes };
}

const phases = (t: Timing) => `${seconds(t.ms)} (before the builder ${seconds(t.beforeMs)}, builder ${seconds(t.builderMs)}, the cell uploading the droplet ${seconds(t.ms - t.beforeMs - t.builderMs)})`;

async function figures(label: string, appDir: string): Promise<void> {
  const cold: Timing[] = [];
  const warm: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    const appName = `${label.replace(/[^A-Za-z0-9_.-]/g, '-')}-${i}`;
    const first = await timed({ appName, appDir });
    cold.push(first);
    warm.push(await timed({ appName, appDir, cache: first.cache }));
  }
  const byMs = (a: Timing, b: Timing) => a.ms - b.ms;
  const mid = (ts: Timing[]) => [...ts].sort(byMs)[Math.floor(ts.length / 2)]!;
  console.log(`staging ${label.padEnd(16)} cold cache ${phases(mid(cold))}  min ${seconds(Math.min(...cold.map((t) => t.ms)))}  [median of ${runs}]`);
  console.log(`staging ${label.padEnd(16)} warm cache ${phases(mid(warm))}  min ${seconds(Math.min(...warm.map((t) => t.ms)))}  droplet ${(mid(warm).bytes / 1024 / 1024).toFixed(1)} MB`);
}

try {
  const nodeApp = path.join(examplesDir, 'node-app');
  const firstEver = await timed({ appName: 'first-ever', appDir: nodeApp });
  console.log(`staging node-app         first ever (empty caches, fresh object store) ${phases(firstEver)}`);
  console.log(`(load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores)`);
  await figures('node-app', nodeApp);
  const npmApp = await makeNpmCacheApp(path.join(work, 'node-app-npm-cache'));
  await fs.promises.chmod(npmApp, 0o755);
  await figures('node-app+npm-ci', npmApp);
  console.log(`(load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores)`);
} finally {
  await nc.close();
  await cluster.stop();
  await fs.promises.rm(work, { recursive: true, force: true });
}
