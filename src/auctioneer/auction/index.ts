// The auction's public face: pure placement of LRPs and tasks on cells.

export { runAuction, resolveWeights, DEFAULT_WEIGHTS, DEFAULT_STRATEGY } from './auction.ts';
export { applyPlacements } from './apply.ts';
export { decideAfterRefusal, refusalMap, DEFAULT_MAX_RETRIES, type RefusalDecision } from './retry.ts';
export { workKey, lrpKey, taskKey } from './work-key.ts';
export { isCompatible, matchesPlacementTags, servesStack, resourceProblems } from './filters.ts';
export * from './reasons.ts';
export type * from './types.ts';
