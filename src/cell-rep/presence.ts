// The cell's presence: a CellPresence on NATS every heartbeat interval, so the
// BBS and the auctioneer know the cell is alive, where its rep listens and what
// it offers; and one goodbye on a clean shutdown, so they need not wait for the
// heartbeats to stop.
import type { NatsConnection } from 'nats';
import { codec } from '../common/proto.ts';
import { subjects } from '../common/nats.ts';
import { counter, histogram } from '../common/metrics.ts';
import type { Logger } from '../common/log.ts';
import type { CellPresence } from '../common/models.ts';

const presenceCodec = codec<CellPresence>('gantry.models.CellPresence');
const heartbeats = counter('gantry_cell_heartbeats_total', 'CellPresence heartbeats published, by outcome', ['outcome']);
const heartbeatSeconds = histogram('gantry_cell_heartbeat_duration_seconds', 'Time to build and publish one heartbeat', [], [0.0001, 0.001, 0.01, 0.1, 1]);

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
}

export class PresenceHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private beats = 0;

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
    } catch (err) {
      heartbeats.inc({ outcome: 'error' });
      this.opts.log.warn('heartbeat failed', { error: err as Error });
    } finally {
      end();
    }
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
