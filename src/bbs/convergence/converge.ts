// One convergence pass over the whole model (pure: the periodic loop around it
// is loop.ts): expired domains are pruned first, then LRPs and tasks converge.
import type { Txn } from '../state/change.ts';
import type { ModelContext } from '../state/context.ts';
import type { ConvergenceInput, ConvergenceReport } from '../state/types.ts';
import { isFresh } from '../state/tables.ts';
import { convergeLRPs } from './lrp-convergence.ts';
import { convergeTasks } from './task-convergence.ts';

export function emptyReport(): ConvergenceReport {
  return {
    missingInstances: 0,
    extraInstances: 0,
    suspectedInstances: 0,
    promotedSuspects: 0,
    crashedRestarted: 0,
    staleUnclaimed: 0,
    orphanedActuals: 0,
    expiredPendingTasks: 0,
    failedTasksOnLostCells: 0,
    deletedCompletedTasks: 0,
    kickedResolvingTasks: 0,
    reauctionedPendingTasks: 0,
  };
}

/** Delete expired domains (Diego's pruneDomains); returns the names of the fresh ones. */
function pruneDomains(txn: Txn, now: number): Set<string> {
  const fresh = new Set<string>();
  for (const domain of [...txn.tables.domains.values()]) {
    if (isFresh(domain, now)) fresh.add(domain.domain);
    else txn.deleteDomain(domain.domain);
  }
  return fresh;
}

export function converge(txn: Txn, ctx: ModelContext, input: ConvergenceInput): ConvergenceReport {
  const report = emptyReport();
  const freshDomains = pruneDomains(txn, input.now);
  convergeLRPs(txn, ctx, input, freshDomains, report);
  convergeTasks(txn, input, report);
  return report;
}
