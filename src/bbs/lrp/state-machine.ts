// The ActualLRP state machine, as Diego's (cloudfoundry/bbs models/actual_lrp.go
// AllowsTransitionTo and db/sqldb/actual_lrp_db.go). Pure: each transition
// takes a record and returns a new one; records are never changed in place.
//
//   UNCLAIMED → UNCLAIMED (placement error), CLAIMED (any cell), RUNNING (any instance)
//   CLAIMED   → UNCLAIMED (unclaim), CLAIMED (same instance: no-op), RUNNING (any instance), CRASHED (same instance)
//   RUNNING   → UNCLAIMED (unclaim), CLAIMED / RUNNING / CRASHED (same instance)
//   CRASHED   → UNCLAIMED (restart), CLAIMED / RUNNING (same instance — a crashed record has none, so never in practice)
import type {
  ActualLRP, ActualLRPInstanceKey, ActualLRPKey, ActualLRPNetInfo, ActualLRPPresence, ActualLRPState, ModificationTag,
} from '../../common/models.ts';
import { nextCrashCount, shouldRestartNow } from './restart-policy.ts';

/** Longest crash reason / placement error kept (Diego truncates at 1024). */
export const MAX_REASON_LENGTH = 1024;
const TRUNCATED = '(truncated)';

/** Shared empty values: records are immutable, so every unclaimed instance can point at these. */
export const EMPTY_INSTANCE_KEY: ActualLRPInstanceKey = Object.freeze({ instance_guid: '', cell_id: '' });
export const EMPTY_NET_INFO: ActualLRPNetInfo = Object.freeze({ address: '', ports: Object.freeze([]) as unknown as [], instance_address: '' });

export function truncateReason(reason: string): string {
  return reason.length <= MAX_REASON_LENGTH ? reason : reason.slice(0, MAX_REASON_LENGTH - TRUNCATED.length) + TRUNCATED;
}

export function isEmptyInstanceKey(key: ActualLRPInstanceKey | null | undefined): boolean {
  return !key || (key.instance_guid === '' && key.cell_id === '');
}

export function sameInstanceKey(a: ActualLRPInstanceKey | null | undefined, b: ActualLRPInstanceKey | null | undefined): boolean {
  return (a?.instance_guid ?? '') === (b?.instance_guid ?? '') && (a?.cell_id ?? '') === (b?.cell_id ?? '');
}

export function sameKey(a: ActualLRPKey | null | undefined, b: ActualLRPKey | null | undefined): boolean {
  return (a?.process_guid ?? '') === (b?.process_guid ?? '') && (a?.index ?? 0) === (b?.index ?? 0) && (a?.domain ?? '') === (b?.domain ?? '');
}

export function sameNetInfo(a: ActualLRPNetInfo | null | undefined, b: ActualLRPNetInfo | null | undefined): boolean {
  const x = a ?? EMPTY_NET_INFO;
  const y = b ?? EMPTY_NET_INFO;
  if (x.address !== y.address || x.instance_address !== y.instance_address || x.ports.length !== y.ports.length) return false;
  return x.ports.every((p, i) => p.container_port === y.ports[i].container_port && p.host_port === y.ports[i].host_port);
}

export function cellOf(lrp: ActualLRP): string {
  return lrp.instance_key?.cell_id ?? '';
}

/** Diego's ActualLRP.AllowsTransitionTo, verbatim. */
export function allowsTransition(before: ActualLRP, key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, to: ActualLRPState): boolean {
  if (!sameKey(before.key, key)) return false;
  const same = sameInstanceKey(before.instance_key, instanceKey);
  const none = isEmptyInstanceKey(instanceKey);
  switch (before.state) {
    case 'UNCLAIMED':
      return to === 'UNCLAIMED' || to === 'CLAIMED' || to === 'RUNNING';
    case 'CLAIMED':
      return (to === 'UNCLAIMED' && none) || (to === 'CLAIMED' && same) || to === 'RUNNING' || (to === 'CRASHED' && same);
    case 'RUNNING':
      return (to === 'UNCLAIMED' && none) || (to === 'CLAIMED' && same) || (to === 'RUNNING' && same) || (to === 'CRASHED' && same);
    case 'CRASHED':
      return (to === 'UNCLAIMED' && none) || (to === 'CLAIMED' && same) || (to === 'RUNNING' && same);
    default:
      return false;
  }
}

function nextTag(tag: ModificationTag | null): ModificationTag {
  return { epoch: tag?.epoch ?? '', index: (tag?.index ?? 0) + 1 };
}

/** Every record is built here, with one field order (one object shape for the engine). */
export function makeActual(fields: {
  key: ActualLRPKey;
  instance_key?: ActualLRPInstanceKey;
  net_info?: ActualLRPNetInfo;
  state: ActualLRPState;
  presence?: ActualLRPPresence;
  crash_count?: number;
  crash_reason?: string;
  placement_error?: string;
  since: number;
  modification_tag: ModificationTag;
  availability_zone?: string;
}): ActualLRP {
  return {
    key: fields.key,
    instance_key: fields.instance_key ?? EMPTY_INSTANCE_KEY,
    net_info: fields.net_info ?? EMPTY_NET_INFO,
    state: fields.state,
    presence: fields.presence ?? 'ORDINARY',
    crash_count: fields.crash_count ?? 0,
    crash_reason: fields.crash_reason ?? '',
    placement_error: fields.placement_error ?? '',
    since: fields.since,
    modification_tag: fields.modification_tag,
    availability_zone: fields.availability_zone ?? '',
  };
}

function update(before: ActualLRP, changes: Partial<ActualLRP>): ActualLRP {
  return makeActual({
    key: before.key as ActualLRPKey,
    instance_key: before.instance_key ?? EMPTY_INSTANCE_KEY,
    net_info: before.net_info ?? EMPTY_NET_INFO,
    state: before.state,
    presence: before.presence,
    crash_count: before.crash_count,
    crash_reason: before.crash_reason,
    placement_error: before.placement_error,
    since: before.since,
    availability_zone: before.availability_zone,
    ...changes,
    modification_tag: nextTag(before.modification_tag),
  } as Parameters<typeof makeActual>[0]);
}

export function copyKey(key: ActualLRPKey): ActualLRPKey {
  return { process_guid: key.process_guid, index: key.index, domain: key.domain };
}

export function copyInstanceKey(key: ActualLRPInstanceKey): ActualLRPInstanceKey {
  return { instance_guid: key.instance_guid, cell_id: key.cell_id };
}

export function copyNetInfo(info: ActualLRPNetInfo | null): ActualLRPNetInfo {
  if (!info) return EMPTY_NET_INFO;
  return {
    address: info.address,
    ports: info.ports.map((p) => ({ container_port: p.container_port, host_port: p.host_port })),
    instance_address: info.instance_address,
  };
}

/** A new ORDINARY UNCLAIMED instance (Diego's CreateUnclaimedActualLRP): a new epoch, index 0. */
export function newUnclaimed(key: ActualLRPKey, epoch: string, now: number): ActualLRP {
  return makeActual({ key, state: 'UNCLAIMED', since: now, modification_tag: { epoch, index: 0 } });
}

/** A RUNNING instance reported by a cell where no ORDINARY record existed (Diego's createRunningActualLRP). */
export function newRunning(key: ActualLRPKey, instanceKey: ActualLRPInstanceKey, netInfo: ActualLRPNetInfo, az: string, epoch: string, now: number): ActualLRP {
  return makeActual({ key, instance_key: instanceKey, net_info: netInfo, state: 'RUNNING', since: now, modification_tag: { epoch, index: 0 }, availability_zone: az });
}

/** The EVACUATING copy of an instance its cell is leaving (Diego's createEvacuatingActualLRP). */
export function newEvacuating(key: ActualLRPKey, instanceKey: ActualLRPInstanceKey, netInfo: ActualLRPNetInfo, az: string, epoch: string, now: number): ActualLRP {
  return makeActual({
    key, instance_key: instanceKey, net_info: netInfo, state: 'RUNNING', presence: 'EVACUATING', since: now,
    modification_tag: { epoch, index: 0 }, availability_zone: az,
  });
}

/** An existing EVACUATING record taken over by another instance (Diego's EvacuateActualLRP update path). */
export function reEvacuated(before: ActualLRP, key: ActualLRPKey, instanceKey: ActualLRPInstanceKey, netInfo: ActualLRPNetInfo, az: string, now: number): ActualLRP {
  return update(before, { key, instance_key: instanceKey, net_info: netInfo, availability_zone: az, since: now, presence: 'EVACUATING' });
}

export function claimed(before: ActualLRP, instanceKey: ActualLRPInstanceKey, now: number): ActualLRP {
  return update(before, { state: 'CLAIMED', instance_key: instanceKey, placement_error: '', net_info: EMPTY_NET_INFO, since: now });
}

export function started(before: ActualLRP, instanceKey: ActualLRPInstanceKey, netInfo: ActualLRPNetInfo, az: string, now: number): ActualLRP {
  return update(before, { state: 'RUNNING', instance_key: instanceKey, net_info: netInfo, availability_zone: az, placement_error: '', since: now });
}

/**
 * A crash (Diego's CrashActualLRP): the count grows (or resets after a long
 * run), the instance key and address go, and the first crashes go straight
 * back to UNCLAIMED to be auctioned again.
 */
export function crashed(before: ActualLRP, reason: string, now: number): { after: ActualLRP; restartNow: boolean } {
  const crashCount = nextCrashCount(before, now);
  const restartNow = shouldRestartNow(crashCount);
  const after = update(before, {
    state: restartNow ? 'UNCLAIMED' : 'CRASHED',
    instance_key: EMPTY_INSTANCE_KEY,
    net_info: EMPTY_NET_INFO,
    crash_count: crashCount,
    crash_reason: truncateReason(reason),
    since: now,
  });
  return { after, restartNow };
}

/** Back to UNCLAIMED without a crash (Diego's unclaimActualLRP): evacuation, a lost cell, a restart after backoff. */
export function unclaimed(before: ActualLRP, now: number): ActualLRP {
  return update(before, { state: 'UNCLAIMED', instance_key: EMPTY_INSTANCE_KEY, net_info: EMPTY_NET_INFO, since: now });
}

/** The auctioneer could not place it (Diego's FailActualLRP): stays UNCLAIMED with the reason. */
export function placementFailed(before: ActualLRP, reason: string, now: number): ActualLRP {
  return update(before, { placement_error: truncateReason(reason), since: now });
}

export function withPresence(before: ActualLRP, presence: ActualLRPPresence): ActualLRP {
  return update(before, { presence });
}
