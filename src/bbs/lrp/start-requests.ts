// What the auctioneer needs to place LRP instances and tasks: the scheduling
// fields it filters and scores on (Diego's NewLRPStartRequestFromSchedulingInfo
// and NewTaskStartRequestFromModel).
import type { DesiredLRP, DesiredLRPSchedulingInfo, Task } from '../../common/models.ts';
import type { LRPStartRequest } from '../../generated/gantry/auctioneer/LRPStartRequest.ts';
import type { TaskStartRequest } from '../../generated/gantry/auctioneer/TaskStartRequest.ts';

export function lrpStartRequest(desired: DesiredLRP, indices: number[]): LRPStartRequest {
  return {
    process_guid: desired.process_guid,
    domain: desired.domain,
    indices,
    rootfs: desired.rootfs,
    memory_mb: desired.memory_mb,
    disk_mb: desired.disk_mb,
    max_pids: desired.max_pids,
    placement_tags: desired.placement_tags,
  };
}

export function taskStartRequest(task: Task): TaskStartRequest {
  return {
    task_guid: task.task_guid,
    domain: task.domain,
    rootfs: task.rootfs,
    memory_mb: task.memory_mb,
    disk_mb: task.disk_mb,
    max_pids: task.max_pids,
    placement_tags: task.placement_tags,
  };
}

/** The part of a DesiredLRP the auctioneer and convergence need. */
export function schedulingInfo(desired: DesiredLRP): DesiredLRPSchedulingInfo {
  return {
    process_guid: desired.process_guid,
    domain: desired.domain,
    instances: desired.instances,
    rootfs: desired.rootfs,
    memory_mb: desired.memory_mb,
    disk_mb: desired.disk_mb,
    max_pids: desired.max_pids,
    routes: desired.routes,
    placement_tags: desired.placement_tags,
    annotation: desired.annotation,
    modification_tag: desired.modification_tag,
  };
}
