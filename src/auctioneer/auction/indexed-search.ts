// gantry's search for LRPs: finds the same cell as scoring every compatible
// cell would, while looking at only a few of them.
//
// gantry's score splits into three parts: a key that depends on the cell
// alone (resource in use, starting penalty, bin-pack index), the work's share of
// the cell (the same for every cell of one size), and the locality penalty
// for instances of the app already there. So the cells compatible with some
// stack and tags are kept, per zone and per cell size, in a min-heap by key.
// The search walks each heap in key order and stops as soon as the next key
// plus the share cannot beat the best score found: usually right after the
// first cell not yet holding the app. Only a reserved cell's key changes,
// and it is re-sifted in the heaps that hold it.

import type { CellTable, CompatibleCells } from './cell-table.ts';
import { gantryCellKey, gantryScorer, resourceShare } from './gantry-scoring.ts';
import { LinearSearch } from './linear-search.ts';
import type { CellSearch, LRPSearch, TaskSearch } from './search.ts';
import type { AuctionWeights } from './types.ts';

/**
 * When at least this fraction of the compatible cells already hold the app,
 * few cells escape the locality penalty and a walk would visit most of the
 * heap; a plain scan is then cheaper.
 */
const LINEAR_WHEN_APP_COVERS = 0.5;

/** Cells of one size in one zone, compatible with one stack and tag signature, ordered by key then cell. */
class CellHeap {
  readonly cells: Int32Array;
  readonly size: number;
  /** Position of each table cell in `cells`, or -1. */
  private readonly position: Int32Array;

  constructor(
    members: readonly number[],
    private readonly key: Float64Array,
    tableSize: number,
  ) {
    this.cells = Int32Array.from(members);
    this.size = members.length;
    this.position = new Int32Array(tableSize).fill(-1);
    this.cells.forEach((cell, p) => (this.position[cell] = p));
    for (let p = (this.size >> 1) - 1; p >= 0; p--) this.siftDown(p);
  }

  /** The cell's key changed: restore heap order. */
  update(cell: number): void {
    const p = this.position[cell]!;
    if (p < 0) return;
    this.siftUp(p);
    this.siftDown(this.position[cell]!);
  }

  before(a: number, b: number): boolean {
    const ka = this.key[a]!;
    const kb = this.key[b]!;
    return ka < kb || (ka === kb && a < b);
  }

  private siftUp(p: number): void {
    const { cells } = this;
    while (p > 0) {
      const parent = (p - 1) >> 1;
      if (!this.before(cells[p]!, cells[parent]!)) break;
      this.swap(p, parent);
      p = parent;
    }
  }

  private siftDown(p: number): void {
    const { cells, size } = this;
    for (;;) {
      const left = 2 * p + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.before(cells[right]!, cells[left]!) ? right : left;
      if (!this.before(cells[child]!, cells[p]!)) break;
      this.swap(p, child);
      p = child;
    }
  }

  private swap(i: number, j: number): void {
    const { cells, position } = this;
    const a = cells[i]!;
    const b = cells[j]!;
    cells[i] = b;
    cells[j] = a;
    position[b] = i;
    position[a] = j;
  }
}

export class IndexedSearch implements CellSearch {
  private readonly key: Float64Array;
  private readonly linear: LinearSearch;
  private readonly heapsBySignature = new WeakMap<CompatibleCells, CellHeap[][]>();
  private readonly heapsOfCell: CellHeap[][];
  // Frontier of a heap walk: heap positions, ordered like the heap.
  private readonly frontier: Int32Array;
  private best = -1;
  private bestScore = Infinity;

  constructor(
    private readonly table: CellTable,
    private readonly weights: AuctionWeights,
  ) {
    this.key = new Float64Array(table.count);
    for (let c = 0; c < table.count; c++) this.key[c] = gantryCellKey(table, c, weights);
    this.linear = new LinearSearch(table, gantryScorer, weights);
    this.heapsOfCell = Array.from({ length: table.count }, () => []);
    this.frontier = new Int32Array(table.count + 1);
  }

  bestLRPCell(search: LRPSearch): number {
    if (search.cellsWithApp >= search.compatible.all.length * LINEAR_WHEN_APP_COVERS) {
      return this.linear.bestLRPCell(search);
    }
    const heapsByZone = this.heapsFor(search.compatible);
    this.best = -1;
    this.bestScore = Infinity;
    for (const zone of search.zones) {
      for (const heap of heapsByZone[zone]!) this.walk(heap, search);
    }
    return this.best;
  }

  bestTaskCell(search: TaskSearch): number {
    return this.linear.bestTaskCell(search);
  }

  cellChanged(cell: number): void {
    this.key[cell] = gantryCellKey(this.table, cell, this.weights);
    for (const heap of this.heapsOfCell[cell]!) heap.update(cell);
  }

  private walk(heap: CellHeap, { work, sameApp, refused }: LRPSearch): void {
    if (heap.size === 0) return;
    const { table, key, frontier } = this;
    const cap = this.weights.maxStartingPerCell;
    const locality = this.weights.localityWeight;
    const cells = heap.cells;
    // Every cell in the heap is the same size, so the work's share is the same for all.
    const share = resourceShare(table, cells[0]!, work.memoryMb, work.diskMb);
    let size = 0;
    frontier[size++] = 0;
    while (size > 0) {
      // Take the frontier's first position (a small binary heap of positions).
      const p = frontier[0]!;
      frontier[0] = frontier[--size]!;
      this.siftFrontier(heap, size);
      const cell = cells[p]!;
      const bound = key[cell]! + share;
      // Cells come in (key, cell) order: none from here on can beat the best.
      if (bound > this.bestScore || (bound === this.bestScore && cell > this.best)) break;
      const left = 2 * p + 1;
      if (left < heap.size) this.pushFrontier(heap, size++, left);
      if (left + 1 < heap.size) this.pushFrontier(heap, size++, left + 1);
      if (!table.fits(cell, work.memoryMb, work.diskMb, work.maxPids, cap)) continue;
      const score = bound + sameApp[cell]! * locality;
      if ((score < this.bestScore || (score === this.bestScore && cell < this.best)) && !refused?.has(cell)) {
        this.bestScore = score;
        this.best = cell;
      }
    }
  }

  private pushFrontier(heap: CellHeap, at: number, position: number): void {
    const { frontier } = this;
    const cells = heap.cells;
    let i = at;
    frontier[i] = position;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!heap.before(cells[frontier[i]!]!, cells[frontier[parent]!]!)) break;
      const t = frontier[i]!;
      frontier[i] = frontier[parent]!;
      frontier[parent] = t;
      i = parent;
    }
  }

  private siftFrontier(heap: CellHeap, size: number): void {
    const { frontier } = this;
    const cells = heap.cells;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && heap.before(cells[frontier[right]!]!, cells[frontier[left]!]!) ? right : left;
      if (!heap.before(cells[frontier[child]!]!, cells[frontier[i]!]!)) break;
      const t = frontier[i]!;
      frontier[i] = frontier[child]!;
      frontier[child] = t;
      i = child;
    }
  }

  /** Heaps per zone for one compatible set, one per cell size, built the first time the set is searched. */
  private heapsFor(compatible: CompatibleCells): CellHeap[][] {
    let heaps = this.heapsBySignature.get(compatible);
    if (heaps !== undefined) return heaps;
    const { table } = this;
    heaps = compatible.byZone.map((cells) => {
      const bySize = new Map<string, number[]>();
      for (const cell of cells) {
        const size = `${table.totalMemory[cell]}/${table.totalDisk[cell]}/${table.totalContainers[cell]}`;
        let members = bySize.get(size);
        if (members === undefined) bySize.set(size, (members = []));
        members.push(cell);
      }
      return [...bySize.values()].map((members) => {
        const heap = new CellHeap(members, this.key, table.count);
        for (const cell of members) this.heapsOfCell[cell]!.push(heap);
        return heap;
      });
    });
    this.heapsBySignature.set(compatible, heaps);
    return heaps;
  }
}
