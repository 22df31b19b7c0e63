// The cell's droplet cache: droplets fetched once per digest (concurrent
// requests share one download), verified, unpacked once, and shared read-only
// by every instance of that droplet. Instances hold leases; an entry no lease
// holds is garbage-collected after a grace period.
//
// On disk, under <dataDir>/droplets:
//   unpacked/sha256-<hex>/      a droplet, unpacked (app/, deps/, profile.d/, staging_info.yml)
//   blobs/sha256-<hex>.tgz      a file kept as fetched (task downloads)
//   tmp/                        downloads and unpacks in progress; renamed into place once verified
//
// A full disk: before a download (once its size is known) and before an
// unpack (the .tgz's own record of its unpacked size), the cache asks the file
// system for room, evicting unused entries first if that makes it. When there
// is none, or a write fails with ENOSPC/EDQUOT all the same, the fetch fails
// with "droplet cache: no space left on device (<dir>)", what was half written
// is removed, and the cache says it is out of space (spaceProblem()) until
// checkSpace() finds room for what failed: the cell takes no new work meanwhile.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NatsConnection, ObjectStore } from 'nats';
import { createLogger, type Logger } from '../../common/log.ts';
import { counter, gauge, histogram } from '../../common/metrics.ts';
import { CacheBook, type GcPolicy } from './bookkeeping.ts';
import { describeFsError, digestFileName, digestFromFileName, FetchError, fetchReasons, noSpaceProblem, type FetchPurpose } from './digest.ts';
import { fetchToFile, sourceOf, type FetchSource } from './fetch.ts';
import { dropletStore, DROPLET_BUCKET } from './object-store.ts';
import { treeBytes, unpackTgz, type Owner } from './unpack.ts';

/** unpacked: a directory tree (droplets); blob: the file as fetched (downloads). */
export type CacheKind = 'unpacked' | 'blob';

/** The stack's unprivileged user (vcap), who owns unpacked droplets. */
export const STACK_USER: Owner = { uid: 2000, gid: 2000 };

export const DROPLET_CACHE_DEFAULTS = {
  graceMs: 10 * 60_000,
  gcIntervalMs: 60_000,
  downloadTimeoutMs: 10 * 60_000,
  maxBytes: 0,
  /** Free space the cache leaves on its file system (0 = it may fill it). */
  minFreeBytes: 0,
};

export interface DropletCacheOptions {
  /** The cell's data dir; the cache lives in <dataDir>/droplets. */
  dataDir: string;
  /** The NATS connection whose object store holds droplets. */
  nc?: NatsConnection;
  /** Or the object store itself (wins over nc). */
  objectStore?: () => Promise<ObjectStore>;
  bucket?: string;
  /** An unused entry is kept this long after its last use. */
  graceMs?: number;
  /** Past this size, unused entries go oldest first (0 = no limit). */
  maxBytes?: number;
  gcIntervalMs?: number;
  downloadTimeoutMs?: number;
  /** Free space the cache always leaves on its file system: a fetch that would eat into it fails as "no space". */
  minFreeBytes?: number;
  /** Owner of unpacked files; default the stack's vcap user when running as root, else left as is. */
  owner?: Owner | null;
  log?: Logger;
}

export interface DropletLease {
  digest: string;
  /** The unpacked directory or the blob file. */
  path: string;
  kind: CacheKind;
  /** Idempotent. */
  release(): void;
}

export interface AcquireOptions {
  kind?: CacheKind;
  what?: FetchPurpose;
  /** Stops this caller's wait (a shared download goes on for the others). */
  signal?: AbortSignal;
}

const metrics = {
  requests: counter('gantry_droplet_cache_requests_total', 'Droplet cache requests by outcome (hit, miss, shared, error)', ['result']),
  fetchSeconds: histogram('gantry_droplet_fetch_seconds', 'Time to fetch, verify and unpack a droplet', ['source'], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]),
  entries: gauge('gantry_droplet_cache_entries', 'Entries in the droplet cache'),
  bytes: gauge('gantry_droplet_cache_bytes', 'Bytes in the droplet cache'),
  gcSeconds: histogram('gantry_droplet_gc_seconds', 'Time a droplet cache garbage collection pass took', [], [0.001, 0.01, 0.1, 1, 10]),
  gcRemoved: counter('gantry_droplet_gc_removed_total', 'Droplet cache entries removed by garbage collection'),
  noSpace: counter('gantry_droplet_cache_no_space_total', 'Droplet fetches that failed for lack of disk space (ENOSPC/EDQUOT, or no room by the cache\'s own count)'),
  freeBytes: gauge('gantry_droplet_cache_free_bytes', 'Free bytes on the droplet cache\'s file system, as last looked at'),
  outOfSpace: gauge('gantry_droplet_cache_out_of_space', '1 while the droplet cache is out of space and the cell takes no new work'),
};

/** The cache's disk is full: why, since when, and how much free space would do. */
export interface SpaceProblem {
  reason: string;
  since: number;
  /** Free bytes wanted before the cache takes work again (what failed, plus minFreeBytes). */
  needBytes: number;
}

const MiB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;

const keyOf = (kind: CacheKind, digest: string) => `${kind}:${digest}`;

export class DropletCache {
  private readonly book = new CacheBook();
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly root: string;
  private readonly log: Logger;
  private readonly opts: Required<Pick<DropletCacheOptions, 'graceMs' | 'maxBytes' | 'gcIntervalMs' | 'downloadTimeoutMs' | 'minFreeBytes'>>;
  private readonly owner: Owner | null;
  private full: SpaceProblem | null = null;
  private store: Promise<ObjectStore> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(private readonly options: DropletCacheOptions) {
    this.root = path.join(options.dataDir, 'droplets');
    this.log = options.log ?? createLogger('droplet-cache');
    this.opts = {
      graceMs: options.graceMs ?? DROPLET_CACHE_DEFAULTS.graceMs,
      maxBytes: options.maxBytes ?? DROPLET_CACHE_DEFAULTS.maxBytes,
      gcIntervalMs: options.gcIntervalMs ?? DROPLET_CACHE_DEFAULTS.gcIntervalMs,
      downloadTimeoutMs: options.downloadTimeoutMs ?? DROPLET_CACHE_DEFAULTS.downloadTimeoutMs,
      minFreeBytes: Math.max(0, options.minFreeBytes ?? DROPLET_CACHE_DEFAULTS.minFreeBytes),
    };
    this.owner = options.owner !== undefined ? options.owner : process.getuid?.() === 0 ? STACK_USER : null;
  }

  /** Open the cache: make its directories, drop half-done work, and take in what a previous run left. */
  static async open(options: DropletCacheOptions): Promise<DropletCache> {
    const cache = new DropletCache(options);
    await cache.scan();
    if (cache.opts.gcIntervalMs > 0) {
      cache.timer = setInterval(() => void cache.gc().catch((err) => cache.log.error('droplet cache gc failed', { err })), cache.opts.gcIntervalMs);
      cache.timer.unref();
    }
    return cache;
  }

  private dir(kind: CacheKind): string {
    return path.join(this.root, kind === 'unpacked' ? 'unpacked' : 'blobs');
  }

  /** Where an entry lives on disk. */
  pathOf(kind: CacheKind, digest: string): string {
    return kind === 'unpacked' ? path.join(this.dir(kind), digestFileName(digest)) : path.join(this.dir(kind), `${digestFileName(digest)}.tgz`);
  }

  private get tmp(): string {
    return path.join(this.root, 'tmp');
  }

  private async scan(): Promise<void> {
    await fs.promises.rm(this.tmp, { recursive: true, force: true });
    for (const d of [this.tmp, this.dir('unpacked'), this.dir('blob')]) await fs.promises.mkdir(d, { recursive: true });
    const now = Date.now();
    for (const kind of ['unpacked', 'blob'] as const) {
      for (const name of await fs.promises.readdir(this.dir(kind))) {
        const digest = digestFromFileName(name);
        const p = path.join(this.dir(kind), name);
        if (!digest || p !== this.pathOf(kind, digest)) {
          await fs.promises.rm(p, { recursive: true, force: true });
          continue;
        }
        const bytes = kind === 'unpacked' ? await treeBytes(p) : (await fs.promises.stat(p)).size;
        this.book.add(keyOf(kind, digest), bytes, now);
      }
    }
    this.updateGauges();
    const t = this.book.totals();
    this.log.info('droplet cache opened', { dir: this.root, entries: t.entries, bytes: t.bytes });
  }

  private objectStore = (): Promise<ObjectStore> => {
    if (this.options.objectStore) return this.options.objectStore();
    if (!this.options.nc) return Promise.reject(new Error('no NATS connection'));
    this.store ??= dropletStore(this.options.nc, this.options.bucket ?? DROPLET_BUCKET).catch((err) => {
      this.store = null;
      throw err;
    });
    return this.store;
  };

  /**
   * A lease on the droplet a reference names, fetching and unpacking it first
   * when it is not cached. Rejects with the crash reason when it cannot be had.
   */
  async acquire(ref: { digest: string; url: string }, opts: AcquireOptions = {}): Promise<DropletLease> {
    const kind = opts.kind ?? 'unpacked';
    const what = opts.what ?? 'droplet';
    if (this.closed) throw new FetchError(fetchReasons.downloadFailed(what, 'the droplet cache is closed'));
    let src: FetchSource;
    try {
      src = sourceOf(ref, what);
    } catch (err) {
      metrics.requests.inc({ result: 'error' });
      throw err;
    }
    if (src.digest) {
      const lease = this.lease(kind, src.digest);
      if (lease) {
        metrics.requests.inc({ result: 'hit' });
        return lease;
      }
    }
    const flightKey = src.digest ? keyOf(kind, src.digest) : `${kind}:url:${src.kind === 'url' ? src.url : ''}`;
    let flight = this.inflight.get(flightKey);
    metrics.requests.inc({ result: flight ? 'shared' : 'miss' });
    if (!flight) {
      flight = this.load(kind, src, what).finally(() => this.inflight.delete(flightKey));
      this.inflight.set(flightKey, flight);
    }
    for (let attempt = 0; ; attempt++) {
      const digest = await waitOrAbort(flight, opts.signal, what);
      const lease = this.lease(kind, digest);
      if (lease) return lease;
      // Collected between landing and our lease (only under size pressure): fetch again, once.
      if (attempt > 0) throw new FetchError(fetchReasons.downloadFailed(what, `${digest} was evicted from the cache while starting`));
      const again: FetchSource = src.kind === 'url' ? { kind: 'url', url: src.url, digest } : { kind: 'object-store', digest };
      flight = this.load(kind, again, what);
    }
  }

  /** A lease on an entry already on disk, or null (adopting an instance after a restart: nothing is fetched). */
  hold(digest: string, kind: CacheKind = 'unpacked'): DropletLease | null {
    return this.lease(kind, digest);
  }

  private lease(kind: CacheKind, digest: string): DropletLease | null {
    const key = keyOf(kind, digest);
    if (!this.book.acquire(key, Date.now())) return null;
    let released = false;
    return {
      digest,
      kind,
      path: this.pathOf(kind, digest),
      release: () => {
        if (released) return;
        released = true;
        this.book.release(key, Date.now());
      },
    };
  }

  /** Fetch, verify and put in place; resolves with the digest of what landed. */
  private async load(kind: CacheKind, src: FetchSource, what: FetchPurpose): Promise<string> {
    const started = performance.now();
    const id = crypto.randomBytes(8).toString('hex');
    const tmpFile = path.join(this.tmp, `${id}.part`);
    const tmpDir = path.join(this.tmp, `${id}.d`);
    const from = src.kind === 'url' ? src.url : 'object store';
    // What this load needs on disk, as far as known: the .tgz, then what it unpacks to.
    let tgzBytes = 0;
    let unpackedBytes = 0;
    let cachedBlob: string | null = null;
    // Held while it is unpacked from, so making room does not evict it.
    let blobLease: DropletLease | null = null;
    try {
      // An unpacked droplet whose .tgz is already cached is unpacked from it.
      blobLease = kind === 'unpacked' && src.digest ? this.lease('blob', src.digest) : null;
      cachedBlob = blobLease ? blobLease.path : null;
      let digest: string;
      let file: string;
      if (cachedBlob) {
        digest = src.digest!;
        file = cachedBlob;
      } else {
        const room = async (bytes: number) => {
          tgzBytes = bytes;
          await this.ensureRoom(bytes, bytes);
        };
        const fetched = await fetchToFile(src, tmpFile, { what, objectStore: this.objectStore, signal: AbortSignal.timeout(this.opts.downloadTimeoutMs), room });
        digest = fetched.digest;
        tgzBytes = fetched.bytes;
        file = tmpFile;
      }
      const key = keyOf(kind, digest);
      if (!this.book.has(key)) {
        const dest = this.pathOf(kind, digest);
        let bytes: number;
        if (kind === 'blob') {
          bytes = (await fs.promises.stat(file)).size;
          await renameInto(file, dest);
        } else {
          unpackedBytes = await unpackedSize(file);
          await this.ensureRoom(unpackedBytes, (cachedBlob ? 0 : tgzBytes) + unpackedBytes);
          try {
            await unpackTgz(file, tmpDir, this.owner);
          } catch (err) {
            if (noSpaceProblem(err)) throw err;
            throw new FetchError(fetchReasons.unpackFailed(what, digest, err instanceof Error ? err.message : String(err)));
          }
          bytes = await treeBytes(tmpDir);
          await renameInto(tmpDir, dest);
        }
        this.book.add(key, bytes, Date.now());
        this.updateGauges();
      }
      metrics.fetchSeconds.observe({ source: cachedBlob ? 'cache' : src.kind }, (performance.now() - started) / 1000);
      this.log.info('droplet cached', { digest, kind, from, ms: Math.round(performance.now() - started) });
      return digest;
    } catch (caught) {
      let err = caught;
      const problem = noSpaceProblem(err);
      if (problem && !(err instanceof NoRoom)) {
        // The file system said so (ENOSPC/EDQUOT), whatever the estimates said. Count what was written
        // when the size was not known, clear the half-done work away, and want more room than this
        // attempt had before taking work again (it needed more than all of it).
        let written = 0;
        if (!tgzBytes) written = await fs.promises.stat(tmpFile).then((st) => st.size, () => 0);
        await fs.promises.rm(tmpFile, { force: true }).catch(() => {});
        await fs.promises.rm(tmpDir, { recursive: true, force: true }).catch(() => {});
        const disk = await this.disk().catch(() => ({ free: 0, total: Infinity }));
        const need = Math.max((cachedBlob ? 0 : tgzBytes || written) + unpackedBytes, disk.free + Math.max(64 * 1024, disk.free / 10));
        const reason = fetchReasons.noSpace(this.root, problem);
        // More than the whole file system: this droplet is too big for the cell, not the disk too full for work.
        err = need <= disk.total ? this.outOfSpace(need, reason) : this.tooBig(reason);
      }
      const reason = err instanceof Error ? err.message : String(err);
      metrics.requests.inc({ result: 'error' });
      this.log.warn('droplet fetch failed', { kind, from, digest: src.digest, reason });
      throw err instanceof FetchError ? err : new FetchError(fetchReasons.downloadFailed(what, describeFsError(err)));
    } finally {
      blobLease?.release();
      await fs.promises.rm(tmpFile, { force: true }).catch(() => {});
      await fs.promises.rm(tmpDir, { recursive: true, force: true }).catch(() => {});
    }
  }

  /** Remove what no one uses and whose grace has passed (or what size pressure evicts). Returns the digests removed. */
  async gc(now = Date.now(), policy: GcPolicy = { graceMs: this.opts.graceMs, maxBytes: this.opts.maxBytes }): Promise<string[]> {
    const started = performance.now();
    const keys = this.book.collectable(now, policy);
    const removed: string[] = [];
    for (const key of keys) {
      const [kind, digest] = splitKey(key);
      this.book.remove(key);
      // Out of the way at once (a new fetch of the same digest may land), deleted after.
      const trash = path.join(this.tmp, `trash-${crypto.randomBytes(6).toString('hex')}`);
      try {
        fs.renameSync(this.pathOf(kind, digest), trash);
        await fs.promises.rm(trash, { recursive: true, force: true });
      } catch (err) {
        this.log.warn('droplet cache could not remove an entry', { digest, kind, err: describeFsError(err) });
      }
      removed.push(digest);
    }
    metrics.gcRemoved.inc(removed.length);
    metrics.gcSeconds.observe((performance.now() - started) / 1000);
    this.updateGauges();
    const t = this.book.totals();
    this.log.info('droplet cache gc', { removed: removed.length, entries: t.entries, inUse: t.inUse, bytes: t.bytes, ms: Math.round(performance.now() - started) });
    return removed;
  }

  /** Free bytes on the cache's file system (for an unprivileged user). */
  async freeBytes(): Promise<number> {
    return (await this.disk()).free;
  }

  private async disk(): Promise<{ free: number; total: number }> {
    const st = await fs.promises.statfs(this.root);
    const free = st.bavail * st.bsize;
    metrics.freeBytes.set(free);
    return { free, total: st.blocks * st.bsize };
  }

  /**
   * Room for `bytes` more, or fail as "no space": unused entries are evicted
   * first (grace or not) when that makes room. `needBytes` is what the whole
   * load needs, the free space wanted before the cache takes work again.
   */
  private async ensureRoom(bytes: number, needBytes: number): Promise<void> {
    const want = bytes + this.opts.minFreeBytes;
    let disk = await this.disk();
    if (disk.free >= want) return;
    if ((await this.gc(Date.now(), { graceMs: 0, maxBytes: 0 })).length > 0) disk = await this.disk();
    if (disk.free >= want) return;
    const keep = this.opts.minFreeBytes > 0 ? ` (keeping ${mb(this.opts.minFreeBytes)} free)` : '';
    // A droplet larger than the whole file system fails alone: other work still fits, the cell takes it.
    if (needBytes + this.opts.minFreeBytes > disk.total) {
      throw this.tooBig(fetchReasons.noSpace(this.root, 'no space left on device', `needs ${mb(bytes)}${keep}, more than the file system holds (${mb(disk.total)})`));
    }
    throw this.outOfSpace(needBytes, fetchReasons.noSpace(this.root, 'no space left on device', `needs ${mb(bytes)}${keep}, ${mb(disk.free)} free`));
  }

  /** A droplet that can never fit here: it fails, and the cell is not marked out of space for it. */
  private tooBig(reason: string): FetchError {
    metrics.noSpace.inc();
    this.log.warn('droplet larger than the cache\'s whole file system: it fails, the cell goes on taking work', { dir: this.root, reason });
    return new NoRoom(reason, { code: 'ENOSPC' });
  }

  /** Out of space: remember it (until checkSpace() finds room) and return the error to throw. */
  private outOfSpace(needBytes: number, reason: string): FetchError {
    metrics.noSpace.inc();
    const need = Math.max(needBytes, 1) + this.opts.minFreeBytes;
    if (!this.full) {
      this.log.warn('droplet cache out of space: the cell takes no new work until there is room', { dir: this.root, reason, needBytes: need });
      metrics.outOfSpace.set(1);
      this.full = { reason, since: Date.now(), needBytes: need };
    } else {
      this.full = { reason, since: this.full.since, needBytes: Math.max(this.full.needBytes, need) };
    }
    return new NoRoom(reason, { code: 'ENOSPC' });
  }

  /** Why the cache cannot take new droplets now (its disk is full), or null. */
  spaceProblem(): SpaceProblem | null {
    return this.full && { ...this.full };
  }

  /**
   * Look at the disk again (the cell's resource check calls it every
   * interval): out of space ends once there is room for what failed; with
   * minFreeBytes, falling below it begins it.
   */
  async checkSpace(): Promise<SpaceProblem | null> {
    let free: number;
    try {
      free = await this.freeBytes();
    } catch (err) {
      this.log.warn('droplet cache cannot stat its file system', { dir: this.root, err: describeFsError(err) });
      return this.spaceProblem();
    }
    if (this.full && free >= this.full.needBytes) {
      this.log.info('droplet cache has room again: the cell takes work', { dir: this.root, free, needBytes: this.full.needBytes, outOfSpaceMs: Date.now() - this.full.since });
      this.full = null;
      metrics.outOfSpace.set(0);
    } else if (!this.full && this.opts.minFreeBytes > 0 && free < this.opts.minFreeBytes) {
      const reason = fetchReasons.noSpace(this.root, 'no space left on device', `${mb(free)} free, less than the ${mb(this.opts.minFreeBytes)} the cell keeps free`);
      this.log.warn('droplet cache out of space: the cell takes no new work until there is room', { dir: this.root, reason });
      metrics.outOfSpace.set(1);
      this.full = { reason, since: Date.now(), needBytes: this.opts.minFreeBytes };
    }
    return this.spaceProblem();
  }

  stats(): { entries: number; bytes: number; inUse: number } {
    return this.book.totals();
  }

  /** References held on a cached entry (0 when unused or absent). */
  refs(digest: string, kind: CacheKind = 'unpacked'): number {
    return this.book.get(keyOf(kind, digest))?.refs ?? 0;
  }

  private updateGauges(): void {
    const t = this.book.totals();
    metrics.entries.set(t.entries);
    metrics.bytes.set(t.bytes);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** A "no space" already worded and accounted for. */
class NoRoom extends FetchError {}

/**
 * What a .tgz unpacks to, at least: gzip's own record of the uncompressed
 * size (its last 4 bytes, modulo 4 GiB), or the file's size when that says less.
 */
async function unpackedSize(file: string): Promise<number> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size < 18) return size;
    const buf = Buffer.alloc(4);
    await fh.read(buf, 0, 4, size - 4);
    return Math.max(size, buf.readUInt32LE(0));
  } finally {
    await fh.close();
  }
}

function splitKey(key: string): [CacheKind, string] {
  const i = key.indexOf(':');
  return [key.slice(0, i) as CacheKind, key.slice(i + 1)];
}

/** Rename into place; if the place is taken (a racing writer of the same digest), ours is dropped. */
async function renameInto(from: string, to: string): Promise<void> {
  try {
    await fs.promises.rename(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      await fs.promises.rm(from, { recursive: true, force: true });
      return;
    }
    throw err;
  }
}

function waitOrAbort<T>(p: Promise<T>, signal: AbortSignal | undefined, what: FetchPurpose): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortError(signal, what));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, what));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function abortError(signal: AbortSignal, what: FetchPurpose): Error {
  const r = signal.reason as Error | undefined;
  return new FetchError(fetchReasons.downloadFailed(what, r?.name === 'TimeoutError' ? 'timed out' : (r?.message ?? 'aborted')));
}
