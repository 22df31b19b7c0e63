// Protobuf encoding of stored records, cached on the record object itself.
// Records are immutable (src/bbs/state/types.ts), so one encoding per record
// version serves both its KV write and every listing that includes it; a
// record loaded from KV starts with the very bytes it was stored as.
//
// The bytes hang off a non-enumerable symbol property: invisible to spreads
// (a new version never inherits its predecessor's bytes), to deep equality and
// to JSON, and they die with the record. (A WeakMap would do the same, but
// with 250,000 records replaced at a high rate its ephemerons made V8's
// full-GC pauses several times longer — seconds under load, enough to lose
// the leader lock.)
import { codec, type Codec } from '../../common/proto.ts';
import type { RecordKind, StoredRecord } from '../state/types.ts';
import { messageNames } from './buckets.ts';

const codecs = new Map<RecordKind, Codec<StoredRecord>>();
function codecOf(kind: RecordKind): Codec<StoredRecord> {
  let c = codecs.get(kind);
  if (!c) {
    c = codec<StoredRecord>(messageNames[kind]);
    codecs.set(kind, c);
  }
  return c;
}

const encoding = Symbol('gantry.protobufEncoding');
type Encoded = { [encoding]?: Uint8Array };

function remember(record: StoredRecord, bytes: Uint8Array): void {
  // A frozen record simply goes without the cache.
  if (Object.isExtensible(record)) Object.defineProperty(record, encoding, { value: bytes });
}

/** The record's protobuf bytes (computed once per record object). */
export function encodeRecord(kind: RecordKind, record: StoredRecord): Uint8Array {
  let bytes = (record as Encoded)[encoding];
  if (!bytes) {
    bytes = codecOf(kind).encode(record);
    remember(record, bytes);
  }
  return bytes;
}

/** Decode a stored value, remembering its bytes as the new record's encoding. */
export function decodeRecord(kind: RecordKind, bytes: Uint8Array): StoredRecord {
  const record = codecOf(kind).decode(bytes);
  remember(record, bytes);
  return record;
}
