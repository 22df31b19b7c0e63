// A simulated cell's bookkeeping: capacity, what it holds, and the rep's
// answers (State, Perform, StopLRPInstance, CancelTask) as plain data. No
// containers run; instances only hold resources. Perform reserves each piece
// of work in one synchronous pass, so concurrent Performs can never book the
// same room twice.
import { randomUUID } from 'node:crypto';
import { matchesPlacementTags, servesStack, type CellLRP, type CellState, type CellTask, type Resources } from '../auction/index.ts';
import type { CellState as RepCellState } from '../../generated/gantry/rep/CellState.ts';
import type { LRPInstance } from '../../generated/gantry/rep/LRPInstance.ts';
import type { TaskInstance } from '../../generated/gantry/rep/TaskInstance.ts';
import type { Work__Output } from '../../generated/gantry/rep/Work.ts';
import type { LRPWork__Output } from '../../generated/gantry/rep/LRPWork.ts';
import type { TaskWork__Output } from '../../generated/gantry/rep/TaskWork.ts';
import type { PerformResponse } from '../../generated/gantry/rep/PerformResponse.ts';
import { encodeCellState, encodeLRPEntry, encodeTaskEntry } from './sim-wire.ts';

export interface SimCellSpec {
  cellId: string;
  zone: string;
  stacks: string[];
  placementTags?: string[];
  optionalPlacementTags?: string[];
  capacity: Resources;
  evacuating?: boolean;
  /** How long a reserved instance counts as starting before it is running; 0: running at once. */
  startDurationMs?: number;
  /** Load the cell already carries when it starts (a scenario's preloaded cells). */
  initial?: { available: Resources; lrps: readonly CellLRP[]; tasks: readonly CellTask[] };
}

interface HeldLRP {
  wire: LRPInstance;
  reservedAt: number;
  /** Encoded State entries, by the state they say (encoded on first use). */
  entries?: Partial<Record<'STARTING' | 'RUNNING', Buffer>>;
}

interface HeldTask {
  wire: TaskInstance;
  reservedAt: number;
  entries?: Partial<Record<'STARTING' | 'RUNNING', Buffer>>;
}

export type Refuser = (work: LRPWork__Output | TaskWork__Output) => boolean;

export class SimCell {
  readonly available: Resources;
  private readonly lrps = new Map<string, HeldLRP>();
  private readonly tasks = new Map<string, HeldTask>();
  private readonly placementTags: string[];
  private readonly optionalPlacementTags: string[];
  private readonly capabilities: { stacks: string[]; placementTags: string[]; optionalPlacementTags: string[] };
  evacuating: boolean;

  constructor(readonly spec: SimCellSpec) {
    this.available = { ...spec.capacity };
    this.placementTags = spec.placementTags ?? [];
    this.optionalPlacementTags = spec.optionalPlacementTags ?? [];
    this.capabilities = { stacks: spec.stacks, placementTags: this.placementTags, optionalPlacementTags: this.optionalPlacementTags };
    this.evacuating = spec.evacuating ?? false;
    if (spec.initial) {
      Object.assign(this.available, spec.initial.available);
      for (const l of spec.initial.lrps) {
        this.lrps.set(`${l.processGuid}\u0000${l.index}`, {
          reservedAt: -Infinity,
          wire: { process_guid: l.processGuid, index: l.index, instance_guid: randomUUID(), memory_mb: l.memoryMb, disk_mb: l.diskMb, max_pids: 0, state: 'RUNNING' },
        });
      }
      for (const t of spec.initial.tasks) {
        this.tasks.set(t.taskGuid, { reservedAt: -Infinity, wire: { task_guid: t.taskGuid, memory_mb: t.memoryMb, disk_mb: t.diskMb, max_pids: 0, state: 'RUNNING' } });
      }
    }
  }

  get lrpCount(): number {
    return this.lrps.size;
  }

  get taskCount(): number {
    return this.tasks.size;
  }

  /** Whether the cell could take this piece now; reserves it if so. */
  private reserve(work: { rootfs: string; placement_tags: string[]; memory_mb: number; disk_mb: number; max_pids: number }): boolean {
    const a = this.available;
    if (this.evacuating) return false;
    if (!servesStack(this.capabilities, work.rootfs)) return false;
    if (!matchesPlacementTags(this.capabilities, work.placement_tags)) return false;
    if (a.memoryMb < work.memory_mb || a.diskMb < work.disk_mb || a.containers < 1) return false;
    if (work.max_pids > 0 && a.pids < work.max_pids) return false;
    a.memoryMb -= work.memory_mb;
    a.diskMb -= work.disk_mb;
    a.containers -= 1;
    a.pids -= work.max_pids;
    return true;
  }

  private release(memoryMb: number, diskMb: number, maxPids: number): void {
    this.available.memoryMb += memoryMb;
    this.available.diskMb += diskMb;
    this.available.containers += 1;
    this.available.pids += maxPids;
  }

  /**
   * Reserves what fits, in the order given, and answers with what it refused:
   * work for a stack or tags it lacks, work beyond its free resources, an
   * instance or task it already holds, and whatever `refuse` picks.
   */
  perform(work: Work__Output, now: number, refuse?: Refuser): PerformResponse {
    const refused: PerformResponse = { refused_lrps: [], refused_tasks: [] };
    for (const lrp of work.lrps) {
      const key = `${lrp.process_guid}\u0000${lrp.index}`;
      if (this.lrps.has(key) || refuse?.(lrp) || !this.reserve(lrp)) {
        refused.refused_lrps!.push(lrp);
        continue;
      }
      this.lrps.set(key, {
        reservedAt: now,
        wire: {
          process_guid: lrp.process_guid,
          index: lrp.index,
          instance_guid: randomUUID(),
          memory_mb: lrp.memory_mb,
          disk_mb: lrp.disk_mb,
          max_pids: lrp.max_pids,
          state: 'RUNNING',
        },
      });
    }
    for (const task of work.tasks) {
      if (this.tasks.has(task.task_guid) || refuse?.(task) || !this.reserve(task)) {
        refused.refused_tasks!.push(task);
        continue;
      }
      this.tasks.set(task.task_guid, {
        reservedAt: now,
        wire: { task_guid: task.task_guid, memory_mb: task.memory_mb, disk_mb: task.disk_mb, max_pids: task.max_pids, state: 'RUNNING' },
      });
    }
    return refused;
  }

  /** Frees an instance; with an instance guid, only if it is that instance. */
  stopLRP(processGuid: string, index: number, instanceGuid = ''): boolean {
    const key = `${processGuid}\u0000${index}`;
    const held = this.lrps.get(key);
    if (!held || (instanceGuid && held.wire.instance_guid !== instanceGuid)) return false;
    this.lrps.delete(key);
    this.release(held.wire.memory_mb!, held.wire.disk_mb!, held.wire.max_pids!);
    return true;
  }

  cancelTask(taskGuid: string): boolean {
    const held = this.tasks.get(taskGuid);
    if (!held) return false;
    this.tasks.delete(taskGuid);
    this.release(held.wire.memory_mb!, held.wire.disk_mb!, held.wire.max_pids!);
    return true;
  }

  private isStarting(reservedAt: number, now: number): boolean {
    const d = this.spec.startDurationMs ?? 0;
    return d > 0 && now - reservedAt < d;
  }

  /** The rep's State answer. */
  state(now: number, repAddress: string): RepCellState {
    let starting = 0;
    const lrps: LRPInstance[] = [];
    for (const held of this.lrps.values()) {
      const isStarting = this.isStarting(held.reservedAt, now);
      if (isStarting) starting++;
      held.wire.state = isStarting ? 'STARTING' : 'RUNNING';
      lrps.push(held.wire);
    }
    const tasks: TaskInstance[] = [];
    for (const held of this.tasks.values()) {
      const isStarting = this.isStarting(held.reservedAt, now);
      if (isStarting) starting++;
      held.wire.state = isStarting ? 'STARTING' : 'RUNNING';
      tasks.push(held.wire);
    }
    return { ...this.header(repAddress), lrps, tasks, starting_containers: starting };
  }

  /** The same answer as state(), as protobuf bytes built from cached per-instance entries. */
  encodedState(now: number, repAddress: string): Buffer {
    let starting = 0;
    const entries: Buffer[] = [];
    for (const held of this.lrps.values()) {
      const st = this.isStarting(held.reservedAt, now) ? 'STARTING' : 'RUNNING';
      if (st === 'STARTING') starting++;
      held.entries ??= {};
      entries.push((held.entries[st] ??= encodeLRPEntry({ ...held.wire, state: st })));
    }
    for (const held of this.tasks.values()) {
      const st = this.isStarting(held.reservedAt, now) ? 'STARTING' : 'RUNNING';
      if (st === 'STARTING') starting++;
      held.entries ??= {};
      entries.push((held.entries[st] ??= encodeTaskEntry({ ...held.wire, state: st })));
    }
    const { lrps: _l, tasks: _t, ...header } = this.header(repAddress);
    return encodeCellState({ ...header, starting_containers: starting }, entries);
  }

  private header(repAddress: string): RepCellState {
    const c = this.spec.capacity;
    const a = this.available;
    return {
      cell_id: this.spec.cellId,
      rep_address: repAddress,
      zone: this.spec.zone,
      stacks: this.spec.stacks,
      placement_tags: this.placementTags,
      optional_placement_tags: this.optionalPlacementTags,
      total: { memory_mb: c.memoryMb, disk_mb: c.diskMb, containers: c.containers, pids: c.pids },
      available: { memory_mb: a.memoryMb, disk_mb: a.diskMb, containers: a.containers, pids: a.pids },
      lrps: [],
      tasks: [],
      starting_containers: 0,
      evacuating: this.evacuating,
    };
  }

  /** What the cell holds, in the auction's shape (for the simulation's metrics). */
  snapshot(): CellState {
    return {
      cellId: this.spec.cellId,
      zone: this.spec.zone,
      stacks: [...this.spec.stacks],
      placementTags: [...this.placementTags],
      optionalPlacementTags: [...this.optionalPlacementTags],
      total: { ...this.spec.capacity },
      available: { ...this.available },
      lrps: [...this.lrps.values()].map((h) => ({ processGuid: h.wire.process_guid!, index: h.wire.index!, memoryMb: h.wire.memory_mb!, diskMb: h.wire.disk_mb! })),
      tasks: [...this.tasks.values()].map((h) => ({ taskGuid: h.wire.task_guid!, memoryMb: h.wire.memory_mb!, diskMb: h.wire.disk_mb! })),
      startingContainers: 0,
      evacuating: this.evacuating,
    };
  }
}

/** A simulated cell that starts as the given cell state is (a scenario's cell). */
export function simSpecFromCellState(cell: CellState, extra: Partial<SimCellSpec> = {}): SimCellSpec {
  return {
    cellId: cell.cellId,
    zone: cell.zone,
    stacks: [...cell.stacks],
    placementTags: [...cell.placementTags],
    optionalPlacementTags: [...cell.optionalPlacementTags],
    capacity: { ...cell.total },
    evacuating: cell.evacuating,
    initial: { available: { ...cell.available }, lrps: cell.lrps, tasks: cell.tasks },
    ...extra,
  };
}
