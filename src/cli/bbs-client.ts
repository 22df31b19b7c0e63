// The one BBS client every command uses: unary calls with deadlines, the event
// stream, and gRPC failures turned into errors that say what to do.
import * as grpc from '@grpc/grpc-js';
import { bbsProto } from '../common/proto.ts';
import { callUnary, channelOptions } from '../common/grpc.ts';
import { grpcTarget } from '../common/grpc-target.ts';
import { statusOf } from '../common/errors.ts';
import { clientCredentials } from '../common/tls.ts';
import type { BBSClient } from '../generated/gantry/bbs/BBS.ts';
import type { SubscribeRequest } from '../generated/gantry/bbs/SubscribeRequest.ts';
import type { ActualLRP, BbsEvent, CellPresence, DesiredLRP, DesiredLRPSchedulingInfo, Domain, Task } from '../common/models.ts';
import { CliError, exitCodes } from './exit.ts';
import { describeSource, plaintextServer, targetTls, tlsFailure, type Target } from './target.ts';

const networkErrors = /(ECONNREFUSED|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|ECONNRESET)/;

/**
 * A TLS handshake that failed, in words, or null when the failure is not one.
 * A server that refuses a client certificate (TLS 1.3) often just closes or
 * resets the connection: grpc-js then says only "Failed to connect",
 * "Connection dropped" or ECONNRESET before any connection was established,
 * which a listening gRPC server without TLS does not cause.
 */
export function tlsProblem(details: string): string | null {
  const cases: Array<[RegExp, string]> = [
    [/alert certificate required/i, 'it requires a client certificate and got none'],
    [/alert (bad certificate|unknown ca|certificate unknown|decrypt error)/i, 'it did not accept the client certificate'],
    [/self.signed certificate|unable to (verify|get local issuer)|certificate signature failure/i, 'its certificate is not signed by the CA given (--tls-ca-file)'],
    [/altnames|does not match certificate/i, 'its certificate is not for this host (see `gantry certs --host`)'],
    [/wrong version number|packet length too long|http_request/i, plaintextServer],
    [/certificate has expired/i, 'a certificate has expired'],
    [/SSL routines|tlsv1|TLS/, 'the TLS handshake failed'],
  ];
  for (const [re, words] of cases) if (re.test(details)) return words;
  const closedEarly = /No connection established.*(Failed to connect|Connection dropped|ECONNRESET)/is.test(details);
  if (closedEarly && !/ECONNREFUSED|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT/.test(details)) return 'it closed the connection during the handshake';
  return null;
}

/** The gist of a failed connection, without grpc-js's internals. */
function connectionProblem(code: grpc.status, details: string): string {
  if (code === grpc.status.DEADLINE_EXCEEDED) return 'it did not answer in time';
  const m = networkErrors.exec(details);
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    EHOSTUNREACH: 'host unreachable',
    ENOTFOUND: 'unknown host',
    ETIMEDOUT: 'connection timed out',
    ECONNRESET: 'connection reset',
  };
  return m ? words[m[1]!]! : details.replace(/\s*Resolution note:.*$/s, '');
}

/** The gRPC failure of a call, as a CliError a person can act on. */
export function explainRpcError(err: unknown, target: Target, what: string): CliError {
  const code = statusOf(err);
  const details = (err as { details?: string }).details || (err as Error).message || String(err);
  switch (code) {
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED: {
      const tls = code === grpc.status.UNAVAILABLE ? tlsProblem(details) : null;
      if (tls) {
        return new CliError(tlsFailure(`the BBS at ${target.bbsAddress} (${describeSource(target, 'bbs')})`, target, tls, what), exitCodes.failure);
      }
      if (code === grpc.status.DEADLINE_EXCEEDED || /no connection|ECONNREFUSED|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|connect/i.test(details)) {
        return new CliError(
          `cannot reach the BBS at ${target.bbsAddress} (${describeSource(target, 'bbs')}) to ${what}: ${connectionProblem(code, details)}.\n` +
            'Is the cluster up? Run `gantry up` (or point at another BBS with --bbs HOST:PORT or GANTRY_BBS_ADDRESS).',
          exitCodes.failure,
        );
      }
      return new CliError(`the BBS at ${target.bbsAddress} could not ${what} right now: ${details} (retry in a moment)`, exitCodes.failure);
    }
    case grpc.status.NOT_FOUND:
      return new CliError(`${details}`, exitCodes.notFound);
    case grpc.status.INVALID_ARGUMENT:
      return new CliError(`the BBS rejected the request to ${what}: ${details}`, exitCodes.usage);
    case grpc.status.ALREADY_EXISTS:
      return new CliError(`${details}`, exitCodes.failure);
    case grpc.status.FAILED_PRECONDITION:
      return new CliError(`could not ${what}: ${details}`, exitCodes.failure);
    default:
      return new CliError(`could not ${what}: ${grpc.status[code] ?? code}: ${details}`, exitCodes.failure);
  }
}

export interface Bbs {
  readonly target: Target;
  readonly client: BBSClient;
  /** A unary call; failures become CliErrors (see explainRpcError). `what` completes "could not …". */
  call<Res>(method: keyof BBSClient & string, request: unknown, what: string, deadlineMs?: number): Promise<Res>;
  getDesiredLRP(processGuid: string): Promise<DesiredLRP>;
  listDesiredLRPs(): Promise<DesiredLRP[]>;
  listSchedulingInfos(): Promise<DesiredLRPSchedulingInfo[]>;
  listActualLRPs(filter?: { process_guid?: string; cell_id?: string; index?: number }): Promise<ActualLRP[]>;
  listCells(): Promise<CellPresence[]>;
  listTasks(filter?: { cell_id?: string; domain?: string }): Promise<Task[]>;
  getTask(taskGuid: string): Promise<Task>;
  listDomains(): Promise<Domain[]>;
  /** The event stream; `onEvent` for each, resolves when the stream ends, rejects on its error. */
  subscribe(request: SubscribeRequest, onEvent: (e: BbsEvent) => void, signal?: AbortSignal): Promise<void>;
  close(): void;
}

export function connectBbs(target: Target, defaultDeadlineMs = 10_000): Bbs {
  const Client = bbsProto().gantry.bbs.BBS;
  const client = new Client(grpcTarget(target.bbsAddress), clientCredentials(targetTls(target)), channelOptions) as BBSClient;
  const call = async <Res>(method: keyof BBSClient & string, request: unknown, what: string, deadlineMs = defaultDeadlineMs): Promise<Res> => {
    try {
      return await callUnary<BBSClient, typeof method, Res>(client, method, request, { deadlineMs });
    } catch (err) {
      throw explainRpcError(err, target, what);
    }
  };
  return {
    target,
    client,
    call,
    getDesiredLRP: async (processGuid) =>
      (await call<{ desired_lrp: DesiredLRP | null }>('GetDesiredLRP', { process_guid: processGuid }, `get app ${processGuid}`)).desired_lrp!,
    listDesiredLRPs: async () => (await call<{ desired_lrps: DesiredLRP[] }>('ListDesiredLRPs', {}, 'list apps', 60_000)).desired_lrps,
    listSchedulingInfos: async () =>
      (await call<{ desired_lrp_scheduling_infos: DesiredLRPSchedulingInfo[] }>('ListDesiredLRPSchedulingInfos', {}, 'list apps', 60_000))
        .desired_lrp_scheduling_infos,
    listActualLRPs: async (filter = {}) =>
      (await call<{ actual_lrps: ActualLRP[] }>('ListActualLRPs', { filter }, 'list instances', 60_000)).actual_lrps,
    listCells: async () => (await call<{ cells: CellPresence[] }>('ListCells', {}, 'list cells')).cells,
    listTasks: async (filter = {}) => (await call<{ tasks: Task[] }>('ListTasks', { filter }, 'list tasks', 60_000)).tasks,
    getTask: async (taskGuid) => (await call<{ task: Task | null }>('GetTask', { task_guid: taskGuid }, `get task ${taskGuid}`)).task!,
    listDomains: async () => (await call<{ domains: Domain[] }>('ListDomains', {}, 'list domains')).domains,
    subscribe: (request, onEvent, signal) =>
      new Promise<void>((resolve, reject) => {
        const stream = client.SubscribeEvents(request);
        let cancelled = false;
        const abort = () => {
          cancelled = true;
          stream.cancel();
        };
        signal?.addEventListener('abort', abort, { once: true });
        stream.on('data', (e: BbsEvent) => onEvent(e));
        stream.on('end', () => resolve());
        stream.on('error', (err: grpc.ServiceError) => {
          signal?.removeEventListener('abort', abort);
          if (cancelled && err.code === grpc.status.CANCELLED) resolve();
          else reject(explainRpcError(err, target, 'follow events'));
        });
      }),
    close: () => client.close(),
  };
}
