// Auction requests from the BBS to the auctioneer. Starts that committed
// changes ask for are coalesced for a few milliseconds and sent as one
// RequestLRPAuctions / RequestTaskAuctions call. A call the auctioneer did not
// answer (UNAVAILABLE: no leader listening, as during a failover; or past its
// deadline) is sent again after a backoff (100 ms doubling to 1 s), together
// with whatever queued meanwhile, for up to retryForMs of failing; after that
// (or for any other error) the batch is logged and dropped: the instances stay
// UNCLAIMED and convergence auctions stale UNCLAIMED ones again. Nothing
// queues here without bound (at most maxPending starts wait, the rest are dropped).
import { status } from '@grpc/grpc-js';
import { statusOf } from '../common/errors.ts';
import { callUnary, channelOptions } from '../common/grpc.ts';
import { grpcTarget } from '../common/grpc-target.ts';
import type { Logger } from '../common/log.ts';
import { counter } from '../common/metrics.ts';
import { auctioneerProto } from '../common/proto.ts';
import { clientCredentials, type Tls } from '../common/tls.ts';
import type { AuctioneerClient as GrpcAuctioneerClient } from '../generated/gantry/auctioneer/Auctioneer.ts';
import type { LRPStartRequest } from '../generated/gantry/auctioneer/LRPStartRequest.ts';
import type { TaskStartRequest } from '../generated/gantry/auctioneer/TaskStartRequest.ts';

const requested = counter('gantry_bbs_auction_requests_total', 'LRP instances and tasks sent to the auctioneer, by kind and outcome', ['kind', 'outcome']);

export interface AuctioneerClientOptions {
  address: string;
  /** How long starts are coalesced before one call is made. */
  batchWindowMs: number;
  /** Most LRP instances + tasks waiting to be sent; beyond it new ones are dropped. */
  maxPending: number;
  /** Most calls in flight at once; while they are, starts wait (up to maxPending). */
  maxInFlight: number;
  deadlineMs: number;
  /** How long calls may keep failing UNAVAILABLE before failed batches are dropped (default 30 s). */
  retryForMs?: number;
  log: Logger;
  /** Mutual TLS to the auctioneer; plaintext without. */
  tls?: Tls;
}

const countInstances = (starts: readonly LRPStartRequest[]) => starts.reduce((n, s) => n + (s.indices?.length ?? 0), 0);

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 1000;
const DEFAULT_RETRY_FOR_MS = 30_000;

/** Not answered: the auctioneer may never have seen it. */
const retryable = (err: unknown) => {
  const code = statusOf(err);
  return code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED;
};

export class AuctioneerClient {
  private readonly client: GrpcAuctioneerClient;
  private lrps: LRPStartRequest[] = [];
  private tasks: TaskStartRequest[] = [];
  private pending = 0;
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;
  /** Since when calls fail without an answer (undefined: the last one got through). */
  private failingSince?: number;
  private retryDelayMs = 0;

  constructor(private readonly opts: AuctioneerClientOptions) {
    const Ctor = auctioneerProto().gantry.auctioneer.Auctioneer;
    this.client = new Ctor(grpcTarget(opts.address), clientCredentials(opts.tls), channelOptions);
  }

  requestLRPs(starts: readonly LRPStartRequest[]): void {
    const n = countInstances(starts);
    if (n === 0 || this.closed) return;
    if (this.pending + n > this.opts.maxPending) return this.drop('lrp', n);
    this.lrps.push(...starts);
    this.pending += n;
    this.schedule();
  }

  requestTasks(tasks: readonly TaskStartRequest[]): void {
    if (tasks.length === 0 || this.closed) return;
    if (this.pending + tasks.length > this.opts.maxPending) return this.drop('task', tasks.length);
    this.tasks.push(...tasks);
    this.pending += tasks.length;
    this.schedule();
  }

  private drop(kind: 'lrp' | 'task', n: number): void {
    requested.inc({ kind, outcome: 'dropped' }, n);
    this.opts.log.warn('auction requests dropped: too many waiting; convergence will auction them again', { kind, count: n, pending: this.pending });
  }

  private schedule(): void {
    if (this.timer || this.inFlight >= this.opts.maxInFlight) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, Math.max(this.opts.batchWindowMs, this.retryDelayMs));
  }

  private flush(): void {
    if (this.lrps.length > 0) {
      const starts = this.lrps;
      this.lrps = [];
      const n = countInstances(starts);
      this.pending -= n;
      void this.send('lrp', 'RequestLRPAuctions', { starts }, n);
    }
    if (this.tasks.length > 0) {
      const tasks = this.tasks;
      this.tasks = [];
      this.pending -= tasks.length;
      void this.send('task', 'RequestTaskAuctions', { tasks }, tasks.length);
    }
  }

  private async send(kind: 'lrp' | 'task', method: 'RequestLRPAuctions' | 'RequestTaskAuctions', request: unknown, n: number): Promise<void> {
    this.inFlight++;
    try {
      await callUnary(this.client, method, request, { deadlineMs: this.opts.deadlineMs });
      requested.inc({ kind, outcome: 'sent' }, n);
      this.opts.log.debug('auctions requested', { kind, count: n });
      if (this.failingSince !== undefined) this.opts.log.info('auction requests get through again', { failedForMs: Date.now() - this.failingSince });
      this.failingSince = undefined;
      this.retryDelayMs = 0;
    } catch (err) {
      if (this.closed) return; // shutting down: convergence on the next leader asks again
      const now = Date.now();
      this.failingSince ??= now;
      if (retryable(err) && now - this.failingSince < (this.opts.retryForMs ?? DEFAULT_RETRY_FOR_MS) && this.pending + n <= this.opts.maxPending) {
        requested.inc({ kind, outcome: 'retried' }, n);
        if (this.retryDelayMs === 0) this.opts.log.warn('auction request not answered; retrying', { kind, count: n, auctioneer: this.opts.address, error: err as Error });
        this.retryDelayMs = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, this.retryDelayMs * 2));
        // Back in front of what queued meanwhile, sent with it after the backoff.
        if (kind === 'lrp') this.lrps = (request as { starts: LRPStartRequest[] }).starts.concat(this.lrps);
        else this.tasks = (request as { tasks: TaskStartRequest[] }).tasks.concat(this.tasks);
        this.pending += n;
      } else {
        requested.inc({ kind, outcome: 'failed' }, n);
        this.opts.log.warn('auction request failed; convergence will auction again', { kind, count: n, auctioneer: this.opts.address, error: err as Error });
      }
    } finally {
      this.inFlight--;
      if (this.lrps.length > 0 || this.tasks.length > 0) this.schedule();
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.lrps = [];
    this.tasks = [];
    this.pending = 0;
    this.client.close();
  }
}
