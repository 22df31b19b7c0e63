// Droplet digests ("sha256:<64 hex>") and the reasons a fetch fails, worded
// for the crash reason an operator reads.

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function isDigest(s: string): boolean {
  return DIGEST.test(s);
}

/** The digest of a sha256 hex string. */
export function digestOf(hex: string): string {
  return `sha256:${hex}`;
}

/** A file-name-safe form of a digest: "sha256-<hex>". */
export function digestFileName(digest: string): string {
  if (!isDigest(digest)) throw new Error(`not a sha256 digest: ${JSON.stringify(digest)}`);
  return digest.replace(':', '-');
}

/** The digest a file name made by digestFileName stands for, or null. */
export function digestFromFileName(name: string): string | null {
  const m = /^sha256-([0-9a-f]{64})(?:\.tgz)?$/.exec(name);
  return m ? digestOf(m[1]!) : null;
}

/** What is being fetched, for the words of a reason: a droplet, or a task's download. */
export type FetchPurpose = 'droplet' | 'download';

const noun = (what: FetchPurpose) => (what === 'droplet' ? 'droplet' : 'task download');

export const fetchReasons = {
  digestMismatch: (what: FetchPurpose, expected: string, got: string) => `${noun(what)} ${expected} failed its digest check: got ${got}`,
  downloadFailed: (what: FetchPurpose, detail: string) => `${what === 'droplet' ? 'droplet download' : 'task download'} failed: ${detail}`,
  unpackFailed: (what: FetchPurpose, digest: string, detail: string) => `${noun(what)} ${digest} could not be unpacked: ${detail}`,
  badRef: (what: FetchPurpose, detail: string) => `${noun(what)} reference is invalid: ${detail}`,
  /** The cache's file system is full (ENOSPC / EDQUOT), or the cell's own accounting says it would be. */
  noSpace: (dir: string, problem = 'no space left on device', detail = '') => `droplet cache: ${problem} (${dir})${detail ? `: ${detail}` : ''}`,
};

/** A fetch failure whose message is already the reason an operator reads. */
export class FetchError extends Error {
  override name = 'FetchError';
  /** The file-system error behind it, when there was one (ENOSPC, EDQUOT...). */
  readonly code: string | undefined;

  constructor(message: string, opts: { code?: string | undefined } = {}) {
    super(message);
    this.code = opts.code;
  }
}

/** Whether an error says the disk is full: ENOSPC or EDQUOT, from the file system or in tar's words. */
export function noSpaceProblem(err: unknown): 'no space left on device' | 'disk quota exceeded' | null {
  const e = err as { code?: string; message?: string } | null;
  if (e?.code === 'ENOSPC') return 'no space left on device';
  if (e?.code === 'EDQUOT') return 'disk quota exceeded';
  const m = typeof e?.message === 'string' ? e.message : '';
  if (/no space left on device/i.test(m)) return 'no space left on device';
  if (/disk quota exceeded/i.test(m)) return 'disk quota exceeded';
  return null;
}

/** A file-system error in words (disk full is the one that matters most). */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EACCES':
    case 'EPERM':
      return `permission denied${e.path ? ` on ${e.path}` : ''}`;
    case 'EROFS':
      return 'read-only file system';
    default:
      return e?.message ?? String(err);
  }
}

/** tar's complaint in words: disk full is recognised, anything else is passed on (trimmed). */
export function describeTarFailure(stderr: string, exitCode: number | null): string {
  // GNU tar tells a full disk as a short write ("Wrote only 2560 of 10240 bytes"), not always as ENOSPC.
  if (/no space left on device|wrote only \d+ of \d+ bytes/i.test(stderr)) return 'no space left on device';
  if (/disk quota exceeded/i.test(stderr)) return 'disk quota exceeded';
  if (/not in gzip format|unexpected end of file|invalid tar|does not look like a tar/i.test(stderr)) return 'not a valid .tgz archive';
  const last = stderr.trim().split('\n').filter(Boolean).slice(-2).join('; ');
  return last || `tar exited with code ${exitCode}`;
}
