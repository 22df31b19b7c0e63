import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessEngine, WorkerEngine, type AuctionEngine, type StateAnswer } from '../../../src/auctioneer/auction-engine.ts';
import { applyPlacements, runAuction, type AuctionResult, type CellState, type LRPWork } from '../../../src/auctioneer/auction/index.ts';
import { codec } from '../../../src/common/proto.ts';
import { heterogeneousScenario, lrpWorkFor } from '../../../src/auctioneer/simulation/scenarios.ts';
import { groupByCell } from '../../../src/auctioneer/rounds.ts';

const stateCodec = codec('gantry.rep.CellState');
const r = (x: { memoryMb: number; diskMb: number; containers: number; pids: number }) => ({ memory_mb: x.memoryMb, disk_mb: x.diskMb, containers: x.containers, pids: x.pids });
function answer(cell: CellState): StateAnswer {
  return {
    cellId: cell.cellId,
    bytes: stateCodec.encode({
      cell_id: cell.cellId, zone: cell.zone, stacks: cell.stacks, placement_tags: cell.placementTags, optional_placement_tags: cell.optionalPlacementTags,
      total: r(cell.total), available: r(cell.available),
      lrps: cell.lrps.map((l) => ({ process_guid: l.processGuid, index: l.index, memory_mb: l.memoryMb, disk_mb: l.diskMb, instance_guid: 'x', state: 'RUNNING' })),
      tasks: cell.tasks.map((t) => ({ task_guid: t.taskGuid, memory_mb: t.memoryMb, disk_mb: t.diskMb })),
      starting_containers: cell.startingContainers, evacuating: cell.evacuating,
    }),
  };
}

const scenario = heterogeneousScenario(11);
const lrps: LRPWork[] = scenario.apps.slice(0, 300).flatMap(lrpWorkFor);
const tasks = scenario.tasks.slice(0, 50);
const strip = (res: AuctionResult) => ({
  lrp: res.lrpPlacements.map((p) => [p.work.processGuid, p.work.index, p.cellId]),
  task: res.taskPlacements.map((p) => [p.work.taskGuid, p.cellId]),
  lrpFail: res.lrpFailures.map((f) => [f.work.processGuid, f.work.index, f.reason]),
  taskFail: res.taskFailures.map((f) => [f.work.taskGuid, f.reason]),
});

/** What the rounds must equal: the algorithm run directly on the same cells. */
function expected() {
  const options = { strategy: 'gantry' as const };
  const first = runAuction(scenario.cells, { lrps, tasks }, options);
  // Cells take the first half of what each was given; the rest is retried; one cell becomes unreachable.
  const accepted = groupByCell(first).map((c) => ({ ...c, lrps: c.lrps.slice(0, Math.ceil(c.lrps.length / 2)), tasks: c.tasks }));
  const retry = groupByCell(first).flatMap((c) => c.lrps.slice(Math.ceil(c.lrps.length / 2)));
  const refusals = new Map(retry.map((w) => [`lrp:${w.processGuid}:${w.index}`, ['cell-0003']]));
  const acceptedResult: AuctionResult = {
    lrpPlacements: accepted.flatMap((c) => c.lrps.map((work) => ({ work, cellId: c.cellId }))),
    taskPlacements: accepted.flatMap((c) => c.tasks.map((work) => ({ work, cellId: c.cellId }))),
    lrpFailures: [], taskFailures: [],
  };
  const next = applyPlacements(scenario.cells, acceptedResult).filter((c) => c.cellId !== 'cell-0007');
  const second = runAuction(next, { lrps: retry, tasks: [] }, { ...options, refusals });
  return { first, accepted, retry, refusals, second };
}

async function viaEngine(engine: AuctionEngine, e: ReturnType<typeof expected>) {
  const session = await engine.session(scenario.cells.map(answer), { strategy: 'gantry' });
  assert.equal(session.cells, scenario.cells.length);
  const first = await session.round({ lrps, tasks, refusals: new Map(), accepted: [], unreachable: [] });
  // The same work objects come back, placed as the algorithm placed them.
  assert.equal(first.result.lrpPlacements[0]!.work, lrps.find((w) => w === first.result.lrpPlacements[0]!.work));
  const second = await session.round({ lrps: e.retry, tasks: [], refusals: e.refusals, accepted: e.accepted, unreachable: ['cell-0007'] });
  session.end();
  return { first: first.result, second: second.result };
}

const engines: AuctionEngine[] = [];
after(async () => {
  for (const e of engines) await e.close();
});

for (const [name, make] of [['in process', () => new InProcessEngine()], ['in a worker thread', () => new WorkerEngine()]] as const) {
  test(`the engine ${name} decodes States and runs rounds exactly as the algorithm does`, async () => {
    const engine = make();
    engines.push(engine);
    const e = expected();
    assert.ok(e.retry.length > 0 && e.second.lrpPlacements.length > 0, 'the scenario exercises a second round');
    const got = await viaEngine(engine, e);
    assert.deepEqual(strip(got.first), strip(e.first));
    assert.deepEqual(strip(got.second), strip(e.second));
    assert.ok(!got.second.lrpPlacements.some((p) => p.cellId === 'cell-0007'), 'nothing goes to an unreachable cell');
  });
}

test('an undecodable State leaves that cell out and says why', async () => {
  const engine = new WorkerEngine();
  engines.push(engine);
  const good = answer(scenario.cells[0]!);
  const session = await engine.session([good, { cellId: 'broken', bytes: good.bytes.subarray(0, 7) }], {});
  assert.equal(session.cells, 1);
  assert.equal(session.undecodable.length, 1);
  assert.equal(session.undecodable[0]!.cellId, 'broken');
  assert.match(session.undecodable[0]!.error, /^undecodable State/);
  session.end();
});
