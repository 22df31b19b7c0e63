// The LRP half of one convergence pass: compare what runs with what is
// desired and with the live cells, and decide, as Diego's ConvergeLRPs
// (cloudfoundry/bbs db/sqldb/lrp_convergence.go and
// controllers/lrp_convergence_controller.go), per (process_guid, index):
//
// - an EVACUATING copy on a lost cell is removed;
// - orphans (no desired LRP) and extra indices (index ≥ instances) are
//   retired, but only in fresh domains (a stale domain means its desired state
//   may be incomplete, so nothing is destroyed on its account);
// - a SUSPECT copy goes once its replacement RUNS, and is promoted back to
//   ORDINARY if its cell returns before that (the unstarted replacement goes);
// - a RUNNING instance on a lost cell becomes SUSPECT (still routed) and a
//   replacement is auctioned at once; a CLAIMED one just goes back to UNCLAIMED;
// - a CRASHED instance whose backoff has passed goes UNCLAIMED and is auctioned;
// - an UNCLAIMED one older than staleUnclaimedMs is auctioned again (its
//   auction was probably lost);
// then every desired index with no ORDINARY record gets a new UNCLAIMED one.
// Removals of instances on lost cells are immediate: no cell is there to stop them.
import type { ActualLRP, BbsEventInput, DesiredLRP } from '../../common/models.ts';
import type { Txn } from '../state/change.ts';
import type { ModelContext } from '../state/context.ts';
import type { ConvergenceInput, ConvergenceReport } from '../state/types.ts';
import type { ActualSlot } from '../state/tables.ts';
import { instanceChanged, instanceCreated, instanceRemoved, instanceTransitionEvents } from '../state/events.ts';
import { cellOf, copyKey, newUnclaimed, unclaimed, withPresence } from '../lrp/state-machine.ts';
import { shouldRestartCrash } from '../lrp/restart-policy.ts';

interface Pass {
  txn: Txn;
  ctx: ModelContext;
  input: ConvergenceInput;
  freshDomains: ReadonlySet<string>;
  report: ConvergenceReport;
}

function isLive(pass: Pass, lrp: ActualLRP): boolean {
  return pass.input.liveCells.has(cellOf(lrp));
}

function remove(pass: Pass, lrp: ActualLRP, events: BbsEventInput[]): void {
  pass.txn.deleteActual(lrp);
  events.push(instanceRemoved(lrp));
}

/** Retire an orphan or extra instance: remove it if it runs nowhere (or its cell is gone), else ask its cell to stop it. */
function retire(pass: Pass, lrp: ActualLRP, events: BbsEventInput[]): void {
  if (lrp.state === 'UNCLAIMED' || lrp.state === 'CRASHED' || !isLive(pass, lrp)) remove(pass, lrp, events);
  else pass.txn.stop(lrp);
}

/** A SUSPECT copy is no longer needed: remove it, and stop it if its cell came back. */
function dropSuspect(pass: Pass, suspect: ActualLRP, events: BbsEventInput[]): void {
  remove(pass, suspect, events);
  if (isLive(pass, suspect)) pass.txn.stop(suspect);
}

/**
 * Converge one (process_guid, index). Returns 1 if it ends with an ORDINARY
 * record at a desired index (so the caller can tell whether any are missing).
 */
function convergeSlot(pass: Pass, desired: DesiredLRP | undefined, index: number, slot: ActualSlot): number {
  // The common case, without allocating: a lone ORDINARY instance, wanted, on a live cell.
  const lone = slot.ordinary;
  if (lone && desired && !slot.suspect && !slot.evacuating && index < desired.instances
    && (lone.state === 'RUNNING' || lone.state === 'CLAIMED') && pass.input.liveCells.has(cellOf(lone))) return 1;

  const { txn, ctx, input, report } = pass;
  const events: BbsEventInput[] = [];
  let ordinary = slot.ordinary;
  let suspect = slot.suspect;
  const evacuating = slot.evacuating;
  const domain = desired?.domain ?? (ordinary ?? suspect ?? evacuating)?.key?.domain ?? '';

  if (evacuating && !isLive(pass, evacuating)) remove(pass, evacuating, events);

  if (!desired || index >= desired.instances) {
    if (pass.freshDomains.has(domain) && (ordinary || suspect)) {
      if (ordinary) retire(pass, ordinary, events);
      if (suspect) dropSuspect(pass, suspect, events);
      if (desired) report.extraInstances++;
      else report.orphanedActuals += (ordinary ? 1 : 0) + (suspect ? 1 : 0);
      txn.emitSlot(events);
      return 0;
    }
    if (!desired) {
      txn.emitSlot(events);
      return 0;
    }
    // An extra index of a stale domain is looked after like any other, until the domain is fresh again.
  }

  if (suspect) {
    if (ordinary && ordinary.state === 'RUNNING') {
      dropSuspect(pass, suspect, events);
      suspect = null;
    } else if (isLive(pass, suspect)) {
      if (ordinary) {
        remove(pass, ordinary, events);
        if (ordinary.state === 'CLAIMED' && isLive(pass, ordinary)) txn.stop(ordinary);
      }
      const promoted = withPresence(suspect, 'ORDINARY');
      txn.deleteActual(suspect);
      txn.putActual(promoted);
      events.push(instanceChanged(suspect, promoted));
      report.promotedSuspects++;
      ordinary = promoted;
      suspect = null;
    }
  }

  if (ordinary && (ordinary.state === 'RUNNING' || ordinary.state === 'CLAIMED') && !isLive(pass, ordinary)) {
    if (ordinary.state === 'RUNNING' && !suspect) {
      const copy = withPresence(ordinary, 'SUSPECT');
      const replacement = newUnclaimed(copyKey(ordinary.key!), ctx.newEpoch(), input.now);
      txn.deleteActual(ordinary);
      txn.putActual(copy);
      txn.putActual(replacement);
      events.push(instanceChanged(ordinary, copy), instanceCreated(replacement));
    } else {
      // Claimed but never started there (or a SUSPECT copy already holds the index): start over.
      const after = unclaimed(ordinary, input.now);
      txn.putActual(after);
      events.push(...instanceTransitionEvents(ordinary, after));
    }
    txn.auctionLRP(desired, index);
    report.suspectedInstances++;
  } else if (ordinary && shouldRestartCrash(input.now, ordinary)) {
    const after = unclaimed(ordinary, input.now);
    txn.putActual(after);
    events.push(...instanceTransitionEvents(ordinary, after));
    txn.auctionLRP(desired, index);
    report.crashedRestarted++;
  } else if (ordinary && ordinary.state === 'UNCLAIMED' && input.now - ordinary.since > input.config.staleUnclaimedMs) {
    txn.auctionLRP(desired, index);
    report.staleUnclaimed++;
  }
  txn.emitSlot(events);
  return slot.ordinary && index < desired.instances ? 1 : 0;
}

/** Every desired index without an ORDINARY record gets a new UNCLAIMED one, auctioned. */
function createMissing(pass: Pass, desired: DesiredLRP): void {
  const { txn, ctx, input, report } = pass;
  const slots = txn.tables.actual.slotsOf(desired.process_guid);
  for (let index = 0; index < desired.instances; index++) {
    if (slots?.get(index)?.ordinary) continue;
    const lrp = newUnclaimed({ process_guid: desired.process_guid, index, domain: desired.domain }, ctx.newEpoch(), input.now);
    txn.putActual(lrp);
    txn.emit(instanceCreated(lrp));
    txn.auctionLRP(desired, index);
    report.missingInstances++;
  }
}

export function convergeLRPs(txn: Txn, ctx: ModelContext, input: ConvergenceInput, freshDomains: ReadonlySet<string>, report: ConvergenceReport): void {
  const pass: Pass = { txn, ctx, input, freshDomains, report };
  const short = new Set<DesiredLRP>();
  // Deleting the entry being visited is safe for a Map iterator; nothing in this loop adds entries.
  for (const [guid, slots] of txn.tables.actual.guids()) {
    const desired = txn.tables.desired.get(guid);
    let present = 0;
    for (const [index, slot] of slots) present += convergeSlot(pass, desired, index, slot);
    if (desired && present < desired.instances) short.add(desired);
  }
  for (const desired of txn.tables.desired.values()) {
    if (desired.instances > 0 && !txn.tables.actual.slotsOf(desired.process_guid)) short.add(desired);
  }
  for (const desired of short) createMissing(pass, desired);
}
