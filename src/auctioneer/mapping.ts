// Between the wire and the auction: gRPC messages (auction requests, a rep's
// CellState, Perform's Work, the BBS's failure requests) to and from the pure
// algorithm's shapes. No I/O here.
import type { CellState, LRPWork, Resources, TaskWork } from './auction/index.ts';
import type { LRPStartRequest__Output } from '../generated/gantry/auctioneer/LRPStartRequest.ts';
import type { TaskStartRequest__Output } from '../generated/gantry/auctioneer/TaskStartRequest.ts';
import type { CellState__Output as RepCellState } from '../generated/gantry/rep/CellState.ts';
import type { Work } from '../generated/gantry/rep/Work.ts';
import type { LRPWork as RepLRPWork } from '../generated/gantry/rep/LRPWork.ts';
import type { TaskWork as RepTaskWork } from '../generated/gantry/rep/TaskWork.ts';
import type { FailActualLRPRequest } from '../generated/gantry/bbs/FailActualLRPRequest.ts';
import type { RejectTaskRequest } from '../generated/gantry/bbs/RejectTaskRequest.ts';
import type { Resources as ModelResources } from '../common/models.ts';

/** One LRPWork per index asked for. */
export function lrpWorkFromStart(start: LRPStartRequest__Output): LRPWork[] {
  // One tags array shared by the start's instances: nothing downstream changes it.
  const placementTags = [...start.placement_tags];
  return start.indices.map((index) => ({
    processGuid: start.process_guid,
    index,
    domain: start.domain,
    stack: start.rootfs,
    memoryMb: start.memory_mb,
    diskMb: start.disk_mb,
    maxPids: start.max_pids,
    placementTags,
  }));
}

export function taskWorkFromStart(task: TaskStartRequest__Output): TaskWork {
  return {
    taskGuid: task.task_guid,
    domain: task.domain,
    stack: task.rootfs,
    memoryMb: task.memory_mb,
    diskMb: task.disk_mb,
    maxPids: task.max_pids,
    placementTags: [...task.placement_tags],
  };
}

function resources(r: ModelResources | null): Resources {
  return { memoryMb: r?.memory_mb ?? 0, diskMb: r?.disk_mb ?? 0, containers: r?.containers ?? 0, pids: r?.pids ?? 0 };
}

/**
 * A rep's State answer as the auction sees it. The cell id is the one the
 * auctioneer knows the cell by (from its presence), since that is where
 * Perform goes; the zone and capabilities are the cell's own latest word.
 */
export function cellStateFromRep(cellId: string, state: RepCellState): CellState {
  return {
    cellId,
    zone: state.zone,
    stacks: state.stacks,
    placementTags: state.placement_tags,
    optionalPlacementTags: state.optional_placement_tags,
    total: resources(state.total),
    available: resources(state.available),
    lrps: state.lrps.map((l) => ({ processGuid: l.process_guid, index: l.index, memoryMb: l.memory_mb, diskMb: l.disk_mb })),
    tasks: state.tasks.map((t) => ({ taskGuid: t.task_guid, memoryMb: t.memory_mb, diskMb: t.disk_mb })),
    startingContainers: state.starting_containers,
    evacuating: state.evacuating,
  };
}

export function repLRPWork(work: LRPWork): RepLRPWork {
  return {
    process_guid: work.processGuid,
    index: work.index,
    domain: work.domain,
    rootfs: work.stack,
    memory_mb: work.memoryMb,
    disk_mb: work.diskMb,
    max_pids: work.maxPids,
    placement_tags: work.placementTags,
  };
}

export function repTaskWork(work: TaskWork): RepTaskWork {
  return {
    task_guid: work.taskGuid,
    domain: work.domain,
    rootfs: work.stack,
    memory_mb: work.memoryMb,
    disk_mb: work.diskMb,
    max_pids: work.maxPids,
    placement_tags: work.placementTags,
  };
}

/** The Perform request for one cell's winnings. */
export function performRequest(lrps: readonly LRPWork[], tasks: readonly TaskWork[]): Work {
  return { lrps: lrps.map(repLRPWork), tasks: tasks.map(repTaskWork) };
}

export function failActualLRPRequest(work: LRPWork, reason: string): FailActualLRPRequest {
  return { key: { process_guid: work.processGuid, index: work.index, domain: work.domain }, error_message: reason };
}

export function rejectTaskRequest(work: TaskWork, reason: string): RejectTaskRequest {
  return { task_guid: work.taskGuid, rejection_reason: reason };
}
