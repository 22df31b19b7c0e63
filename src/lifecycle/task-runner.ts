// Runs a Task through the cluster and follows it to its end: desired through
// the BBS (which has the auctioneer place it on a cell), its output lines read
// from the task's log subject on NATS as the cell publishes them, its end seen
// on the BBS's event stream (with a slow GetTask poll as a safety net for a
// broken stream), then resolved and deleted so it does not linger.
import * as grpc from '@grpc/grpc-js';
import type { NatsConnection, Subscription } from 'nats';
import { callUnary, channelOptions } from '../common/grpc.ts';
import { grpcTarget } from '../common/grpc-target.ts';
import type { Logger } from '../common/log.ts';
import type { BbsEvent, Task } from '../common/models.ts';
import { subjects } from '../common/nats.ts';
import { bbsProto } from '../common/proto.ts';
import { clientCredentials, type Tls } from '../common/tls.ts';
import type { BBSClient } from '../generated/gantry/bbs/BBS.ts';
import type { Task as TaskDefinition } from '../generated/gantry/models/Task.ts';
import { decodeLogMessage } from '../cell-rep/logs.ts';

export interface TaskLogLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

export interface RunTaskOptions {
  nc: NatsConnection;
  /** The BBS's gRPC address, host:port. */
  bbsAddress: string;
  /** Mutual TLS to the BBS; plaintext without. */
  tls?: Tls;
  onLog?: (line: TaskLogLine) => void;
  /** Longest the task may take from desire to completion; then it is cancelled. */
  timeoutMs: number;
  log: Logger;
  /** Lines of output kept for error messages. */
  keepLines?: number;
}

export interface TaskRun {
  /** The task as it COMPLETED (failed or not); null when it was cancelled for taking too long. */
  task: Task | null;
  timedOut: boolean;
  /** The last lines of the task's output, in the order the cell published them. */
  output: string[];
}

/** After completion, the cell's last lines may still be on their way: wait for a quiet moment. */
const LOG_QUIET_MS = 300;
const LOG_DRAIN_MAX_MS = 3000;
/** The poll behind the event stream: only a stream that broke silently needs it. */
const POLL_INTERVAL_MS = 5000;
const RPC_DEADLINE_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runTask(desired: TaskDefinition, o: RunTaskOptions): Promise<TaskRun> {
  const guid = desired.task_guid ?? '';
  const logGuid = desired.log_guid || guid;
  const client = new (bbsProto().gantry.bbs.BBS)(grpcTarget(o.bbsAddress), clientCredentials(o.tls), channelOptions) as unknown as BBSClient;
  const call = <T = unknown>(method: keyof BBSClient & string, req: unknown) => callUnary<BBSClient, typeof method, T>(client, method, req, { deadlineMs: RPC_DEADLINE_MS });
  const output: string[] = [];
  const keep = o.keepLines ?? 200;
  let lastLineAt = Date.now();
  let logs: Subscription | null = null;
  let events: grpc.ClientReadableStream<BbsEvent> | null = null;
  let settled = false;
  try {
    // Listen before desiring, so no line and no event is missed.
    logs = o.nc.subscribe(subjects.logs(logGuid));
    const sub = logs;
    const reading = (async () => {
      for await (const m of sub) {
        let line: TaskLogLine;
        try {
          const d = decodeLogMessage(m.data);
          if (d.source === 'CELL') continue;
          line = { stream: d.stream === 'stderr' ? 'stderr' : 'stdout', line: String(d.line) };
        } catch {
          continue;
        }
        lastLineAt = Date.now();
        output.push(line.line);
        if (output.length > keep) output.shift();
        o.onLog?.(line);
      }
    })();
    await o.nc.flush();

    const ended = new Promise<Task | null>((resolve, reject) => {
      const done = (t: Task | null) => {
        if (!settled) {
          settled = true;
          resolve(t);
        }
      };
      const fail = (err: Error) => {
        if (!settled) {
          settled = true;
          reject(err);
        }
      };
      const stream = client.SubscribeEvents({ task_events: true }) as unknown as grpc.ClientReadableStream<BbsEvent>;
      events = stream;
      stream.on('data', (e: BbsEvent) => {
        if (e.task_changed?.after?.task_guid === guid && e.task_changed.after.state === 'COMPLETED') done(e.task_changed.after);
        else if (e.task_removed?.task?.task_guid === guid) fail(new Error(`the task ${guid} was removed before it completed`));
      });
      stream.on('error', (err: Error) => o.log.debug('task event stream ended', { task_guid: guid, error: err.message }));
      // The poll: a stream that broke (BBS failover) must not leave us waiting forever.
      void (async () => {
        while (!settled) {
          await sleep(POLL_INTERVAL_MS);
          if (settled) return;
          try {
            const t = (await call<{ task: Task | null }>('GetTask', { task_guid: guid })).task;
            if (t?.state === 'COMPLETED' || t?.state === 'RESOLVING') done(t);
          } catch (err) {
            o.log.debug('GetTask failed', { task_guid: guid, error: (err as Error).message });
          }
        }
      })();
    });
    ended.catch(() => {});

    await call('DesireTask', { task: desired });
    o.log.info('task desired', { task_guid: guid });

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), o.timeoutMs)));
    const r = await Promise.race([ended, timeout]).finally(() => clearTimeout(timer));
    if (r === 'timeout') {
      settled = true;
      await call('CancelTask', { task_guid: guid }).catch((err) => o.log.warn('CancelTask failed', { task_guid: guid, error: (err as Error).message }));
      return { task: null, timedOut: true, output };
    }
    // The cell publishes its last lines before it completes the task, but on another connection than the BBS's events.
    const drainStart = Date.now();
    while (Date.now() - lastLineAt < LOG_QUIET_MS && Date.now() - drainStart < LOG_DRAIN_MAX_MS) await sleep(50);
    logs.unsubscribe();
    await reading;
    return { task: r, timedOut: false, output };
  } finally {
    settled = true;
    logs?.unsubscribe();
    (events as grpc.ClientReadableStream<BbsEvent> | null)?.cancel();
    // Resolved whatever the outcome, so the BBS does not keep it.
    await call('ResolvingTask', { task_guid: guid })
      .then(() => call('DeleteTask', { task_guid: guid }))
      .catch((err) => o.log.debug('resolving the task failed', { task_guid: guid, error: (err as Error).message }));
    client.close();
  }
}
