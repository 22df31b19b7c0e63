// A leader lock held in a JetStream KV key. The bucket's max age is the lock's
// TTL: the holder rewrites the key well inside it (compare-and-set on the
// revision it holds), so a dead holder's key expires and a standby's create()
// succeeds. Server time decides expiry, so clocks of the hosts do not matter.
//
// The holder keeps the lock as long as its lease lasts: a refresh that fails
// for want of an answer (NATS restarting, a slow network) is tried again, and
// only when no refresh has succeeded for a TTL (counted from when the last
// successful one was sent, which is no later than the server's timestamp that
// its expiry counts from) is the lock given up. A refresh the server refuses
// (the key expired, or another holder wrote it) loses the lock at once.
import { randomUUID } from 'node:crypto';
import type { KV, NatsConnection } from 'nats';
import type { Logger } from './log.ts';
import { gauge } from './metrics.ts';

const leaderGauge = gauge('gantry_leader', '1 while this process holds its leader lock, 0 while it stands by', ['lock']);

/** JetStream's "wrong last sequence": the key is not at the revision we hold. */
const WRONG_LAST_SEQUENCE = 10071;

/** What a holder writes in the lock key. */
export interface LockHolder {
  owner: string;
  /** A fresh id per acquisition: a new value means a new leadership, even by the same owner after a restart. */
  term: string;
  at: number;
}

export interface LeaderLockOptions {
  nc: NatsConnection;
  /** Bucket per lock TTL, e.g. "gantry-locks-bbs". */
  bucket: string;
  key: string;
  owner: string;
  ttlMs: number;
  /** How often the leader refreshes; default ttl/3. */
  retryIntervalMs?: number;
  /** How often a standby tries to take the lock; default the refresh interval, at most 250 ms. */
  standbyIntervalMs?: number;
  log: Logger;
  onAcquired: () => void | Promise<void>;
  /** The lock was lost (refused, or its lease ran out); the process must stop acting as leader. */
  onLost: () => void | Promise<void>;
}

function apiErrorCode(err: unknown): number | undefined {
  return (err as { api_error?: { err_code?: number } } | undefined)?.api_error?.err_code;
}

export class LeaderLock {
  private kv?: KV;
  private revision = 0;
  private timer?: NodeJS.Timeout;
  private leaseTimer?: NodeJS.Timeout;
  private stopped = false;
  private leading = false;
  private term = '';
  /** A refresh has failed without an answer since the last one that succeeded (logged once). */
  private unanswered = false;
  private readonly interval: number;
  private readonly standbyInterval: number;
  private readonly encoder = new TextEncoder();

  constructor(private readonly opts: LeaderLockOptions) {
    this.interval = opts.retryIntervalMs ?? Math.max(100, Math.floor(opts.ttlMs / 3));
    this.standbyInterval = opts.standbyIntervalMs ?? Math.max(50, Math.min(this.interval, 250));
    leaderGauge.set({ lock: opts.key }, 0);
  }

  get isLeader(): boolean {
    return this.leading;
  }

  async start(): Promise<void> {
    // Requests time out well inside the lease, so a refresh without an answer is retried in time.
    const js = this.opts.nc.jetstream({ timeout: Math.max(250, Math.min(2000, Math.floor(this.opts.ttlMs / 3))) });
    this.kv = await js.views.kv(this.opts.bucket, { ttl: this.opts.ttlMs, history: 1 });
    await this.tick();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.leading ? this.interval : this.standbyInterval);
  }

  private value(): Uint8Array {
    const holder: LockHolder = { owner: this.opts.owner, term: this.term, at: Date.now() };
    return this.encoder.encode(JSON.stringify(holder));
  }

  /** The lease runs for a TTL from when the last successful write was sent. */
  private extendLease(sentAt: number): void {
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    const endsIn = sentAt + this.opts.ttlMs - Date.now();
    this.leaseTimer = setTimeout(() => void this.lose('no refresh succeeded for a whole TTL'), Math.max(0, endsIn));
  }

  private async lose(reason: string, error?: unknown): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    this.leaseTimer = undefined;
    leaderGauge.set({ lock: this.opts.key }, 0);
    this.opts.log.warn('leader lock lost', { lock: this.opts.key, reason, ...(error ? { error: error as Error } : {}) });
    await this.opts.onLost();
  }

  private async tick(): Promise<void> {
    if (this.stopped || !this.kv) return;
    const sentAt = Date.now();
    if (this.leading) {
      const term = this.term;
      try {
        const revision = await this.kv.update(this.opts.key, this.value(), this.revision);
        if (this.leading && this.term === term) {
          this.revision = revision;
          this.extendLease(sentAt);
          if (this.unanswered) this.opts.log.info('leader lock refreshed again', { lock: this.opts.key });
          this.unanswered = false;
        }
      } catch (err) {
        if (apiErrorCode(err) === WRONG_LAST_SEQUENCE) {
          await this.lose('the key is no longer ours (it expired, or another holder took it)', err);
        } else if (this.leading) {
          // No answer: keep the lease, try again; the lease timer gives the lock up in time.
          if (!this.unanswered) this.opts.log.warn('leader lock refresh failed; retrying while the lease lasts', { lock: this.opts.key, error: err as Error });
          this.unanswered = true;
        }
      }
    } else {
      this.term = randomUUID();
      try {
        this.revision = await this.kv.create(this.opts.key, this.value());
        if (this.stopped) {
          // Stopped while taking it: give it back at once rather than leave it to expire.
          await this.kv.delete(this.opts.key, { previousSeq: this.revision }).catch(() => undefined);
          return;
        }
        this.leading = true;
        this.unanswered = false;
        this.extendLease(sentAt);
        leaderGauge.set({ lock: this.opts.key }, 1);
        this.opts.log.info('leader lock acquired', { lock: this.opts.key, owner: this.opts.owner });
        await this.opts.onAcquired();
      } catch {
        // A standby's failed create is the normal case: someone else leads.
      }
    }
    this.schedule();
  }

  /** Stop refreshing; a leader deletes its key so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    if (this.leading && this.kv) {
      try {
        await this.kv.delete(this.opts.key, { previousSeq: this.revision });
      } catch {
        // Already taken or expired: nothing to release.
      }
      this.leading = false;
      leaderGauge.set({ lock: this.opts.key }, 0);
    }
  }
}

export interface LockWatcherOptions {
  nc: NatsConnection;
  bucket: string;
  key: string;
  /** How often the key is read. */
  intervalMs: number;
  log: Logger;
  /** A new leadership began (a different holder, or the same owner acquiring again); not called for the first one seen. */
  onNewHolder: (holder: LockHolder, previous: LockHolder) => void;
}

/**
 * Follows who holds another service's leader lock (the BBS follows the
 * auctioneer's), by reading the key every interval: the bucket is only bound
 * to, never created (its TTL is the holder's to choose). Reads that fail
 * (NATS away, the bucket not created yet) are tried again.
 */
export class LockWatcher {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private kv?: KV;
  private last?: LockHolder;
  private readonly decoder = new TextDecoder();

  constructor(private readonly opts: LockWatcherOptions) {}

  start(): void {
    void this.tick();
  }

  get holder(): LockHolder | undefined {
    return this.last;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      this.kv ??= await this.opts.nc.jetstream({ timeout: Math.max(250, this.opts.intervalMs) }).views.kv(this.opts.bucket, { bindOnly: true });
      const entry = await this.kv.get(this.opts.key);
      if (entry && entry.operation === 'PUT' && entry.value.length > 0) {
        const holder = JSON.parse(this.decoder.decode(entry.value)) as Partial<LockHolder>;
        // A holder of an older version writes no term: its owner stands in for it.
        const seen: LockHolder = { owner: String(holder.owner ?? ''), term: String(holder.term ?? holder.owner ?? ''), at: Number(holder.at ?? 0) };
        const previous = this.last;
        this.last = seen;
        if (previous && previous.term !== seen.term && !this.stopped) this.opts.onNewHolder(seen, previous);
      }
    } catch (err) {
      this.opts.log.debug('reading a leader lock failed; retrying', { bucket: this.opts.bucket, key: this.opts.key, error: err as Error });
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.opts.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
