// A simulated rep: one in-memory cell behind the REAL rep gRPC contract
// (State, Perform, StopLRPInstance, CancelTask) on its own loopback port,
// announcing itself with presence heartbeats on NATS like a real cell. It
// holds resources only and never calls the BBS, so an auctioneer run against
// simulated reps measures the auctioneer. Optional misbehaviour: slowness
// (delays on State and Perform), refusing a fraction of the work, or never
// answering State.
import type * as grpc from '@grpc/grpc-js';
import type { NatsConnection } from 'nats';
import { unavailable } from '../../common/errors.ts';
import { startServer, unary, type ServerHandle } from '../../common/grpc.ts';
import type { Logger } from '../../common/log.ts';
import type { CellPresence } from '../../common/models.ts';
import { subjects } from '../../common/nats.ts';
import { codec, repProto } from '../../common/proto.ts';
import type { RepHandlers } from '../../generated/gantry/rep/Rep.ts';
import type { Work__Output } from '../../generated/gantry/rep/Work.ts';
import type { CellState } from '../../generated/gantry/rep/CellState.ts';
import type { StopLRPInstanceRequest__Output } from '../../generated/gantry/rep/StopLRPInstanceRequest.ts';
import type { CancelTaskRequest__Output } from '../../generated/gantry/rep/CancelTaskRequest.ts';
import { seededRandom } from './scenarios.ts';
import { SimCell, type SimCellSpec } from './sim-cell.ts';
import { ENCODED, type PreEncoded } from './sim-wire.ts';

export const REP_SERVICE_NAME = 'gantry.rep.Rep';

export interface SimBehaviour {
  /** Delay before answering State (ms). */
  stateDelayMs?: number;
  /** Delay before reserving the work of a Perform (ms). */
  performDelayMs?: number;
  /** Fraction (0..1) of the work offered at Perform that the cell refuses even when it fits. */
  refuseFraction?: number;
  /** State never answers (the caller's deadline runs out): a hung rep. */
  unresponsive?: boolean;
  /** Seed of the refusal draws, so a run can be repeated. */
  seed?: number;
}

export interface SimRepOptions {
  spec: SimCellSpec;
  nc: NatsConnection;
  log: Logger;
  /** Presence heartbeat interval (ms); 0 publishes none (the caller heartbeats). */
  heartbeatIntervalMs: number;
  behaviour?: SimBehaviour;
  host?: string;
  /** The reps' server credentials (mutual TLS, shared by every rep); plaintext without. */
  credentials?: grpc.ServerCredentials;
}

const presenceCodec = codec<CellPresence>('gantry.models.CellPresence');

let service: grpc.ServiceDefinition | undefined;
/** The rep service as generated, except that State passes pre-encoded answers through (see sim-wire.ts). */
function simRepService(): grpc.ServiceDefinition {
  if (service) return service;
  const base = repProto().gantry.rep.Rep.service;
  const state = base.State;
  service = {
    ...base,
    State: { ...state, responseSerialize: (value: unknown) => (value as Partial<PreEncoded>)[ENCODED] ?? state.responseSerialize(value as never) },
  };
  return service;
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class SimRep {
  readonly cell: SimCell;
  private server?: ServerHandle;
  private timer?: NodeJS.Timeout;
  private readonly hung = new Set<() => void>();
  private readonly random: () => number;
  private stopped = false;
  address = '';
  performs = 0;
  stateCalls = 0;

  constructor(private readonly opts: SimRepOptions) {
    this.cell = new SimCell(opts.spec);
    this.random = seededRandom(opts.behaviour?.seed ?? hash(opts.spec.cellId));
  }

  get cellId(): string {
    return this.opts.spec.cellId;
  }

  get behaviour(): SimBehaviour {
    return this.opts.behaviour ?? {};
  }

  /** Change misbehaviour while running (tests). */
  setBehaviour(behaviour: SimBehaviour): void {
    this.opts.behaviour = behaviour;
  }

  async start(): Promise<void> {
    const log = this.opts.log;
    const handlers: RepHandlers = {
      State: unary(REP_SERVICE_NAME, 'State', log, async () => {
        this.stateCalls++;
        const b = this.behaviour;
        if (b.unresponsive) await this.hang();
        if (b.stateDelayMs) await sleep(b.stateDelayMs);
        const answer: PreEncoded = { [ENCODED]: this.cell.encodedState(Date.now(), this.address) };
        return answer as unknown as CellState;
      }),
      Perform: unary(REP_SERVICE_NAME, 'Perform', log, async (work: Work__Output) => {
        this.performs++;
        const b = this.behaviour;
        if (b.performDelayMs) await sleep(b.performDelayMs);
        const fraction = b.refuseFraction ?? 0;
        // The whole reservation happens in this one synchronous call: atomic.
        return this.cell.perform(work, Date.now(), fraction > 0 ? () => this.random() < fraction : undefined);
      }),
      StopLRPInstance: unary(REP_SERVICE_NAME, 'StopLRPInstance', log, (req: StopLRPInstanceRequest__Output) => {
        if (req.key) this.cell.stopLRP(req.key.process_guid, req.key.index, req.instance_key?.instance_guid ?? '');
        return {};
      }),
      CancelTask: unary(REP_SERVICE_NAME, 'CancelTask', log, (req: CancelTaskRequest__Output) => {
        this.cell.cancelTask(req.task_guid);
        return {};
      }),
    };
    const host = this.opts.host ?? '127.0.0.1';
    this.server = await startServer({
      address: `${host}:0`,
      services: [[simRepService(), handlers]],
      healthNames: [REP_SERVICE_NAME],
      credentials: this.opts.credentials,
    });
    this.server.setServing(true);
    this.address = `${host}:${this.server.port}`;
    if (this.opts.heartbeatIntervalMs > 0) {
      this.heartbeat();
      this.timer = setInterval(() => this.heartbeat(), this.opts.heartbeatIntervalMs);
    }
  }

  private hang(): Promise<never> {
    return new Promise((_, reject) => {
      const release = () => reject(unavailable('simulated rep stopped'));
      this.hung.add(release);
    });
  }

  presence(): CellPresence {
    const s = this.opts.spec;
    return {
      cell_id: s.cellId,
      rep_address: this.address,
      zone: s.zone,
      capacity: { memory_mb: s.capacity.memoryMb, disk_mb: s.capacity.diskMb, containers: s.capacity.containers, pids: s.capacity.pids },
      stacks: s.stacks,
      placement_tags: s.placementTags ?? [],
      optional_placement_tags: s.optionalPlacementTags ?? [],
      evacuating: this.cell.evacuating,
      sent_at: Date.now(),
    };
  }

  /** Publishes one presence heartbeat now. */
  heartbeat(): void {
    if (this.stopped || this.opts.nc.isClosed()) return;
    this.opts.nc.publish(subjects.cellPresence, presenceCodec.encode(this.presence()));
  }

  /** Stops heartbeating (the cell goes silent but keeps serving): a cell the auctioneer should drop. */
  silence(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops serving; with `goodbye`, says so on NATS first as a cleanly stopping cell does. */
  async stop(goodbye = true): Promise<void> {
    if (this.stopped) return;
    this.silence();
    if (goodbye && !this.opts.nc.isClosed()) this.opts.nc.publish(subjects.cellGoodbye, presenceCodec.encode(this.presence()));
    this.stopped = true;
    for (const release of this.hung) release();
    this.hung.clear();
    await this.server?.stop(500);
  }
}

/** A stable seed from a cell id. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Starts many simulated reps in this process, sharing one NATS connection. */
export async function startSimReps(
  specs: readonly SimCellSpec[],
  common: Omit<SimRepOptions, 'spec' | 'behaviour'>,
  behaviourOf: (spec: SimCellSpec, i: number) => SimBehaviour | undefined = () => undefined,
): Promise<SimRep[]> {
  const reps: SimRep[] = [];
  try {
    for (let i = 0; i < specs.length; i++) {
      const rep = new SimRep({ ...common, spec: specs[i]!, behaviour: behaviourOf(specs[i]!, i) });
      await rep.start();
      reps.push(rep);
    }
  } catch (err) {
    await Promise.all(reps.map((r) => r.stop(false)));
    throw err;
  }
  return reps;
}
