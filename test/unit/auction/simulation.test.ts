// The simulation's scenarios and metrics: deterministic scenarios, and
// metrics that measure what they claim on hand-made cell states.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  coefficientOfVariation,
  memoryBalanceCV,
  runScenario,
  scenarioBatches,
  spreadMetric,
  zoneBalanceMetric,
} from '../../../src/auctioneer/simulation/in-process.ts';
import { heterogeneousScenario, nearFullScenario, smallMixedScenario } from '../../../src/auctioneer/simulation/scenarios.ts';
import { cell, running } from './fixtures.ts';

const app = (processGuid: string) => ({ processGuid, stack: 'cflinuxfs4', placementTags: [] as string[] });

describe('scenarios', () => {
  it('are the same for the same seed and differ for another', () => {
    assert.deepEqual(smallMixedScenario(7), smallMixedScenario(7));
    assert.notDeepEqual(smallMixedScenario(7).apps, smallMixedScenario(8).apps);
  });

  it('have the sizes they promise', () => {
    const a = smallMixedScenario();
    assert.equal(a.cells.length, 100);
    assert.equal(a.apps.reduce((n, x) => n + x.instances, 0), 4000);
    const c = heterogeneousScenario();
    assert.equal(new Set(c.cells.map((x) => x.zone)).size, 3);
    assert.equal(new Set(c.cells.map((x) => x.total.memoryMb)).size, 2);
    assert.ok(c.cells.some((x) => x.placementTags.length > 0) && c.cells.some((x) => x.evacuating));
    const d = nearFullScenario();
    const capacity = d.cells.reduce((n, x) => n + x.total.memoryMb, 0);
    const demand = d.apps.reduce((n, x) => n + x.memoryMb * x.instances, 0) + d.tasks.reduce((n, t) => n + t.memoryMb, 0);
    assert.ok(demand >= 0.95 * capacity && demand <= 1.06 * capacity, `demand ${demand / capacity}`);
  });

  it('cut into batches that keep every piece of work once', () => {
    const a = smallMixedScenario();
    const batches = scenarioBatches(a, 300);
    assert.equal(batches.length, Math.ceil(4100 / 300));
    assert.equal(batches.reduce((n, b) => n + b.lrps!.length, 0), 4000);
    assert.equal(batches.reduce((n, b) => n + b.tasks!.length, 0), 100);
    assert.ok(batches.every((b) => b.tasks!.length > 0), 'tasks spread over the batches');
  });
});

describe('metrics', () => {
  it('spread: the most instances on one cell against the ideal', () => {
    const cells = [cell('a', { lrps: [...running('x', 2), ...running('y', 1)] }), cell('b', { lrps: [...running('x', 0), ...running('y', 1)] }), cell('c')];
    // x: 2 instances, 3 eligible cells, ideal 1, worst cell 2 -> 2; y: 1 and 1 -> 1.
    assert.deepEqual(spreadMetric(cells, [app('x'), app('y')]), { meanRatio: 1.5, worstRatio: 2, apps: 2 });
  });

  it('balance: coefficient of variation of memory in use, ignoring evacuating cells', () => {
    assert.equal(coefficientOfVariation([1, 1, 1]), 0);
    assert.ok(Math.abs(coefficientOfVariation([1, 3]) - 0.5) < 1e-12);
    const cells = [cell('a', { available: { memoryMb: 5000 } }), cell('b', { available: { memoryMb: 5000 } }), cell('e', { evacuating: true })];
    assert.equal(memoryBalanceCV(cells), 0);
  });

  it('zone balance: fullest zone minus emptiest, over zones the app may use', () => {
    const cells = [cell('a', { zone: 'z1', lrps: running('x', 3) }), cell('b', { zone: 'z2', lrps: running('x', 1) }), cell('c', { zone: 'z3', stacks: ['other'] })];
    assert.deepEqual(zoneBalanceMetric(cells, [app('x')]), { meanSpread: 2, worstSpread: 2, apps: 1 });
  });

  it('runs a scenario end to end with either strategy', () => {
    const scenario = nearFullScenario();
    for (const strategy of ['diego', 'gantry'] as const) {
      const report = runScenario(scenario, { strategy });
      assert.equal(report.placed + report.failed, report.work);
      assert.ok(report.failed > 0, 'a near-full scenario leaves some work unplaced');
      assert.equal(report.retries, 0);
    }
  });
});
