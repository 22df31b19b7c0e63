// The Auctioneer gRPC service: validates auction requests whole (a bad one
// gets INVALID_ARGUMENT naming the field and queues nothing) and queues their
// work for the next batch. A standby (not holding the leader lock) refuses
// with UNAVAILABLE, so the caller tries the leader.
import { unavailable } from '../common/errors.ts';
import { unary } from '../common/grpc.ts';
import type { Logger } from '../common/log.ts';
import type { AuctioneerHandlers } from '../generated/gantry/auctioneer/Auctioneer.ts';
import type { LRPAuctionsRequest__Output } from '../generated/gantry/auctioneer/LRPAuctionsRequest.ts';
import type { TaskAuctionsRequest__Output } from '../generated/gantry/auctioneer/TaskAuctionsRequest.ts';
import type { LRPWork, TaskWork } from './auction/index.ts';
import { lrpWorkFromStart, taskWorkFromStart } from './mapping.ts';
import { validateLRPAuctions, validateTaskAuctions } from './validate.ts';

export const SERVICE_NAME = 'gantry.auctioneer.Auctioneer';

export interface AuctioneerServiceDeps {
  log: Logger;
  isLeader: () => boolean;
  enqueueLRPs: (work: LRPWork[]) => void;
  enqueueTasks: (work: TaskWork[]) => void;
}

export function auctioneerHandlers(deps: AuctioneerServiceDeps): AuctioneerHandlers {
  const { log } = deps;
  const leaderOnly = () => {
    if (!deps.isLeader()) throw unavailable('this auctioneer is on standby; ask the leader');
  };
  return {
    RequestLRPAuctions: unary(SERVICE_NAME, 'RequestLRPAuctions', log, (req: LRPAuctionsRequest__Output) => {
      leaderOnly();
      validateLRPAuctions(req);
      const work = req.starts.flatMap(lrpWorkFromStart);
      if (work.length > 0) deps.enqueueLRPs(work);
      log.debug('lrp auctions requested', { starts: req.starts.length, instances: work.length });
      return {};
    }),
    RequestTaskAuctions: unary(SERVICE_NAME, 'RequestTaskAuctions', log, (req: TaskAuctionsRequest__Output) => {
      leaderOnly();
      validateTaskAuctions(req);
      const work = req.tasks.map(taskWorkFromStart);
      if (work.length > 0) deps.enqueueTasks(work);
      log.debug('task auctions requested', { tasks: work.length });
      return {};
    }),
  };
}
