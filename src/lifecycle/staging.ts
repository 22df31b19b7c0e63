// The staging API the CLI uses: turn an app's source into a droplet with
// buildpacks, inside the stack image, so what is built is what runs.
//
//   prepareStaging  packs the app, the buildpacks and the builder into .tgz
//                   inputs, puts them into the JetStream object store by sha256,
//                   and builds the staging Task (builder.sh with its downloads,
//                   result_file = the result JSON, uploads = the droplet and
//                   the build cache).
//   stage           prepares, desires that Task through the BBS (the auctioneer
//                   places it on a cell, which runs it in the stack image),
//                   streams its output from the task's log subject as it
//                   happens, and once it completes checks that the droplet and
//                   the build cache its result names are in the object store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NatsConnection } from 'nats';
import { invalidArgument } from '../common/errors.ts';
import { createLogger, type Logger } from '../common/log.ts';
import { counter, histogram } from '../common/metrics.ts';
import type { Tls } from '../common/tls.ts';
import type { Task } from '../generated/gantry/models/Task.ts';
import { dropletStore, putDroplet } from '../cell-rep/droplets/object-store.ts';
import { isDigest } from '../cell-rep/droplets/digest.ts';
import { DEFAULT_DETECT_ORDER, resolveBuildpackRef, SHIPPED_BUILDPACKS_DIR, uniqueNames, type BuildpackSource } from './builder/buildpacks.ts';
import { defaultPackageCacheDir, packDir, packDirCached, sha256File } from './builder/package.ts';
import { failedStaging, parseStagingResult, StagingError, type StagingResult } from './builder/result.ts';
import { buildStagingTask, stagingTaskGuid, type StagingBuildpackInput, type StagingInputs } from './builder/task.ts';
import { runTask, type TaskLogLine } from './task-runner.ts';

export { StagingError, parseStagingResult, type StagingResult } from './builder/result.ts';
export { DEFAULT_DETECT_ORDER } from './builder/buildpacks.ts';
export type { TaskLogLine as StagingLogLine } from './task-runner.ts';

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
  /** The BBS (host:port) the staging Task is desired through. */
  bbsAddress: string;
  /** Mutual TLS to the BBS; plaintext without. */
  tls?: Tls;
  /** Where the shipped buildpacks are (default src/lifecycle/buildpacks). */
  shippedBuildpacksDir?: string;
  /** Which shipped buildpacks detection tries, in order. */
  detectOrder?: readonly string[];
  /** Where packed buildpacks are kept between stagings. */
  packageCacheDir?: string;
  /** Each line of the staging's output, as it happens. */
  onLog?: (line: TaskLogLine) => void;
  log?: Logger;
  /** Longest a staging may run, from desire to completion (default 15 minutes). */
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
 * its result names (the cell uploaded them after the builder exited 0).
 */
export async function verifyStagingResult(nc: NatsConnection, result: StagingResult): Promise<void> {
  for (const [what, digest] of [['droplet', result.droplet], ['build cache', result.cache]] as const) {
    if (!(await exists(nc, digest))) throw new Error(`the staging's ${what} ${digest} is not in the object store`);
  }
}

/** Stage an app: prepare, run the staging Task on a cell, check the droplet and the cache are stored. */
export async function stage(req: StageRequest, env: StagingEnv): Promise<StagingOutcome> {
  const started = Date.now();
  const log = env.log ?? createLogger('staging');
  let outcome = 'failed';
  try {
    const { task } = await prepareStaging(req, env);
    const timeoutMs = env.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const run = await runTask(task, { nc: env.nc, bbsAddress: env.bbsAddress, tls: env.tls, onLog: env.onLog, timeoutMs, log });
    if (run.timedOut || !run.task) {
      throw new StagingError(`staging failed: it ran longer than ${Math.round(timeoutMs / 1000)} s and was cancelled`, 'staging', -1, run.output.slice(-40));
    }
    if (run.task.failed) throw failedStaging(run.task.failure_reason, run.output);
    if (!run.task.result) throw new StagingError('staging failed: the builder wrote no result', 'staging', 0, run.output.slice(-40));
    const result = parseStagingResult(run.task.result);
    await verifyStagingResult(env.nc, result);
    outcome = 'succeeded';
    const durationMs = Date.now() - started;
    log.info('staged', { app: req.appName, task_guid: task.task_guid, droplet: result.droplet, droplet_bytes: result.dropletBytes, buildpack: result.detectedBuildpack, start_command: result.startCommand, duration_ms: durationMs });
    return { ...result, taskGuid: task.task_guid ?? '', durationMs, task };
  } catch (err) {
    log.warn('staging failed', { app: req.appName, error: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    stagings.inc({ outcome });
    stagingSeconds.observe({ outcome }, (Date.now() - started) / 1000);
  }
}
