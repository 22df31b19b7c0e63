// The commit pipeline: every mutation of the model goes through here, one at a
// time in the order they arrive.
//
// A mutation is applied to the in-memory model at once (the model is
// synchronous), its writes are published to KV straight away in that same
// order, and it is acknowledged — and its events, auction requests and stop
// requests released — only when its own writes and those of every mutation
// before it are stored. So writes reach KV in model order and many mutations
// can wait for their acknowledgements together.
//
// When a mutation's writes fail, it and every mutation applied after it are
// reverted (newest first) and answered UNAVAILABLE; none of their effects
// happen. Some of their writes may have been stored anyway, so each key they
// touched is remembered with the value it must have again, and those repairs
// are written before any further mutation is applied: KV always converges
// back to what the model holds.
//
// A mutation whose writes the store could never take (store.check: a record
// over the NATS server's max_payload, a key that is not a valid KV key) is
// reverted in the model before anything is published, and its error (an
// INVALID_ARGUMENT naming the record) goes back to the client.
import { status } from '@grpc/grpc-js';
import { RpcError, unavailable } from '../common/errors.ts';
import type { Logger } from '../common/log.ts';
import type { KeyWrite } from './store/kv-store.ts';
import type { BbsModel, Change } from './state/types.ts';

export interface ChangeStore {
  persist(writes: readonly KeyWrite[]): Promise<void>;
  /**
   * Throw (an RpcError: INVALID_ARGUMENT) if a write could not be stored at
   * all — a record larger than the store takes, a key it does not accept —
   * so the mutation is refused before anything is published.
   */
  check?(writes: readonly KeyWrite[]): void;
}

/** What a mutation returns: the model's change and the RPC's answer. */
export interface Mutation<T> {
  change: Change;
  result: T;
}

interface InFlight {
  change: Change;
  aborted: boolean;
}

const writeId = (w: KeyWrite) => `${w.kind}/${w.key}`;

export class CommitPipeline {
  private inflight: InFlight[] = [];
  private tail: Promise<void> = Promise.resolve();
  private readonly repairs = new Map<string, KeyWrite>();
  private repairing?: Promise<void>;
  private closedReason?: string;

  constructor(
    private readonly model: Pick<BbsModel, 'revert'>,
    private readonly store: ChangeStore,
    /** Called once per committed change, in commit order: events, auctions, stops. */
    private readonly onCommitted: (change: Change) => void,
    private readonly log: Logger,
  ) {}

  /** Mutations applied but not yet acknowledged. */
  get pending(): number {
    return this.inflight.length;
  }

  /** Keys waiting to be rewritten after a failed write. */
  get pendingRepairs(): number {
    return this.repairs.size;
  }

  /**
   * Apply `op` to the model now and resolve with its result once committed.
   * An RpcError thrown by `op` propagates as is (the model changed nothing).
   */
  async run<T>(op: () => Mutation<T>): Promise<T> {
    while (this.repairs.size > 0) {
      this.checkOpen();
      await this.repair();
    }
    this.checkOpen();
    const { change, result } = op();
    if (this.store.check) {
      try {
        this.store.check(change.writes);
      } catch (err) {
        // Nothing was published and nothing came after it: undo it in the model alone.
        this.model.revert(change);
        throw err;
      }
    }
    const entry: InFlight = { change, aborted: false };
    this.inflight.push(entry);
    const stored = this.store.persist(change.writes).then(() => null, (err: unknown) => err);
    const previous = this.tail;
    const committed = (async () => {
      await previous;
      // Reverted with an earlier change: answer now, whatever becomes of our own writes.
      if (entry.aborted) throw unavailable('an earlier change could not be stored; nothing was changed, try again');
      const writeError = await stored;
      if (entry.aborted) throw unavailable('an earlier change could not be stored; nothing was changed, try again');
      if (writeError !== null) {
        this.abortFrom(entry, writeError);
        throw unavailable(`state store unavailable (${(writeError as Error).message ?? String(writeError)}); nothing was changed, try again`);
      }
      // Every earlier entry has settled, so this one is at the head.
      this.inflight.shift();
      try {
        this.onCommitted(change);
      } catch (err) {
        this.log.error('acting on a committed change failed', { error: err as Error });
      }
    })();
    this.tail = committed.catch(() => undefined);
    await committed;
    return result;
  }

  /** Resolves when every mutation applied so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }

  /** Refuse further mutations (leadership lost, shutting down). */
  close(reason: string): void {
    this.closedReason = reason;
  }

  private checkOpen(): void {
    if (this.closedReason !== undefined) throw new RpcError(status.UNAVAILABLE, this.closedReason);
  }

  private abortFrom(entry: InFlight, err: unknown): void {
    const at = this.inflight.indexOf(entry);
    const aborted = this.inflight.splice(at);
    // Newest first, so each key ends with the value it had before the oldest aborted change.
    for (let i = aborted.length - 1; i >= 0; i--) {
      const e = aborted[i]!;
      e.aborted = true;
      this.model.revert(e.change);
      for (let j = e.change.writes.length - 1; j >= 0; j--) {
        const w = e.change.writes[j]!;
        this.repairs.set(writeId(w), { kind: w.kind, key: w.key, value: w.previous });
      }
    }
    this.log.warn('changes reverted: their writes could not be stored', {
      reverted: aborted.length,
      keysToRepair: this.repairs.size,
      error: err as Error,
    });
  }

  private repair(): Promise<void> {
    this.repairing ??= (async () => {
      const writes = [...this.repairs.values()];
      try {
        await this.store.persist(writes);
        for (const w of writes) if (this.repairs.get(writeId(w)) === w) this.repairs.delete(writeId(w));
        this.log.info('store repaired after failed writes', { keys: writes.length });
      } catch (err) {
        throw unavailable(`state store unavailable (${(err as Error).message}); try again`);
      } finally {
        this.repairing = undefined;
      }
    })();
    return this.repairing;
  }
}
