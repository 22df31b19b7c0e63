// Every transition of the ActualLRP state machine: the pure rule (Diego's
// AllowsTransitionTo) and every operation on an ORDINARY record in each state,
// from the instance that holds it and from another one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { ActualLRP, ActualLRPInstanceKey, ActualLRPState } from '../../../src/common/models.ts';
import { allowsTransition, makeActual } from '../../../src/bbs/lrp/state-machine.ts';
import type { Change } from '../../../src/bbs/state/types.ts';
import type { InMemoryBbsModel } from '../../../src/bbs/state/model.ts';
import { actualKey } from '../../../src/bbs/state/keys.ts';
import { GUID, assertRefusedUnchanged, desiredLRP, instanceKey, lrpKey, netInfo, newModel } from './helpers.ts';

const STATES: ActualLRPState[] = ['UNCLAIMED', 'CLAIMED', 'RUNNING', 'CRASHED'];
const A = instanceKey('inst-a', 'cell-a');
const B = instanceKey('inst-b', 'cell-b');
const EMPTY = instanceKey('', '');
const NOW = 1_000_000;

/** The ORDINARY record of app-1/0 in a state; CLAIMED and RUNNING ones belong to instance A. */
function record(state: ActualLRPState): ActualLRP {
  const held = state === 'CLAIMED' || state === 'RUNNING';
  return makeActual({
    key: lrpKey(0),
    instance_key: held ? A : undefined,
    net_info: state === 'RUNNING' ? netInfo() : undefined,
    state,
    crash_count: state === 'CRASHED' ? 5 : 0,
    since: NOW,
    modification_tag: { epoch: 'e', index: 3 },
    availability_zone: state === 'RUNNING' ? 'z1' : undefined,
  });
}

// The pure rule ---------------------------------------------------------------

type KeyKind = 'own' | 'other' | 'empty';
// For UNCLAIMED and CRASHED records the own instance key is the empty one.
const allowed: Record<ActualLRPState, Record<ActualLRPState, KeyKind[]>> = {
  UNCLAIMED: { UNCLAIMED: ['own', 'other', 'empty'], CLAIMED: ['own', 'other', 'empty'], RUNNING: ['own', 'other', 'empty'], CRASHED: [] },
  CLAIMED: { UNCLAIMED: ['empty'], CLAIMED: ['own'], RUNNING: ['own', 'other', 'empty'], CRASHED: ['own'] },
  RUNNING: { UNCLAIMED: ['empty'], CLAIMED: ['own'], RUNNING: ['own'], CRASHED: ['own'] },
  CRASHED: { UNCLAIMED: ['own', 'empty'], CLAIMED: ['own', 'empty'], RUNNING: ['own', 'empty'], CRASHED: [] },
};

for (const from of STATES) {
  for (const to of STATES) {
    for (const kind of ['own', 'other', 'empty'] as KeyKind[]) {
      const expected = allowed[from][to].includes(kind);
      test(`allowsTransition ${from} → ${to} with the ${kind} instance key: ${expected ? 'allowed' : 'refused'}`, () => {
        const before = record(from);
        const key: ActualLRPInstanceKey = kind === 'own' ? (before.instance_key ?? EMPTY) : kind === 'other' ? B : EMPTY;
        assert.equal(allowsTransition(before, before.key, key, to), expected);
        // A request naming another LRP key (e.g. another domain) is never allowed.
        assert.equal(allowsTransition(before, { ...lrpKey(0), domain: 'elsewhere' }, key, to), false);
      });
    }
  }
}

// Every operation on a record in each state ------------------------------------

type Outcome =
  | { state: ActualLRPState; cell: string; evacuating?: string; keep?: boolean }
  | 'noop' | 'refused' | 'notfound' | 'removed' | 'stop';

interface Operation {
  name: string;
  run(model: InMemoryBbsModel): Change | { change: Change; keepContainer: boolean };
  expect: Record<ActualLRPState, Outcome>;
}

const running = (cell: string): Outcome => ({ state: 'RUNNING', cell });
const restarted: Outcome = { state: 'UNCLAIMED', cell: '' };

const operations: Operation[] = [
  {
    name: 'claim by the instance A',
    run: (m) => m.claimActualLRP(GUID, 0, A, NOW + 1),
    expect: { UNCLAIMED: { state: 'CLAIMED', cell: 'cell-a' }, CLAIMED: 'noop', RUNNING: { state: 'CLAIMED', cell: 'cell-a' }, CRASHED: 'refused' },
  },
  {
    name: 'claim by another instance B',
    run: (m) => m.claimActualLRP(GUID, 0, B, NOW + 1),
    expect: { UNCLAIMED: { state: 'CLAIMED', cell: 'cell-b' }, CLAIMED: 'refused', RUNNING: 'refused', CRASHED: 'refused' },
  },
  {
    name: 'start by A (same address)',
    run: (m) => m.startActualLRP(lrpKey(0), A, netInfo(), 'z1', NOW + 1),
    expect: { UNCLAIMED: running('cell-a'), CLAIMED: running('cell-a'), RUNNING: 'noop', CRASHED: 'refused' },
  },
  {
    name: 'start by A (new address)',
    run: (m) => m.startActualLRP(lrpKey(0), A, netInfo(62000), 'z1', NOW + 1),
    expect: { UNCLAIMED: running('cell-a'), CLAIMED: running('cell-a'), RUNNING: running('cell-a'), CRASHED: 'refused' },
  },
  {
    name: 'start by B',
    run: (m) => m.startActualLRP(lrpKey(0), B, netInfo(), 'z1', NOW + 1),
    expect: { UNCLAIMED: running('cell-b'), CLAIMED: running('cell-b'), RUNNING: 'refused', CRASHED: 'refused' },
  },
  {
    name: 'start by A with a key of another domain',
    run: (m) => m.startActualLRP({ ...lrpKey(0), domain: 'elsewhere' }, A, netInfo(), 'z1', NOW + 1),
    expect: { UNCLAIMED: 'refused', CLAIMED: 'refused', RUNNING: 'refused', CRASHED: 'refused' },
  },
  {
    name: 'crash of A',
    run: (m) => m.crashActualLRP(lrpKey(0), A, 'exit 1', NOW + 1),
    expect: { UNCLAIMED: 'refused', CLAIMED: restarted, RUNNING: restarted, CRASHED: 'refused' },
  },
  {
    name: 'crash of B',
    run: (m) => m.crashActualLRP(lrpKey(0), B, 'exit 1', NOW + 1),
    expect: { UNCLAIMED: 'refused', CLAIMED: 'refused', RUNNING: 'refused', CRASHED: 'refused' },
  },
  {
    name: 'placement failure',
    run: (m) => m.failActualLRP(lrpKey(0), 'insufficient resources', NOW + 1),
    expect: { UNCLAIMED: { state: 'UNCLAIMED', cell: '' }, CLAIMED: 'refused', RUNNING: 'refused', CRASHED: 'refused' },
  },
  {
    name: 'remove of A',
    run: (m) => m.removeActualLRP(GUID, 0, A, NOW + 1),
    expect: { UNCLAIMED: 'notfound', CLAIMED: 'removed', RUNNING: 'removed', CRASHED: 'notfound' },
  },
  {
    name: 'remove of B',
    run: (m) => m.removeActualLRP(GUID, 0, B, NOW + 1),
    expect: { UNCLAIMED: 'notfound', CLAIMED: 'notfound', RUNNING: 'notfound', CRASHED: 'notfound' },
  },
  {
    name: 'remove of whatever instance',
    run: (m) => m.removeActualLRP(GUID, 0, null, NOW + 1),
    expect: { UNCLAIMED: 'removed', CLAIMED: 'removed', RUNNING: 'removed', CRASHED: 'removed' },
  },
  {
    name: 'retire',
    run: (m) => m.retireActualLRP(lrpKey(0), NOW + 1),
    expect: { UNCLAIMED: 'removed', CLAIMED: 'stop', RUNNING: 'stop', CRASHED: 'removed' },
  },
  {
    name: 'evacuate claimed by A',
    run: (m) => m.evacuateClaimedActualLRP(lrpKey(0), A, NOW + 1),
    expect: { UNCLAIMED: 'notfound', CLAIMED: { ...restarted, keep: false }, RUNNING: { ...restarted, keep: false }, CRASHED: 'notfound' },
  },
  {
    name: 'evacuate claimed by B',
    run: (m) => m.evacuateClaimedActualLRP(lrpKey(0), B, NOW + 1),
    expect: { UNCLAIMED: 'notfound', CLAIMED: 'notfound', RUNNING: 'notfound', CRASHED: 'notfound' },
  },
  {
    name: 'evacuate crashed by A',
    run: (m) => m.evacuateCrashedActualLRP(lrpKey(0), A, 'exit 1', NOW + 1),
    expect: { UNCLAIMED: 'notfound', CLAIMED: { ...restarted, keep: false }, RUNNING: { ...restarted, keep: false }, CRASHED: 'notfound' },
  },
  {
    name: 'evacuate stopped by A',
    run: (m) => m.evacuateStoppedActualLRP(lrpKey(0), A, NOW + 1),
    expect: { UNCLAIMED: 'notfound', CLAIMED: 'removed', RUNNING: 'removed', CRASHED: 'notfound' },
  },
  {
    name: 'evacuate running by A',
    run: (m) => m.evacuateRunningActualLRP(lrpKey(0), A, netInfo(), 'z1', NOW + 1),
    expect: {
      // The cell runs A although the record is unclaimed: keep it routed as an EVACUATING copy.
      UNCLAIMED: { state: 'UNCLAIMED', cell: '', evacuating: 'cell-a', keep: true },
      CLAIMED: { state: 'UNCLAIMED', cell: '', evacuating: 'cell-a', keep: true },
      RUNNING: { state: 'UNCLAIMED', cell: '', evacuating: 'cell-a', keep: true },
      CRASHED: 'noop',
    },
  },
  {
    name: 'evacuate running by B',
    run: (m) => m.evacuateRunningActualLRP(lrpKey(0), B, netInfo(), 'z1', NOW + 1),
    expect: {
      UNCLAIMED: { state: 'UNCLAIMED', cell: '', evacuating: 'cell-b', keep: true },
      CLAIMED: { state: 'CLAIMED', cell: 'cell-a', evacuating: 'cell-b', keep: true },
      RUNNING: 'noop', // A runs the instance already: B's container can go
      CRASHED: 'noop',
    },
  },
];

function changeOf(result: Change | { change: Change; keepContainer: boolean }): { change: Change; keep?: boolean } {
  return 'writes' in result ? { change: result } : { change: result.change, keep: result.keepContainer };
}

for (const operation of operations) {
  for (const state of STATES) {
    const outcome = operation.expect[state];
    const label = typeof outcome === 'string' ? outcome : `${outcome.state}${outcome.cell ? ` on ${outcome.cell}` : ''}`;
    test(`${state} + ${operation.name} → ${label}`, () => {
      const model = newModel();
      model.desireLRP(desiredLRP({ instances: 0 }), NOW - 10);
      const before = record(state);
      model.load('actual', actualKey(GUID, 0, 'ORDINARY'), before);

      if (outcome === 'refused') {
        assertRefusedUnchanged(model, () => operation.run(model), status.FAILED_PRECONDITION, `${GUID} index 0`);
        return;
      }
      if (outcome === 'notfound') {
        assertRefusedUnchanged(model, () => operation.run(model), status.NOT_FOUND, GUID);
        return;
      }
      const { change, keep } = changeOf(operation.run(model));
      const after = model.instancesOf(GUID, 0);
      const ordinaryAfter = after.find((l) => l.presence === 'ORDINARY');
      const evacuatingAfter = after.find((l) => l.presence === 'EVACUATING');
      if (outcome === 'noop') {
        assert.deepEqual(change.writes, []);
        assert.deepEqual(change.events, []);
        assert.equal(ordinaryAfter, before, 'the very same record');
        assert.equal(evacuatingAfter, undefined);
        if (keep !== undefined) assert.equal(keep, false);
        return;
      }
      if (outcome === 'removed') {
        assert.equal(ordinaryAfter, undefined);
        assert.deepEqual(change.writes.map((w) => [w.key, w.value]), [[actualKey(GUID, 0, 'ORDINARY'), null]]);
        assert.equal(change.events.at(-1)?.event, 'actual_lrp_instance_removed');
        return;
      }
      if (outcome === 'stop') {
        assert.equal(ordinaryAfter, before);
        assert.deepEqual(change.stops, [{ key: before.key, instance_key: before.instance_key }]);
        assert.deepEqual(change.writes, []);
        return;
      }
      assert.ok(ordinaryAfter, 'the ORDINARY record is there');
      assert.equal(ordinaryAfter.state, outcome.state);
      assert.equal(ordinaryAfter.instance_key?.cell_id ?? '', outcome.cell);
      assert.equal(evacuatingAfter?.instance_key?.cell_id, outcome.evacuating);
      if (outcome.keep !== undefined) assert.equal(keep, outcome.keep);
      if (ordinaryAfter !== before) {
        assert.equal(ordinaryAfter.modification_tag?.epoch, 'e', 'same epoch');
        assert.equal(ordinaryAfter.modification_tag?.index, 4, 'tag index + 1');
      }
      assert.ok(change.writes.length > 0);
      assert.ok(change.events.length > 0);
    });
  }
}
