// The BBS's in-memory model (the BbsModel contract of types.ts). Each
// operation runs in a Txn: the rules (lrp/, tasks/, convergence/) validate
// first and change the tables only through the Txn, which records every write
// with the record before it. Should an operation still throw halfway, the
// writes made so far are reverted, so an error always leaves the model as it
// was.
import type {
  ActualLRP, ActualLRPFilter, ActualLRPInstanceKey, ActualLRPKey, ActualLRPNetInfo, CellPresence, DesiredLRP,
  DesiredLRPSchedulingInfo, DesiredLRPUpdate, Domain, Task, TaskFilter,
} from '../../common/models.ts';
import { invalidArgument, notFound } from '../../common/errors.ts';
import type {
  ActualLRPCounts, BbsModel, Change, ConvergenceInput, ConvergenceReport, RecordKind, StoredRecord,
} from './types.ts';
import { Tables, isFresh, slotRecords, type ActualSlot } from './tables.ts';
import { Txn } from './change.ts';
import { modelContext, type ModelContext, type ModelOptions } from './context.ts';
import { desireLRP, removeDesiredLRP, updateDesiredLRP } from '../lrp/desired-ops.ts';
import {
  claimActualLRP, crashActualLRP, failActualLRP, removeActualLRP, retireActualLRP, startActualLRP,
} from '../lrp/actual-ops.ts';
import {
  evacuateClaimedActualLRP, evacuateCrashedActualLRP, evacuateRunningActualLRP, evacuateStoppedActualLRP,
  removeEvacuatingActualLRP,
} from '../lrp/evacuation.ts';
import { schedulingInfo } from '../lrp/start-requests.ts';
import { validateDomain, validateGuid, validateNonNegative } from '../lrp/validation.ts';
import {
  cancelTask, completeTask, deleteTask, desireTask, failTask, rejectTask, resolveTask, startTask,
} from '../tasks/task-ops.ts';
import { validateTaskGuid } from '../tasks/validation.ts';
import { converge } from '../convergence/converge.ts';

export type { ModelOptions } from './context.ts';

export class InMemoryBbsModel implements BbsModel {
  private readonly tables = new Tables();
  private readonly ctx: ModelContext;

  constructor(options: ModelOptions = {}) {
    this.ctx = modelContext(options);
  }

  /** Run one operation; on any error undo what it did and rethrow. */
  private run<T>(operation: (txn: Txn) => T): { result: T; change: Change } {
    const txn = new Txn(this.tables);
    try {
      const result = operation(txn);
      return { result, change: txn.change() };
    } catch (err) {
      this.revert(txn.change());
      throw err;
    }
  }

  private apply(operation: (txn: Txn) => void): Change {
    return this.run(operation).change;
  }

  // Desired LRPs

  desireLRP(desired: DesiredLRP, now: number): Change {
    return this.apply((txn) => desireLRP(txn, this.ctx, desired, now));
  }

  updateDesiredLRP(processGuid: string, update: DesiredLRPUpdate, now: number): Change {
    return this.apply((txn) => updateDesiredLRP(txn, this.ctx, processGuid, update, now));
  }

  removeDesiredLRP(processGuid: string, _now: number): Change {
    return this.apply((txn) => removeDesiredLRP(txn, processGuid));
  }

  getDesiredLRP(processGuid: string): DesiredLRP {
    validateGuid(processGuid, 'process_guid');
    const desired = this.tables.desired.get(processGuid);
    if (!desired) throw notFound(`desired LRP ${processGuid}`);
    return desired;
  }

  listDesiredLRPs(filter: { domain: string; process_guids: string[] }): DesiredLRP[] {
    const domain = filter?.domain ?? '';
    const guids = filter?.process_guids ?? [];
    if (guids.length > 0) {
      const found: DesiredLRP[] = [];
      for (const guid of new Set(guids)) {
        const desired = this.tables.desired.get(guid);
        if (desired && (!domain || desired.domain === domain)) found.push(desired);
      }
      return found;
    }
    if (domain) {
      const found: DesiredLRP[] = [];
      for (const guid of this.tables.desired.guidsInDomain(domain)) found.push(this.tables.desired.get(guid)!);
      return found;
    }
    return [...this.tables.desired.values()];
  }

  listSchedulingInfos(filter: { domain: string; process_guids: string[] }): DesiredLRPSchedulingInfo[] {
    return this.listDesiredLRPs(filter).map(schedulingInfo);
  }

  // Actual LRPs

  listActualLRPs(filter: ActualLRPFilter | null): ActualLRP[] {
    const domain = filter?.domain ?? '';
    const cellId = filter?.cell_id ?? '';
    const processGuid = filter?.process_guid ?? '';
    const index = filter?.index ?? null;
    const found: ActualLRP[] = [];
    const take = (lrp: ActualLRP | null) => {
      if (!lrp) return;
      if (domain && lrp.key?.domain !== domain) return;
      if (cellId && lrp.instance_key?.cell_id !== cellId) return;
      if (index !== null && lrp.key?.index !== index) return;
      found.push(lrp);
    };
    const takeSlot = (slot: ActualSlot | undefined) => {
      if (!slot) return;
      take(slot.ordinary);
      take(slot.evacuating);
      take(slot.suspect);
    };
    const takeGuid = (guid: string) => {
      const slots = this.tables.actual.slotsOf(guid);
      if (!slots) return;
      if (index !== null) takeSlot(slots.get(index));
      else for (const slot of slots.values()) takeSlot(slot);
    };
    if (processGuid) takeGuid(processGuid);
    else if (cellId) for (const slot of this.tables.actual.slotsOnCell(cellId) ?? []) takeSlot(slot);
    else if (domain) for (const guid of this.tables.actual.guidsInDomain(domain)) takeGuid(guid);
    else for (const [guid] of this.tables.actual.guids()) takeGuid(guid);
    return found;
  }

  claimActualLRP(processGuid: string, index: number, instanceKey: ActualLRPInstanceKey | null, now: number): Change {
    return this.apply((txn) => claimActualLRP(txn, processGuid, index, instanceKey, now));
  }

  startActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, netInfo: ActualLRPNetInfo | null, availabilityZone: string, now: number): Change {
    return this.apply((txn) => startActualLRP(txn, this.ctx, key, instanceKey, netInfo, availabilityZone, now));
  }

  crashActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, errorMessage: string, now: number): Change {
    return this.apply((txn) => crashActualLRP(txn, key, instanceKey, errorMessage, now));
  }

  failActualLRP(key: ActualLRPKey | null, errorMessage: string, now: number): Change {
    return this.apply((txn) => failActualLRP(txn, key, errorMessage, now));
  }

  removeActualLRP(processGuid: string, index: number, instanceKey: ActualLRPInstanceKey | null, now: number): Change {
    return this.apply((txn) => removeActualLRP(txn, this.ctx, processGuid, index, instanceKey, now));
  }

  retireActualLRP(key: ActualLRPKey | null, _now: number): Change {
    return this.apply((txn) => retireActualLRP(txn, key));
  }

  evacuateClaimedActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, now: number): { change: Change; keepContainer: boolean } {
    const { result, change } = this.run((txn) => evacuateClaimedActualLRP(txn, key, instanceKey, now));
    return { change, keepContainer: result.keepContainer };
  }

  evacuateRunningActualLRP(
    key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, netInfo: ActualLRPNetInfo | null, availabilityZone: string, now: number,
  ): { change: Change; keepContainer: boolean } {
    const { result, change } = this.run((txn) => evacuateRunningActualLRP(txn, this.ctx, key, instanceKey, netInfo, availabilityZone, now));
    return { change, keepContainer: result.keepContainer };
  }

  evacuateCrashedActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, errorMessage: string, now: number): { change: Change; keepContainer: boolean } {
    const { result, change } = this.run((txn) => evacuateCrashedActualLRP(txn, key, instanceKey, errorMessage, now));
    return { change, keepContainer: result.keepContainer };
  }

  evacuateStoppedActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, _now: number): { change: Change; keepContainer: boolean } {
    const { result, change } = this.run((txn) => evacuateStoppedActualLRP(txn, key, instanceKey));
    return { change, keepContainer: result.keepContainer };
  }

  removeEvacuatingActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, _now: number): Change {
    return this.apply((txn) => removeEvacuatingActualLRP(txn, key, instanceKey));
  }

  // Tasks

  desireTask(task: Task, now: number): Change {
    return this.apply((txn) => desireTask(txn, task, now));
  }

  startTask(taskGuid: string, cellId: string, now: number): { change: Change; shouldStart: boolean } {
    const { result, change } = this.run((txn) => startTask(txn, taskGuid, cellId, now));
    return { change, shouldStart: result };
  }

  completeTask(taskGuid: string, cellId: string, failed: boolean, failureReason: string, result: string, now: number): Change {
    return this.apply((txn) => completeTask(txn, taskGuid, cellId, failed, failureReason, result, now));
  }

  failTask(taskGuid: string, failureReason: string, now: number): Change {
    return this.apply((txn) => failTask(txn, taskGuid, failureReason, now));
  }

  rejectTask(taskGuid: string, rejectionReason: string, now: number): Change {
    return this.apply((txn) => rejectTask(txn, this.ctx, taskGuid, rejectionReason, now));
  }

  cancelTask(taskGuid: string, now: number): Change {
    return this.apply((txn) => cancelTask(txn, taskGuid, now));
  }

  resolvingTask(taskGuid: string, now: number): Change {
    return this.apply((txn) => resolveTask(txn, taskGuid, now));
  }

  deleteTask(taskGuid: string, _now: number): Change {
    return this.apply((txn) => deleteTask(txn, taskGuid));
  }

  getTask(taskGuid: string): Task {
    validateTaskGuid(taskGuid);
    const task = this.tables.tasks.get(taskGuid);
    if (!task) throw notFound(`task ${taskGuid}`);
    return task;
  }

  listTasks(filter: TaskFilter | null): Task[] {
    const domain = filter?.domain ?? '';
    const cellId = filter?.cell_id ?? '';
    const found: Task[] = [];
    for (const task of this.tables.tasks.values()) {
      if (domain && task.domain !== domain) continue;
      if (cellId && task.cell_id !== cellId) continue;
      found.push(task);
    }
    return found;
  }

  // Domains

  upsertDomain(domain: string, ttlSeconds: number, now: number): Change {
    return this.apply((txn) => {
      validateDomain(domain, 'domain');
      validateNonNegative(ttlSeconds, 'ttl_seconds');
      txn.putDomain({ domain, expires_at: ttlSeconds === 0 ? 0 : now + ttlSeconds * 1000 });
    });
  }

  listDomains(now: number): Domain[] {
    return [...this.tables.domains.values()].filter((domain) => isFresh(domain, now));
  }

  // Convergence

  converge(input: ConvergenceInput): { change: Change; report: ConvergenceReport } {
    const { result, change } = this.run((txn) => converge(txn, this.ctx, input));
    return { change, report: result };
  }

  // Persistence support

  load(kind: RecordKind, _key: string, value: StoredRecord): void {
    switch (kind) {
      case 'desired':
        this.tables.desired.put(value as DesiredLRP);
        break;
      case 'actual':
        this.tables.actual.put(value as ActualLRP);
        break;
      case 'task':
        this.tables.tasks.put(value as Task);
        break;
      case 'domain':
        this.tables.domains.put(value as Domain);
        break;
      default:
        throw invalidArgument('kind', `unknown record kind ${String(kind)}`);
    }
  }

  revert(change: Change): void {
    for (let i = change.writes.length - 1; i >= 0; i--) {
      const { kind, value, previous } = change.writes[i];
      if (previous) {
        this.load(kind, '', previous);
        continue;
      }
      if (!value) continue;
      switch (kind) {
        case 'desired':
          this.tables.desired.delete((value as DesiredLRP).process_guid);
          break;
        case 'actual': {
          const lrp = value as ActualLRP;
          this.tables.actual.delete(lrp.key?.process_guid ?? '', lrp.key?.index ?? 0, lrp.presence);
          break;
        }
        case 'task':
          this.tables.tasks.delete((value as Task).task_guid);
          break;
        case 'domain':
          this.tables.domains.delete((value as Domain).domain);
          break;
      }
    }
  }

  counts(): ActualLRPCounts {
    return {
      byState: { ...this.tables.actual.stateCounts },
      byPresence: { ...this.tables.actual.presenceCounts },
      desiredInstances: this.tables.desired.desiredInstances,
      desiredLRPs: this.tables.desired.size,
      tasksByState: { ...this.tables.tasks.stateCounts },
    };
  }

  /** All the records of one (process_guid, index), ORDINARY first (for tests and debugging). */
  instancesOf(processGuid: string, index: number): ActualLRP[] {
    const slot = this.tables.actual.slot(processGuid, index);
    return slot ? slotRecords(slot) : [];
  }
}

/** The cells map a convergence pass takes, from a list of presences (a convenience for callers and tests). */
export function liveCellMap(cells: CellPresence[]): Map<string, CellPresence> {
  return new Map(cells.map((cell) => [cell.cell_id, cell]));
}
