// The cells the auctioneer can auction to: learned from the presence
// heartbeats cells publish on NATS, dropped when a cell says goodbye or is not
// heard from for a while. One gRPC client per cell, kept while the cell lives,
// so each batch reuses the connection.
import * as grpc from '@grpc/grpc-js';
import type { NatsConnection, Subscription } from 'nats';
import { channelOptions, callUnary } from '../common/grpc.ts';
import type { Logger } from '../common/log.ts';
import type { CellPresence } from '../common/models.ts';
import { subjects } from '../common/nats.ts';
import { codec, repProto } from '../common/proto.ts';
import { clientCredentials, type Tls } from '../common/tls.ts';
import type { RepClient } from '../generated/gantry/rep/Rep.ts';
import type { StateAnswer } from './auction-engine.ts';
import { cellStateFailures, fetchStatesDuration, liveCells } from './metrics.ts';

/**
 * On a busy machine the event loop may be held for a second or more (a burst
 * of State answers to read); a keepalive ping answered meanwhile must not
 * count as lost and tear the channel down.
 */
const repChannelOptions: grpc.ChannelOptions = { ...channelOptions, 'grpc.keepalive_timeout_ms': 20_000 };

let repClientConstructor: grpc.ServiceClientConstructor | undefined;
/** The generated Rep client, except that State answers arrive as bytes (decoded by the auction engine). */
function RepStateClient(): grpc.ServiceClientConstructor {
  if (repClientConstructor) return repClientConstructor;
  const base = repProto().gantry.rep.Rep.service;
  const definition = { ...base, State: { ...base.State, responseDeserialize: (bytes: Buffer) => bytes } };
  return (repClientConstructor = grpc.makeGenericClientConstructor(definition, 'Rep'));
}

export interface LiveCell {
  cellId: string;
  address: string;
  presence: CellPresence;
  /** Unix ms of the last heartbeat heard. */
  lastSeen: number;
  client: RepClient;
}

export interface CellRegistryOptions {
  nc: NatsConnection;
  log: Logger;
  /** A cell not heard from for this long is dropped. */
  cellTimeoutMs: number;
  /** How often to look for silent cells; default a quarter of the timeout. */
  sweepIntervalMs?: number;
  /** Mutual TLS to the cells' reps; plaintext without. */
  tls?: Tls;
}

export class CellRegistry implements CellSource {
  private readonly cells = new Map<string, LiveCell>();
  private readonly presenceCodec = codec<CellPresence>('gantry.models.CellPresence');
  private subs: Subscription[] = [];
  private sweepTimer?: NodeJS.Timeout;
  private lastSweep = 0;
  private readonly sweepIntervalMs: number;
  private readonly Rep = RepStateClient();
  /** One TLS context shared by every cell's channel, not one per cell. */
  private readonly credentials: grpc.ChannelCredentials;

  constructor(private readonly opts: CellRegistryOptions) {
    this.credentials = clientCredentials(opts.tls);
    this.sweepIntervalMs = opts.sweepIntervalMs ?? Math.max(100, Math.floor(opts.cellTimeoutMs / 4));
  }

  start(): void {
    const { nc, log } = this.opts;
    const handle = (goodbye: boolean) => (err: Error | null, msg: { data: Uint8Array }) => {
      if (err) return log.warn('presence subscription error', { error: err });
      let presence: CellPresence;
      try {
        presence = this.presenceCodec.decode(msg.data);
      } catch (e) {
        return log.warn('undecodable cell presence', { error: e as Error, goodbye });
      }
      if (goodbye) this.forget(presence.cell_id, 'goodbye');
      else this.observe(presence, Date.now());
    };
    this.subs = [
      nc.subscribe(subjects.cellPresence, { callback: handle(false) }),
      nc.subscribe(subjects.cellGoodbye, { callback: handle(true) }),
    ];
    this.lastSweep = Date.now();
    this.sweepTimer = setInterval(() => this.sweep(Date.now()), this.sweepIntervalMs);
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const cell of this.cells.values()) cell.client.close();
    this.cells.clear();
    liveCells.set(0);
  }

  /** A heartbeat: a new cell joins; a known one is refreshed (and reconnected if its address moved). */
  observe(presence: CellPresence, now: number): void {
    const { cell_id: cellId, rep_address: address } = presence;
    if (!cellId || !address) return this.opts.log.warn('cell presence without id or address', { cellId, address });
    const known = this.cells.get(cellId);
    if (known && known.address === address) {
      known.presence = presence;
      known.lastSeen = now;
      return;
    }
    if (known) known.client.close();
    const client = new this.Rep(address, this.credentials, repChannelOptions) as unknown as RepClient;
    // Connect now, so the first batch that needs this cell does not wait for the handshake.
    client.getChannel().getConnectivityState(true);
    this.cells.set(cellId, { cellId, address, presence, lastSeen: now, client });
    liveCells.set(this.cells.size);
    this.opts.log.info(known ? 'cell moved' : 'cell joined', { cellId, address, zone: presence.zone, cells: this.cells.size });
  }

  /**
   * The cell answered the auctioneer directly (State): as good as a
   * heartbeat. Keeps a busy cell whose heartbeats are late from being dropped
   * while it plainly answers.
   */
  heardFrom(cell: LiveCell, now: number): void {
    const known = this.cells.get(cell.cellId);
    if (known === cell && now > known.lastSeen) known.lastSeen = now;
  }

  forget(cellId: string, why: string): void {
    const cell = this.cells.get(cellId);
    if (!cell) return;
    cell.client.close();
    this.cells.delete(cellId);
    liveCells.set(this.cells.size);
    this.opts.log.info('cell left', { cellId, why, cells: this.cells.size });
  }

  /** Drops cells silent for longer than the timeout. */
  sweep(now: number): void {
    const sinceLast = now - this.lastSweep;
    this.lastSweep = now;
    // After the event loop was held (a long auction), heartbeats that arrived
    // meanwhile are still unread: judge silence only on the next sweep.
    if (sinceLast > this.sweepIntervalMs * 2 + 100) return;
    for (const cell of [...this.cells.values()]) {
      if (now - cell.lastSeen > this.opts.cellTimeoutMs) this.forget(cell.cellId, `no heartbeat for ${now - cell.lastSeen} ms`);
    }
  }

  live(): LiveCell[] {
    return [...this.cells.values()];
  }

  get(cellId: string): LiveCell | undefined {
    return this.cells.get(cellId);
  }

  get size(): number {
    return this.cells.size;
  }
}

export interface FetchedStates {
  /** The answers, still encoded: the auction engine decodes them where it runs. */
  answers: StateAnswer[];
  /** Cells that did not answer in time (left out of this batch), with why. */
  failed: { cellId: string; error: string }[];
  durationMs: number;
}

/** Where the runner finds cells: the registry, or anything that acts like it. */
export interface CellSource {
  live(): LiveCell[];
  get(cellId: string): LiveCell | undefined;
  heardFrom(cell: LiveCell, now: number): void;
}

/** Every cell's State, in parallel; a cell that errs or times out is left out. */
export async function fetchStates(cells: readonly LiveCell[], timeoutMs: number, onAnswer?: (cell: LiveCell) => void): Promise<FetchedStates> {
  const start = performance.now();
  const results = await Promise.allSettled(
    cells.map(async (cell) => {
      const bytes = await callUnary<RepClient, 'State', Buffer>(cell.client, 'State', {}, { deadlineMs: timeoutMs });
      onAnswer?.(cell);
      return bytes;
    }),
  );
  const answers: StateAnswer[] = [];
  const failed: FetchedStates['failed'] = [];
  results.forEach((result, i) => {
    const cellId = cells[i]!.cellId;
    if (result.status === 'fulfilled') return void answers.push({ cellId, bytes: result.value });
    cellStateFailures.inc();
    failed.push({ cellId, error: (result.reason as Error)?.message ?? String(result.reason) });
  });
  const durationMs = performance.now() - start;
  fetchStatesDuration.observe(durationMs / 1000);
  return { answers, failed, durationMs };
}
