// One string naming a piece of work, for maps keyed by work (refusals, retries).

import type { LRPWork, TaskWork } from './types.ts';

export function lrpKey(processGuid: string, index: number): string {
  return `lrp:${processGuid}:${index}`;
}

export function taskKey(taskGuid: string): string {
  return `task:${taskGuid}`;
}

export function workKey(work: LRPWork | TaskWork): string {
  return 'taskGuid' in work ? taskKey(work.taskGuid) : lrpKey(work.processGuid, work.index);
}
