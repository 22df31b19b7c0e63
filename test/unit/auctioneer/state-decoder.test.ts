import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { codec } from '../../../src/common/proto.ts';
import { decodeCellState } from '../../../src/auctioneer/state-decoder.ts';
import { cellStateFromRep } from '../../../src/auctioneer/mapping.ts';
import { seededRandom } from '../../../src/auctioneer/simulation/scenarios.ts';
import type { CellState, CellState__Output } from '../../../src/generated/gantry/rep/CellState.ts';

const stateCodec = codec<CellState__Output>('gantry.rep.CellState');

function randomState(random: () => number): CellState {
  const int = (max: number) => Math.floor(random() * max);
  const word = () => random().toString(36).slice(2, 3 + int(8));
  return {
    cell_id: word(),
    rep_address: `127.0.0.1:${int(65535)}`,
    zone: random() < 0.2 ? '' : word(),
    stacks: Array.from({ length: int(3) }, word),
    placement_tags: Array.from({ length: int(3) }, word),
    optional_placement_tags: Array.from({ length: int(3) }, word),
    total: random() < 0.1 ? null : { memory_mb: int(100_000), disk_mb: int(100_000), containers: int(500), pids: int(100_000) },
    available: random() < 0.1 ? null : { memory_mb: int(100_000) - 50_000, disk_mb: int(1000), containers: int(500) - 10, pids: 0 },
    lrps: Array.from({ length: int(40) }, () => ({
      process_guid: word(), index: int(1000), instance_guid: word(), memory_mb: int(4096), disk_mb: int(4096), max_pids: int(2048), state: 'RUNNING',
    })),
    tasks: Array.from({ length: int(5) }, () => ({ task_guid: word(), memory_mb: int(4096), disk_mb: int(4096), max_pids: int(10), state: 'STARTING' })),
    starting_containers: int(10),
    evacuating: random() < 0.3,
  };
}

test('decoding State bytes straight to the auction shape agrees with the generic path', () => {
  const random = seededRandom(7);
  for (let i = 0; i < 300; i++) {
    const bytes = stateCodec.encode(randomState(random));
    assert.deepEqual(decodeCellState(bytes, 'cell-x'), cellStateFromRep('cell-x', stateCodec.decode(bytes)));
  }
});

test('fields it does not know (a newer rep) are skipped, not misread', () => {
  const bytes = stateCodec.encode(randomState(seededRandom(3)));
  const w = protobuf.Writer.create();
  w.uint32((99 << 3) | 2).string('from the future');
  w.uint32((98 << 3) | 0).uint64(123456789);
  w.uint32((97 << 3) | 5).fixed32(7);
  w.uint32((96 << 3) | 1).fixed64(8);
  const extra = w.finish();
  const combined = new Uint8Array(bytes.length + extra.length);
  combined.set(extra, 0);
  combined.set(bytes, extra.length);
  assert.deepEqual(decodeCellState(combined, 'c'), decodeCellState(bytes, 'c'));
});

test('truncated bytes throw rather than yield a half-read cell', () => {
  const bytes = stateCodec.encode(randomState(seededRandom(5)));
  assert.throws(() => decodeCellState(bytes.subarray(0, Math.floor(bytes.length / 2)), 'c'));
});
