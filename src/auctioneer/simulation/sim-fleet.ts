// Many simulated reps spread over a few child processes, so a thousand cells
// (a thousand gRPC servers on loopback ports, one per cell, as real cells
// would be) do not share one event loop with the auctioneer they serve. One
// server per cell is the honest model: every State and Perform is its own
// connection and call, as against real cells.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TlsFiles } from '../../common/tls.ts';
import type { CellState } from '../auction/index.ts';
import type { SimBehaviour } from './sim-rep.ts';
import type { SimCellSpec } from './sim-cell.ts';

export type FleetRequest =
  | { type: 'start'; natsUrl: string; tls?: TlsFiles; specs: SimCellSpec[]; heartbeatIntervalMs: number; behaviours?: (SimBehaviour | undefined)[] }
  | { type: 'snapshot' }
  | { type: 'stop'; goodbye: boolean };

export type FleetReply =
  | { type: 'started'; addresses: string[] }
  | { type: 'snapshot'; cells: CellState[]; performs: number; stateCalls: number; cpuMs: number }
  | { type: 'stopped' }
  | { type: 'error'; message: string };

export interface SimFleetOptions {
  natsUrl: string;
  /** Mutual TLS for the fleet's NATS connections and reps' servers (each child reads the files); plaintext without. */
  tls?: TlsFiles;
  specs: readonly SimCellSpec[];
  /** Child processes to spread the cells over. */
  processes: number;
  heartbeatIntervalMs: number;
  behaviourOf?: (spec: SimCellSpec, i: number) => SimBehaviour | undefined;
}

export interface FleetSnapshot {
  cells: CellState[];
  performs: number;
  stateCalls: number;
  /** CPU time the child processes have used since they started. */
  cpuMs: number;
}

const childEntry = fileURLToPath(new URL('./sim-fleet-child.ts', import.meta.url));

class FleetChild {
  private waiting: ((reply: FleetReply) => void)[] = [];
  constructor(readonly process: ChildProcess) {
    process.on('message', (msg: FleetReply) => this.waiting.shift()?.(msg));
    process.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w({ type: 'error', message: `simulated rep process exited with ${code}` });
    });
  }

  /** One request, one reply, in order. */
  ask(req: FleetRequest): Promise<FleetReply> {
    return new Promise((resolve, reject) => {
      this.waiting.push((reply) => (reply.type === 'error' ? reject(new Error(reply.message)) : resolve(reply)));
      this.process.send(req);
    });
  }
}

export class SimFleet {
  private constructor(private readonly children: FleetChild[]) {}

  static async start(opts: SimFleetOptions): Promise<SimFleet> {
    const n = Math.max(1, Math.min(opts.processes, opts.specs.length));
    const children = Array.from({ length: n }, () => new FleetChild(fork(childEntry, [], { execArgv: ['--import', 'tsx'] })));
    const fleet = new SimFleet(children);
    try {
      await Promise.all(
        children.map((child, c) => {
          // Cell i goes to child i mod n, so each child holds cells of every zone and shape.
          const idx = opts.specs.map((_, i) => i).filter((i) => i % n === c);
          return child.ask({
            type: 'start',
            natsUrl: opts.natsUrl,
            tls: opts.tls,
            specs: idx.map((i) => opts.specs[i]!),
            heartbeatIntervalMs: opts.heartbeatIntervalMs,
            behaviours: opts.behaviourOf ? idx.map((i) => opts.behaviourOf!(opts.specs[i]!, i)) : undefined,
          });
        }),
      );
    } catch (err) {
      await fleet.stop(false);
      throw err;
    }
    return fleet;
  }

  /** What every cell holds now. */
  async snapshot(): Promise<FleetSnapshot> {
    const replies = (await Promise.all(this.children.map((c) => c.ask({ type: 'snapshot' })))) as Extract<FleetReply, { type: 'snapshot' }>[];
    return {
      cells: replies.flatMap((r) => r.cells),
      performs: replies.reduce((n, r) => n + r.performs, 0),
      stateCalls: replies.reduce((n, r) => n + r.stateCalls, 0),
      cpuMs: replies.reduce((n, r) => n + r.cpuMs, 0),
    };
  }

  async stop(goodbye = true): Promise<void> {
    await Promise.all(
      this.children.map(async (c) => {
        if (c.process.exitCode !== null || !c.process.connected) return;
        const exited = new Promise<void>((r) => c.process.once('exit', () => r()));
        const force = setTimeout(() => c.process.kill('SIGKILL'), 10_000);
        await c.ask({ type: 'stop', goodbye }).catch(() => undefined);
        await exited;
        clearTimeout(force);
      }),
    );
  }
}
