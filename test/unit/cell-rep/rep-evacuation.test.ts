import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextEvacuationStep, defaultEvacuationTimeoutMs, type EvacueeView } from '../../../src/cell-rep/evacuation.ts';

const view = (v: Partial<EvacueeView>): EvacueeView => ({ kind: 'lrp', state: 'RUNNING', lastAnswer: null, lastAskedAt: null, inFlight: false, ...v });
const deadline = 10_000;
const poll = 500;

describe('nextEvacuationStep', () => {
  it('reports a running instance EVACUATING first', () => {
    assert.deepEqual(nextEvacuationStep(view({}), 0, deadline, poll), { do: 'evacuate-running' });
  });

  it('keeps serving while the BBS says keep, asking again each poll interval', () => {
    assert.deepEqual(nextEvacuationStep(view({ lastAnswer: 'keep', lastAskedAt: 1000 }), 1200, deadline, poll), { do: 'wait' });
    assert.deepEqual(nextEvacuationStep(view({ lastAnswer: 'keep', lastAskedAt: 1000 }), 1500, deadline, poll), { do: 'evacuate-running' });
  });

  it('destroys it once its replacement runs (keep_container false)', () => {
    assert.deepEqual(nextEvacuationStep(view({ lastAnswer: 'release', lastAskedAt: 1000 }), 1100, deadline, poll), { do: 'destroy' });
  });

  it('at the timeout, destroys what is still kept and reports it stopped', () => {
    assert.deepEqual(nextEvacuationStep(view({ lastAnswer: 'keep', lastAskedAt: 9900 }), deadline, deadline, poll), { do: 'destroy-stopped' });
    assert.deepEqual(nextEvacuationStep(view({}), deadline + 1, deadline, poll), { do: 'destroy-stopped' }, 'never asked (BBS down) → stopped at the timeout');
  });

  it('a replacement that runs just at the timeout is a hand-over, not a stop', () => {
    assert.deepEqual(nextEvacuationStep(view({ lastAnswer: 'release' }), deadline + 5, deadline, poll), { do: 'destroy' });
  });

  it('gives back the claim of instances not running yet', () => {
    assert.deepEqual(nextEvacuationStep(view({ state: 'RESERVED' }), 0, deadline, poll), { do: 'evacuate-claimed' });
    assert.deepEqual(nextEvacuationStep(view({ state: 'STARTING' }), 0, deadline, poll), { do: 'evacuate-claimed' });
  });

  it('waits on instances already stopping and on calls under way', () => {
    assert.deepEqual(nextEvacuationStep(view({ state: 'STOPPING' }), deadline + 1, deadline, poll), { do: 'wait' });
    assert.deepEqual(nextEvacuationStep(view({ inFlight: true }), deadline + 1, deadline, poll), { do: 'wait' });
  });

  it('lets tasks run until the timeout, then fails them', () => {
    assert.deepEqual(nextEvacuationStep(view({ kind: 'task' }), 0, deadline, poll), { do: 'wait' });
    assert.deepEqual(nextEvacuationStep(view({ kind: 'task' }), deadline, deadline, poll), { do: 'fail-task' });
  });

  it('defaults to a 60 s timeout', () => {
    assert.equal(defaultEvacuationTimeoutMs, 60_000);
  });
});
