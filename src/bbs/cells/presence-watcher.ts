// Cell presence over NATS: every cell's heartbeats (subjects.cellPresence) and
// goodbyes (subjects.cellGoodbye) feed the registry; a check loop finds cells
// whose heartbeats stopped. Runs on a standby BBS too, so a new leader already
// knows the live cells when it takes over.
import type { NatsConnection, Subscription } from 'nats';
import type { Logger } from '../../common/log.ts';
import { counter, gauge } from '../../common/metrics.ts';
import type { CellPresence } from '../../common/models.ts';
import { subjects } from '../../common/nats.ts';
import { codec } from '../../common/proto.ts';
import { CellRegistry } from './registry.ts';

const cellsGauge = gauge('gantry_bbs_cells', 'Live cells known to the BBS');
const cellsLost = counter('gantry_bbs_cells_lost_total', 'Cells lost, by reason', ['reason']);
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
  /** When watching began: the live set is complete once a lost timeout has passed since. */
  readonly startedAt = Date.now();
  private readonly subs: Subscription[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly opts: PresenceWatcherOptions) {
    this.registry = new CellRegistry(opts.lostTimeoutMs);
    this.subs.push(opts.nc.subscribe(subjects.cellPresence, { callback: (err, msg) => !err && this.onHeartbeat(msg.data) }));
    this.subs.push(opts.nc.subscribe(subjects.cellGoodbye, { callback: (err, msg) => !err && this.onGoodbye(msg.data) }));
    this.timer = setInterval(() => this.check(), opts.checkIntervalMs);
    this.timer.unref();
  }

  /** True once the watcher has listened for a whole lost timeout. */
  get warm(): boolean {
    return Date.now() - this.startedAt >= this.opts.lostTimeoutMs;
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
    const lost = this.registry.expire(Date.now());
    if (lost.length === 0) return;
    cellsGauge.set(this.registry.size);
    cellsLost.inc({ reason: 'heartbeat-timeout' }, lost.length);
    this.opts.log.warn('cells lost: heartbeats stopped', { cellIds: lost.map((c) => c.cell_id), lostTimeoutMs: this.opts.lostTimeoutMs, cells: this.registry.size });
    this.opts.onLost(lost, 'heartbeat-timeout');
  }

  stop(): void {
    clearInterval(this.timer);
    for (const s of this.subs) s.unsubscribe();
  }
}
