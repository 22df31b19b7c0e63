// The rep's gRPC service (proto/rep.proto) on top of the cell's core, with the
// standard health service.
import type * as grpc from '@grpc/grpc-js';
import { repProto } from '../common/proto.ts';
import { startServer, unary, type ServerHandle } from '../common/grpc.ts';
import type { Logger } from '../common/log.ts';
import type { RepHandlers } from '../generated/gantry/rep/Rep.ts';
import type { CellRep } from './rep.ts';

export const repServiceName = 'gantry.rep.Rep';

export function repHandlers(rep: CellRep, log: Logger): RepHandlers {
  const svc = repServiceName;
  return {
    State: unary(svc, 'State', log, () => rep.auctionState()),
    Perform: unary(svc, 'Perform', log, (work) => rep.perform(work)),
    StopLRPInstance: unary(svc, 'StopLRPInstance', log, (req) => {
      rep.stopLrpInstance(req.key, req.instance_key);
      return {};
    }),
    CancelTask: unary(svc, 'CancelTask', log, (req) => {
      rep.cancelTask(req.task_guid);
      return {};
    }),
  };
}

/** Listen on address (host:port; port 0 picks one) and serve the rep. */
export async function startRepServer(rep: CellRep, address: string, log: Logger, credentials?: grpc.ServerCredentials): Promise<ServerHandle> {
  const def = repProto().gantry.rep.Rep.service;
  const handle = await startServer({
    address,
    services: [[def, repHandlers(rep, log) as unknown as grpc.UntypedServiceImplementation]],
    healthNames: [repServiceName],
    credentials,
  });
  return handle;
}
