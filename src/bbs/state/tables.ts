// The in-memory tables of the model and their indexes. A table only stores
// and finds records; the rules live in lrp/, tasks/ and convergence/.
//
// Actual LRPs sit in slots: process_guid → index → {ordinary, evacuating,
// suspect}, so "the instances of one index" is one lookup, with indexes by
// cell and by domain, and running counts for metrics. Sized for 250,000
// actual LRPs on 1,000 cells.
import type { ActualLRP, ActualLRPPresence, ActualLRPState, DesiredLRP, Domain, Task, TaskState } from '../../common/models.ts';

/** The records of one (process_guid, index): at most one per presence. */
export interface ActualSlot {
  ordinary: ActualLRP | null;
  evacuating: ActualLRP | null;
  suspect: ActualLRP | null;
}

const PRESENCE_FIELD = { ORDINARY: 'ordinary', EVACUATING: 'evacuating', SUSPECT: 'suspect' } as const satisfies Record<ActualLRPPresence, keyof ActualSlot>;

export function slotRecords(slot: ActualSlot): ActualLRP[] {
  const records: ActualLRP[] = [];
  if (slot.ordinary) records.push(slot.ordinary);
  if (slot.evacuating) records.push(slot.evacuating);
  if (slot.suspect) records.push(slot.suspect);
  return records;
}

function emptyStateCounts(): Record<ActualLRPState, number> {
  return { UNCLAIMED: 0, CLAIMED: 0, RUNNING: 0, CRASHED: 0 };
}

function emptyPresenceCounts(): Record<ActualLRPPresence, number> {
  return { ORDINARY: 0, EVACUATING: 0, SUSPECT: 0 };
}

export class ActualLRPTable {
  private readonly byGuid = new Map<string, Map<number, ActualSlot>>();
  /** cell id → the slots holding at least one record on that cell. */
  private readonly byCell = new Map<string, Set<ActualSlot>>();
  /** domain → process guid → how many records of that guid are in the domain. */
  private readonly byDomain = new Map<string, Map<string, number>>();
  readonly stateCounts = emptyStateCounts();
  readonly presenceCounts = emptyPresenceCounts();
  private total = 0;

  get size(): number {
    return this.total;
  }

  get(processGuid: string, index: number, presence: ActualLRPPresence): ActualLRP | null {
    return this.byGuid.get(processGuid)?.get(index)?.[PRESENCE_FIELD[presence]] ?? null;
  }

  slot(processGuid: string, index: number): ActualSlot | undefined {
    return this.byGuid.get(processGuid)?.get(index);
  }

  /** index → slot of one process guid (do not modify). */
  slotsOf(processGuid: string): ReadonlyMap<number, ActualSlot> | undefined {
    return this.byGuid.get(processGuid);
  }

  guids(): IterableIterator<[string, ReadonlyMap<number, ActualSlot>]> {
    return this.byGuid.entries();
  }

  slotsOnCell(cellId: string): ReadonlySet<ActualSlot> | undefined {
    return this.byCell.get(cellId);
  }

  guidsInDomain(domain: string): Iterable<string> {
    return this.byDomain.get(domain)?.keys() ?? [];
  }

  /** Store a record in its (process_guid, index, presence) place; returns the record it replaced. */
  put(lrp: ActualLRP): ActualLRP | null {
    const guid = lrp.key?.process_guid ?? '';
    const index = lrp.key?.index ?? 0;
    let slots = this.byGuid.get(guid);
    if (!slots) {
      slots = new Map();
      this.byGuid.set(guid, slots);
    }
    let slot = slots.get(index);
    if (!slot) {
      slot = { ordinary: null, evacuating: null, suspect: null };
      slots.set(index, slot);
    }
    const field = PRESENCE_FIELD[lrp.presence];
    const previous = slot[field];
    if (previous) this.unindex(slot, previous);
    slot[field] = lrp;
    this.index(slot, lrp);
    return previous;
  }

  /** Remove the record at (process_guid, index, presence); returns it, or null if there was none. */
  delete(processGuid: string, index: number, presence: ActualLRPPresence): ActualLRP | null {
    const slots = this.byGuid.get(processGuid);
    const slot = slots?.get(index);
    if (!slots || !slot) return null;
    const field = PRESENCE_FIELD[presence];
    const previous = slot[field];
    if (!previous) return null;
    slot[field] = null;
    this.unindex(slot, previous);
    if (!slot.ordinary && !slot.evacuating && !slot.suspect) {
      slots.delete(index);
      if (slots.size === 0) this.byGuid.delete(processGuid);
    }
    return previous;
  }

  *all(): IterableIterator<ActualLRP> {
    for (const slots of this.byGuid.values()) {
      for (const slot of slots.values()) {
        if (slot.ordinary) yield slot.ordinary;
        if (slot.evacuating) yield slot.evacuating;
        if (slot.suspect) yield slot.suspect;
      }
    }
  }

  private index(slot: ActualSlot, lrp: ActualLRP): void {
    const cell = lrp.instance_key?.cell_id ?? '';
    if (cell) {
      let set = this.byCell.get(cell);
      if (!set) {
        set = new Set();
        this.byCell.set(cell, set);
      }
      set.add(slot);
    }
    const domain = lrp.key?.domain ?? '';
    const guid = lrp.key?.process_guid ?? '';
    let guids = this.byDomain.get(domain);
    if (!guids) {
      guids = new Map();
      this.byDomain.set(domain, guids);
    }
    guids.set(guid, (guids.get(guid) ?? 0) + 1);
    this.stateCounts[lrp.state]++;
    this.presenceCounts[lrp.presence]++;
    this.total++;
  }

  /** Called after the record left (or before it is replaced in) its slot field. */
  private unindex(slot: ActualSlot, lrp: ActualLRP): void {
    const cell = lrp.instance_key?.cell_id ?? '';
    if (cell) {
      const stillThere = [slot.ordinary, slot.evacuating, slot.suspect].some((other) => other && other !== lrp && other.instance_key?.cell_id === cell);
      if (!stillThere) {
        const set = this.byCell.get(cell);
        set?.delete(slot);
        if (set && set.size === 0) this.byCell.delete(cell);
      }
    }
    const domain = lrp.key?.domain ?? '';
    const guid = lrp.key?.process_guid ?? '';
    const guids = this.byDomain.get(domain);
    if (guids) {
      const count = (guids.get(guid) ?? 1) - 1;
      if (count > 0) guids.set(guid, count);
      else guids.delete(guid);
      if (guids.size === 0) this.byDomain.delete(domain);
    }
    this.stateCounts[lrp.state]--;
    this.presenceCounts[lrp.presence]--;
    this.total--;
  }
}

export class DesiredLRPTable {
  private readonly byGuid = new Map<string, DesiredLRP>();
  private readonly byDomain = new Map<string, Set<string>>();
  private instances = 0;

  get size(): number {
    return this.byGuid.size;
  }

  /** Sum of desired instances over all LRPs. */
  get desiredInstances(): number {
    return this.instances;
  }

  get(processGuid: string): DesiredLRP | undefined {
    return this.byGuid.get(processGuid);
  }

  values(): IterableIterator<DesiredLRP> {
    return this.byGuid.values();
  }

  guidsInDomain(domain: string): ReadonlySet<string> {
    return this.byDomain.get(domain) ?? new Set();
  }

  /** Store (or replace in place: iteration order is kept) a desired LRP; returns the one it replaced. */
  put(desired: DesiredLRP): DesiredLRP | null {
    const previous = this.byGuid.get(desired.process_guid) ?? null;
    if (previous) this.unindex(previous);
    this.byGuid.set(desired.process_guid, desired);
    let guids = this.byDomain.get(desired.domain);
    if (!guids) {
      guids = new Set();
      this.byDomain.set(desired.domain, guids);
    }
    guids.add(desired.process_guid);
    this.instances += desired.instances;
    return previous;
  }

  delete(processGuid: string): DesiredLRP | null {
    const previous = this.byGuid.get(processGuid);
    if (!previous) return null;
    this.byGuid.delete(processGuid);
    this.unindex(previous);
    return previous;
  }

  private unindex(desired: DesiredLRP): void {
    const guids = this.byDomain.get(desired.domain);
    guids?.delete(desired.process_guid);
    if (guids && guids.size === 0) this.byDomain.delete(desired.domain);
    this.instances -= desired.instances;
  }
}

export class TaskTable {
  private readonly byGuid = new Map<string, Task>();
  readonly stateCounts: Record<TaskState, number> = { INVALID: 0, PENDING: 0, RUNNING: 0, COMPLETED: 0, RESOLVING: 0 };

  get size(): number {
    return this.byGuid.size;
  }

  get(taskGuid: string): Task | undefined {
    return this.byGuid.get(taskGuid);
  }

  values(): IterableIterator<Task> {
    return this.byGuid.values();
  }

  /** Store (or replace in place: iteration order is kept) a task; returns the one it replaced. */
  put(task: Task): Task | null {
    const previous = this.byGuid.get(task.task_guid) ?? null;
    if (previous) this.stateCounts[previous.state]--;
    this.byGuid.set(task.task_guid, task);
    this.stateCounts[task.state]++;
    return previous;
  }

  delete(taskGuid: string): Task | null {
    const previous = this.byGuid.get(taskGuid);
    if (!previous) return null;
    this.byGuid.delete(taskGuid);
    this.stateCounts[previous.state]--;
    return previous;
  }
}

export class DomainTable {
  private readonly byName = new Map<string, Domain>();

  get(name: string): Domain | undefined {
    return this.byName.get(name);
  }

  values(): IterableIterator<Domain> {
    return this.byName.values();
  }

  put(domain: Domain): Domain | null {
    const previous = this.byName.get(domain.domain) ?? null;
    this.byName.set(domain.domain, domain);
    return previous;
  }

  delete(name: string): Domain | null {
    const previous = this.byName.get(name) ?? null;
    this.byName.delete(name);
    return previous;
  }
}

/** A domain is fresh until it expires; expires_at 0 never does. */
export function isFresh(domain: Domain, now: number): boolean {
  return domain.expires_at === 0 || domain.expires_at > now;
}

/** All the tables of one model. */
export class Tables {
  readonly desired = new DesiredLRPTable();
  readonly actual = new ActualLRPTable();
  readonly tasks = new TaskTable();
  readonly domains = new DomainTable();
}
