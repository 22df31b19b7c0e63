// One model operation in progress: it changes the tables only through here, so
// every change is recorded as a write (with the record before it, for revert),
// and collects the events, auction requests, stop requests and task cancels
// that go with it. Two writes to one key in one operation collapse into one
// (the first `previous`, the last `value`).
import type { ActualLRP, BbsEventInput, DesiredLRP, Domain, Task } from '../../common/models.ts';
import type { LRPStartRequest } from '../../generated/gantry/auctioneer/LRPStartRequest.ts';
import type { Change, RecordKind, RecordWrite, StopRequest, StoredRecord, TaskCancelRequest } from './types.ts';
import type { Tables } from './tables.ts';
import { actualKey, actualKeyOf, desiredKey, domainKey, taskKey } from './keys.ts';
import { orderSlotEvents } from './events.ts';
import { lrpStartRequest, taskStartRequest } from '../lrp/start-requests.ts';

export function emptyChange(): Change {
  return { writes: [], events: [], lrpAuctions: [], taskAuctions: [], stops: [], taskCancels: [] };
}

export class Txn {
  private readonly writes: RecordWrite[] = [];
  private readonly writeAt = new Map<string, number>();
  private readonly events: BbsEventInput[] = [];
  private readonly lrpAuctions: LRPStartRequest[] = [];
  private readonly lrpAuctionAt = new Map<string, LRPStartRequest>();
  private readonly taskAuctions: Change['taskAuctions'] = [];
  private readonly stops: StopRequest[] = [];
  private readonly taskCancels: TaskCancelRequest[] = [];

  constructor(readonly tables: Tables) {}

  private record(kind: RecordKind, key: string, value: StoredRecord | null, previous: StoredRecord | null): void {
    const id = `${kind}/${key}`;
    const at = this.writeAt.get(id);
    if (at === undefined) {
      this.writeAt.set(id, this.writes.length);
      this.writes.push({ kind, key, value, previous });
    } else {
      this.writes[at] = { kind, key, value, previous: this.writes[at].previous };
    }
  }

  putActual(lrp: ActualLRP): ActualLRP | null {
    const previous = this.tables.actual.put(lrp);
    this.record('actual', actualKeyOf(lrp), lrp, previous);
    return previous;
  }

  deleteActual(lrp: ActualLRP): void {
    const guid = lrp.key?.process_guid ?? '';
    const index = lrp.key?.index ?? 0;
    const previous = this.tables.actual.delete(guid, index, lrp.presence);
    if (previous) this.record('actual', actualKey(guid, index, lrp.presence), null, previous);
  }

  putDesired(desired: DesiredLRP): DesiredLRP | null {
    const previous = this.tables.desired.put(desired);
    this.record('desired', desiredKey(desired.process_guid), desired, previous);
    return previous;
  }

  deleteDesired(processGuid: string): DesiredLRP | null {
    const previous = this.tables.desired.delete(processGuid);
    if (previous) this.record('desired', desiredKey(processGuid), null, previous);
    return previous;
  }

  putTask(task: Task): Task | null {
    const previous = this.tables.tasks.put(task);
    this.record('task', taskKey(task.task_guid), task, previous);
    return previous;
  }

  deleteTask(taskGuid: string): Task | null {
    const previous = this.tables.tasks.delete(taskGuid);
    if (previous) this.record('task', taskKey(taskGuid), null, previous);
    return previous;
  }

  putDomain(domain: Domain): Domain | null {
    const previous = this.tables.domains.put(domain);
    this.record('domain', domainKey(domain.domain), domain, previous);
    return previous;
  }

  deleteDomain(name: string): Domain | null {
    const previous = this.tables.domains.delete(name);
    if (previous) this.record('domain', domainKey(name), null, previous);
    return previous;
  }

  emit(...events: BbsEventInput[]): void {
    for (const event of events) this.events.push(event);
  }

  /** The events of one (process_guid, index), put in Diego's order first. */
  emitSlot(events: BbsEventInput[]): void {
    this.emit(...orderSlotEvents(events));
  }

  /** Ask for an auction of one index; indices of one LRP in one operation share one request. */
  auctionLRP(desired: DesiredLRP | undefined, index: number): void {
    if (!desired) return; // an orphan is retired by convergence, never auctioned
    let request = this.lrpAuctionAt.get(desired.process_guid);
    if (!request) {
      request = lrpStartRequest(desired, []);
      this.lrpAuctionAt.set(desired.process_guid, request);
      this.lrpAuctions.push(request);
    }
    request.indices!.push(index);
  }

  auctionTask(task: Task): void {
    this.taskAuctions.push(taskStartRequest(task));
  }

  stop(lrp: ActualLRP): void {
    if (!lrp.key || !lrp.instance_key) return;
    this.stops.push({ key: lrp.key, instance_key: lrp.instance_key });
  }

  cancelTask(taskGuid: string, cellId: string): void {
    this.taskCancels.push({ task_guid: taskGuid, cell_id: cellId });
  }

  change(): Change {
    return {
      // A record created and deleted within the operation leaves nothing to write.
      writes: this.writes.filter((w) => w.value !== null || w.previous !== null),
      events: this.events,
      lrpAuctions: this.lrpAuctions,
      taskAuctions: this.taskAuctions,
      stops: this.stops,
      taskCancels: this.taskCancels,
    };
  }
}
