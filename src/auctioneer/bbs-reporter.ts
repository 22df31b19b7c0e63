// Tells the BBS about work no cell took: FailActualLRP (the reason becomes the
// ActualLRP's placement_error) for LRP instances, RejectTask for tasks (the
// BBS decides whether a rejected task is retried or failed). A report that
// does not get through is logged and counted, not retried: the instance stays
// UNCLAIMED in the BBS and convergence asks for it again.
import { callUnary, channelOptions } from '../common/grpc.ts';
import { grpcTarget } from '../common/grpc-target.ts';
import type { Logger } from '../common/log.ts';
import { bbsProto } from '../common/proto.ts';
import { clientCredentials, type Tls } from '../common/tls.ts';
import type { BBSClient } from '../generated/gantry/bbs/BBS.ts';
import type { LRPWork, PlacementFailure, TaskWork } from './auction/index.ts';
import { failActualLRPRequest, rejectTaskRequest } from './mapping.ts';
import { failureReports } from './metrics.ts';

export interface FailureReporter {
  report(lrps: readonly PlacementFailure<LRPWork>[], tasks: readonly PlacementFailure<TaskWork>[]): Promise<void>;
  close(): void;
}

export interface BbsReporterOptions {
  address: string;
  log: Logger;
  deadlineMs: number;
  /** Reports in flight at once, so a large failed batch does not flood the BBS. */
  concurrency: number;
  /** Mutual TLS to the BBS; plaintext without. */
  tls?: Tls;
}

export class BbsReporter implements FailureReporter {
  private readonly client: BBSClient;

  constructor(private readonly opts: BbsReporterOptions) {
    const BBS = bbsProto().gantry.bbs.BBS;
    this.client = new BBS(grpcTarget(opts.address), clientCredentials(opts.tls), channelOptions) as BBSClient;
  }

  async report(lrps: readonly PlacementFailure<LRPWork>[], tasks: readonly PlacementFailure<TaskWork>[]): Promise<void> {
    const jobs: (() => Promise<void>)[] = [
      ...lrps.map(({ work, reason }) => () => this.send('lrp', 'FailActualLRP', failActualLRPRequest(work, reason), `${work.processGuid}/${work.index}`)),
      ...tasks.map(({ work, reason }) => () => this.send('task', 'RejectTask', rejectTaskRequest(work, reason), work.taskGuid)),
    ];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) await jobs[next++]!();
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, jobs.length) }, worker));
  }

  private async send(kind: 'lrp' | 'task', method: 'FailActualLRP' | 'RejectTask', request: unknown, what: string): Promise<void> {
    try {
      await callUnary(this.client, method, request, { deadlineMs: this.opts.deadlineMs });
      failureReports.inc({ kind, outcome: 'ok' });
    } catch (err) {
      failureReports.inc({ kind, outcome: 'error' });
      this.opts.log.warn('could not report placement failure to the BBS', { method, work: what, error: err as Error });
    }
  }

  close(): void {
    this.client.close();
  }
}
