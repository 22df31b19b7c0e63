// Why a piece of work found no cell, in words an operator understands.
// The service stores these as the ActualLRP's placement_error, so keep them stable.

export const REASON_NO_CELLS = 'no cells available';
export const REASON_ALL_EVACUATING = 'all compatible cells are evacuating';
export const REASON_STARTING_LIMIT = 'cells at the limit of starting containers';
/** Diego's wording for its auction-wide in-flight start limit. */
export const REASON_IN_FLIGHT_LIMIT = 'waiting to start instance: reached in-flight start limit';
export const REASON_INSUFFICIENT_RESOURCES = 'insufficient resources';
export const REASON_NO_STACK_PREFIX = 'found no compatible cell with stack';
export const REASON_NO_PLACEMENT_TAGS_PREFIX = 'found no compatible cell with placement tags';
export const REASON_REFUSED_PREFIX = 'refused by';

/** The resources a cell can be short of, in the order reasons list them. */
export const RESOURCE_PROBLEMS = ['memory', 'disk', 'containers', 'pids'] as const;
export type ResourceProblem = (typeof RESOURCE_PROBLEMS)[number];

export function insufficientResourcesReason(problems: Iterable<ResourceProblem>): string {
  const present = new Set(problems);
  const listed = RESOURCE_PROBLEMS.filter((p) => present.has(p));
  return listed.length === 0 ? REASON_INSUFFICIENT_RESOURCES : `${REASON_INSUFFICIENT_RESOURCES}: ${listed.join(', ')}`;
}

export function noStackReason(stack: string): string {
  return `${REASON_NO_STACK_PREFIX} ${JSON.stringify(stack)}`;
}

export function noPlacementTagsReason(tags: readonly string[]): string {
  return `${REASON_NO_PLACEMENT_TAGS_PREFIX} [${tags.join(', ')}]`;
}

export function refusedReason(cellCount: number): string {
  return `${REASON_REFUSED_PREFIX} ${cellCount} ${cellCount === 1 ? 'cell' : 'cells'}`;
}
