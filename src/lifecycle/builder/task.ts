// The staging Task: builder.sh run inside the stack image with the app, the
// buildpacks, the builder and the previous build cache downloaded from the
// object store, its result file holding the staging result JSON, and the
// droplet and the build cache as its uploads. Pure.
import crypto from 'node:crypto';
import type { Task } from '../../generated/gantry/models/Task.ts';
import { invalidArgument } from '../../common/errors.ts';
import { buildpackDownloadPath, builderCommand, stagingPaths, validateBuildpackName, type BuildpackForm } from './args.ts';

/** The domain staging tasks are desired in. */
export const STAGING_DOMAIN = 'gantry-staging';

export const stagingDefaults = {
  memoryMb: 1024,
  diskMb: 4096,
  /** 0: the cell's default. */
  maxPids: 0,
  user: 'vcap',
} as const;

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export interface StagingBuildpackInput {
  name: string;
  digest: string;
  form: BuildpackForm;
}

/** Object-store digests of everything a staging task downloads. */
export interface StagingInputs {
  builder: string;
  app: string;
  /** In order: the detection order, or (skipDetect) supply…, then the finalizing one. */
  buildpacks: StagingBuildpackInput[];
  /** The build cache of the app's previous staging; null for a cold staging. */
  cache: string | null;
}

export interface StagingTaskOptions {
  taskGuid: string;
  appName: string;
  stack: string;
  /** The app named its buildpacks: run them all, no detection. */
  skipDetect: boolean;
  memoryMb?: number;
  diskMb?: number;
  maxPids?: number;
  env?: { name: string; value: string }[];
  logGuid?: string;
  placementTags?: string[];
}

/** A task guid for staging an app: readable, unique, and within the BBS's guid alphabet. */
export function stagingTaskGuid(appName: string, random: string = crypto.randomBytes(6).toString('hex')): string {
  const name = appName.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 60) || 'app';
  return `staging-${name}-${random}`;
}

function checkDigest(digest: string, field: string): void {
  if (!DIGEST.test(digest)) throw invalidArgument(field, 'must be sha256:<64 lowercase hex digits>');
}

export function buildStagingTask(inputs: StagingInputs, o: StagingTaskOptions): Task {
  checkDigest(inputs.builder, 'inputs.builder');
  checkDigest(inputs.app, 'inputs.app');
  if (inputs.cache !== null) checkDigest(inputs.cache, 'inputs.cache');
  if (inputs.buildpacks.length === 0) throw invalidArgument('inputs.buildpacks', 'at least one buildpack is needed');
  inputs.buildpacks.forEach((b, i) => {
    validateBuildpackName(b.name, `inputs.buildpacks[${i}].name`);
    checkDigest(b.digest, `inputs.buildpacks[${i}].digest`);
  });
  const downloads = [
    { digest: inputs.builder, to: stagingPaths.builderDir, extract: true },
    { digest: inputs.app, to: stagingPaths.appDir, extract: true },
    // A directory buildpack arrives unpacked; an archive is unpacked by the builder.
    ...inputs.buildpacks.map((b) => ({ digest: b.digest, to: buildpackDownloadPath(b.name, b.form), extract: b.form === 'dir' })),
    ...(inputs.cache ? [{ digest: inputs.cache, to: stagingPaths.cacheIn, extract: false }] : []),
  ];
  return {
    task_guid: o.taskGuid,
    domain: STAGING_DOMAIN,
    rootfs: o.stack,
    memory_mb: o.memoryMb ?? stagingDefaults.memoryMb,
    disk_mb: o.diskMb ?? stagingDefaults.diskMb,
    max_pids: o.maxPids ?? stagingDefaults.maxPids,
    env: o.env ?? [],
    command: builderCommand({
      buildpacks: inputs.buildpacks.map((b) => b.name),
      skipDetect: o.skipDetect,
      withCache: inputs.cache !== null,
      stack: o.stack,
    }),
    downloads,
    result_file: stagingPaths.result,
    // The cell stores these in the object store by sha256 once the builder exits 0; the result names their digests.
    uploads: [{ from: stagingPaths.droplet }, { from: stagingPaths.cacheOut }],
    placement_tags: o.placementTags ?? [],
    annotation: `staging ${o.appName}`,
    log_guid: o.logGuid ?? o.taskGuid,
    user: stagingDefaults.user,
  };
}
