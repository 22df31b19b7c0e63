// Runs every simulation scenario with both auction strategies, side by side,
// and prints how fast and how well each placed the work.
//
//   node --import tsx bench/auction-strategies.ts [--quick]
//
// --quick leaves out the 250,000-instance scenario.

import { availableParallelism, loadavg } from 'node:os';
import { runScenario, type ScenarioReport } from '../src/auctioneer/simulation/in-process.ts';
import { allScenarios, smallMixedScenario, type Scenario } from '../src/auctioneer/simulation/scenarios.ts';
import type { AuctionStrategy } from '../src/auctioneer/auction/types.ts';

const STRATEGIES: AuctionStrategy[] = ['diego', 'gantry'];
const SPEED_TARGET_PER_SECOND = 50_000;
const SPEED_TARGET_SCENARIO = 'b-1000-cells';

interface Column {
  title: string;
  width: number;
  value: (r: ScenarioReport, diego: ScenarioReport | undefined) => string;
}

const fixed = (n: number, digits: number) => n.toFixed(digits);
const whole = (n: number) => Math.round(n).toLocaleString('en-US');
/** gantry / diego; below 1 means gantry is better (both metrics are lower-is-better). */
function ratio(gantry: number, diego: number): string {
  if (diego === 0) return gantry === 0 ? '1.00' : 'n/a';
  return (gantry / diego).toFixed(2);
}

const COLUMNS: Column[] = [
  { title: 'scenario', width: 16, value: (r) => r.scenario },
  { title: 'strategy', width: 8, value: (r) => r.strategy },
  { title: 'cells', width: 5, value: (r) => String(r.cells) },
  { title: 'work', width: 7, value: (r) => whole(r.work) },
  { title: 'placed', width: 7, value: (r) => whole(r.placed) },
  { title: 'failed', width: 6, value: (r) => whole(r.failed) },
  { title: 'auction ms', width: 10, value: (r) => whole(r.auctionMs) },
  { title: 'cpu ms', width: 7, value: (r) => whole(r.auctionCpuMs) },
  { title: 'wall ms', width: 7, value: (r) => whole(r.wallMs) },
  { title: 'placed/s', width: 9, value: (r) => whole(r.placementsPerSecond) },
  { title: 'placed/cpu-s', width: 12, value: (r) => whole(r.placementsPerCpuSecond) },
  { title: 'spread mean', width: 11, value: (r) => fixed(r.spread.meanRatio, 4) },
  { title: 'spread worst', width: 12, value: (r) => fixed(r.spread.worstRatio, 2) },
  { title: 'balance CV', width: 10, value: (r) => fixed(r.memoryBalanceCV, 4) },
  { title: 'zone mean', width: 9, value: (r) => fixed(r.zoneBalance.meanSpread, 3) },
  { title: 'zone worst', width: 10, value: (r) => String(r.zoneBalance.worstSpread) },
  { title: 'retries', width: 7, value: (r) => String(r.retries) },
  { title: 'spread g/d', width: 10, value: (r, d) => (d && r !== d ? ratio(r.spread.meanRatio, d.spread.meanRatio) : '') },
  { title: 'balance g/d', width: 11, value: (r, d) => (d && r !== d ? ratio(r.memoryBalanceCV, d.memoryBalanceCV) : '') },
];

function printTable(rows: { report: ScenarioReport; diego: ScenarioReport | undefined }[]): void {
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(COLUMNS[i]!.width) : c.padStart(COLUMNS[i]!.width))).join('  ');
  console.log(line(COLUMNS.map((c) => c.title)));
  console.log(line(COLUMNS.map((c) => '-'.repeat(c.width))));
  for (const { report, diego } of rows) console.log(line(COLUMNS.map((c) => c.value(report, diego))));
}

interface Comparison {
  scenario: string;
  diego: ScenarioReport;
  gantry: ScenarioReport;
}

function runAll(scenarios: Scenario[], startsSettleBetweenBatches: boolean): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const scenario of scenarios) {
    const [diego, gantry] = STRATEGIES.map((strategy) => runScenario(scenario, { strategy, startsSettleBetweenBatches })) as [ScenarioReport, ScenarioReport];
    comparisons.push({ scenario: scenario.name, diego, gantry });
  }
  return comparisons;
}

function report(title: string, comparisons: Comparison[]): void {
  console.log(`\n${title}\n`);
  printTable(comparisons.flatMap(({ diego, gantry }) => [{ report: diego, diego }, { report: gantry, diego }]));
}

/** Whether gantry is never worse than diego on spread and balance, and better on at least one, per scenario. */
function qualityVerdict(comparisons: Comparison[]): { neverWorse: boolean; betterSomewhere: boolean; notes: string[] } {
  // Differences below this are float noise, not a placement difference.
  const epsilon = 1e-9;
  let neverWorse = true;
  let betterSomewhere = false;
  const notes: string[] = [];
  for (const { scenario, diego, gantry } of comparisons) {
    const pairs: [string, number, number][] = [
      ['spread mean', gantry.spread.meanRatio, diego.spread.meanRatio],
      ['spread worst', gantry.spread.worstRatio, diego.spread.worstRatio],
      ['balance CV', gantry.memoryBalanceCV, diego.memoryBalanceCV],
    ];
    for (const [name, g, d] of pairs) {
      if (g > d + epsilon) {
        neverWorse = false;
        notes.push(`${scenario}: gantry worse on ${name} (${g.toFixed(4)} vs ${d.toFixed(4)})`);
      } else if (g < d - epsilon) {
        betterSomewhere = true;
      }
    }
  }
  return { neverWorse, betterSomewhere, notes };
}

function printTargets(comparisons: Comparison[], checkSpeed: boolean): void {
  const mark = (met: boolean) => (met ? 'MET    ' : 'NOT MET');
  if (checkSpeed) {
    const scale = comparisons.find((c) => c.scenario === SPEED_TARGET_SCENARIO);
    if (scale) {
      const g = scale.gantry;
      const d = scale.diego;
      console.log(
        `  ${mark(g.placementsPerSecond >= SPEED_TARGET_PER_SECOND)}  speed (wall clock): gantry places ${whole(g.placementsPerSecond)}/s at ${g.cells} cells, ${whole(g.placed)} in ${(g.auctionMs / 1000).toFixed(2)} s (target >= ${whole(SPEED_TARGET_PER_SECOND)}/s)`,
      );
      console.log(
        `  ${mark(g.placementsPerCpuSecond >= SPEED_TARGET_PER_SECOND)}  speed (CPU time):   gantry places ${whole(g.placementsPerCpuSecond)}/cpu-s, ${(g.auctionCpuMs / 1000).toFixed(2)} cpu-s`,
      );
      console.log(`           diego there: ${whole(d.placementsPerSecond)}/s wall, ${whole(d.placementsPerCpuSecond)}/cpu-s`);
    }
  }
  const verdict = qualityVerdict(comparisons);
  console.log(`  ${mark(verdict.neverWorse)}  gantry never worse than diego on spread (mean, worst) and balance`);
  for (const note of verdict.notes) console.log(`           ${note}`);
  console.log(`  ${mark(verdict.betterSomewhere)}  gantry better than diego on at least one of them`);
  const placedMore = comparisons.filter((c) => c.gantry.placed > c.diego.placed).map((c) => `${c.scenario} (+${c.gantry.placed - c.diego.placed})`);
  const placedLess = comparisons.filter((c) => c.gantry.placed < c.diego.placed).map((c) => `${c.scenario} (${c.gantry.placed - c.diego.placed})`);
  console.log(`           placed more with gantry: ${placedMore.join(', ') || 'none'}; placed less: ${placedLess.join(', ') || 'none'}`);
}

function printFailures(comparisons: Comparison[]): void {
  for (const { scenario, diego, gantry } of comparisons) {
    for (const r of [diego, gantry]) {
      const reasons = Object.entries(r.failuresByReason);
      if (reasons.length === 0) continue;
      console.log(`  ${scenario} ${r.strategy}: ${reasons.map(([reason, n]) => `${n} x ${reason}`).join('; ')}`);
    }
  }
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const scenarios = allScenarios().filter((s) => !quick || s.name !== SPEED_TARGET_SCENARIO);
  // Warm the JIT on a small run so the first measured scenario is not charged for compiling.
  for (const strategy of STRATEGIES) runScenario(smallMixedScenario(99), { strategy });

  console.log('gantry auction strategies: diego (faithful to Diego) vs gantry (default)');
  console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start`);
  console.log('spread: most instances of an app on one cell / ceil(instances / eligible cells), apps with >= 2 instances; 1 is ideal');
  console.log('balance CV: coefficient of variation of memory-used fraction across live cells; lower is better');
  console.log('zone: per app, instances in fullest zone minus emptiest; g/d: gantry / diego, below 1 is better');
  for (const s of scenarios) console.log(`  ${s.name}: ${s.description}; batches of ${s.batchSize.toLocaleString('en-US')}`);

  const settled = runAll(scenarios, true);
  report('Starts settle between batches (default: a batch interval outlasts a container start)', settled);
  console.log('\nTargets:');
  printTargets(settled, true);
  console.log('\nFailures by reason:');
  printFailures(settled);

  const unsettled = runAll(scenarios, false);
  report("Starts never settle (Diego's simulation model: every placed container still counts as starting)", unsettled);
  console.log('\nTargets (this model):');
  printTargets(unsettled, false);
  console.log(`\nload average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end (wall-clock figures suffer when it exceeds the CPU count)`);
}

main();
