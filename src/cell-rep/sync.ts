// The sync decisions (Diego's rep "bulk sync"), pure: from what runs on the
// cell (the executor's containers), what the BBS says is on the cell (actual
// LRPs and tasks with this cell id) and what the rep is handling right now,
// decide what to destroy, adopt and report. The loop in sync-loop.ts gathers
// the inputs and carries the actions out.
//
// Read the containers BEFORE the BBS: a container exists only after its claim
// (or StartTask) succeeded, so every container in the list has its record in
// the later BBS read, and no container is destroyed for a claim it has not seen.
import type { ActualLRP, PortMapping, Task } from '../common/models.ts';
import type { InstanceState } from './context.ts';
import type { ContainerInfo } from './executor/types.ts';
import type { Reservation } from './resources.ts';

/** What the rep handles at the moment of the decision. */
export interface HeldInstance {
  guid: string;
  kind: 'lrp' | 'task';
  state: InstanceState;
}

export interface SyncInput {
  cellId: string;
  containers: ContainerInfo[];
  actualLrps: ActualLRP[];
  tasks: Task[];
  held: HeldInstance[];
}

export type SyncAction =
  /** A container nobody wants (no record in the BBS), not handled by the rep: destroy it. */
  | { type: 'destroy-container'; guid: string; reason: string }
  /** The rep handles it but the BBS no longer has it here: stop it without reporting. */
  | { type: 'stop-instance'; guid: string; kind: 'lrp' | 'task'; reason: string }
  /** A container the rep does not handle (it restarted) whose record says it is ours: take it over. */
  | { type: 'adopt-lrp'; container: ContainerInfo; actualLrp: ActualLRP }
  | { type: 'adopt-task'; container: ContainerInfo; task: Task }
  /** The BBS has a claim of ours with nothing behind it: give the claim back. */
  | { type: 'remove-actual-lrp'; actualLrp: ActualLRP }
  /** The BBS says it runs here, but no container does: it crashed unseen. */
  | { type: 'crash-actual-lrp'; actualLrp: ActualLRP; reason: string }
  /** An evacuating record of ours with no container left. */
  | { type: 'remove-evacuating-actual-lrp'; actualLrp: ActualLRP }
  /** A task the BBS has running here with no container. */
  | { type: 'fail-task'; task: Task; reason: string };

export const containerMissing = 'container missing';

function isOurs(lrp: ActualLRP, cellId: string): boolean {
  return lrp.instance_key?.cell_id === cellId && (lrp.state === 'CLAIMED' || lrp.state === 'RUNNING');
}

export function decideSync(input: SyncInput): SyncAction[] {
  const { cellId } = input;
  const actions: SyncAction[] = [];
  const held = new Map(input.held.map((h) => [h.guid, h]));
  const lrpByInstance = new Map<string, ActualLRP>();
  for (const lrp of input.actualLrps) {
    if (!isOurs(lrp, cellId)) continue;
    const guid = lrp.instance_key!.instance_guid;
    // An instance has one row; should two share its guid, the ordinary one is the one that counts.
    const prev = lrpByInstance.get(guid);
    if (!prev || prev.presence !== 'ORDINARY') lrpByInstance.set(guid, lrp);
  }
  const taskByGuid = new Map<string, Task>();
  for (const t of input.tasks) if (t.cell_id === cellId) taskByGuid.set(t.task_guid, t);
  const containerGuids = new Set(input.containers.map((c) => c.guid));

  for (const c of input.containers) {
    const h = held.get(c.guid);
    if (h?.state === 'STOPPING') continue;
    if (c.tags.kind === 'lrp') {
      const lrp = lrpByInstance.get(c.guid);
      if (lrp) {
        if (!h) actions.push({ type: 'adopt-lrp', container: c, actualLrp: lrp });
      } else if (h) {
        actions.push({ type: 'stop-instance', guid: c.guid, kind: 'lrp', reason: 'no ActualLRP of this instance on this cell' });
      } else {
        actions.push({ type: 'destroy-container', guid: c.guid, reason: 'no ActualLRP of this instance on this cell' });
      }
    } else {
      const task = taskByGuid.get(c.guid);
      const running = task?.state === 'RUNNING';
      if (running) {
        if (!h) actions.push({ type: 'adopt-task', container: c, task: task! });
      } else if (h) {
        actions.push({ type: 'stop-instance', guid: c.guid, kind: 'task', reason: task ? `task is ${task.state}` : 'no task on this cell' });
      } else {
        actions.push({ type: 'destroy-container', guid: c.guid, reason: task ? `task is ${task.state}` : 'no task on this cell' });
      }
    }
  }

  for (const [guid, lrp] of lrpByInstance) {
    if (containerGuids.has(guid) || held.has(guid)) continue;
    if (lrp.presence === 'EVACUATING') actions.push({ type: 'remove-evacuating-actual-lrp', actualLrp: lrp });
    else if (lrp.state === 'CLAIMED') actions.push({ type: 'remove-actual-lrp', actualLrp: lrp });
    else actions.push({ type: 'crash-actual-lrp', actualLrp: lrp, reason: containerMissing });
  }
  for (const [guid, task] of taskByGuid) {
    if (task.state !== 'RUNNING' || containerGuids.has(guid) || held.has(guid)) continue;
    actions.push({ type: 'fail-task', task, reason: containerMissing });
  }
  return actions;
}

export interface Holdings {
  reservations: Reservation[];
  ports: Map<string, number[]>;
}

export interface RecountInput {
  /** The containers listed at the start of the pass. */
  containers: ContainerInfo[];
  /** Guids the rep handled when the pass started. */
  heldAtStart: ReadonlySet<string>;
  /** Containers this pass destroyed. */
  destroyed: ReadonlySet<string>;
  /** What the rep handles now (after the pass's actions), with what each holds. */
  heldNow: Array<{ guid: string; need: { memoryMb: number; diskMb: number; maxPids: number }; ports: PortMapping[] }>;
}

/**
 * What the cell's books should say after a pass: everything the rep handles
 * now (including reservations with no container yet), plus containers nobody
 * handles that are still there (e.g. the BBS was unreachable, so the pass could
 * not decide). A container a runner handled at the start but no longer does
 * has ended since the listing: it is not counted.
 */
export function recountHoldings(input: RecountInput): Holdings {
  const reservations = new Map<string, Reservation>();
  const ports = new Map<string, number[]>();
  for (const c of input.containers) {
    if (input.heldAtStart.has(c.guid) || input.destroyed.has(c.guid)) continue;
    reservations.set(c.guid, { key: c.guid, memoryMb: c.memoryMb, diskMb: c.diskMb, maxPids: c.maxPids });
    ports.set(c.guid, c.ports.map((p) => p.host_port));
  }
  for (const h of input.heldNow) {
    reservations.set(h.guid, { key: h.guid, ...h.need });
    ports.set(h.guid, h.ports.map((p) => p.host_port));
  }
  return { reservations: [...reservations.values()], ports };
}
