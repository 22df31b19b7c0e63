import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PortAllocator } from '../../../src/cell-rep/ports.ts';

describe('PortAllocator', () => {
  it('maps each container port to a distinct host port in the range', () => {
    const p = new PortAllocator(61000, 61009);
    const m = p.allocate('a', [8080, 9090]);
    assert.deepEqual(m, [{ container_port: 8080, host_port: 61000 }, { container_port: 9090, host_port: 61001 }]);
    const n = p.allocate('b', [8080]);
    assert.deepEqual(n, [{ container_port: 8080, host_port: 61002 }]);
    assert.equal(p.free(), 7);
  });

  it('refuses all-or-nothing when the range is short', () => {
    const p = new PortAllocator(61000, 61002);
    assert.ok(p.allocate('a', [1, 2]));
    assert.equal(p.allocate('b', [1, 2]), null);
    assert.equal(p.free(), 1, 'a refused allocation takes nothing');
  });

  it('frees on release, idempotently, and does not hand a freed port out at once', () => {
    const p = new PortAllocator(61000, 61003);
    p.allocate('a', [1]);
    p.allocate('b', [1]);
    p.release('a');
    p.release('a');
    assert.equal(p.free(), 3);
    assert.deepEqual(p.allocate('c', [1])?.[0]?.host_port, 61002, 'round-robin: 61000 is reused last');
    assert.deepEqual(p.allocate('d', [1])?.[0]?.host_port, 61003);
    assert.deepEqual(p.allocate('e', [1])?.[0]?.host_port, 61000, 'wraps around to the freed port');
  });

  it('gives an owner its own ports back on a second allocate', () => {
    const p = new PortAllocator(61000, 61009);
    const first = p.allocate('a', [8080]);
    assert.deepEqual(p.allocate('a', [8080]), first);
    assert.equal(p.free(), 9);
  });

  it('an instance with no ports takes none', () => {
    const p = new PortAllocator(61000, 61000);
    assert.deepEqual(p.allocate('a', []), []);
    assert.equal(p.free(), 1);
  });

  it('adopts ports an existing container uses, but not ports another owner holds', () => {
    const p = new PortAllocator(61000, 61009);
    assert.equal(p.adopt('old', [61005]), true);
    assert.equal(p.adopt('other', [61005]), false);
    assert.deepEqual(p.portsOf('other'), []);
    const m = p.allocate('x', Array.from({ length: 9 }, (_, i) => i));
    assert.ok(m && !m.some((x) => x.host_port === 61005), 'adopted port is not handed out');
  });

  it('recounts from what really runs', () => {
    const p = new PortAllocator(61000, 61009);
    p.allocate('gone', [1, 2, 3]);
    p.recount(new Map([['kept', [61007]], ['dup', [61007, 61008]]]));
    assert.deepEqual(p.portsOf('gone'), []);
    assert.deepEqual(p.portsOf('dup'), [61008], 'a port counts for one owner only');
    assert.equal(p.free(), 8);
  });

  it('rejects a bad range', () => {
    assert.throws(() => new PortAllocator(62000, 61000), /port range/);
    assert.throws(() => new PortAllocator(0, 10), /port range/);
    assert.throws(() => new PortAllocator(1, 70000), /port range/);
  });
});
