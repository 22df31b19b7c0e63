// Desire, update and remove desired LRPs, as Diego's desired LRP handlers
// (cloudfoundry/bbs handlers/desired_lrp_handlers.go): desiring creates an
// UNCLAIMED instance per index and asks for one auction of them all; scaling
// down removes the extra instances that run nowhere and asks the cells of the
// claimed/running ones to stop them (the cell then removes the record).
import type { ActualLRP, DesiredLRP, DesiredLRPUpdate } from '../../common/models.ts';
import { alreadyExists, notFound } from '../../common/errors.ts';
import type { Txn } from '../state/change.ts';
import type { ModelContext } from '../state/context.ts';
import { desiredChanged, desiredCreated, desiredRemoved, instanceCreated, instanceRemoved } from '../state/events.ts';
import { newUnclaimed } from './state-machine.ts';
import { validateDesiredLRP, validateDesiredLRPUpdate, validateGuid, validateRoutePorts } from './validation.ts';

/** The user processes run as unless the LRP says otherwise. */
export const DEFAULT_USER = 'vcap';

/** The model's own copy of a desired LRP: every field explicit, nothing shared with the caller. */
export function normalizeDesired(input: DesiredLRP, modificationTag: { epoch: string; index: number }, createdAt: number): DesiredLRP {
  return {
    process_guid: input.process_guid,
    domain: input.domain,
    instances: input.instances,
    rootfs: input.rootfs,
    memory_mb: input.memory_mb,
    disk_mb: input.disk_mb,
    max_pids: input.max_pids,
    ports: [...input.ports],
    routes: input.routes.map((r) => ({ hostnames: [...r.hostnames], port: r.port })),
    env: input.env.map((e) => ({ name: e.name, value: e.value })),
    start_command: input.start_command,
    droplet: input.droplet ? { digest: input.droplet.digest, url: input.droplet.url } : null,
    check: input.check ? { ...input.check } : null,
    start_timeout_ms: input.start_timeout_ms,
    placement_tags: [...input.placement_tags],
    annotation: input.annotation,
    modification_tag: modificationTag,
    log_guid: input.log_guid || input.process_guid,
    user: input.user || DEFAULT_USER,
    created_at: createdAt,
  };
}

/** Create UNCLAIMED instances for the indices [from, to) that have no ORDINARY record, and auction them. */
export function startInstances(txn: Txn, ctx: ModelContext, desired: DesiredLRP, from: number, to: number, now: number): number {
  let created = 0;
  for (let index = from; index < to; index++) {
    if (txn.tables.actual.get(desired.process_guid, index, 'ORDINARY')) continue; // still there (e.g. stopping): convergence takes over
    const lrp = newUnclaimed({ process_guid: desired.process_guid, index, domain: desired.domain }, ctx.newEpoch(), now);
    txn.putActual(lrp);
    txn.emit(instanceCreated(lrp));
    txn.auctionLRP(desired, index);
    created++;
  }
  return created;
}

/**
 * Retire one instance (Diego's stopInstancesFrom / RetireActualLRP): one that
 * runs nowhere is removed at once; a claimed or running one is stopped by its
 * cell, which then removes it.
 */
export function retireInstance(txn: Txn, lrp: ActualLRP): void {
  if (lrp.state === 'UNCLAIMED' || lrp.state === 'CRASHED') {
    txn.deleteActual(lrp);
    txn.emit(instanceRemoved(lrp));
  } else {
    txn.stop(lrp);
  }
}

/** Retire every instance of an LRP at index ≥ from, highest index first; EVACUATING ones are left to their cells. */
export function stopInstancesFrom(txn: Txn, processGuid: string, from: number): void {
  const slots = txn.tables.actual.slotsOf(processGuid);
  if (!slots) return;
  const targets: ActualLRP[] = [];
  for (const [index, slot] of slots) {
    if (index < from) continue;
    if (slot.ordinary) targets.push(slot.ordinary);
    if (slot.suspect) targets.push(slot.suspect);
  }
  targets.sort((a, b) => (b.key?.index ?? 0) - (a.key?.index ?? 0));
  for (const lrp of targets) retireInstance(txn, lrp);
}

export function desireLRP(txn: Txn, ctx: ModelContext, input: DesiredLRP, now: number): void {
  validateDesiredLRP(input);
  if (txn.tables.desired.get(input.process_guid)) throw alreadyExists(`desired LRP ${input.process_guid}`);
  const desired = normalizeDesired(input, { epoch: ctx.newEpoch(), index: 0 }, now);
  txn.putDesired(desired);
  txn.emit(desiredCreated(desired));
  startInstances(txn, ctx, desired, 0, desired.instances, now);
}

export function updateDesiredLRP(txn: Txn, ctx: ModelContext, processGuid: string, update: DesiredLRPUpdate, now: number): void {
  validateGuid(processGuid, 'process_guid');
  validateDesiredLRPUpdate(update);
  const before = txn.tables.desired.get(processGuid);
  if (!before) throw notFound(`desired LRP ${processGuid}`);
  if (update.routes) validateRoutePorts(update.routes.routes, before.ports, 'update.routes');

  const hasInstances = update.instances !== undefined && update.instances !== null;
  const hasAnnotation = update.annotation !== undefined && update.annotation !== null;
  const after: DesiredLRP = {
    ...before,
    instances: hasInstances ? update.instances! : before.instances,
    routes: update.routes ? update.routes.routes.map((r) => ({ hostnames: [...r.hostnames], port: r.port })) : before.routes,
    annotation: hasAnnotation ? update.annotation! : before.annotation,
    modification_tag: { epoch: before.modification_tag?.epoch ?? '', index: (before.modification_tag?.index ?? 0) + 1 },
  };
  txn.putDesired(after);
  // The desired change first: the instance changes below follow from it.
  txn.emit(desiredChanged(before, after));
  if (after.instances > before.instances) startInstances(txn, ctx, after, before.instances, after.instances, now);
  if (after.instances < before.instances) stopInstancesFrom(txn, processGuid, after.instances);
}

export function removeDesiredLRP(txn: Txn, processGuid: string): void {
  validateGuid(processGuid, 'process_guid');
  const desired = txn.tables.desired.get(processGuid);
  if (!desired) throw notFound(`desired LRP ${processGuid}`);
  txn.deleteDesired(processGuid);
  txn.emit(desiredRemoved(desired));
  stopInstancesFrom(txn, processGuid, 0);
}
