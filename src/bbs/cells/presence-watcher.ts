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
//
// A cell silent for probeAfterMs (less than the lost timeout) is probed: a TCP
// connect to its rep address. A refused connection means nothing listens
// there — the rep's process died (kill -9, OOM, crash) on a host that is
// still up — and the cell is lost at once instead of at the lost timeout.
// Anything else (it connects: the process is alive, only slow or stopped; the
// connect times out: the host is unreachable) proves nothing, and the lost
// timeout decides as before. So a loaded cell is never lost earlier for it.
import net from 'node:net';
import type { NatsConnection, Subscription } from 'nats';
import type { Logger } from '../../common/log.ts';
import { counter, gauge } from '../../common/metrics.ts';
import type { CellPresence } from '../../common/models.ts';
import { subjects } from '../../common/nats.ts';
import { codec } from '../../common/proto.ts';
import { splitHostPort, unbracketed } from '../../common/net.ts';
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
  /** Cells that just left the live set (heartbeats stopped, goodbye, or their rep's port refused a connection). */
  onLost: (cells: CellPresence[], reason: 'heartbeat-timeout' | 'goodbye' | 'process-gone') => void;
  /** A cell lost earlier is heard again (it was only cut off, or restarted): its SUSPECT instances may be promoted back. */
  onReturned?: (cell: CellPresence) => void;
  /** Probe a cell's rep address after this long without a heartbeat (0: never; see the top of this file). */
  probeAfterMs?: number;
  /** The probe (tests): 'refused' when nothing listens there. Default: a TCP connect. */
  probe?: (repAddress: string) => Promise<ProbeOutcome>;
}

export type ProbeOutcome = 'refused' | 'open' | 'unknown';

/** How long a lost cell's return is worth telling (after that it is just a cell joining). */
const returnMemoryMs = 10 * 60_000;

/** How long a probe's connect may take; a slower one says nothing. */
const probeTimeoutMs = 500;

/** A TCP connect to host:port: 'refused' only for ECONNREFUSED (nothing listens). */
export function probeRepAddress(address: string): Promise<ProbeOutcome> {
  let host: string;
  let port: number;
  try {
    [host, port] = splitHostPort(address, 'rep_address');
  } catch {
    return Promise.resolve('unknown');
  }
  return new Promise((resolve) => {
    const sock = net.connect({ host: unbracketed(host), port });
    const done = (o: ProbeOutcome) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(o);
    };
    const timer = setTimeout(() => done('unknown'), probeTimeoutMs);
    sock.once('connect', () => done('open'));
    sock.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'refused' : 'unknown'));
  });
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
  /** Cells being probed now. */
  private readonly probing = new Set<string>();
  /** Cells this watcher judged lost, and when, so their return is told (forgotten after returnMemoryMs). */
  private readonly lostAt = new Map<string, number>();

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
      const wasLost = this.lostAt.delete(presence.cell_id);
      this.opts.log.info(wasLost ? 'cell returned' : 'cell joined', { cellId: presence.cell_id, repAddress: presence.rep_address, zone: presence.zone, cells: this.registry.size });
      if (wasLost) this.opts.onReturned?.(presence);
    }
  }

  private lost(cells: CellPresence[], reason: 'heartbeat-timeout' | 'goodbye' | 'process-gone'): void {
    const now = Date.now();
    for (const c of cells) this.lostAt.set(c.cell_id, now);
    for (const [id, at] of this.lostAt) if (now - at > returnMemoryMs) this.lostAt.delete(id);
    this.opts.onLost(cells, reason);
  }

  private onGoodbye(bytes: Uint8Array): void {
    const presence = this.decode(bytes);
    if (!presence) return;
    const was = this.registry.goodbye(presence, Date.now());
    if (!was) return;
    cellsGauge.set(this.registry.size);
    cellsLost.inc({ reason: 'goodbye' });
    this.opts.log.info('cell said goodbye', { cellId: presence.cell_id, cells: this.registry.size });
    this.lost([was], 'goodbye');
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
    this.probeSilent();
    if (lost.length === 0) return;
    cellsGauge.set(this.registry.size);
    cellsLost.inc({ reason: 'heartbeat-timeout' }, lost.length);
    this.opts.log.warn('cells lost: heartbeats stopped', { cellIds: lost.map((c) => c.cell_id), lostTimeoutMs: this.opts.lostTimeoutMs, cells: this.registry.size });
    this.lost(lost, 'heartbeat-timeout');
  }

  /** Probe the rep address of every cell silent for probeAfterMs (one probe per cell at a time). */
  private probeSilent(): void {
    const after = this.opts.probeAfterMs ?? 0;
    if (!(after > 0) || after >= this.opts.lostTimeoutMs) return;
    const probe = this.opts.probe ?? probeRepAddress;
    for (const { presence, lastSeen } of this.registry.silent(Date.now(), after)) {
      const id = presence.cell_id;
      if (!presence.rep_address || this.probing.has(id)) continue;
      this.probing.add(id);
      void probe(presence.rep_address).then((outcome) => {
        this.probing.delete(id);
        // Judged only while listening without a gap, and only if the cell is still unheard since.
        if (outcome !== 'refused' || this.stopped || !this.warm) return;
        const was = this.registry.gone(id, lastSeen, Date.now());
        if (!was) return;
        cellsGauge.set(this.registry.size);
        cellsLost.inc({ reason: 'process-gone' });
        this.opts.log.warn('cell lost: heartbeats stopped and nothing listens on its rep address', {
          cellId: id, repAddress: presence.rep_address, silentMs: Date.now() - lastSeen, cells: this.registry.size,
        });
        this.lost([was], 'process-gone');
      }, () => this.probing.delete(id));
    }
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const s of this.subs) s.unsubscribe();
  }
}
