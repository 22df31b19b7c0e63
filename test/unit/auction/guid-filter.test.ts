// The guid pre-filter used when counting auctioned apps: never a false "no".

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GuidFilter } from '../../../src/auctioneer/auction/guid-filter.ts';
import { CellTable } from '../../../src/auctioneer/auction/cell-table.ts';
import { cell, running } from './fixtures.ts';

describe('GuidFilter', () => {
  it('admits every guid it was built with', () => {
    const guids = Array.from({ length: 5000 }, (_, i) => `app-${i}-${(i * 2654435761) % 100000}`);
    const filter = new GuidFilter(guids);
    assert.ok(guids.every((g) => filter.mayContain(g)));
  });

  it('turns most other guids away', () => {
    const filter = new GuidFilter(Array.from({ length: 1000 }, (_, i) => `in-${i}`));
    const others = Array.from({ length: 10_000 }, (_, i) => `out-${i}`);
    const admitted = others.filter((g) => filter.mayContain(g)).length;
    assert.ok(admitted < 500, `admitted ${admitted} of 10,000`);
  });

  it('lets the cell table count exactly the auctioned apps', () => {
    const cells = [cell('a', { lrps: [...running('x', 2), ...running('y', 1)] }), cell('b', { lrps: running('x', 1) })];
    const table = new CellTable(cells, new Set(['x']));
    assert.deepEqual([...table.instancesByCell('x')!], [[0, 2], [1, 1]]);
    assert.equal(table.instancesByCell('y'), undefined);
  });
});
