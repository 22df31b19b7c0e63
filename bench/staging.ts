// Staging time of the Node example through the staging API (real nats-server,
// real Docker, the stack image), end to end: inputs packed and stored, the
// staging container, the droplet stored by digest.
//
//   first ever       empty package and download caches, fresh object store:
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
import { startNatsServer } from '../src/common/nats-server.ts';
import { setLogSink } from '../src/common/log.ts';
import { stage, type StageRequest, type StagingEnv } from '../src/lifecycle/staging.ts';
import { examplesDir, makeNpmCacheApp, requireDocker, requireNodeRuntime } from '../test/integration/lifecycle/helpers.ts';

const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

setLogSink(() => {});
await requireDocker();
await requireNodeRuntime();
const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'gantry-bench-staging-'));
const nats = await startNatsServer();
const nc = await connect({ servers: nats.url });
const env: StagingEnv = {
  nc,
  packageCacheDir: path.join(work, 'packages'),
  downloadCacheDir: path.join(work, 'downloads'),
};

async function timed(req: StageRequest): Promise<{ ms: number; cache: string; bytes: number }> {
  const started = performance.now();
  const out = await stage(req, env);
  return { ms: performance.now() - started, cache: out.cache, bytes: out.dropletBytes };
}

async function figures(label: string, appDir: string): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const first = await timed({ appName: `${label}-${i}`, appDir });
    cold.push(first.ms);
    const again = await timed({ appName: `${label}-${i}`, appDir, cache: first.cache });
    warm.push(again.ms);
    bytes = again.bytes;
  }
  console.log(
    `staging ${label.padEnd(16)} cold cache ${seconds(median(cold))} (min ${seconds(Math.min(...cold))})` +
      `   warm cache ${seconds(median(warm))} (min ${seconds(Math.min(...warm))})   droplet ${(bytes / 1024 / 1024).toFixed(1)} MB   [median of ${runs}]`,
  );
}

try {
  const nodeApp = path.join(examplesDir, 'node-app');
  const firstEver = await timed({ appName: 'first-ever', appDir: nodeApp });
  console.log(`staging node-app         first ever (empty caches, fresh object store) ${seconds(firstEver.ms)}`);
  await figures('node-app', nodeApp);
  const npmApp = await makeNpmCacheApp(path.join(work, 'node-app-npm-cache'));
  await fs.promises.chmod(npmApp, 0o755);
  await figures('node-app+npm-ci', npmApp);
  console.log(`(load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores)`);
} finally {
  await nc.close();
  await nats.stop();
  await fs.promises.rm(work, { recursive: true, force: true });
}
