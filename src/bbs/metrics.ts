// The BBS's gauges of what it holds, refreshed from model.counts().
import { gauge } from '../common/metrics.ts';
import type { ActualLRPCounts } from './state/types.ts';

const actualByState = gauge('gantry_bbs_actual_lrps', 'Actual LRP records, by state', ['state']);
const actualByPresence = gauge('gantry_bbs_actual_lrps_by_presence', 'Actual LRP records, by presence', ['presence']);
const desiredInstances = gauge('gantry_bbs_desired_instances', 'Instances desired, summed over desired LRPs');
const desiredLRPs = gauge('gantry_bbs_desired_lrps', 'Desired LRPs');
const tasksByState = gauge('gantry_bbs_tasks', 'Tasks, by state', ['state']);

export function publishCounts(counts: ActualLRPCounts): void {
  for (const [state, n] of Object.entries(counts.byState)) actualByState.set({ state }, n);
  for (const [presence, n] of Object.entries(counts.byPresence)) actualByPresence.set({ presence }, n);
  desiredInstances.set(counts.desiredInstances);
  desiredLRPs.set(counts.desiredLRPs);
  for (const [state, n] of Object.entries(counts.tasksByState)) tasksByState.set({ state }, n);
}
