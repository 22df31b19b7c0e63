// A leader lock held in a JetStream KV key. The bucket's max age is the lock's
// TTL: the holder rewrites the key well inside it (compare-and-set on the
// revision it holds), so a dead holder's key expires and a standby's create()
// succeeds. Server time decides expiry, so clocks of the hosts do not matter.
import type { KV, NatsConnection } from 'nats';
import type { Logger } from './log.ts';
import { gauge } from './metrics.ts';

const leaderGauge = gauge('gantry_leader', '1 while this process holds its leader lock', ['lock']);

export interface LeaderLockOptions {
  nc: NatsConnection;
  /** Bucket per lock TTL, e.g. "gantry-locks-bbs". */
  bucket: string;
  key: string;
  owner: string;
  ttlMs: number;
  /** How often a standby retries and the leader refreshes; default ttl/3. */
  retryIntervalMs?: number;
  log: Logger;
  onAcquired: () => void | Promise<void>;
  /** The lock was lost (refresh failed); the process must stop acting as leader. */
  onLost: () => void | Promise<void>;
}

export class LeaderLock {
  private kv?: KV;
  private revision = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private leading = false;
  private readonly interval: number;
  private readonly encoder = new TextEncoder();

  constructor(private readonly opts: LeaderLockOptions) {
    this.interval = opts.retryIntervalMs ?? Math.max(100, Math.floor(opts.ttlMs / 3));
  }

  get isLeader(): boolean {
    return this.leading;
  }

  async start(): Promise<void> {
    const js = this.opts.nc.jetstream();
    this.kv = await js.views.kv(this.opts.bucket, { ttl: this.opts.ttlMs, history: 1 });
    await this.tick();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.interval);
  }

  private async tick(): Promise<void> {
    if (this.stopped || !this.kv) return;
    const value = this.encoder.encode(JSON.stringify({ owner: this.opts.owner, at: Date.now() }));
    try {
      if (this.leading) {
        this.revision = await this.kv.update(this.opts.key, value, this.revision);
      } else {
        this.revision = await this.kv.create(this.opts.key, value);
        this.leading = true;
        leaderGauge.set({ lock: this.opts.key }, 1);
        this.opts.log.info('leader lock acquired', { lock: this.opts.key, owner: this.opts.owner });
        await this.opts.onAcquired();
      }
    } catch (err) {
      if (this.leading) {
        this.leading = false;
        leaderGauge.set({ lock: this.opts.key }, 0);
        this.opts.log.warn('leader lock lost', { lock: this.opts.key, error: err as Error });
        await this.opts.onLost();
      }
      // A standby's failed create is the normal case: someone else leads.
    }
    this.schedule();
  }

  /** Stop refreshing; a leader deletes its key so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
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
