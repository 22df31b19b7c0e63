// Wire encoding of a simulated rep's State answer, assembled from pieces
// encoded once. A real cell encodes its State on its own machine; a thousand
// simulated cells share two cores with the auctioneer under test, so their
// answers are built by concatenating cached bytes (protobuf allows a message's
// repeated fields to be written piecewise) instead of re-encoding every
// instance on every call. The bytes are exactly what encoding the full
// message would give a reader.
import { codec } from '../../common/proto.ts';
import type { CellState as RepCellState } from '../../generated/gantry/rep/CellState.ts';
import type { LRPInstance } from '../../generated/gantry/rep/LRPInstance.ts';
import type { TaskInstance } from '../../generated/gantry/rep/TaskInstance.ts';

const cellStateCodec = codec<RepCellState>('gantry.rep.CellState');
const lrpCodec = codec<LRPInstance>('gantry.rep.LRPInstance');
const taskCodec = codec<TaskInstance>('gantry.rep.TaskInstance');

// CellState field numbers of the repeated messages (proto/rep.proto), wire type 2 (length-delimited).
const LRPS_TAG = (9 << 3) | 2;
const TASKS_TAG = (10 << 3) | 2;

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

function field(tag: number, body: Uint8Array): Buffer {
  const head = [tag, ...varint(body.length)];
  const buf = Buffer.allocUnsafe(head.length + body.length);
  buf.set(head, 0);
  buf.set(body, head.length);
  return buf;
}

/** One `lrps` entry of a CellState, ready to append. */
export function encodeLRPEntry(lrp: LRPInstance): Buffer {
  return field(LRPS_TAG, lrpCodec.encode(lrp));
}

/** One `tasks` entry of a CellState, ready to append. */
export function encodeTaskEntry(task: TaskInstance): Buffer {
  return field(TASKS_TAG, taskCodec.encode(task));
}

/** A CellState's bytes: every field but the instances, then the instance entries. */
export function encodeCellState(header: Omit<RepCellState, 'lrps' | 'tasks'>, entries: readonly Buffer[]): Buffer {
  const head = cellStateCodec.encode(header);
  return Buffer.concat([head, ...entries]);
}

/** A value the sim rep's State serializer passes through as already-encoded bytes. */
export const ENCODED = Symbol('encoded');
export interface PreEncoded {
  [ENCODED]: Buffer;
}
