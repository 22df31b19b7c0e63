// The events the model emits, built as Diego builds them
// (cloudfoundry/bbs events/calculator/actual_lrp_event_calculator.go).
//
// Actual LRP "instance" events: an instance is its key plus its instance key,
// so a change that keeps the instance key is a Changed event, and one that
// drops it (back to UNCLAIMED) is Created(new) + Removed(old). Within one
// (process_guid, index) the events are ordered so routes never go missing:
// Crashed first, then events whose resulting instance is RUNNING, then the rest
// (removals, changes to non-running states), each group in the order made.
import type { ActualLRP, BbsEventInput, DesiredLRP, Task } from '../../common/models.ts';

export function desiredCreated(desired: DesiredLRP): BbsEventInput {
  return { event: 'desired_lrp_created', desired_lrp_created: { desired_lrp: desired } };
}

export function desiredChanged(before: DesiredLRP, after: DesiredLRP): BbsEventInput {
  return { event: 'desired_lrp_changed', desired_lrp_changed: { before, after } };
}

export function desiredRemoved(desired: DesiredLRP): BbsEventInput {
  return { event: 'desired_lrp_removed', desired_lrp_removed: { desired_lrp: desired } };
}

export function instanceCreated(lrp: ActualLRP): BbsEventInput {
  return { event: 'actual_lrp_instance_created', actual_lrp_instance_created: { actual_lrp: lrp } };
}

export function instanceChanged(before: ActualLRP, after: ActualLRP): BbsEventInput {
  return { event: 'actual_lrp_instance_changed', actual_lrp_instance_changed: { before, after } };
}

export function instanceRemoved(lrp: ActualLRP): BbsEventInput {
  return { event: 'actual_lrp_instance_removed', actual_lrp_instance_removed: { actual_lrp: lrp } };
}

/** Diego's NewActualLRPCrashedEvent: the crashed instance's key, the new count, reason and time. */
export function actualCrashed(before: ActualLRP, after: ActualLRP): BbsEventInput {
  return {
    event: 'actual_lrp_crashed',
    actual_lrp_crashed: {
      key: after.key,
      instance_key: before.instance_key,
      crash_count: after.crash_count,
      crash_reason: after.crash_reason,
      since: after.since,
    },
  };
}

export function taskCreated(task: Task): BbsEventInput {
  return { event: 'task_created', task_created: { task } };
}

export function taskChanged(before: Task, after: Task): BbsEventInput {
  return { event: 'task_changed', task_changed: { before, after } };
}

export function taskRemoved(task: Task): BbsEventInput {
  return { event: 'task_removed', task_removed: { task } };
}

/**
 * The instance events of one record going from `before` to `after` (either
 * may be null: created / removed), as Diego's generateLRPInstanceEvents.
 */
export function instanceTransitionEvents(before: ActualLRP | null, after: ActualLRP | null): BbsEventInput[] {
  if (before === after) return [];
  if (after === null) return before ? [instanceRemoved(before)] : [];
  if (before === null) return [instanceCreated(after)];
  switch (after.state) {
    case 'UNCLAIMED':
      // A failed placement keeps the instance unclaimed: only a change.
      if (before.state === 'UNCLAIMED') return [instanceChanged(before, after)];
      return [instanceCreated(after), instanceRemoved(before)];
    case 'CRASHED':
      return [actualCrashed(before, after), instanceChanged(before, after)];
    default:
      return [instanceChanged(before, after)];
  }
}

/** The events of a crash, as Diego's EmitCrashEvents: always a Crashed event first. */
export function crashTransitionEvents(before: ActualLRP, after: ActualLRP): BbsEventInput[] {
  if (after.state === 'CRASHED') return [actualCrashed(before, after), instanceChanged(before, after)];
  return [actualCrashed(before, after), instanceCreated(after), instanceRemoved(before)];
}

/** Diego's EventScore: higher goes first. */
export function eventScore(event: BbsEventInput): number {
  if (event.actual_lrp_crashed) return 2;
  const resulting = event.actual_lrp_instance_created?.actual_lrp ?? event.actual_lrp_instance_changed?.after ?? null;
  if (resulting && resulting.state === 'RUNNING') return 1;
  return 0;
}

/** Order the events of one (process_guid, index) as Diego does (a stable sort by score). */
export function orderSlotEvents(events: BbsEventInput[]): BbsEventInput[] {
  if (events.length < 2) return events;
  return events
    .map((event, position) => ({ event, position, score: eventScore(event) }))
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .map((entry) => entry.event);
}
