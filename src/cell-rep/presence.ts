// The cell's presence: a CellPresence on NATS every heartbeat interval, so the
// BBS and the auctioneer know the cell is alive, where its rep listens and what
// it offers; and one goodbye on a clean shutdown, so they need not wait for the
// heartbeats to stop.
//
// Each beat also confirms the connection (a NATS round trip, never more than
// one at a time). A confirmation that comes long after the previous one means
// the cell was cut off — its process stopped (SIGSTOP, a VM paused), its link
// down, NATS away — so the BBS may have judged it lost and moved its
// instances: onGap tells the cell to check at once (a sync pass) rather than
// at its next periodic sync.
import type { NatsConnection } from 'nats';
import { codec } from '../common/proto.ts';
import { subjects } from '../common/nats.ts';
import { counter, histogram } from '../common/metrics.ts';
import type { Logger } from '../common/log.ts';
import type { CellPresence } from '../common/models.ts';

const presenceCodec = codec<CellPresence>('gantry.models.CellPresence');
const heartbeats = counter('gantry_cell_heartbeats_total', 'CellPresence heartbeats published, by outcome', ['outcome']);
const heartbeatSeconds = histogram('gantry_cell_heartbeat_duration_seconds', 'Time to build and publish one heartbeat', [], [0.0001, 0.001, 0.01, 0.1, 1]);
const presenceGaps = counter('gantry_cell_presence_gaps_total', 'Times the cell found it had been cut off from NATS (or stopped) for longer than its gap threshold');

/** A gap of at least this many heartbeat intervals (and at least minGapMs) between two confirmed beats is a cut-off. */
export const gapIntervals = 3;
export const minGapMs = 1500;

export function encodePresence(p: CellPresence): Uint8Array {
  return presenceCodec.encode(p);
}

export function decodePresence(bytes: Uint8Array): CellPresence {
  return presenceCodec.decode(bytes);
}

export interface PresenceOptions {
  nc: NatsConnection;
  intervalMs: number;
  /** The presence as of now (capacity, evacuating...). */
  snapshot: () => CellPresence;
  log: Logger;
  /** The connection came back after a gap of gapMs without a confirmed beat (see the top of this file). */
  onGap?: (gapMs: number) => void;
  /** The shortest gap reported (default: gapIntervals heartbeat intervals, at least minGapMs). */
  gapThresholdMs?: number;
}

export class PresenceHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private beats = 0;
  /** When the last round trip to NATS completed (performance.now()), and whether one is under way. */
  private confirmedAt = performance.now();
  private confirming = false;

  constructor(private readonly opts: PresenceOptions) {
    if (!(opts.intervalMs > 0)) throw new Error(`heartbeat interval must be > 0 ms, got ${opts.intervalMs}`);
  }

  start(): void {
    if (this.timer) return;
    this.beat();
    this.timer = setInterval(() => this.beat(), this.opts.intervalMs);
    this.opts.log.info('presence heartbeats started', { intervalMs: this.opts.intervalMs, subject: subjects.cellPresence });
  }

  /** Publish at once (e.g. when the cell starts evacuating), besides the regular beat. */
  beat(): void {
    const end = heartbeatSeconds.startTimer();
    try {
      if (this.opts.nc.isClosed()) throw new Error('NATS connection closed');
      this.opts.nc.publish(subjects.cellPresence, encodePresence({ ...this.opts.snapshot(), sent_at: Date.now() }));
      heartbeats.inc({ outcome: 'ok' });
      this.beats++;
      this.opts.log.debug('heartbeat', { n: this.beats });
      this.confirm();
    } catch (err) {
      heartbeats.inc({ outcome: 'error' });
      this.opts.log.warn('heartbeat failed', { error: err as Error });
    } finally {
      end();
    }
  }

  /** A round trip to NATS after the beat; a late one (after a gap) is reported. */
  private confirm(): void {
    if (this.confirming || !this.opts.onGap) return;
    this.confirming = true;
    this.opts.nc.flush().then(
      () => {
        this.confirming = false;
        const now = performance.now();
        const gap = now - this.confirmedAt;
        this.confirmedAt = now;
        if (gap >= (this.opts.gapThresholdMs ?? Math.max(gapIntervals * this.opts.intervalMs, minGapMs)) && this.timer) {
          presenceGaps.inc();
          this.opts.log.warn('cut off from NATS (or stopped) for a while: the BBS may have moved this cell\'s instances', { gapMs: Math.round(gap) });
          this.opts.onGap?.(Math.round(gap));
        }
      },
      () => {
        // Closed or disconnected: the next beat tries again; the gap keeps growing until one gets through.
        this.confirming = false;
      },
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stop beating and say goodbye once; flushes so the message leaves before the connection closes. */
  async goodbye(): Promise<void> {
    this.stop();
    if (this.opts.nc.isClosed()) return;
    try {
      this.opts.nc.publish(subjects.cellGoodbye, encodePresence({ ...this.opts.snapshot(), sent_at: Date.now() }));
      await this.opts.nc.flush();
      this.opts.log.info('said goodbye', { subject: subjects.cellGoodbye });
    } catch (err) {
      this.opts.log.warn('goodbye failed', { error: err as Error });
    }
  }
}
