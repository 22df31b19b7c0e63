// The JetStream KV buckets that hold the BBS's durable state: one bucket per
// record kind, values protobuf-encoded, keys as src/bbs/state/types.ts says.
import type { RecordKind } from '../state/types.ts';

export const bucketNames: Record<RecordKind, string> = {
  desired: 'gantry-desired-lrps',
  actual: 'gantry-actual-lrps',
  task: 'gantry-tasks',
  domain: 'gantry-domains',
};

/** The protobuf message each bucket's values are encoded as. */
export const messageNames: Record<RecordKind, string> = {
  desired: 'gantry.models.DesiredLRP',
  actual: 'gantry.models.ActualLRP',
  task: 'gantry.models.Task',
  domain: 'gantry.models.Domain',
};

/** Every kind, in the order a reload puts them into the model (domains and desired before actual). */
export const recordKinds: RecordKind[] = ['domain', 'desired', 'actual', 'task'];

/** The stream behind a KV bucket, and the subject a key's value is stored under. */
export const streamOf = (bucket: string) => `KV_${bucket}`;
export const subjectPrefixOf = (bucket: string) => `$KV.${bucket}.`;

/** Header that marks a delete (or purge) tombstone in a KV stream. */
export const kvOperationHeader = 'KV-Operation';
