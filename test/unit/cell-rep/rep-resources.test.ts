import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceLedger, shortfall } from '../../../src/cell-rep/resources.ts';

const cap = { memoryMb: 1024, diskMb: 4096, containers: 4, pids: 1000 };
const piece = (key: string, memoryMb: number, diskMb = 100, maxPids = 100) => ({ key, memoryMb, diskMb, maxPids, work: key });

describe('ResourceLedger', () => {
  it('starts with everything available', () => {
    const l = new ResourceLedger(cap);
    assert.deepEqual(l.available(), cap);
    assert.deepEqual(l.total(), cap);
  });

  it('reserves each piece whole or refuses it whole, and goes on after a refusal', () => {
    const l = new ResourceLedger(cap);
    const out = l.reserve([piece('a', 600), piece('b', 600), piece('c', 400)]);
    assert.deepEqual(out.accepted, ['a', 'c']);
    assert.deepEqual(out.refused, ['b']);
    assert.deepEqual(l.available(), { memoryMb: 24, diskMb: 3896, containers: 2, pids: 800 });
    assert.equal(l.has('b'), false, 'a refused piece holds nothing');
  });

  it('refuses on each resource: disk, containers, pids', () => {
    const l = new ResourceLedger({ memoryMb: 10_000, diskMb: 500, containers: 2, pids: 150 });
    assert.deepEqual(l.reserve([piece('disk', 1, 501)]).refused, ['disk']);
    assert.deepEqual(l.reserve([piece('pids', 1, 1, 151)]).refused, ['pids']);
    assert.deepEqual(l.reserve([piece('x', 1, 1, 0), piece('y', 1, 1, 0), piece('z', 1, 1, 0)]).refused, ['z'], 'only 2 containers');
  });

  it('counts a pid limit of 0 (unlimited) as taking no pids', () => {
    const l = new ResourceLedger({ memoryMb: 100, diskMb: 100, containers: 10, pids: 0 });
    assert.deepEqual(l.reserve([piece('a', 1, 1, 0)]).accepted, ['a']);
    assert.deepEqual(l.reserve([piece('b', 1, 1, 1)]).refused, ['b']);
  });

  it('refuses a key that already holds resources', () => {
    const l = new ResourceLedger(cap);
    assert.equal(l.tryReserve({ key: 'a', memoryMb: 1, diskMb: 1, maxPids: 1 }), true);
    assert.equal(l.tryReserve({ key: 'a', memoryMb: 1, diskMb: 1, maxPids: 1 }), false);
    assert.equal(l.available().containers, 3);
  });

  it('releases once; a second release changes nothing', () => {
    const l = new ResourceLedger(cap);
    l.reserve([piece('a', 512)]);
    assert.equal(l.release('a'), true);
    assert.equal(l.release('a'), false);
    assert.deepEqual(l.available(), cap);
  });

  it('never double-books under concurrent Performs', async () => {
    // 20 "Performs" racing, each awaiting something before reserving a batch, as gRPC handlers would.
    const l = new ResourceLedger({ memoryMb: 1000, diskMb: 100_000, containers: 1000, pids: 100_000 });
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        return l.reserve([piece(`p${i}-a`, 70), piece(`p${i}-b`, 70)]);
      }),
    );
    const accepted = results.flatMap((r) => r.accepted).length;
    assert.equal(accepted, 14, '1000 MB holds 14 pieces of 70 MB');
    assert.equal(l.available().memoryMb, 1000 - 14 * 70);
    assert.ok(l.available().memoryMb >= 0);
  });

  it('recounts from what really runs, even past capacity', () => {
    const l = new ResourceLedger(cap);
    l.reserve([piece('a', 100)]);
    l.recount([{ key: 'x', memoryMb: 800, diskMb: 1, maxPids: 1 }, { key: 'y', memoryMb: 800, diskMb: 1, maxPids: 1 }, { key: 'x', memoryMb: 800, diskMb: 1, maxPids: 1 }]);
    assert.equal(l.has('a'), false);
    assert.equal(l.size(), 2, 'a key counts once');
    assert.equal(l.available().memoryMb, 1024 - 1600);
    assert.deepEqual(l.reserve([piece('z', 1)]).refused, ['z']);
  });

  it('hold() keeps what an adopted container uses even when it does not fit', () => {
    const l = new ResourceLedger(cap);
    l.hold({ key: 'big', memoryMb: 2048, diskMb: 1, maxPids: 1 });
    assert.equal(l.available().memoryMb, -1024);
    l.hold({ key: 'big', memoryMb: 10, diskMb: 1, maxPids: 1 });
    assert.equal(l.available().memoryMb, 1014, 'holding again replaces');
  });

  it('rejects a negative or non-numeric capacity', () => {
    assert.throws(() => new ResourceLedger({ ...cap, memoryMb: -1 }), /memoryMb/);
    assert.throws(() => new ResourceLedger({ ...cap, pids: Number.NaN }), /pids/);
  });

  it('shortfall names what is lacking', () => {
    assert.deepEqual(shortfall({ memoryMb: 1, diskMb: 1, containers: 0, pids: 1 }, { memoryMb: 2, diskMb: 1, maxPids: 2 }), ['memoryMb', 'containers', 'pids']);
  });
});
