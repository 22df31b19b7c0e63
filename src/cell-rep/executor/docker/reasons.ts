// How a container ended, and what went wrong talking to the engine, in the
// words an operator reads in a crash reason.
export { exitReason } from '../../../lifecycle/launcher/exit-reason.ts';

/** An engine error as a reason: the engine's own message when it gave one, else the connection problem. */
export function engineErrorReason(op: string, err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; statusCode?: number; json?: { message?: string }; reason?: string; message?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'ABORT_ERR') return `docker engine did not answer within ${timeoutMs}ms (${op})`;
  if (e?.code === 'ENOENT' || e?.code === 'ECONNREFUSED' || e?.code === 'EACCES' || e?.code === 'ECONNRESET' || e?.code === 'EPIPE')
    return `docker engine unavailable (${op}): ${e.code}${e.message && !e.message.startsWith(e.code) ? ` ${e.message}` : ''}`;
  const msg = e?.json?.message ?? (typeof e?.message === 'string' ? e.message.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '') : String(err));
  return `docker ${op} failed: ${msg.trim()}`;
}

/** The engine did not answer at all (timed out, or nothing to connect to), as opposed to answering with an error. */
export function isEngineDown(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'ABORT_ERR') return true;
  return e?.code === 'ENOENT' || e?.code === 'ECONNREFUSED' || e?.code === 'EACCES' || e?.code === 'ECONNRESET' || e?.code === 'EPIPE';
}

/** The engine answered "no such container". */
export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 404;
}

/** "No such image" on create: the stack is not on this cell. */
export function isNoSuchImage(err: unknown): boolean {
  const e = err as { statusCode?: number; json?: { message?: string }; message?: string };
  return e?.statusCode === 404 && /no such image/i.test(e.json?.message ?? e.message ?? '');
}

export const dockerReasons = {
  unknownStack: (stack: string, image: string) => `stack ${JSON.stringify(stack)} is not available on this cell (no image ${image})`,
  alreadyExists: (guid: string) => `a container for ${guid} already exists on this cell`,
  noSuchContainer: (guid: string) => `no container ${guid} on this cell`,
  diskQuotaUnsupported: 'the engine cannot limit container disk here (overlay2 size quotas need xfs with pquota): disk is accounted, not enforced',
  mountFailed: (detail: string) => `the droplet could not be mounted: ${detail}`,
};
