// Decodes a rep's State answer (gantry.rep.CellState bytes) straight into the
// auction's CellState, reading only the fields the auction uses. At 1,000
// cells holding 250 instances each, one round of State answers is a quarter
// of a million instances; the generic path (decode to a message, convert to
// a plain object with every default, then map) costs several times this one,
// which skips instance guids and states and allocates one object per instance.
// Must agree with mapping.ts's cellStateFromRep (a unit test holds them equal).
import protobuf from 'protobufjs';
import type { CellLRP, CellState, CellTask, Resources } from './auction/index.ts';

const { Reader } = protobuf;
type Reader = protobuf.Reader;

const VARINT = 0;
const LEN = 2;

function resources(r: Reader, end: number): Resources {
  const out: Resources = { memoryMb: 0, diskMb: 0, containers: 0, pids: 0 };
  while (r.pos < end) {
    const tag = r.uint32();
    if ((tag & 7) !== VARINT) {
      r.skipType(tag & 7);
      continue;
    }
    switch (tag >>> 3) {
      case 1: out.memoryMb = r.int32(); break;
      case 2: out.diskMb = r.int32(); break;
      case 3: out.containers = r.int32(); break;
      case 4: out.pids = r.int32(); break;
      default: r.skipType(VARINT);
    }
  }
  return out;
}

function lrp(r: Reader, end: number): CellLRP {
  const out: CellLRP = { processGuid: '', index: 0, memoryMb: 0, diskMb: 0 };
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === LEN) out.processGuid = r.string();
    else if (field === 2 && wire === VARINT) out.index = r.int32();
    else if (field === 4 && wire === VARINT) out.memoryMb = r.int32();
    else if (field === 5 && wire === VARINT) out.diskMb = r.int32();
    else r.skipType(wire);
  }
  return out;
}

function task(r: Reader, end: number): CellTask {
  const out: CellTask = { taskGuid: '', memoryMb: 0, diskMb: 0 };
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === LEN) out.taskGuid = r.string();
    else if (field === 2 && wire === VARINT) out.memoryMb = r.int32();
    else if (field === 3 && wire === VARINT) out.diskMb = r.int32();
    else r.skipType(wire);
  }
  return out;
}

/** The auction's view of a CellState message; `cellId` is the id the auctioneer knows the cell by. */
export function decodeCellState(bytes: Uint8Array, cellId: string): CellState {
  const r = Reader.create(bytes);
  const cell: CellState = {
    cellId,
    zone: '',
    stacks: [],
    placementTags: [],
    optionalPlacementTags: [],
    total: { memoryMb: 0, diskMb: 0, containers: 0, pids: 0 },
    available: { memoryMb: 0, diskMb: 0, containers: 0, pids: 0 },
    lrps: [],
    tasks: [],
    startingContainers: 0,
    evacuating: false,
  };
  while (r.pos < r.len) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === LEN) {
      switch (field) {
        case 3: cell.zone = r.string(); continue;
        case 4: cell.stacks.push(r.string()); continue;
        case 5: cell.placementTags.push(r.string()); continue;
        case 6: cell.optionalPlacementTags.push(r.string()); continue;
        case 7: { const len = r.uint32(); cell.total = resources(r, r.pos + len); continue; }
        case 8: { const len = r.uint32(); cell.available = resources(r, r.pos + len); continue; }
        case 9: { const len = r.uint32(); cell.lrps.push(lrp(r, r.pos + len)); continue; }
        case 10: { const len = r.uint32(); cell.tasks.push(task(r, r.pos + len)); continue; }
      }
    } else if (wire === VARINT) {
      if (field === 11) { cell.startingContainers = r.int32(); continue; }
      if (field === 12) { cell.evacuating = r.bool(); continue; }
    }
    r.skipType(wire);
  }
  return cell;
}
