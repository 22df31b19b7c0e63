// Encoding an event once for every subscriber, reusing the cached protobuf
// bytes of the records it carries (src/bbs/store/record-codec.ts).
import { codec } from '../../common/proto.ts';
import type { BbsEventInput } from '../../common/models.ts';
import type { RecordKind, StoredRecord } from '../state/types.ts';
import { encodeRecord } from '../store/record-codec.ts';
import { message } from '../wire.ts';
import { kindOf } from './filter.ts';

const eventCodec = codec<unknown>('gantry.models.Event');

const rec = (kind: RecordKind, value: unknown) => (value ? encodeRecord(kind, value as StoredRecord) : null);

/** gantry.models.Event bytes (field numbers as in proto/models.proto). */
export function encodeEvent(event: BbsEventInput): Buffer {
  switch (kindOf(event)) {
    case 'desired_lrp_created':
      return message([[1, message([[1, rec('desired', event.desired_lrp_created?.desired_lrp)]])]]);
    case 'desired_lrp_changed':
      return message([[2, message([[1, rec('desired', event.desired_lrp_changed?.before)], [2, rec('desired', event.desired_lrp_changed?.after)]])]]);
    case 'desired_lrp_removed':
      return message([[3, message([[1, rec('desired', event.desired_lrp_removed?.desired_lrp)]])]]);
    case 'actual_lrp_instance_created':
      return message([[4, message([[1, rec('actual', event.actual_lrp_instance_created?.actual_lrp)]])]]);
    case 'actual_lrp_instance_changed':
      return message([[5, message([[1, rec('actual', event.actual_lrp_instance_changed?.before)], [2, rec('actual', event.actual_lrp_instance_changed?.after)]])]]);
    case 'actual_lrp_instance_removed':
      return message([[6, message([[1, rec('actual', event.actual_lrp_instance_removed?.actual_lrp)]])]]);
    case 'task_created':
      return message([[8, message([[1, rec('task', event.task_created?.task)]])]]);
    case 'task_changed':
      return message([[9, message([[1, rec('task', event.task_changed?.before)], [2, rec('task', event.task_changed?.after)]])]]);
    case 'task_removed':
      return message([[10, message([[1, rec('task', event.task_removed?.task)]])]]);
    case 'actual_lrp_crashed':
      return Buffer.from(eventCodec.encode({ actual_lrp_crashed: event.actual_lrp_crashed }));
  }
}
