// Stop requests and task cancels from the BBS to a cell's rep, at the
// rep_address the cell announces in its presence. Best effort: a rep that
// cannot be reached is logged; its instances are dealt with by the cell's own
// sync against the BBS, or by convergence once the cell is lost.
import type * as grpc from '@grpc/grpc-js';
import { callUnary, channelOptions } from '../common/grpc.ts';
import type { Logger } from '../common/log.ts';
import { counter } from '../common/metrics.ts';
import { repProto } from '../common/proto.ts';
import { clientCredentials, type Tls } from '../common/tls.ts';
import type { RepClient as GrpcRepClient } from '../generated/gantry/rep/Rep.ts';
import type { StopRequest, TaskCancelRequest } from './state/types.ts';

const repRequests = counter('gantry_bbs_rep_requests_total', 'Stop and cancel requests sent to reps, by kind and outcome', ['kind', 'outcome']);

export interface RepClientsOptions {
  deadlineMs: number;
  log: Logger;
  /** Mutual TLS to the reps; plaintext without. */
  tls?: Tls;
}

export class RepClients {
  private readonly clients = new Map<string, GrpcRepClient>();
  /** One TLS context shared by every rep's channel, not one per cell. */
  private readonly credentials: grpc.ChannelCredentials;

  constructor(private readonly opts: RepClientsOptions) {
    this.credentials = clientCredentials(opts.tls);
  }

  private clientFor(address: string): GrpcRepClient {
    let c = this.clients.get(address);
    if (!c) {
      const Ctor = repProto().gantry.rep.Rep;
      c = new Ctor(address, this.credentials, channelOptions);
      this.clients.set(address, c);
    }
    return c;
  }

  /** Ask the rep at `repAddress` to stop an instance (undefined address: the cell is not live). */
  stopInstance(repAddress: string | undefined, stop: StopRequest): void {
    const fields = { processGuid: stop.key.process_guid, index: stop.key.index, instanceGuid: stop.instance_key.instance_guid, cellId: stop.instance_key.cell_id };
    if (!repAddress) {
      repRequests.inc({ kind: 'stop', outcome: 'no-cell' });
      this.opts.log.info('stop not sent: the cell is not live', fields);
      return;
    }
    void this.call('stop', repAddress, 'StopLRPInstance', { key: stop.key, instance_key: stop.instance_key }, fields);
  }

  cancelTask(repAddress: string | undefined, cancel: TaskCancelRequest): void {
    const fields = { taskGuid: cancel.task_guid, cellId: cancel.cell_id };
    if (!repAddress) {
      repRequests.inc({ kind: 'cancel', outcome: 'no-cell' });
      this.opts.log.info('task cancel not sent: the cell is not live', fields);
      return;
    }
    void this.call('cancel', repAddress, 'CancelTask', { task_guid: cancel.task_guid }, fields);
  }

  private async call(kind: string, address: string, method: 'StopLRPInstance' | 'CancelTask', request: unknown, fields: Record<string, unknown>): Promise<void> {
    try {
      await callUnary(this.clientFor(address), method, request, { deadlineMs: this.opts.deadlineMs });
      repRequests.inc({ kind, outcome: 'sent' });
    } catch (err) {
      repRequests.inc({ kind, outcome: 'failed' });
      this.opts.log.warn('request to rep failed', { kind, repAddress: address, ...fields, error: err as Error });
    }
  }

  /** Forget the client of a rep whose cell left. */
  forget(address: string): void {
    this.clients.get(address)?.close();
    this.clients.delete(address);
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
