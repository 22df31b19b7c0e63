// What a staging produced (builder.sh's result JSON, which is also the
// staging Task's result) and how a failed staging is told. Pure.
import { stepOfExitCode, type StagingStep } from './args.ts';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export interface StagingResult {
  /** The droplet's digest in the object store ("sha256:<hex>"). */
  droplet: string;
  dropletBytes: number;
  startCommand: string;
  detectedBuildpack: string;
  /** The buildpacks that ran, in order (the last one finalized). */
  buildpacks: string[];
  /** The build cache to pass to the next staging of the same app. */
  cache: string;
}

/** Parse and check the result JSON; throws an Error saying what is wrong. */
export function parseStagingResult(text: string): StagingResult {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`staging result is not JSON: ${(err as Error).message}`);
  }
  if (!o || typeof o !== 'object') throw new Error('staging result is not a JSON object');
  const str = (k: string) => {
    const v = o[k];
    if (typeof v !== 'string') throw new Error(`staging result: ${k} is missing`);
    return v;
  };
  const droplet = str('droplet');
  const cache = str('cache');
  if (!DIGEST.test(droplet)) throw new Error(`staging result: droplet ${JSON.stringify(droplet)} is not a sha256 digest`);
  if (!DIGEST.test(cache)) throw new Error(`staging result: cache ${JSON.stringify(cache)} is not a sha256 digest`);
  const size = o.droplet_size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) throw new Error('staging result: droplet_size is not a positive integer');
  const buildpacks = o.buildpacks;
  if (!Array.isArray(buildpacks) || buildpacks.length === 0 || !buildpacks.every((b) => typeof b === 'string')) {
    throw new Error('staging result: buildpacks is not a list of names');
  }
  return {
    droplet,
    dropletBytes: size,
    startCommand: str('start_command'),
    detectedBuildpack: str('detected_buildpack'),
    buildpacks: buildpacks as string[],
    cache,
  };
}

/** A staging that failed: which step, the builder's own last words, and the output before them. */
export class StagingError extends Error {
  override name = 'StagingError';
  constructor(
    message: string,
    readonly step: StagingStep,
    readonly exitCode: number,
    /** The last lines of the staging's output (stdout and stderr, in order). */
    readonly outputTail: string[],
  ) {
    super(message);
  }
}

/**
 * The error for a builder that exited non-zero: its last `builder: failed:`
 * line (which names the step) when there is one, else the last line it wrote.
 */
export function stagingFailure(exitCode: number, output: string[]): StagingError {
  const step = stepOfExitCode(exitCode);
  const failed = [...output].reverse().find((l) => l.startsWith('builder: failed: '));
  const last = [...output].reverse().find((l) => l.trim() !== '');
  const detail = failed ? failed.slice('builder: failed: '.length) : last ?? `the builder exited with status ${exitCode}`;
  return new StagingError(`staging failed (${step}): ${detail}`, step, exitCode, output.slice(-40));
}

/**
 * The error for a staging Task that failed: the builder's own words when the
 * cell says it exited non-zero, else the cell's reason (out of memory, an
 * upload that failed, an evacuated cell...).
 */
export function failedStaging(failureReason: string, output: string[]): StagingError {
  const code = /^exited with code (\d+)(?: \(SIG[A-Z0-9]+\))?$/.exec(failureReason.trim());
  if (code) return stagingFailure(Number(code[1]), output);
  return new StagingError(`staging failed: ${failureReason || 'the staging task failed'}`, 'staging', -1, output.slice(-40));
}
