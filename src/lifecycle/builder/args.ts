// Where a staging task's inputs and outputs live inside its container, and the
// command line of builder.sh (pure: the staging Task and the docker runner
// both build on it).
import { invalidArgument } from '../../common/errors.ts';

/** Paths inside the staging container. The droplet is built where it will run: /home/vcap. */
export const stagingPaths = {
  /** builder.tgz unpacks here: builder.sh. */
  builderDir: '/tmp/staging/builder',
  builderScript: '/tmp/staging/builder/builder.sh',
  /** The app's source (read-only to the builder: it copies it into droplet-root/app). */
  appDir: '/tmp/staging/app',
  /** One entry per buildpack: a directory, or a .tgz/.zip the builder unpacks. */
  buildpacksDir: '/tmp/staging/buildpacks',
  /** The previous staging's build cache (absent on a cold staging). */
  cacheIn: '/tmp/staging/cache-in.tgz',
  /**
   * Everything the staging produces, and nothing else. Beside /tmp/staging, not
   * in it: a runner may bind-mount it, and Docker would make the parents of a
   * mount point root's, where the task's user could not unpack its downloads.
   */
  outDir: '/tmp/staging-out',
  droplet: '/tmp/staging-out/droplet.tgz',
  cacheOut: '/tmp/staging-out/cache.tgz',
  result: '/tmp/staging-out/result.json',
  workDir: '/tmp/staging/work',
  dropletRoot: '/home/vcap',
} as const;

/** Exit codes of builder.sh, as Cloud Foundry's builder uses them. */
export const builderExitCodes = {
  system: 1,
  detect: 222,
  compile: 223,
  release: 224,
  supply: 225,
} as const;

export type StagingStep = 'detect' | 'supply' | 'finalize' | 'release' | 'staging';

/** The step an exit code of builder.sh points at. */
export function stepOfExitCode(code: number): StagingStep {
  switch (code) {
    case builderExitCodes.detect:
      return 'detect';
    case builderExitCodes.supply:
      return 'supply';
    case builderExitCodes.compile:
      return 'finalize';
    case builderExitCodes.release:
      return 'release';
    default:
      return 'staging';
  }
}

/** A buildpack's name is a directory name in the container and an item of a comma list. */
const BUILDPACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateBuildpackName(name: string, field = 'buildpack'): void {
  if (!BUILDPACK_NAME.test(name)) throw invalidArgument(field, `${JSON.stringify(name)} is not a buildpack name (letters, digits, '.', '_', '-'; at most 64)`);
}

/** How a buildpack reaches the container: unpacked by the cell, or as an archive the builder unpacks. */
export type BuildpackForm = 'dir' | 'tgz' | 'zip';

/** The path a buildpack is downloaded to, for its form. */
export function buildpackDownloadPath(name: string, form: BuildpackForm): string {
  validateBuildpackName(name);
  const base = `${stagingPaths.buildpacksDir}/${name}`;
  return form === 'dir' ? base : `${base}.${form}`;
}

export interface BuilderArgsOptions {
  /** Buildpack names: the detection order, or (skipDetect) the ones to run, the last finalizing. */
  buildpacks: string[];
  /** true when the app named its buildpacks (push -b): no detection. */
  skipDetect: boolean;
  /** true when a previous staging's cache is downloaded to stagingPaths.cacheIn. */
  withCache: boolean;
  stack: string;
}

/** The arguments of builder.sh for a staging task. */
export function builderArgs(o: BuilderArgsOptions): string[] {
  if (o.buildpacks.length === 0) throw invalidArgument('buildpacks', 'at least one buildpack is needed');
  o.buildpacks.forEach((b, i) => validateBuildpackName(b, `buildpacks[${i}]`));
  if (new Set(o.buildpacks).size !== o.buildpacks.length) throw invalidArgument('buildpacks', 'a buildpack is named twice');
  const args = [
    '--app-dir', stagingPaths.appDir,
    '--droplet-root', stagingPaths.dropletRoot,
    '--buildpacks-dir', stagingPaths.buildpacksDir,
    '--buildpack-order', o.buildpacks.join(','),
  ];
  if (o.skipDetect) args.push('--skip-detect');
  if (o.withCache) args.push('--cache-in', stagingPaths.cacheIn);
  args.push(
    '--cache-out', stagingPaths.cacheOut,
    '--output-droplet', stagingPaths.droplet,
    '--output-metadata', stagingPaths.result,
    '--work-dir', stagingPaths.workDir,
    '--stack', o.stack,
  );
  return args;
}

/** One word for bash: bare when it is plainly safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_./:=,@%+-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The task's command: what the launcher runs with bash -c. */
export function builderCommand(o: BuilderArgsOptions): string {
  return ['bash', stagingPaths.builderScript, ...builderArgs(o)].map(shellQuote).join(' ');
}
