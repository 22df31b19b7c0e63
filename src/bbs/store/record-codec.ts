// Protobuf encoding of stored records, cached by object identity. Records are
// immutable (src/bbs/state/types.ts), so one encoding per record version
// serves both its KV write and every listing that includes it; a record loaded
// from KV starts with the very bytes it was stored as.
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

const encodings = new WeakMap<object, Uint8Array>();

/** The record's protobuf bytes (computed once per record object). */
export function encodeRecord(kind: RecordKind, record: StoredRecord): Uint8Array {
  let bytes = encodings.get(record);
  if (!bytes) {
    bytes = codecOf(kind).encode(record);
    encodings.set(record, bytes);
  }
  return bytes;
}

/** Decode a stored value, remembering its bytes as the new record's encoding. */
export function decodeRecord(kind: RecordKind, bytes: Uint8Array): StoredRecord {
  const record = codecOf(kind).decode(bytes);
  encodings.set(record, bytes);
  return record;
}
