// The cell rep's core: the table of instances and tasks this cell holds, and
// the operations the gRPC service, the sync loop and the evacuator call on it.
// Perform reserves synchronously (see resources.ts) and then lets each
// instance's runner go on its own.
import { failedPrecondition, invalidArgument, unavailable } from '../common/errors.ts';
import type { Logger } from '../common/log.ts';
import client from 'prom-client';
import { registry } from '../common/metrics.ts';
import type { ActualLRP, ActualLRPInstanceKey, ActualLRPKey, CellPresence, Resources } from '../common/models.ts';
import type { CellState } from '../generated/gantry/rep/CellState.ts';
import type { PerformResponse } from '../generated/gantry/rep/PerformResponse.ts';
import type { RepBbsClient } from './bbs-client.ts';
import type { CellSettings, InstanceState, RunnerContext } from './context.ts';
import type { ContainerInfo, Executor, ExecutorProblem } from './executor/types.ts';
import type { HealthStep } from './health-step.ts';
import { LrpInstance, type LrpStopMode } from './instances.ts';
import type { LogPublisher } from './logs.ts';
import type { PortAllocator } from './ports.ts';
import { ResourceLedger, type Capacity, type ReservationRequest } from './resources.ts';
import { TaskInstance } from './tasks.ts';
import type { TaskUploads } from './uploads.ts';
import { canRun, validateWork, type LRPWork, type TaskWork, type Work } from './work.ts';

export type Instance = LrpInstance | TaskInstance;

const live = new Set<CellRep>();

/** A gauge read from the live cells at scrape time (defined once per process). */
function collectedGauge(name: string, help: string, labelNames: string[]): client.Gauge<string> {
  return (registry.getSingleMetric(name) as client.Gauge<string> | undefined)
    ?? new client.Gauge({ name, help, labelNames, registers: [registry], collect: refreshGauges });
}
const instancesGauge = collectedGauge('gantry_cell_instances', 'Instances and tasks held by the cells of this process, by kind and state', ['kind', 'state']);
const availableGauge = collectedGauge('gantry_cell_available', 'Resources left for the auction on the cells of this process (sum)', ['resource']);

/** Refresh the per-process gauges from the live cells (at each scrape; cheap). */
function refreshGauges(): void {
  const counts = new Map<string, number>();
  const avail = { memoryMb: 0, diskMb: 0, containers: 0, pids: 0 };
  for (const rep of live) {
    for (const i of rep.instances()) counts.set(`${i.kind}|${i.state}`, (counts.get(`${i.kind}|${i.state}`) ?? 0) + 1);
    const a = rep.ledger.available();
    avail.memoryMb += a.memoryMb; avail.diskMb += a.diskMb; avail.containers += a.containers; avail.pids += a.pids;
  }
  instancesGauge.reset();
  for (const [k, n] of counts) {
    const [kind, state] = k.split('|');
    instancesGauge.set({ kind: kind!, state: state! }, n);
  }
  for (const [r, v] of Object.entries(avail)) availableGauge.set({ resource: r }, v);
}

export interface CellRepOptions {
  settings: CellSettings;
  capacity: Capacity;
  stacks: string[];
  placementTags: string[];
  optionalPlacementTags: string[];
  bbs: RepBbsClient;
  executor: Executor;
  health: HealthStep;
  ports: PortAllocator;
  logs: LogPublisher;
  /** Where tasks' uploads go (the droplet object store). */
  uploads?: TaskUploads;
  log: Logger;
}

const toResources = (c: Capacity): Resources => ({
  memory_mb: Math.max(0, c.memoryMb), disk_mb: Math.max(0, c.diskMb), containers: Math.max(0, c.containers), pids: Math.max(0, c.pids),
});

export class CellRep {
  readonly ledger: ResourceLedger;
  readonly ctx: RunnerContext;
  /** host:port of the gRPC server, set once it listens. */
  repAddress = '';
  private evacuatingFlag = false;
  private readonly table = new Map<string, Instance>();

  constructor(private readonly opts: CellRepOptions) {
    this.ledger = new ResourceLedger(opts.capacity);
    this.ctx = {
      settings: opts.settings,
      bbs: opts.bbs,
      executor: opts.executor,
      health: opts.health,
      ledger: this.ledger,
      ports: opts.ports,
      logs: opts.logs,
      ...(opts.uploads ? { uploads: opts.uploads } : {}),
      log: opts.log,
      isEvacuating: () => this.evacuatingFlag,
      forget: (guid) => {
        this.table.delete(guid);
      },
    };
    live.add(this);
  }

  get cellId(): string {
    return this.opts.settings.cellId;
  }

  get evacuating(): boolean {
    return this.evacuatingFlag;
  }

  get ports(): PortAllocator {
    return this.opts.ports;
  }

  /** From now on, Perform refuses everything and State says so. */
  startEvacuating(): void {
    this.evacuatingFlag = true;
  }

  instances(): Instance[] {
    return [...this.table.values()];
  }

  lrps(): LrpInstance[] {
    return this.instances().filter((i): i is LrpInstance => i.kind === 'lrp');
  }

  tasks(): TaskInstance[] {
    return this.instances().filter((i): i is TaskInstance => i.kind === 'task');
  }

  get(guid: string): Instance | undefined {
    return this.table.get(guid);
  }

  startingCount(): number {
    let n = 0;
    for (const i of this.table.values()) if (i.state === 'RESERVED' || i.state === 'STARTING') n++;
    return n;
  }

  /** The stacks the cell serves. */
  get stacks(): readonly string[] {
    return this.opts.stacks;
  }

  /** Serve these stacks from now on (the executor's images, read again once its engine answers). */
  setStacks(stacks: readonly string[]): void {
    this.opts.stacks = [...stacks];
  }

  /**
   * What keeps the cell from taking new work now (the executor's engine does
   * not answer, the droplet cache's disk is full); [] when nothing does.
   */
  problems(): ExecutorProblem[] {
    return this.opts.executor.problems?.() ?? [];
  }

  /**
   * The State the auction gets. As Diego's rep answers an unhealthy cell's
   * State with an error, an engine that does not answer makes State fail
   * (UNAVAILABLE, with the reason), and the auctioneer leaves the cell out; a
   * full droplet cache disk is reported as no disk available.
   */
  auctionState(): CellState {
    const engine = this.problems().find((p) => p.kind === 'engine');
    if (engine) throw unavailable(`cell ${this.cellId} is unhealthy: ${engine.reason}`);
    return this.state();
  }

  state(): CellState {
    const o = this.opts;
    const available = toResources(this.ledger.available());
    if (this.problems().some((p) => p.kind === 'disk')) available.disk_mb = 0;
    return {
      cell_id: this.cellId,
      rep_address: this.repAddress,
      zone: o.settings.zone,
      stacks: [...o.stacks],
      placement_tags: [...o.placementTags],
      optional_placement_tags: [...o.optionalPlacementTags],
      total: toResources(this.ledger.total()),
      available,
      lrps: this.lrps().map((l) => ({
        process_guid: l.processGuid, index: l.index, instance_guid: l.instanceGuid,
        memory_mb: l.need.memoryMb, disk_mb: l.need.diskMb, max_pids: l.need.maxPids, state: l.state,
      })),
      tasks: this.tasks().map((t) => ({
        task_guid: t.taskGuid, memory_mb: t.need.memoryMb, disk_mb: t.need.diskMb, max_pids: t.need.maxPids, state: t.state,
      })),
      starting_containers: this.startingCount(),
      evacuating: this.evacuatingFlag,
    };
  }

  presence(): CellPresence {
    const o = this.opts;
    return {
      cell_id: this.cellId,
      rep_address: this.repAddress,
      zone: o.settings.zone,
      capacity: toResources(this.ledger.total()),
      stacks: [...o.stacks],
      placement_tags: [...o.placementTags],
      optional_placement_tags: [...o.optionalPlacementTags],
      evacuating: this.evacuatingFlag,
      sent_at: Date.now(),
    };
  }

  /**
   * Reserve what fits, in one synchronous step, and start the runners of what
   * was accepted. Answers with what was refused: work for a stack or tags this
   * cell does not serve, work that no longer fits, everything while evacuating.
   */
  perform(work: Work): PerformResponse {
    validateWork(work);
    if (this.evacuatingFlag) return { refused_lrps: work.lrps, refused_tasks: work.tasks };
    const problems = this.problems();
    if (problems.length > 0) {
      // Work sent on a State from before the problem: none of it could start here.
      if (work.lrps.length + work.tasks.length > 0) {
        this.opts.log.info('perform refused: the cell takes no new work', { reasons: problems.map((p) => p.reason), lrps: work.lrps.length, tasks: work.tasks.length });
      }
      return { refused_lrps: work.lrps, refused_tasks: work.tasks };
    }
    const caps = { stacks: this.opts.stacks, placementTags: this.opts.placementTags, optionalPlacementTags: this.opts.optionalPlacementTags };
    const refusedLrps: LRPWork[] = [];
    const refusedTasks: TaskWork[] = [];
    type Piece = { kind: 'lrp'; lrp: LRPWork; instance: LrpInstance } | { kind: 'task'; task: TaskWork; instance: TaskInstance };
    const requests: ReservationRequest<Piece>[] = [];
    const seenTasks = new Set<string>();
    for (const lrp of work.lrps) {
      if (!canRun(caps, lrp.rootfs, lrp.placement_tags)) {
        refusedLrps.push(lrp);
        continue;
      }
      const need = { memoryMb: lrp.memory_mb, diskMb: lrp.disk_mb, maxPids: lrp.max_pids };
      const instance = new LrpInstance(this.ctx, { processGuid: lrp.process_guid, index: lrp.index, domain: lrp.domain, rootfs: lrp.rootfs, need });
      requests.push({ key: instance.guid, ...need, work: { kind: 'lrp', lrp, instance } });
    }
    for (const task of work.tasks) {
      if (!canRun(caps, task.rootfs, task.placement_tags) || this.table.has(task.task_guid) || seenTasks.has(task.task_guid)) {
        refusedTasks.push(task);
        continue;
      }
      seenTasks.add(task.task_guid);
      const need = { memoryMb: task.memory_mb, diskMb: task.disk_mb, maxPids: task.max_pids };
      const instance = new TaskInstance(this.ctx, { taskGuid: task.task_guid, domain: task.domain, rootfs: task.rootfs, need });
      requests.push({ key: instance.guid, ...need, work: { kind: 'task', task, instance } });
    }
    const { accepted, refused } = this.ledger.reserve(requests);
    for (const p of refused) {
      if (p.kind === 'lrp') refusedLrps.push(p.lrp);
      else refusedTasks.push(p.task);
    }
    for (const p of accepted) this.table.set(p.instance.guid, p.instance);
    for (const p of accepted) p.instance.begin();
    if (accepted.length > 0 || refused.length > 0) {
      this.opts.log.info('perform', {
        acceptedLrps: accepted.filter((p) => p.kind === 'lrp').length,
        acceptedTasks: accepted.filter((p) => p.kind === 'task').length,
        refusedLrps: refusedLrps.length,
        refusedTasks: refusedTasks.length,
      });
    }
    return { refused_lrps: refusedLrps, refused_tasks: refusedTasks };
  }

  /**
   * Stop an instance and remove its ActualLRP. Answers once the stop has begun
   * (the container's grace period is not waited for). An instance this cell
   * does not hold is only removed from the BBS (best effort).
   */
  stopLrpInstance(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null): void {
    if (!key || !key.process_guid) throw invalidArgument('key.process_guid', 'must not be empty');
    if (!instanceKey || !instanceKey.instance_guid) throw invalidArgument('instance_key.instance_guid', 'must not be empty');
    if (instanceKey.cell_id && instanceKey.cell_id !== this.cellId) {
      throw failedPrecondition(`instance ${instanceKey.instance_guid} is on cell ${instanceKey.cell_id}, not ${this.cellId}`);
    }
    const inst = this.table.get(instanceKey.instance_guid);
    if (inst && inst.kind === 'lrp' && inst.processGuid === key.process_guid) {
      void inst.requestStop('remove');
      return;
    }
    const ref = { key: { process_guid: key.process_guid, index: key.index, domain: key.domain }, instanceKey: { instance_guid: instanceKey.instance_guid, cell_id: this.cellId } };
    this.ctx.bbs.removeActualLRP(ref).catch((err) => this.opts.log.info('removing an instance this cell does not hold failed', { ...ref.key, instanceGuid: instanceKey.instance_guid, error: err as Error }));
  }

  /** Destroy a task's container; the BBS has already completed it as cancelled. Idempotent. */
  cancelTask(taskGuid: string): void {
    if (!taskGuid) throw invalidArgument('task_guid', 'must not be empty');
    const inst = this.table.get(taskGuid);
    if (inst && inst.kind === 'task') void inst.requestStop('cancel');
  }

  /** Stop an instance this cell holds for a reason of the cell's own (sync, evacuation). */
  stopInstance(guid: string, mode: LrpStopMode): Promise<void> {
    const inst = this.table.get(guid);
    if (!inst) return Promise.resolve();
    if (inst.kind === 'task') return inst.requestStop(mode === 'detach' ? 'detach' : 'cancel');
    return inst.requestStop(mode);
  }

  /** Destroy a task and fail it: the cell is going away before it finished. */
  evacuateTask(guid: string): Promise<void> {
    const inst = this.table.get(guid);
    if (!inst || inst.kind !== 'task') return Promise.resolve();
    return inst.requestStop('evacuate');
  }

  /** Take over an LRP container found on the cell whose ActualLRP says it is ours. */
  adoptLrp(container: ContainerInfo, lrp: ActualLRP): LrpInstance {
    const t = container.tags;
    const inst = new LrpInstance(this.ctx, {
      processGuid: t.processGuid!, index: t.index!, domain: t.domain, rootfs: '',
      need: { memoryMb: container.memoryMb, diskMb: container.diskMb, maxPids: container.maxPids },
      instanceGuid: container.guid,
    });
    this.table.set(inst.guid, inst);
    inst.adopt(container, lrp);
    this.opts.log.info('adopted instance', { processGuid: inst.processGuid, index: inst.index, instanceGuid: inst.guid, state: lrp.state, status: container.status });
    return inst;
  }

  /** Take over a task container found on the cell whose task is running here. */
  adoptTask(container: ContainerInfo): TaskInstance {
    const inst = new TaskInstance(this.ctx, {
      taskGuid: container.guid, domain: container.tags.domain, rootfs: '',
      need: { memoryMb: container.memoryMb, diskMb: container.diskMb, maxPids: container.maxPids },
    });
    this.table.set(inst.guid, inst);
    inst.adopt();
    this.opts.log.info('adopted task', { taskGuid: inst.taskGuid, status: container.status });
    return inst;
  }

  /** Stop watching everything and leave the containers running (a shutdown that is not an evacuation). */
  async detachAll(): Promise<void> {
    await Promise.all(this.instances().map((i) => i.requestStop('detach')));
  }

  /** Every instance's state, for logs and tests. */
  summary(): Record<InstanceState, number> {
    const out: Record<InstanceState, number> = { RESERVED: 0, STARTING: 0, RUNNING: 0, STOPPING: 0 };
    for (const i of this.table.values()) out[i.state]++;
    return out;
  }

  close(): void {
    live.delete(this);
  }
}
