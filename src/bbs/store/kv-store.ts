// Write-through persistence of the BBS model's records to JetStream KV.
//
// Writes are published straight to each bucket's KV subject (a put is the
// value, a delete is an empty message with the KV-Operation: DEL header), so
// every write of every change goes onto the one NATS connection in exactly the
// order the model made them, and the stream stores them in that order; the
// acknowledgements are awaited together (see ack-publisher.ts).
import { headers, StorageType, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { invalidArgument } from '../../common/errors.ts';
import type { Logger } from '../../common/log.ts';
import type { RecordKind, StoredRecord } from '../state/types.ts';
import { AckPublisher, StoreWriteError } from './ack-publisher.ts';
import { bucketNames, kvOperationHeader, recordKinds, subjectPrefixOf } from './buckets.ts';
import { encodeRecord } from './record-codec.ts';

export interface KvStoreOptions {
  nc: NatsConnection;
  /** JetStream replicas of every bucket (1 on a single nats-server). */
  replicas: number;
  /** How long one write may wait for its acknowledgement. */
  writeTimeoutMs: number;
  log: Logger;
}

/** A write as the store sends it: the kind, key and value (null deletes). */
export interface KeyWrite {
  kind: RecordKind;
  key: string;
  value: StoredRecord | null;
}

/** What JetStream KV accepts as a key (its subject tokens), and a bound well within NATS's control line. */
const KV_KEY = /^[-/_=a-zA-Z0-9]+(\.[-/_=a-zA-Z0-9]+)*$/;
const MAX_KEY_LENGTH = 1024;
/** Used until the server's INFO says otherwise: nats-server's default max_payload. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
/** The request field each record kind comes from, to name it in an error. */
const RECORD_FIELD: Record<RecordKind, string> = { desired: 'desired_lrp', actual: 'actual_lrp', task: 'task', domain: 'domain' };

export class KvStore {
  readonly js: JetStreamClient;
  private jsm?: JetStreamManager;
  private readonly publisher: AckPublisher;
  private readonly deleteHeaders = headers();
  private readonly empty = new Uint8Array(0);
  private readonly prefixes = Object.fromEntries(recordKinds.map((k) => [k, subjectPrefixOf(bucketNames[k])])) as Record<RecordKind, string>;
  private connected = true;

  constructor(private readonly opts: KvStoreOptions) {
    this.js = opts.nc.jetstream({ timeout: opts.writeTimeoutMs });
    this.publisher = new AckPublisher(opts.nc, opts.writeTimeoutMs);
    this.deleteHeaders.set(kvOperationHeader, 'DEL');
    // While disconnected, nats.js would buffer publishes and send them after
    // reconnecting — long after the request was answered UNAVAILABLE. Refuse
    // writes instead, so a failed request's writes do not land later. Writes
    // already sent fail at once too: their acknowledgements went to the lost
    // connection, and waiting out writeTimeoutMs for them would only hold every
    // later change (a nats-server restart) — the commit pipeline reverts them
    // and rewrites their keys once connected again.
    const publisher = this.publisher;
    void (async () => {
      for await (const s of opts.nc.status()) {
        if (s.type === 'disconnect') {
          this.connected = false;
          publisher.failPending('NATS connection lost before the write was acknowledged');
        } else if (s.type === 'reconnect') this.connected = true;
      }
    })();
  }

  /** Create the buckets that do not exist yet (idempotent). */
  async open(): Promise<void> {
    this.jsm = await this.opts.nc.jetstreamManager({ timeout: this.opts.writeTimeoutMs });
    for (const kind of recordKinds) {
      // history 1: only the current value matters; the model is the history.
      await this.js.views.kv(bucketNames[kind], { history: 1, replicas: this.opts.replicas, storage: StorageType.File });
    }
  }

  async manager(): Promise<JetStreamManager> {
    return (this.jsm ??= await this.opts.nc.jetstreamManager({ timeout: this.opts.writeTimeoutMs }));
  }

  /** The largest record value the NATS server takes (its max_payload). */
  get maxValueBytes(): number {
    return this.opts.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
  }

  /**
   * Refuse writes that could never be stored: a key that is not a valid KV
   * key (it would be an invalid NATS subject, which makes the server drop the
   * connection), or a record larger than the server's max_payload (nats.js
   * refuses to publish it). Validation keeps both from happening; this is the
   * last line, before anything is published.
   */
  check(writes: readonly KeyWrite[]): void {
    const max = this.maxValueBytes;
    for (const w of writes) {
      if (w.key.length > MAX_KEY_LENGTH || !KV_KEY.test(w.key)) {
        throw invalidArgument(RECORD_FIELD[w.kind], `cannot be stored: ${JSON.stringify(w.key.slice(0, 64))}${w.key.length > 64 ? '…' : ''} is not a valid key`);
      }
      if (w.value === null) continue;
      const bytes = encodeRecord(w.kind, w.value).length;
      if (bytes > max) {
        throw invalidArgument(RECORD_FIELD[w.kind], `too large: ${bytes} bytes encoded, and a stored record may be at most ${max} bytes (the NATS server's max_payload)`);
      }
    }
  }

  /**
   * Publish every write now, in order, and resolve once all are acknowledged.
   * Rejects if any write fails or times out (some may have been stored).
   */
  persist(writes: readonly KeyWrite[]): Promise<void> {
    if (writes.length === 0) return Promise.resolve();
    if (!this.connected || this.opts.nc.isClosed()) return Promise.reject(new StoreWriteError('not connected to NATS'));
    const acks: Promise<unknown>[] = new Array(writes.length);
    for (let i = 0; i < writes.length; i++) {
      const w = writes[i]!;
      const subject = this.prefixes[w.kind] + w.key;
      acks[i] = w.value === null
        ? this.publisher.publish(subject, this.empty, this.deleteHeaders)
        : this.publisher.publish(subject, encodeRecord(w.kind, w.value));
    }
    return Promise.all(acks).then(() => undefined);
  }

  /** Stop waiting for acknowledgements (pending writes fail). The connection stays open. */
  close(): void {
    this.publisher.close();
  }
}
