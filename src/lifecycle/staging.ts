// The staging API the CLI uses: turn an app's source into a droplet with
// buildpacks, inside the stack image, so what is built is what runs.
//
//   prepareStaging  packs the app, the buildpacks and the builder into .tgz
//                   inputs, puts them into the JetStream object store by sha256,
//                   and builds the staging Task (builder.sh with its downloads,
//                   result_file = the result JSON).
//   stage           prepares, runs that Task's container on the local Docker
//                   engine (builder/docker-runner.ts), streams its output, and
//                   puts the droplet and the build cache into the object store.
//
// Why stage() runs the container itself rather than desiring the Task through
// the BBS: a Task can bring back only its result file's text, and a droplet is
// tens of megabytes. Once a Task can name files the cell uploads to the object
// store (see verifyStagingResult), the CLI desires prepareStaging's task and
// reads its result with parseStagingResult + verifyStagingResult instead; the
// container, its inputs and its outputs are the same either way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import type { NatsConnection } from 'nats';
import { invalidArgument } from '../common/errors.ts';
import { createLogger, type Logger } from '../common/log.ts';
import { counter, histogram } from '../common/metrics.ts';
import type { Task } from '../generated/gantry/models/Task.ts';
import { dropletStore, putDroplet } from '../cell-rep/droplets/object-store.ts';
import { DropletCache } from '../cell-rep/droplets/cache.ts';
import { isDigest } from '../cell-rep/droplets/digest.ts';
import { stackImage } from '../cell-rep/executor/docker/container-config.ts';
import { stagingPaths } from './builder/args.ts';
import { DEFAULT_DETECT_ORDER, resolveBuildpackRef, SHIPPED_BUILDPACKS_DIR, uniqueNames, type BuildpackSource } from './builder/buildpacks.ts';
import { runTaskInDocker, type TaskLogLine } from './builder/docker-runner.ts';
import { defaultPackageCacheDir, packDir, packDirCached, sha256File } from './builder/package.ts';
import { parseStagingResult, stagingFailure, StagingError, type StagingResult } from './builder/result.ts';
import { buildStagingTask, stagingTaskGuid, type StagingBuildpackInput, type StagingInputs } from './builder/task.ts';

export { StagingError, parseStagingResult, type StagingResult } from './builder/result.ts';
export { DEFAULT_DETECT_ORDER } from './builder/buildpacks.ts';
export type { TaskLogLine as StagingLogLine } from './builder/docker-runner.ts';

const BUILDER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'builder');

const stagings = counter('gantry_staging_total', 'Stagings run by this process, by outcome', ['outcome']);
const stagingSeconds = histogram('gantry_staging_duration_seconds', 'How long a staging took, from packing the inputs to the droplet stored', ['outcome'], [1, 2, 5, 10, 20, 60, 120, 300]);

export interface StageRequest {
  /** The app's name (task guid, log lines). */
  appName: string;
  /** The app's source directory. */
  appDir: string;
  /** push -b: shipped buildpack names or paths; all run, the last finalizes. Empty: detect. */
  buildpacks?: string[];
  /** The build cache the app's previous staging returned (StagingOutcome.cache). */
  cache?: string | null;
  /** The stack to stage on (a rootfs name); default "bookworm". */
  stack?: string;
  /** Environment for the buildpacks' scripts. */
  env?: { name: string; value: string }[];
  memoryMb?: number;
  diskMb?: number;
}

export interface StagingEnv {
  nc: NatsConnection;
  docker?: Docker;
  /** The Docker image of a stack; default gantry-stack:<stack>, as the docker executor names it. */
  imageOf?: (stack: string) => string;
  /** Where the shipped buildpacks are (default src/lifecycle/buildpacks). */
  shippedBuildpacksDir?: string;
  /** Which shipped buildpacks detection tries, in order. */
  detectOrder?: readonly string[];
  /** Where packed buildpacks are kept between stagings. */
  packageCacheDir?: string;
  /** Where the staging container's downloads are cached by digest (a DropletCache data dir). */
  downloadCacheDir?: string;
  /** Each line of the staging's output, as it happens. */
  onLog?: (line: TaskLogLine) => void;
  log?: Logger;
  /** Longest a staging may run (default 15 minutes). */
  timeoutMs?: number;
}

export interface PreparedStaging {
  task: Task;
  inputs: StagingInputs;
  skipDetect: boolean;
}

export interface StagingOutcome extends StagingResult {
  taskGuid: string;
  durationMs: number;
  /** The Task that describes this staging (what a cell would run). */
  task: Task;
}

export const DEFAULT_STACK = 'bookworm';
const DEFAULT_TIMEOUT_MS = 15 * 60_000;
/** Past this size, the least recently used staging downloads leave the cache. */
const DOWNLOAD_CACHE_MAX_BYTES = 2 * 1024 ** 3;

function validateRequest(req: StageRequest): void {
  if (!req.appName || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(req.appName)) {
    throw invalidArgument('appName', `${JSON.stringify(req.appName)} is not an app name (letters, digits, '_', '.', '-'; at most 63)`);
  }
  if (!req.appDir) throw invalidArgument('appDir', 'required');
  if (!fs.statSync(req.appDir, { throwIfNoEntry: false })?.isDirectory()) throw invalidArgument('appDir', `${req.appDir} is not a directory`);
  if (req.cache && !isDigest(req.cache)) throw invalidArgument('cache', 'must be sha256:<64 lowercase hex digits>');
  if (req.stack !== undefined && !/^[a-z0-9][a-z0-9:._-]*$/.test(req.stack)) throw invalidArgument('stack', `${JSON.stringify(req.stack)} is not a stack name`);
  for (const field of ['memoryMb', 'diskMb'] as const) {
    const v = req[field];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw invalidArgument(field, 'must be a non-negative integer');
  }
}

/** The buildpacks a staging sends: the named ones, or every one detection may try. */
function chooseBuildpacks(req: StageRequest, env: StagingEnv): { sources: BuildpackSource[]; skipDetect: boolean } {
  const shipped = env.shippedBuildpacksDir ?? SHIPPED_BUILDPACKS_DIR;
  const named = req.buildpacks ?? [];
  if (named.length > 0) {
    return { sources: uniqueNames(named.map((ref, i) => resolveBuildpackRef(ref, `buildpacks[${i}]`, shipped))), skipDetect: true };
  }
  const order = env.detectOrder ?? DEFAULT_DETECT_ORDER;
  return { sources: order.map((name, i) => resolveBuildpackRef(name, `detectOrder[${i}]`, shipped)), skipDetect: false };
}

async function exists(nc: NatsConnection, digest: string): Promise<boolean> {
  const info = await (await dropletStore(nc)).info(digest);
  return Boolean(info && !info.deleted);
}

/** Put a file into the object store unless its digest is there already. */
async function store(nc: NatsConnection, file: string, digest?: string): Promise<{ digest: string; bytes: number }> {
  const known = digest ?? (await sha256File(file));
  if (await exists(nc, known)) return { digest: known, bytes: (await fs.promises.stat(file)).size };
  return putDroplet(nc, file);
}

const cacheBase = () => process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');

/**
 * The staging containers' downloads, cached by digest the way a cell caches a
 * task's downloads, so the buildpacks are fetched once, not per staging. One
 * per directory and process: opening a cache clears its in-progress work.
 * No GC timer (a CLI process must be free to exit); stage() collects past the
 * size bound.
 */
const downloadCaches = new WeakMap<NatsConnection, Map<string, Promise<DropletCache>>>();
function downloadCache(dir: string, nc: NatsConnection, log: Logger): Promise<DropletCache> {
  let byDir = downloadCaches.get(nc);
  if (!byDir) downloadCaches.set(nc, (byDir = new Map()));
  let cache = byDir.get(dir);
  if (!cache) {
    cache = DropletCache.open({ dataDir: dir, nc, owner: null, maxBytes: DOWNLOAD_CACHE_MAX_BYTES, gcIntervalMs: 0, log });
    cache.catch(() => byDir.delete(dir));
    byDir.set(dir, cache);
  }
  return cache;
}

/**
 * Pack and store the inputs and build the staging Task. Buildpacks are
 * unpacked by the cell as it downloads them (the launcher would otherwise copy
 * the .tgz whole, and the builder unpack it a second time); a .zip, which the
 * launcher cannot unpack, goes as a file the builder unzips.
 */
export async function prepareStaging(req: StageRequest, env: StagingEnv): Promise<PreparedStaging> {
  validateRequest(req);
  const log = env.log ?? createLogger('staging');
  const { sources, skipDetect } = chooseBuildpacks(req, env);
  const packages = env.packageCacheDir ?? defaultPackageCacheDir();
  const tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'gantry-stage-'));
  try {
    const appTgz = path.join(tmp, 'app.tgz');
    await packDir(req.appDir, appTgz, { exclude: ['.git'] });
    const app = await store(env.nc, appTgz);
    const packedBuilder = await packDirCached(BUILDER_DIR, packages, { only: ['builder.sh'] });
    const builder = await store(env.nc, packedBuilder.file, packedBuilder.digest);
    const buildpacks: StagingBuildpackInput[] = [];
    for (const s of sources) {
      const packed = s.kind === 'dir' ? await packDirCached(s.path, packages, { exclude: ['.git', '.vendor.*'], level: 0 }) : { file: s.path, digest: undefined };
      const stored = await store(env.nc, packed.file, packed.digest);
      buildpacks.push({ name: s.name, digest: stored.digest, form: s.kind === 'zip' ? 'zip' : 'dir' });
    }
    let cache = req.cache ?? null;
    if (cache && !(await exists(env.nc, cache))) {
      log.warn('build cache not in the object store; staging with a cold cache', { app: req.appName, cache });
      cache = null;
    }
    const inputs: StagingInputs = { builder: builder.digest, app: app.digest, buildpacks, cache };
    const task = buildStagingTask(inputs, {
      taskGuid: stagingTaskGuid(req.appName),
      appName: req.appName,
      stack: req.stack ?? DEFAULT_STACK,
      skipDetect,
      env: req.env,
      memoryMb: req.memoryMb,
      diskMb: req.diskMb,
    });
    log.info('staging prepared', { app: req.appName, task_guid: task.task_guid, app_bytes: app.bytes, buildpacks: buildpacks.map((b) => b.name), skip_detect: skipDetect, cache });
    return { task, inputs, skipDetect };
  } finally {
    await fs.promises.rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Check a staging's outputs are in the object store: the droplet and the cache
 * its result names. (For the Task path, once the cell uploads them.)
 */
export async function verifyStagingResult(nc: NatsConnection, result: StagingResult): Promise<void> {
  for (const [what, digest] of [['droplet', result.droplet], ['build cache', result.cache]] as const) {
    if (!(await exists(nc, digest))) throw new Error(`the staging's ${what} ${digest} is not in the object store`);
  }
}

/** Stage an app: prepare, run the staging container, store the droplet and the cache. */
export async function stage(req: StageRequest, env: StagingEnv): Promise<StagingOutcome> {
  const started = Date.now();
  const log = env.log ?? createLogger('staging');
  let outcome = 'failed';
  try {
    const prepared = await prepareStaging(req, env);
    const { task } = prepared;
    const docker = env.docker ?? new Docker();
    const stack = req.stack ?? DEFAULT_STACK;
    const downloads = await downloadCache(env.downloadCacheDir ?? path.join(cacheBase(), 'gantry', 'staging'), env.nc, log);
    const run = await runTaskInDocker(task, {
      docker,
      image: (env.imageOf ?? ((s: string) => stackImage('gantry-stack:', s)))(stack),
      outputDir: stagingPaths.outDir,
      download: (d) => downloads.acquire(d, { kind: 'blob', what: 'download' }),
      onLog: env.onLog,
      timeoutMs: env.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    await downloads.gc().catch(() => []);
    try {
      if (run.timedOut) {
        throw new StagingError(`staging failed: it ran longer than ${Math.round((env.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s and was stopped`, 'staging', run.exitCode, run.output.slice(-40));
      }
      if (run.oomKilled) {
        throw new StagingError(`staging failed: out of memory (the staging container's limit is ${task.memory_mb} MB)`, 'staging', run.exitCode, run.output.slice(-40));
      }
      if (run.exitCode !== 0) throw stagingFailure(run.exitCode, run.output);
      if (run.result === null) throw new StagingError('staging failed: the builder wrote no result', 'staging', 0, run.output.slice(-40));
      const result = parseStagingResult(run.result);
      const droplet = await putDroplet(env.nc, path.join(run.hostOutputDir, path.basename(stagingPaths.droplet)));
      const cache = await putDroplet(env.nc, path.join(run.hostOutputDir, path.basename(stagingPaths.cacheOut)));
      // The builder hashed them inside the container; what arrived must be the same bytes.
      if (droplet.digest !== result.droplet) throw new Error(`droplet digest mismatch: the builder said ${result.droplet}, the file is ${droplet.digest}`);
      if (cache.digest !== result.cache) throw new Error(`build cache digest mismatch: the builder said ${result.cache}, the file is ${cache.digest}`);
      outcome = 'succeeded';
      const durationMs = Date.now() - started;
      log.info('staged', { app: req.appName, task_guid: task.task_guid, droplet: result.droplet, droplet_bytes: result.dropletBytes, buildpack: result.detectedBuildpack, start_command: result.startCommand, duration_ms: durationMs });
      return { ...result, taskGuid: task.task_guid ?? '', durationMs, task };
    } finally {
      await run.cleanup();
    }
  } catch (err) {
    log.warn('staging failed', { app: req.appName, error: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    stagings.inc({ outcome });
    stagingSeconds.observe({ outcome }, (Date.now() - started) / 1000);
  }
}
