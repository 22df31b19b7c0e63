// Fetching a droplet (or a task's download) into a local file while hashing
// it: from the JetStream object store (object name = the digest) or from an
// http(s) URL. Nothing is trusted before its sha256 matches.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { ObjectStore } from 'nats';
import { describeFsError, digestOf, FetchError, fetchReasons, isDigest, type FetchPurpose } from './digest.ts';

/** Where the bytes come from, decided from a DropletRef / Download. */
export type FetchSource = { kind: 'object-store'; digest: string } | { kind: 'url'; url: string; digest: string | null };

/**
 * The source a reference names: a URL wins (checked against the digest when
 * one is given); otherwise the digest is looked up in the object store.
 * Throws a reason when the reference is unusable.
 */
export function sourceOf(ref: { digest: string; url: string }, what: FetchPurpose): FetchSource {
  const digest = ref.digest.trim();
  const url = ref.url.trim();
  if (digest && !isDigest(digest)) throw new FetchError(fetchReasons.badRef(what, `digest ${JSON.stringify(digest)} is not "sha256:" and 64 lowercase hex digits`));
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new FetchError(fetchReasons.badRef(what, `url ${JSON.stringify(url)} is not a URL`));
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FetchError(fetchReasons.badRef(what, `url ${JSON.stringify(url)} is not http(s)`));
    return { kind: 'url', url, digest: digest || null };
  }
  if (!digest) throw new FetchError(fetchReasons.badRef(what, 'neither a digest nor a url is given'));
  return { kind: 'object-store', digest };
}

export interface FetchOptions {
  what: FetchPurpose;
  /** The object store holding droplets (needed for object-store sources). */
  objectStore?: () => Promise<ObjectStore>;
  signal?: AbortSignal;
  /**
   * Called once the size of what comes is known (the object's size, a
   * Content-Length), before anything is written: rejects (with the reason)
   * when the cell has no room for it.
   */
  room?: (bytes: number) => Promise<void>;
}

export interface Fetched {
  digest: string;
  bytes: number;
}

/**
 * Write the source's bytes to dest (which must not exist), hashing as they
 * stream. Rejects with a reason (download failed / digest check failed) and
 * leaves no file behind.
 */
export async function fetchToFile(src: FetchSource, dest: string, opts: FetchOptions): Promise<Fetched> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(dest, 'wx');
  } catch (err) {
    throw writeError(opts.what, err, dest);
  }
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  const sink = async (chunk: Uint8Array) => {
    hash.update(chunk);
    bytes += chunk.byteLength;
    try {
      await fh.write(chunk);
    } catch (err) {
      throw writeError(opts.what, err, dest);
    }
  };
  try {
    if (src.kind === 'url') await fetchUrl(src.url, sink, opts);
    else await fetchObject(src.digest, sink, opts);
    try {
      await fh.close();
    } catch (err) {
      throw writeError(opts.what, err, dest);
    }
    const got = digestOf(hash.digest('hex'));
    const expected = src.digest;
    if (expected && got !== expected) throw new FetchError(fetchReasons.digestMismatch(opts.what, expected, got));
    return { digest: got, bytes };
  } catch (err) {
    await fh.close().catch(() => {});
    await fs.promises.rm(dest, { force: true }).catch(() => {});
    throw err;
  }
}

/** A write that failed, as a reason that keeps the file-system error's code (a full disk is told apart). */
function writeError(what: FetchPurpose, err: unknown, dest: string): FetchError {
  return new FetchError(fetchReasons.downloadFailed(what, `${describeFsError(err)} (writing ${dest})`), { code: (err as NodeJS.ErrnoException)?.code });
}

/** Ask for room before the first byte is written; the body is dropped when there is none. */
async function askRoom(bytes: number, body: ReadableStream<Uint8Array>, opts: FetchOptions): Promise<void> {
  if (!opts.room || !(bytes > 0)) return;
  try {
    await opts.room(bytes);
  } catch (err) {
    await body.cancel().catch(() => {});
    throw err;
  }
}

async function pump(stream: ReadableStream<Uint8Array>, sink: (chunk: Uint8Array) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const reader = stream.getReader();
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      const { done, value } = await reader.read();
      if (signal?.aborted) throw abortReason(signal);
      if (done) return;
      if (value && value.byteLength) await sink(value);
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function abortReason(signal: AbortSignal): Error {
  const r = signal.reason;
  if (r instanceof Error && r.name === 'TimeoutError') return new Error('timed out');
  return r instanceof Error ? r : new Error(String(r ?? 'aborted'));
}

async function fetchUrl(url: string, sink: (chunk: Uint8Array) => Promise<void>, opts: FetchOptions): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal, redirect: 'follow' });
  } catch (err) {
    const detail = opts.signal?.aborted ? abortReason(opts.signal).message : causeText(err);
    throw new FetchError(fetchReasons.downloadFailed(opts.what, `GET ${url}: ${detail}`));
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel().catch(() => {});
    throw new FetchError(fetchReasons.downloadFailed(opts.what, `GET ${url} returned ${res.status}`));
  }
  await askRoom(Number(res.headers.get('content-length') ?? 0), res.body as ReadableStream<Uint8Array>, opts);
  try {
    await pump(res.body as ReadableStream<Uint8Array>, sink, opts.signal);
  } catch (err) {
    if (isReason(err)) throw err;
    throw new FetchError(fetchReasons.downloadFailed(opts.what, `GET ${url}: ${causeText(err)}`));
  }
}

async function fetchObject(digest: string, sink: (chunk: Uint8Array) => Promise<void>, opts: FetchOptions): Promise<void> {
  if (!opts.objectStore) throw new FetchError(fetchReasons.downloadFailed(opts.what, `${digest}: this cell has no object store to fetch from`));
  let os: ObjectStore;
  let result;
  try {
    os = await opts.objectStore();
    result = await os.get(digest);
  } catch (err) {
    throw new FetchError(fetchReasons.downloadFailed(opts.what, `${digest} from the object store: ${causeText(err)}`));
  }
  if (!result) throw new FetchError(fetchReasons.downloadFailed(opts.what, `${digest} is not in the object store`));
  await askRoom(result.info.size, result.data, opts);
  try {
    await pump(result.data, sink, opts.signal);
  } catch (err) {
    if (isReason(err)) throw err;
    throw new FetchError(fetchReasons.downloadFailed(opts.what, `${digest} from the object store: ${causeText(err)}`));
  }
  // The client checks the object's own digest once the stream has ended.
  const streamErr = await result.error;
  if (streamErr) throw new FetchError(fetchReasons.downloadFailed(opts.what, `${digest} from the object store: ${streamErr.message}`));
}

/** Errors already worded as a reason are passed on unchanged. */
function isReason(err: unknown): boolean {
  return err instanceof FetchError;
}

/** fetch() says only "fetch failed"; the cause says what happened. */
function causeText(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.cause?.code) return `${e.cause.code}${e.cause.message && !e.cause.message.includes(e.cause.code) ? ` (${e.cause.message})` : ''}`;
  if (e?.cause?.message) return e.cause.message;
  return e?.message ?? String(err);
}
