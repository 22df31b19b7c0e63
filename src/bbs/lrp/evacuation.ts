// Evacuation: a cell that is going away reports each of its instances, and
// the BBS answers whether to keep the container running (keep_container)
// until a replacement runs elsewhere. As Diego's EvacuationController
// (cloudfoundry/bbs controllers/evacuation_controller.go):
//
// - Running: the ORDINARY instance becomes an EVACUATING copy (still routed)
//   and the ORDINARY record goes UNCLAIMED and is auctioned; keep it running.
//   Once the replacement RUNS (or crashes), or the LRP is no longer desired,
//   the copy is removed and the answer is keep_container=false.
// - Claimed: back to UNCLAIMED and auctioned; the container goes.
// - Crashed: the usual crash handling; the container goes.
// - Stopped: the record goes; the container goes.
// An EVACUATING or SUSPECT record reported Claimed/Crashed/Stopped is removed.
import type { ActualLRP, ActualLRPInstanceKey, ActualLRPKey, ActualLRPNetInfo } from '../../common/models.ts';
import { invalidArgument, notFound } from '../../common/errors.ts';
import type { Txn } from '../state/change.ts';
import type { ModelContext } from '../state/context.ts';
import type { ActualSlot } from '../state/tables.ts';
import { instanceChanged, instanceCreated, instanceRemoved, instanceTransitionEvents } from '../state/events.ts';
import { copyInstanceKey, copyKey, copyNetInfo, newEvacuating, reEvacuated, sameInstanceKey, sameKey, sameNetInfo, unclaimed } from './state-machine.ts';
import { checkDomain, crashOrdinary, findInstance, lrpName } from './actual-ops.ts';
import { validateActualLRPKey, validateInstanceKey, validateNetInfo, validateShort } from './validation.ts';

export interface EvacuationResult {
  keepContainer: boolean;
}

const KEEP: EvacuationResult = { keepContainer: true };
const DROP: EvacuationResult = { keepContainer: false };

/** The instance's record, or NOT_FOUND (Diego's removeEvacuatingOrSuspect lookup). */
function requireInstance(slot: ActualSlot | undefined, key: ActualLRPKey, instanceKey: ActualLRPInstanceKey): ActualLRP {
  const lrp = findInstance(slot, instanceKey);
  if (!lrp) throw notFound(`${lrpName(key.process_guid, key.index)} with instance ${instanceKey.instance_guid} on cell ${instanceKey.cell_id}`);
  return lrp;
}

/** Remove the record if it is an EVACUATING or SUSPECT copy; true if it was. */
function removeIfCopy(txn: Txn, lrp: ActualLRP): boolean {
  if (lrp.presence === 'ORDINARY') return false;
  txn.deleteActual(lrp);
  txn.emitSlot([instanceRemoved(lrp)]);
  return true;
}

function auctionIndex(txn: Txn, lrp: ActualLRP): void {
  txn.auctionLRP(txn.tables.desired.get(lrp.key?.process_guid ?? ''), lrp.key?.index ?? 0);
}

export function evacuateClaimedActualLRP(txn: Txn, key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, now: number): EvacuationResult {
  validateActualLRPKey(key, 'key');
  validateInstanceKey(instanceKey, 'instance_key');
  const target = requireInstance(txn.tables.actual.slot(key.process_guid, key.index), key, instanceKey);
  if (removeIfCopy(txn, target)) return DROP;
  const after = unclaimed(target, now);
  txn.putActual(after);
  txn.emitSlot(instanceTransitionEvents(target, after));
  auctionIndex(txn, target);
  return DROP;
}

export function evacuateCrashedActualLRP(
  txn: Txn, key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, errorMessage: string, now: number,
): EvacuationResult {
  validateActualLRPKey(key, 'key');
  validateInstanceKey(instanceKey, 'instance_key');
  if (!errorMessage) throw invalidArgument('error_message', 'required');
  const target = requireInstance(txn.tables.actual.slot(key.process_guid, key.index), key, instanceKey);
  if (removeIfCopy(txn, target)) return DROP;
  // Diego leaves an immediate restart to convergence here; we auction it at once, as a plain crash does.
  crashOrdinary(txn, target, instanceKey, errorMessage, now);
  return DROP;
}

export function evacuateStoppedActualLRP(txn: Txn, key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null): EvacuationResult {
  validateActualLRPKey(key, 'key');
  validateInstanceKey(instanceKey, 'instance_key');
  const target = requireInstance(txn.tables.actual.slot(key.process_guid, key.index), key, instanceKey);
  if (removeIfCopy(txn, target)) return DROP;
  txn.deleteActual(target);
  txn.emitSlot([instanceRemoved(target)]);
  return DROP;
}

/** Remove the EVACUATING copy of this instance if there is one (Diego's removeEvacuating). */
function dropEvacuatingCopy(txn: Txn, target: ActualLRP | null): EvacuationResult {
  if (target && target.presence === 'EVACUATING') {
    txn.deleteActual(target);
    txn.emitSlot([instanceRemoved(target)]);
  }
  return DROP;
}

export function evacuateRunningActualLRP(
  txn: Txn, ctx: ModelContext, key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, netInfo: ActualLRPNetInfo | null,
  availabilityZone: string, now: number,
): EvacuationResult {
  validateActualLRPKey(key, 'key');
  validateInstanceKey(instanceKey, 'instance_key');
  validateNetInfo(netInfo, 'net_info');
  validateShort(availabilityZone, 'availability_zone');
  const slot = txn.tables.actual.slot(key.process_guid, key.index);
  if (!slot) return DROP;
  const target = findInstance(slot, instanceKey);
  const ordinary = slot.ordinary;

  // Nothing left to keep it for: the LRP's instances were removed, or the replacement already runs (or crashed).
  if (!ordinary || (ordinary !== target && (ordinary.state === 'RUNNING' || ordinary.state === 'CRASHED'))) return dropEvacuatingCopy(txn, target);
  if (!txn.tables.desired.get(key.process_guid)) return dropEvacuatingCopy(txn, target);

  if (!target || target.presence === 'EVACUATING') {
    checkDomain(txn, key); // the copy takes the key the cell sent
    const evacuating = slot.evacuating;
    // Another cell's instance already holds the one EVACUATING place.
    if (evacuating && evacuating !== target) return DROP;
    if (evacuating) {
      if (sameKey(evacuating.key, key) && sameNetInfo(evacuating.net_info, netInfo)) return KEEP;
      const after = reEvacuated(evacuating, copyKey(key), copyInstanceKey(instanceKey), copyNetInfo(netInfo), availabilityZone, now);
      txn.putActual(after);
      txn.emitSlot([instanceChanged(evacuating, after)]);
      return KEEP;
    }
    // A running container the BBS does not know as any record: keep it routed until the ORDINARY instance runs.
    const created = newEvacuating(copyKey(key), copyInstanceKey(instanceKey), copyNetInfo(netInfo), availabilityZone, ctx.newEpoch(), now);
    txn.putActual(created);
    txn.emitSlot([instanceCreated(created)]);
    return KEEP;
  }

  if (target.state !== 'RUNNING' && target.state !== 'CLAIMED') return DROP;

  // The evacuation dance: the instance becomes the EVACUATING copy (one Changed event: same instance),
  // and the ORDINARY record goes UNCLAIMED to be auctioned (a Created event).
  const events = [];
  const previous = slot.evacuating;
  const evacuatingKey = copyKey(target.key as ActualLRPKey);
  const copy = previous
    ? reEvacuated(previous, evacuatingKey, copyInstanceKey(instanceKey), copyNetInfo(netInfo), availabilityZone, now)
    : newEvacuating(evacuatingKey, copyInstanceKey(instanceKey), copyNetInfo(netInfo), availabilityZone, ctx.newEpoch(), now);
  if (previous && !sameInstanceKey(previous.instance_key, instanceKey)) events.push(instanceRemoved(previous));
  txn.putActual(copy);
  events.push(instanceChanged(target, copy));
  if (target.presence === 'SUSPECT') {
    txn.deleteActual(target); // its replacement ORDINARY record exists already
  } else {
    const replacement = unclaimed(target, now);
    txn.putActual(replacement);
    events.push(instanceCreated(replacement));
    auctionIndex(txn, target);
  }
  txn.emitSlot(events);
  return KEEP;
}

export function removeEvacuatingActualLRP(txn: Txn, key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null): void {
  validateActualLRPKey(key, 'key');
  validateInstanceKey(instanceKey, 'instance_key');
  const target = findInstance(txn.tables.actual.slot(key.process_guid, key.index), instanceKey);
  if (!target || target.presence !== 'EVACUATING') {
    throw notFound(`evacuating ${lrpName(key.process_guid, key.index)} with instance ${instanceKey.instance_guid} on cell ${instanceKey.cell_id}`);
  }
  txn.deleteActual(target);
  txn.emitSlot([instanceRemoved(target)]);
}
