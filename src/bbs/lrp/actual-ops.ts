// What cells and the auctioneer do to actual LRPs: claim, start, crash, fail
// placement, remove and retire — Diego's ActualLRPLifecycleController
// (cloudfoundry/bbs controllers/actual_lrp_lifecycle_controller.go) over its
// SQL operations (db/sqldb/actual_lrp_db.go). Every refusal of the state
// machine is FAILED_PRECONDITION; every check runs before anything changes.
import type { ActualLRP, ActualLRPInstanceKey, ActualLRPKey, ActualLRPNetInfo, ActualLRPState } from '../../common/models.ts';
import { failedPrecondition, invalidArgument, notFound, type RpcError } from '../../common/errors.ts';
import type { Txn } from '../state/change.ts';
import type { ModelContext } from '../state/context.ts';
import type { ActualSlot } from '../state/tables.ts';
import { crashTransitionEvents, instanceRemoved, instanceTransitionEvents } from '../state/events.ts';
import {
  allowsTransition, claimed, copyInstanceKey, copyKey, copyNetInfo, crashed, isEmptyInstanceKey, newRunning, placementFailed,
  sameInstanceKey, sameKey, sameNetInfo, started,
} from './state-machine.ts';
import { retireInstance, startInstances } from './desired-ops.ts';
import { quoted, validateActualLRPKey, validateGuid, validateIndex, validateInstanceKey, validateNetInfo, validateShort } from './validation.ts';

export function describe(lrp: ActualLRP): string {
  const cell = lrp.instance_key?.cell_id;
  const where = cell ? ` on cell ${cell} (instance ${lrp.instance_key?.instance_guid})` : '';
  return `${lrp.presence === 'ORDINARY' ? '' : `${lrp.presence} `}${lrp.state}${where}`;
}

export function lrpName(processGuid: string, index: number): string {
  return `actual LRP ${processGuid} index ${index}`;
}

/** FAILED_PRECONDITION for a transition the state machine refuses, saying what the record is and who asked. */
export function refused(verb: string, lrp: ActualLRP, instanceKey: ActualLRPInstanceKey | null, key?: ActualLRPKey | null): RpcError {
  const name = lrpName(lrp.key?.process_guid ?? '', lrp.key?.index ?? 0);
  const asker = instanceKey && !isEmptyInstanceKey(instanceKey) ? `; asked by instance ${instanceKey.instance_guid} on cell ${instanceKey.cell_id}` : '';
  const domain = key && !sameKey(lrp.key, key) ? `; key domain ${JSON.stringify(key.domain)} does not match ${JSON.stringify(lrp.key?.domain)}` : '';
  return failedPrecondition(`cannot ${verb} ${name}: it is ${describe(lrp)}${asker}${domain}`);
}

/** The record of a slot that belongs to this instance, whatever its presence. */
export function findInstance(slot: ActualSlot | undefined, instanceKey: ActualLRPInstanceKey): ActualLRP | null {
  if (!slot) return null;
  if (slot.ordinary && sameInstanceKey(slot.ordinary.instance_key, instanceKey)) return slot.ordinary;
  if (slot.suspect && sameInstanceKey(slot.suspect.instance_key, instanceKey)) return slot.suspect;
  if (slot.evacuating && sameInstanceKey(slot.evacuating.instance_key, instanceKey)) return slot.evacuating;
  return null;
}

function requireOrdinary(txn: Txn, processGuid: string, index: number): ActualLRP {
  const lrp = txn.tables.actual.get(processGuid, index, 'ORDINARY');
  if (!lrp) throw notFound(lrpName(processGuid, index));
  return lrp;
}

/**
 * A record created from a cell's report (an instance the BBS had no record
 * of) takes the key the cell sent; of a desired LRP it must be in that LRP's
 * domain, as every record the BBS creates itself is.
 */
export function checkDomain(txn: Txn, key: ActualLRPKey): void {
  const desired = txn.tables.desired.get(key.process_guid);
  if (desired && desired.domain !== key.domain) {
    throw failedPrecondition(`key.domain: ${quoted(key.domain)} is not the domain of desired LRP ${key.process_guid} (${quoted(desired.domain)})`);
  }
}

function checkTransition(verb: string, lrp: ActualLRP, key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, to: ActualLRPState): void {
  if (!allowsTransition(lrp, key, instanceKey, to)) throw refused(verb, lrp, instanceKey, key);
}

/** A cell claims an instance it won in an auction. A claim from the cell of a SUSPECT record is ignored (Diego). */
export function claimActualLRP(txn: Txn, processGuid: string, index: number, instanceKey: ActualLRPInstanceKey | null, now: number): void {
  validateGuid(processGuid, 'process_guid');
  validateIndex(index, 'index');
  validateInstanceKey(instanceKey, 'instance_key');
  const slot = txn.tables.actual.slot(processGuid, index);
  if (slot?.suspect && sameInstanceKey(slot.suspect.instance_key, instanceKey)) return;
  const before = requireOrdinary(txn, processGuid, index);
  checkTransition('claim', before, before.key, instanceKey, 'CLAIMED');
  if (before.state === 'CLAIMED') return; // claimed by this very instance already
  const after = claimed(before, copyInstanceKey(instanceKey), now);
  txn.putActual(after);
  txn.emitSlot(instanceTransitionEvents(before, after));
}

/**
 * A cell reports an instance running (also its periodic re-report). With no
 * ORDINARY record one is created RUNNING. Once the ORDINARY instance runs, the
 * EVACUATING and SUSPECT copies of the index are removed: they are no longer
 * needed for routing (Diego's StartActualLRP).
 */
export function startActualLRP(
  txn: Txn, ctx: ModelContext, key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, netInfo: ActualLRPNetInfo | null,
  availabilityZone: string, now: number,
): void {
  validateActualLRPKey(key, 'key');
  validateInstanceKey(instanceKey, 'instance_key');
  validateNetInfo(netInfo, 'net_info');
  validateShort(availabilityZone, 'availability_zone');
  const slot = txn.tables.actual.slot(key.process_guid, key.index);
  if (slot?.suspect && sameInstanceKey(slot.suspect.instance_key, instanceKey)) return;
  const before = slot?.ordinary ?? null;
  const events = [];
  if (!before) {
    checkDomain(txn, key);
    const after = newRunning(copyKey(key), copyInstanceKey(instanceKey), copyNetInfo(netInfo), availabilityZone, ctx.newEpoch(), now);
    txn.putActual(after);
    events.push(...instanceTransitionEvents(null, after));
  } else {
    const unchanged = before.state === 'RUNNING' && sameKey(before.key, key) && sameInstanceKey(before.instance_key, instanceKey)
      && sameNetInfo(before.net_info, netInfo) && before.availability_zone === availabilityZone;
    if (!unchanged) {
      checkTransition('start', before, key, instanceKey, 'RUNNING');
      const after = started(before, copyInstanceKey(instanceKey), copyNetInfo(netInfo), availabilityZone, now);
      txn.putActual(after);
      events.push(...instanceTransitionEvents(before, after));
    }
  }
  for (const stale of [slot?.evacuating, slot?.suspect]) {
    if (!stale) continue;
    txn.deleteActual(stale);
    events.push(instanceRemoved(stale));
  }
  txn.emitSlot(events);
}

/** The crash itself on an ORDINARY record (shared with evacuation): restart at once or wait for convergence. */
export function crashOrdinary(txn: Txn, before: ActualLRP, instanceKey: ActualLRPInstanceKey, reason: string, now: number): void {
  checkTransition('crash', before, before.key, instanceKey, 'CRASHED');
  // An instance whose app was removed has nothing to restart for: a CRASHED
  // or UNCLAIMED row would be an orphan that convergence keeps in a domain
  // that is not fresh. (An index above a scale-down is convergence's to retire.)
  const desired = txn.tables.desired.get(before.key?.process_guid ?? '');
  if (!desired) {
    txn.deleteActual(before);
    txn.emitSlot([instanceRemoved(before)]);
    return;
  }
  const { after, restartNow } = crashed(before, reason, now);
  txn.putActual(after);
  txn.emitSlot(crashTransitionEvents(before, after));
  if (restartNow) txn.auctionLRP(desired, before.key?.index ?? 0);
}

/** A cell reports its instance crashed. A SUSPECT one is simply removed (its replacement is already on the way). */
export function crashActualLRP(txn: Txn, key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, errorMessage: string, now: number): void {
  validateActualLRPKey(key, 'key');
  validateInstanceKey(instanceKey, 'instance_key');
  const slot = txn.tables.actual.slot(key.process_guid, key.index);
  if (slot?.suspect && sameInstanceKey(slot.suspect.instance_key, instanceKey)) {
    txn.deleteActual(slot.suspect);
    txn.emitSlot([instanceRemoved(slot.suspect)]);
    return;
  }
  const before = requireOrdinary(txn, key.process_guid, key.index);
  crashOrdinary(txn, before, instanceKey, errorMessage, now);
}

/** The auctioneer could not place an instance: it stays UNCLAIMED with the reason. */
export function failActualLRP(txn: Txn, key: ActualLRPKey | null, errorMessage: string, now: number): void {
  validateActualLRPKey(key, 'key');
  if (!errorMessage) throw invalidArgument('error_message', 'required');
  const before = requireOrdinary(txn, key.process_guid, key.index);
  if (before.state !== 'UNCLAIMED') throw refused('record a placement failure of', before, null);
  const after = placementFailed(before, errorMessage, now);
  txn.putActual(after);
  txn.emitSlot(instanceTransitionEvents(before, after));
}

/**
 * A cell removes an instance it stopped. With an instance key only that
 * instance is removed: the ORDINARY record, or the SUSPECT one it matches
 * (a returned cell stopping its stale copy). An ORDINARY instance whose index
 * is still desired (a restart through RetireActualLRP, a container that
 * vanished) is replaced at once instead of at the next convergence pass.
 */
export function removeActualLRP(txn: Txn, ctx: ModelContext, processGuid: string, index: number, instanceKey: ActualLRPInstanceKey | null, now: number): void {
  validateGuid(processGuid, 'process_guid');
  validateIndex(index, 'index');
  if (instanceKey && !isEmptyInstanceKey(instanceKey)) validateInstanceKey(instanceKey, 'instance_key');
  const slot = txn.tables.actual.slot(processGuid, index);
  let target: ActualLRP | null = slot?.ordinary ?? null;
  if (instanceKey && !isEmptyInstanceKey(instanceKey)) {
    if (target && !sameInstanceKey(target.instance_key, instanceKey)) target = null;
    if (!target && slot?.suspect && sameInstanceKey(slot.suspect.instance_key, instanceKey)) target = slot.suspect;
    if (!target) throw notFound(`${lrpName(processGuid, index)} with instance ${instanceKey.instance_guid} on cell ${instanceKey.cell_id}`);
  }
  if (!target) throw notFound(lrpName(processGuid, index));
  txn.deleteActual(target);
  txn.emitSlot([instanceRemoved(target)]);
  const desired = txn.tables.desired.get(processGuid);
  if (target.presence === 'ORDINARY' && desired && index < desired.instances) startInstances(txn, ctx, desired, index, index + 1, now);
}

/** Stop one instance without changing the desired state (convergence will replace it if still desired). */
export function retireActualLRP(txn: Txn, key: ActualLRPKey | null): void {
  validateActualLRPKey(key, 'key');
  const lrp = requireOrdinary(txn, key.process_guid, key.index);
  retireInstance(txn, lrp);
}
