// Which events a subscriber asked for (SubscribeRequest), as in Diego: a
// process-guid filter keeps only that LRP's desired and actual events; a
// cell filter keeps only events of instances and tasks on that cell (either
// side of a change); lrp_events / task_events pick kinds (both false = all).
import type { ActualLRP, BbsEventInput, DesiredLRP, Task } from '../../common/models.ts';

export interface EventFilter {
  processGuid: string;
  cellId: string;
  lrpEvents: boolean;
  taskEvents: boolean;
}

export type EventKind = NonNullable<BbsEventInput['event']>;

const kinds: EventKind[] = [
  'desired_lrp_created', 'desired_lrp_changed', 'desired_lrp_removed',
  'actual_lrp_instance_created', 'actual_lrp_instance_changed', 'actual_lrp_instance_removed', 'actual_lrp_crashed',
  'task_created', 'task_changed', 'task_removed',
];

/** The event's kind: its oneof discriminator if set, else the one payload present. */
export function kindOf(event: BbsEventInput): EventKind {
  if (event.event) return event.event;
  for (const k of kinds) if (event[k]) return k;
  throw new Error('event has no payload');
}

export const isTaskKind = (kind: EventKind) => kind.startsWith('task_');

type Guided = { process_guid?: string } | null | undefined;
type Actual = Pick<ActualLRP, 'key' | 'instance_key'> | null | undefined;

const guidOfDesired = (d: Partial<DesiredLRP> | null | undefined) => (d as Guided)?.process_guid ?? '';
const guidOfActual = (a: Actual) => a?.key?.process_guid ?? '';
const cellOfActual = (a: Actual) => a?.instance_key?.cell_id ?? '';
const cellOfTask = (t: Partial<Task> | null | undefined) => t?.cell_id ?? '';

/** The process guids and cell ids an event concerns (a change concerns both sides). */
export function subjectsOf(event: BbsEventInput): { processGuids: string[]; cellIds: string[] } {
  const kind = kindOf(event);
  switch (kind) {
    case 'desired_lrp_created':
      return { processGuids: [guidOfDesired(event.desired_lrp_created?.desired_lrp as DesiredLRP)], cellIds: [] };
    case 'desired_lrp_changed':
      return {
        processGuids: [guidOfDesired(event.desired_lrp_changed?.before as DesiredLRP), guidOfDesired(event.desired_lrp_changed?.after as DesiredLRP)],
        cellIds: [],
      };
    case 'desired_lrp_removed':
      return { processGuids: [guidOfDesired(event.desired_lrp_removed?.desired_lrp as DesiredLRP)], cellIds: [] };
    case 'actual_lrp_instance_created': {
      const a = event.actual_lrp_instance_created?.actual_lrp as Actual;
      return { processGuids: [guidOfActual(a)], cellIds: [cellOfActual(a)] };
    }
    case 'actual_lrp_instance_changed': {
      const b = event.actual_lrp_instance_changed?.before as Actual;
      const a = event.actual_lrp_instance_changed?.after as Actual;
      return { processGuids: [guidOfActual(b), guidOfActual(a)], cellIds: [cellOfActual(b), cellOfActual(a)] };
    }
    case 'actual_lrp_instance_removed': {
      const a = event.actual_lrp_instance_removed?.actual_lrp as Actual;
      return { processGuids: [guidOfActual(a)], cellIds: [cellOfActual(a)] };
    }
    case 'actual_lrp_crashed': {
      const c = event.actual_lrp_crashed;
      return { processGuids: [c?.key?.process_guid ?? ''], cellIds: [c?.instance_key?.cell_id ?? ''] };
    }
    case 'task_created':
      return { processGuids: [], cellIds: [cellOfTask(event.task_created?.task as Task)] };
    case 'task_changed':
      return { processGuids: [], cellIds: [cellOfTask(event.task_changed?.before as Task), cellOfTask(event.task_changed?.after as Task)] };
    case 'task_removed':
      return { processGuids: [], cellIds: [cellOfTask(event.task_removed?.task as Task)] };
  }
}

export function matches(filter: EventFilter, event: BbsEventInput): boolean {
  const kind = kindOf(event);
  const task = isTaskKind(kind);
  if (filter.lrpEvents || filter.taskEvents) {
    if (task && !filter.taskEvents) return false;
    if (!task && !filter.lrpEvents) return false;
  }
  if (!filter.processGuid && !filter.cellId) return true;
  const { processGuids, cellIds } = subjectsOf(event);
  if (filter.processGuid && !processGuids.includes(filter.processGuid)) return false;
  if (filter.cellId && !cellIds.includes(filter.cellId)) return false;
  return true;
}
