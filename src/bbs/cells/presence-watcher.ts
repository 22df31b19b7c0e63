// Cell presence over NATS: every cell's heartbeats (subjects.cellPresence) and
// goodbyes (subjects.cellGoodbye) feed the registry; a check loop finds cells
// whose heartbeats stopped. Runs on a standby BBS too, so a new leader already
// knows the live cells when it takes over.
//
// Silence is only evidence while this BBS was listening. After any gap in
// listening — the process starting, NATS disconnected, the event loop blocked
// long enough that heartbeats sit unread — no cell is judged lost until
// heartbeats have been heard for a whole lost timeout again ("warm"), and
// convergence waits for that too. Otherwise one long GC pause would make
// every cell look lost at once.
import type { NatsConnection, Subscription } from 'nats';
import type { Logger } from '../../common/log.ts';
import { counter, gauge } from '../../common/metrics.ts';
import type { CellPresence } from '../../common/models.ts';
import { subjects } from '../../common/nats.ts';
import { codec } from '../../common/proto.ts';
import { CellRegistry } from './registry.ts';

const cellsGauge = gauge('gantry_bbs_cells', 'Live cells known to the BBS');
const cellsLost = counter('gantry_bbs_cells_lost_total', 'Cells lost, by reason', ['reason']);
const listeningGaps = counter('gantry_bbs_presence_gaps_total', 'Gaps in listening to cell heartbeats (NATS disconnected, event loop blocked)', ['reason']);
const presenceCodec = codec<CellPresence>('gantry.models.CellPresence');

export interface PresenceWatcherOptions {
  nc: NatsConnection;
  lostTimeoutMs: number;
  /** How often heartbeats are checked for staleness. */
  checkIntervalMs: number;
  log: Logger;
  /** Cells that just left the live set (heartbeats stopped, or goodbye). */
  onLost: (cells: CellPresence[], reason: 'heartbeat-timeout' | 'goodbye') => void;
}

export class PresenceWatcher {
  readonly registry: CellRegistry;
  private readonly subs: Subscription[] = [];
  private readonly timer: NodeJS.Timeout;
  /** Start of the current uninterrupted stretch of listening. */
  private listeningSince = Date.now();
  private connected = true;
  private lastCheck = performance.now();
  private stopped = false;

  constructor(private readonly opts: PresenceWatcherOptions) {
    this.registry = new CellRegistry(opts.lostTimeoutMs);
    this.subs.push(opts.nc.subscribe(subjects.cellPresence, { callback: (err, msg) => !err && this.onHeartbeat(msg.data) }));
    this.subs.push(opts.nc.subscribe(subjects.cellGoodbye, { callback: (err, msg) => !err && this.onGoodbye(msg.data) }));
    this.timer = setInterval(() => this.check(), opts.checkIntervalMs);
    this.timer.unref();
    void (async () => {
      for await (const s of opts.nc.status()) {
        if (this.stopped) break;
        if (s.type === 'disconnect') this.connected = false;
        else if (s.type === 'reconnect') {
          this.connected = true;
          this.gap('NATS reconnected');
        }
      }
    })();
  }

  /** Milliseconds until the live set is complete again: 0 when warm, Infinity while NATS is disconnected. */
  warmIn(now = Date.now()): number {
    if (!this.connected) return Infinity;
    return Math.max(0, this.listeningSince + this.opts.lostTimeoutMs - now);
  }

  /** True when heartbeats have been heard without a gap for a whole lost timeout. */
  get warm(): boolean {
    return this.warmIn() === 0;
  }

  private gap(reason: string): void {
    this.listeningSince = Date.now();
    listeningGaps.inc({ reason: reason.split(' ')[0]! });
    this.opts.log.info('gap in listening to cell heartbeats: no cell is judged lost until they were heard for a whole lost timeout', {
      reason, lostTimeoutMs: this.opts.lostTimeoutMs,
    });
  }

  private decode(bytes: Uint8Array): CellPresence | undefined {
    try {
      return presenceCodec.decode(bytes);
    } catch (err) {
      this.opts.log.warn('undecodable cell presence ignored', { error: err as Error });
      return undefined;
    }
  }

  private onHeartbeat(bytes: Uint8Array): void {
    const presence = this.decode(bytes);
    if (!presence) return;
    const result = this.registry.heartbeat(presence, Date.now());
    if (result === 'new') {
      cellsGauge.set(this.registry.size);
      this.opts.log.info('cell joined', { cellId: presence.cell_id, repAddress: presence.rep_address, zone: presence.zone, cells: this.registry.size });
    }
  }

  private onGoodbye(bytes: Uint8Array): void {
    const presence = this.decode(bytes);
    if (!presence) return;
    const was = this.registry.goodbye(presence, Date.now());
    if (!was) return;
    cellsGauge.set(this.registry.size);
    cellsLost.inc({ reason: 'goodbye' });
    this.opts.log.info('cell said goodbye', { cellId: presence.cell_id, cells: this.registry.size });
    this.opts.onLost([was], 'goodbye');
  }

  /** Expire cells whose heartbeats stopped (also run by tests directly). */
  check(): void {
    const mono = performance.now();
    const lateMs = mono - this.lastCheck - this.opts.checkIntervalMs;
    this.lastCheck = mono;
    // Heartbeats that arrived while the loop was blocked are still unread: do not judge now.
    if (lateMs > this.opts.lostTimeoutMs / 4) this.gap(`event loop blocked ${Math.round(lateMs)} ms`);
    if (!this.warm) return;
    const lost = this.registry.expire(Date.now());
    if (lost.length === 0) return;
    cellsGauge.set(this.registry.size);
    cellsLost.inc({ reason: 'heartbeat-timeout' }, lost.length);
    this.opts.log.warn('cells lost: heartbeats stopped', { cellIds: lost.map((c) => c.cell_id), lostTimeoutMs: this.opts.lostTimeoutMs, cells: this.registry.size });
    this.opts.onLost(lost, 'heartbeat-timeout');
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const s of this.subs) s.unsubscribe();
  }
}
