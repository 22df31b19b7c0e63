// Where a batch's auction runs. The algorithm is synchronous and, with a
// thousand cells and thousands of pieces of work, takes a good fraction of a
// second of CPU (several seconds on a busy machine). Run on the service's
// event loop it would hold up everything else meanwhile: heartbeats, health
// checks, incoming requests, gRPC keepalives and the leader-lock refresh. So
// by default it runs in a worker thread, together with decoding the cells'
// State answers (a quarter of a million instances per round at full scale),
// and only indices and cell ids come back. The in-process engine does the
// same work on the calling thread (tests, tools).
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { applyPlacements, runAuction, type AuctionOptions, type AuctionResult, type CellState, type LRPWork, type TaskWork } from './auction/index.ts';
import { decodeCellState } from './state-decoder.ts';
import { acceptedResult, type CellWork } from './rounds.ts';

/** One cell's State answer, as received. */
export interface StateAnswer {
  cellId: string;
  bytes: Uint8Array;
}

export interface RoundInput {
  lrps: LRPWork[];
  tasks: TaskWork[];
  refusals: ReadonlyMap<string, readonly string[]>;
  /** What cells took in the previous round (none in the first). */
  accepted: readonly CellWork[];
  /** Cells whose Perform call failed: no more work goes to them in this batch. */
  unreachable: readonly string[];
}

export interface RoundOutput {
  /** Placements and failures of the very work objects passed in. */
  result: AuctionResult;
  auctionMs: number;
}

export interface AuctionSession {
  /** Cells whose State could be decoded and take part. */
  readonly cells: number;
  readonly undecodable: { cellId: string; error: string }[];
  round(input: RoundInput): Promise<RoundOutput>;
  end(): void;
}

export interface AuctionEngine {
  session(answers: readonly StateAnswer[], options: AuctionOptions): Promise<AuctionSession>;
  close(): Promise<void>;
}

// ---- the work of a session, wherever it runs --------------------------------

/** Decodes State answers, then runs rounds on them, carrying accepted placements between rounds. */
export class SessionCore {
  private states: CellState[] = [];
  private lastLRPs: LRPWork[] = [];
  private lastTasks: TaskWork[] = [];
  readonly undecodable: { cellId: string; error: string }[] = [];

  constructor(answers: readonly StateAnswer[], private readonly options: AuctionOptions) {
    for (const { cellId, bytes } of answers) {
      try {
        this.states.push(decodeCellState(bytes, cellId));
      } catch (err) {
        this.undecodable.push({ cellId, error: `undecodable State: ${(err as Error).message}` });
      }
    }
  }

  get cells(): number {
    return this.states.length;
  }

  /** `accepted` names work of the previous round by position: [lrp positions, cell ids] and the same for tasks. */
  round(
    lrps: LRPWork[],
    tasks: TaskWork[],
    refusals: ReadonlyMap<string, readonly string[]>,
    accepted: IndexedPlacements,
    unreachable: readonly string[],
  ): IndexedResult {
    if (accepted.lrps.length + accepted.tasks.length > 0) {
      const cellWork = new Map<string, CellWork>();
      const of = (cellId: string) => {
        let w = cellWork.get(cellId);
        if (!w) cellWork.set(cellId, (w = { cellId, lrps: [], tasks: [] }));
        return w;
      };
      for (const [i, cellId] of accepted.lrps) of(cellId).lrps.push(this.lastLRPs[i]!);
      for (const [i, cellId] of accepted.tasks) of(cellId).tasks.push(this.lastTasks[i]!);
      this.states = applyPlacements(this.states, acceptedResult([...cellWork.values()]));
    }
    if (unreachable.length > 0) {
      const gone = new Set(unreachable);
      this.states = this.states.filter((c) => !gone.has(c.cellId));
    }
    const t0 = performance.now();
    const result = runAuction(this.states, { lrps, tasks }, { ...this.options, refusals });
    const auctionMs = performance.now() - t0;
    this.lastLRPs = lrps;
    this.lastTasks = tasks;
    return indexResult(result, lrps, tasks, auctionMs);
  }
}

/** Placements by position in the round's work arrays, so only numbers and ids cross threads. */
export interface IndexedPlacements {
  lrps: [number, string][];
  tasks: [number, string][];
}

export interface IndexedResult {
  lrpPlacements: [number, string][];
  taskPlacements: [number, string][];
  lrpFailures: [number, string][];
  taskFailures: [number, string][];
  auctionMs: number;
}

function indexResult(result: AuctionResult, lrps: readonly LRPWork[], tasks: readonly TaskWork[], auctionMs: number): IndexedResult {
  const lrpIndex = new Map<LRPWork, number>(lrps.map((w, i) => [w, i]));
  const taskIndex = new Map<TaskWork, number>(tasks.map((w, i) => [w, i]));
  return {
    lrpPlacements: result.lrpPlacements.map((p) => [lrpIndex.get(p.work)!, p.cellId]),
    taskPlacements: result.taskPlacements.map((p) => [taskIndex.get(p.work)!, p.cellId]),
    lrpFailures: result.lrpFailures.map((f) => [lrpIndex.get(f.work)!, f.reason]),
    taskFailures: result.taskFailures.map((f) => [taskIndex.get(f.work)!, f.reason]),
    auctionMs,
  };
}

/** The result in terms of the caller's own work objects. */
function resolveResult(r: IndexedResult, lrps: readonly LRPWork[], tasks: readonly TaskWork[]): AuctionResult {
  return {
    lrpPlacements: r.lrpPlacements.map(([i, cellId]) => ({ work: lrps[i]!, cellId })),
    taskPlacements: r.taskPlacements.map(([i, cellId]) => ({ work: tasks[i]!, cellId })),
    lrpFailures: r.lrpFailures.map(([i, reason]) => ({ work: lrps[i]!, reason })),
    taskFailures: r.taskFailures.map(([i, reason]) => ({ work: tasks[i]!, reason })),
  };
}

/** Tracks the previous round's arrays, to name accepted work by position. */
class RoundPositions {
  private lrps = new Map<LRPWork, number>();
  private tasks = new Map<TaskWork, number>();

  remember(lrps: readonly LRPWork[], tasks: readonly TaskWork[]): void {
    this.lrps = new Map(lrps.map((w, i) => [w, i]));
    this.tasks = new Map(tasks.map((w, i) => [w, i]));
  }

  placements(accepted: readonly CellWork[]): IndexedPlacements {
    const out: IndexedPlacements = { lrps: [], tasks: [] };
    for (const c of accepted) {
      for (const w of c.lrps) {
        const i = this.lrps.get(w);
        if (i !== undefined) out.lrps.push([i, c.cellId]);
      }
      for (const w of c.tasks) {
        const i = this.tasks.get(w);
        if (i !== undefined) out.tasks.push([i, c.cellId]);
      }
    }
    return out;
  }
}

// ---- on the calling thread ---------------------------------------------------

export class InProcessEngine implements AuctionEngine {
  async session(answers: readonly StateAnswer[], options: AuctionOptions): Promise<AuctionSession> {
    const core = new SessionCore(answers, options);
    const positions = new RoundPositions();
    return {
      cells: core.cells,
      undecodable: core.undecodable,
      round: async (input) => {
        const r = core.round(input.lrps, input.tasks, input.refusals, positions.placements(input.accepted), input.unreachable);
        positions.remember(input.lrps, input.tasks);
        return { result: resolveResult(r, input.lrps, input.tasks), auctionMs: r.auctionMs };
      },
      end: () => {},
    };
  }

  async close(): Promise<void> {}
}

// ---- in a worker thread --------------------------------------------------------

export type WorkerRequest =
  | { type: 'begin'; answers: StateAnswer[]; options: AuctionOptions }
  | { type: 'round'; lrps: LRPWork[]; tasks: TaskWork[]; refusals: [string, readonly string[]][]; accepted: IndexedPlacements; unreachable: readonly string[] }
  | { type: 'end' };

export type WorkerReply =
  | { type: 'begun'; cells: number; undecodable: { cellId: string; error: string }[] }
  | { type: 'result'; result: IndexedResult }
  | { type: 'error'; message: string };

const workerModule = new URL('./auction-worker.ts', import.meta.url).href;

/** The worker's bootstrap: TypeScript through tsx, as the gantry command itself runs. */
function startWorker(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => m.tsImport(${JSON.stringify(workerModule)}, ${JSON.stringify(workerModule)}))`, {
    eval: true,
    name: 'gantry-auction',
  });
}

/** One worker thread, one session at a time (batches never overlap); restarted if it dies. */
export class WorkerEngine implements AuctionEngine {
  private worker?: Worker;
  private pending?: { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (reply: WorkerReply) => {
      const p = this.pending;
      this.pending = undefined;
      if (!p) return;
      if (reply.type === 'error') p.reject(new Error(`auction worker: ${reply.message}`));
      else p.resolve(reply);
    });
    const died = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      const p = this.pending;
      this.pending = undefined;
      p?.reject(err);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`auction worker exited with code ${code}`)));
    return (this.worker = worker);
  }

  private ask(req: WorkerRequest): Promise<WorkerReply> {
    const worker = this.ensureWorker();
    if (this.pending) return Promise.reject(new Error('auction worker is busy'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      worker.postMessage(req);
    });
  }

  async session(answers: readonly StateAnswer[], options: AuctionOptions): Promise<AuctionSession> {
    const begun = (await this.ask({ type: 'begin', answers: [...answers], options: { ...options, refusals: undefined } })) as Extract<WorkerReply, { type: 'begun' }>;
    const positions = new RoundPositions();
    return {
      cells: begun.cells,
      undecodable: begun.undecodable,
      round: async (input) => {
        const reply = (await this.ask({
          type: 'round',
          lrps: input.lrps,
          tasks: input.tasks,
          refusals: [...input.refusals],
          accepted: positions.placements(input.accepted),
          unreachable: input.unreachable,
        })) as Extract<WorkerReply, { type: 'result' }>;
        positions.remember(input.lrps, input.tasks);
        return { result: resolveResult(reply.result, input.lrps, input.tasks), auctionMs: reply.result.auctionMs };
      },
      end: () => this.worker?.postMessage({ type: 'end' } satisfies WorkerRequest),
    };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
