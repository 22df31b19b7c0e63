// The contract between the BBS's pure model (src/bbs/state, lrp, tasks,
// convergence: no I/O) and the service around it (server, store, events,
// auction requests). Every operation takes `now` (unix ms), validates, checks
// the state machine, mutates the in-memory model and returns a Change that
// the service persists (write-through), then publishes and acts on.
//
// Records are immutable: an operation replaces a record with a new object and
// never mutates one in place, so the service may cache per-record encodings by
// object identity.
import type {
  ActualLRP, ActualLRPFilter, ActualLRPInstanceKey, ActualLRPKey, ActualLRPNetInfo, BbsEventInput, CellPresence,
  DesiredLRP, DesiredLRPSchedulingInfo, DesiredLRPUpdate, Domain, Task, TaskFilter,
} from '../../common/models.ts';
import type { LRPStartRequest } from '../../generated/gantry/auctioneer/LRPStartRequest.ts';
import type { TaskStartRequest } from '../../generated/gantry/auctioneer/TaskStartRequest.ts';

export type RecordKind = 'desired' | 'actual' | 'task' | 'domain';
export type StoredRecord = DesiredLRP | ActualLRP | Task | Domain;

/** One record to write through to its KV bucket; value null deletes the key. */
export interface RecordWrite {
  kind: RecordKind;
  /** KV-safe key: desired = process_guid; actual = `${process_guid}.${index}.${presence}`; task = task_guid; domain = hex of the name. */
  key: string;
  value: StoredRecord | null;
  /** The record before this change (null if there was none), so a failed write can be reverted. */
  previous: StoredRecord | null;
}

/** An instance the service must ask its cell's rep to stop (StopLRPInstance). */
export interface StopRequest {
  key: ActualLRPKey;
  instance_key: ActualLRPInstanceKey;
}

/** A task the service must ask its cell's rep to cancel (CancelTask). */
export interface TaskCancelRequest {
  task_guid: string;
  cell_id: string;
}

export interface Change {
  writes: RecordWrite[];
  /** In the order Diego emits them. */
  events: BbsEventInput[];
  lrpAuctions: LRPStartRequest[];
  taskAuctions: TaskStartRequest[];
  stops: StopRequest[];
  taskCancels: TaskCancelRequest[];
}

export interface ConvergenceConfig {
  /** UNCLAIMED older than this is auctioned again. */
  staleUnclaimedMs: number;
  /** PENDING tasks older than this fail ("not started within time limit"). */
  pendingTaskMaxAgeMs: number;
  /** COMPLETED tasks are deleted this long after completion if nobody resolves them. */
  completedTaskTtlMs: number;
  /** RESOLVING tasks older than this are put back to COMPLETED (resolver died) — Diego's kick. */
  resolvingTaskTimeoutMs: number;
}

export interface ConvergenceInput {
  now: number;
  /** The cells whose heartbeats are fresh, by cell id. */
  liveCells: ReadonlyMap<string, CellPresence>;
  config: ConvergenceConfig;
}

/** What one pass found and did, for metrics and the pass's log line. */
export interface ConvergenceReport {
  missingInstances: number;
  extraInstances: number;
  suspectedInstances: number;
  promotedSuspects: number;
  crashedRestarted: number;
  staleUnclaimed: number;
  orphanedActuals: number;
  expiredPendingTasks: number;
  failedTasksOnLostCells: number;
  deletedCompletedTasks: number;
  kickedResolvingTasks: number;
  /** PENDING tasks whose auction looked lost (unchanged for staleUnclaimedMs) and were auctioned again. */
  reauctionedPendingTasks?: number;
}

export interface ActualLRPCounts {
  byState: Record<ActualLRP['state'], number>;
  byPresence: Record<ActualLRP['presence'], number>;
  desiredInstances: number;
  desiredLRPs: number;
  tasksByState: Record<Task['state'], number>;
}

/**
 * The BBS's in-memory model. Every mutating method throws an RpcError
 * (src/common/errors.ts) for bad input (INVALID_ARGUMENT naming the field),
 * unknown records (NOT_FOUND), duplicates (ALREADY_EXISTS) and transitions the
 * state machine refuses (FAILED_PRECONDITION), and in that case changes nothing.
 */
export interface BbsModel {
  // Desired LRPs
  desireLRP(desired: DesiredLRP, now: number): Change;
  updateDesiredLRP(processGuid: string, update: DesiredLRPUpdate, now: number): Change;
  removeDesiredLRP(processGuid: string, now: number): Change;
  getDesiredLRP(processGuid: string): DesiredLRP;
  listDesiredLRPs(filter: { domain: string; process_guids: string[] }): DesiredLRP[];
  listSchedulingInfos(filter: { domain: string; process_guids: string[] }): DesiredLRPSchedulingInfo[];

  // Actual LRPs
  listActualLRPs(filter: ActualLRPFilter | null): ActualLRP[];
  claimActualLRP(processGuid: string, index: number, instanceKey: ActualLRPInstanceKey | null, now: number): Change;
  startActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, netInfo: ActualLRPNetInfo | null, availabilityZone: string, now: number): Change;
  crashActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, errorMessage: string, now: number): Change;
  failActualLRP(key: ActualLRPKey | null, errorMessage: string, now: number): Change;
  removeActualLRP(processGuid: string, index: number, instanceKey: ActualLRPInstanceKey | null, now: number): Change;
  retireActualLRP(key: ActualLRPKey | null, now: number): Change;
  evacuateClaimedActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, now: number): { change: Change; keepContainer: boolean };
  evacuateRunningActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, netInfo: ActualLRPNetInfo | null, availabilityZone: string, now: number): { change: Change; keepContainer: boolean };
  evacuateCrashedActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, errorMessage: string, now: number): { change: Change; keepContainer: boolean };
  evacuateStoppedActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, now: number): { change: Change; keepContainer: boolean };
  removeEvacuatingActualLRP(key: ActualLRPKey | null, instanceKey: ActualLRPInstanceKey | null, now: number): Change;

  // Tasks
  desireTask(task: Task, now: number): Change;
  startTask(taskGuid: string, cellId: string, now: number): { change: Change; shouldStart: boolean };
  completeTask(taskGuid: string, cellId: string, failed: boolean, failureReason: string, result: string, now: number): Change;
  failTask(taskGuid: string, failureReason: string, now: number): Change;
  rejectTask(taskGuid: string, rejectionReason: string, now: number): Change;
  cancelTask(taskGuid: string, now: number): Change;
  resolvingTask(taskGuid: string, now: number): Change;
  deleteTask(taskGuid: string, now: number): Change;
  getTask(taskGuid: string): Task;
  listTasks(filter: TaskFilter | null): Task[];

  // Domains
  upsertDomain(domain: string, ttlSeconds: number, now: number): Change;
  listDomains(now: number): Domain[];

  // Convergence: one pass over the whole model.
  converge(input: ConvergenceInput): { change: Change; report: ConvergenceReport };

  // Persistence support
  /** Put a record loaded from KV into the model (no validation, no events). */
  load(kind: RecordKind, key: string, value: StoredRecord): void;
  /** Undo a change whose writes could not be persisted: restore every `previous`. */
  revert(change: Change): void;
  counts(): ActualLRPCounts;
}
