// Reloading the model from the KV buckets when this BBS becomes leader.
//
// The fast path: one ordered pull consumer per bucket over its stream with
// "last per subject" delivery streams every current value in large batches,
// instead of a keys listing followed by one get per key. Tombstones (deletes,
// purges) are skipped. Each value's bytes — a view into the buffer NATS read
// them into, not a copy — become its record's cached encoding.
import { DeliverPolicy, type JsMsg } from 'nats';
import type { Logger } from '../../common/log.ts';
import type { BbsModel, RecordKind } from '../state/types.ts';
import { bucketNames, kvOperationHeader, recordKinds, streamOf, subjectPrefixOf } from './buckets.ts';
import type { KvStore } from './kv-store.ts';
import { decodeRecord } from './record-codec.ts';

export interface ReloadReport {
  records: Record<RecordKind, number>;
  durationMs: number;
}

/** Messages asked for per pull: large batches keep the server streaming. */
const batchSize = 10_000;

function isTombstone(m: JsMsg): boolean {
  const op = m.headers?.get(kvOperationHeader);
  return op === 'DEL' || op === 'PURGE';
}

/** Stream the current value of every key of one bucket into `onValue`; returns how many were read. */
export async function readBucket(store: KvStore, kind: RecordKind, onValue: (key: string, bytes: Uint8Array) => void): Promise<number> {
  const bucket = bucketNames[kind];
  const stream = streamOf(bucket);
  const prefix = subjectPrefixOf(bucket);
  const jsm = await store.manager();
  const info = await jsm.streams.info(stream);
  if (info.state.messages === 0) return 0;

  // History 1: the stream holds one message per key (tombstones included).
  const expected = info.state.messages;
  const consumer = await store.js.consumers.get(stream, { filterSubjects: prefix + '>', deliver_policy: DeliverPolicy.LastPerSubject });
  const messages = await consumer.consume({ max_messages: batchSize });
  let read = 0;
  let seen = 0;
  try {
    for await (const m of messages) {
      seen++;
      if (!isTombstone(m)) {
        onValue(m.subject.slice(prefix.length), m.data);
        read++;
      }
      // The consumer's count of what is left says when the bucket is read; it
      // is parsed from each message's reply subject, so ask only near the end.
      if ((seen >= expected || seen % 10_000 === 0) && m.info.pending === 0) break;
    }
  } finally {
    await messages.close();
  }
  return read;
}

/** Load every bucket into a fresh model. */
export async function reloadModel(store: KvStore, model: BbsModel, log: Logger): Promise<ReloadReport> {
  const started = performance.now();
  const records = { desired: 0, actual: 0, task: 0, domain: 0 } as Record<RecordKind, number>;
  for (const kind of recordKinds) {
    records[kind] = await readBucket(store, kind, (key, bytes) => model.load(kind, key, decodeRecord(kind, bytes)));
  }
  const durationMs = Math.round(performance.now() - started);
  log.info('state reloaded from KV', { ...records, durationMs });
  return { records, durationMs };
}
