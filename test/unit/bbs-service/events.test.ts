// The event filters, the event encoding (assembled from cached record bytes)
// and the hub's bounded per-subscriber buffering.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { encodeEvent } from '../../../src/bbs/events/encode.ts';
import { matches, type EventFilter } from '../../../src/bbs/events/filter.ts';
import { EventHub, type EventSink } from '../../../src/bbs/events/hub.ts';
import { createLogger, setLogSink } from '../../../src/common/log.ts';
import type { ActualLRP, BbsEvent, BbsEventInput, DesiredLRP, Task } from '../../../src/common/models.ts';
import { codec } from '../../../src/common/proto.ts';

setLogSink(() => {});
const eventCodec = codec<BbsEvent>('gantry.models.Event');

function actual(guid: string, cell: string, state: ActualLRP['state'] = 'RUNNING'): ActualLRP {
  return {
    key: { process_guid: guid, index: 0, domain: 'apps' },
    instance_key: { instance_guid: `${guid}-i`, cell_id: cell },
    net_info: { address: '10.0.0.1', ports: [{ container_port: 8080, host_port: 61000 }], instance_address: '' },
    state, presence: 'ORDINARY', crash_count: 0, crash_reason: '', placement_error: '', since: 1234,
    modification_tag: { epoch: 'e1', index: 2 }, availability_zone: 'z1',
  };
}
const desired = (guid: string) => ({ process_guid: guid, domain: 'apps', instances: 2 }) as unknown as DesiredLRP;
const task = (guid: string, cell: string) => ({ task_guid: guid, domain: 'apps', cell_id: cell, state: 'RUNNING' }) as unknown as Task;

const events: Record<string, BbsEventInput> = {
  desiredCreated: { event: 'desired_lrp_created', desired_lrp_created: { desired_lrp: desired('app-1') } },
  desiredChanged: { event: 'desired_lrp_changed', desired_lrp_changed: { before: desired('app-1'), after: desired('app-1') } },
  actualCreated: { event: 'actual_lrp_instance_created', actual_lrp_instance_created: { actual_lrp: actual('app-1', 'cell-a') } },
  actualMoved: { event: 'actual_lrp_instance_changed', actual_lrp_instance_changed: { before: actual('app-2', 'cell-a'), after: actual('app-2', 'cell-b') } },
  actualRemoved: { event: 'actual_lrp_instance_removed', actual_lrp_instance_removed: { actual_lrp: actual('app-2', 'cell-c') } },
  crashed: { event: 'actual_lrp_crashed', actual_lrp_crashed: { key: actual('app-1', 'x').key, instance_key: actual('app-1', 'cell-a').instance_key, crash_count: 3, crash_reason: 'oom', since: 99 } },
  taskCreated: { event: 'task_created', task_created: { task: task('t-1', '') } },
  taskChanged: { event: 'task_changed', task_changed: { before: task('t-1', ''), after: task('t-1', 'cell-b') } },
};

const filter = (f: Partial<EventFilter>): EventFilter => ({ processGuid: '', cellId: '', lrpEvents: false, taskEvents: false, ...f });
const matching = (f: Partial<EventFilter>) => Object.entries(events).filter(([, e]) => matches(filter(f), e)).map(([name]) => name);

test('no filter: every event; kinds pick LRP or task events', () => {
  assert.equal(matching({}).length, Object.keys(events).length);
  assert.deepEqual(matching({ taskEvents: true }), ['taskCreated', 'taskChanged']);
  assert.deepEqual(matching({ lrpEvents: true }), ['desiredCreated', 'desiredChanged', 'actualCreated', 'actualMoved', 'actualRemoved', 'crashed']);
  assert.equal(matching({ lrpEvents: true, taskEvents: true }).length, Object.keys(events).length);
});

test('a process guid filter keeps that LRP\'s desired and actual events only', () => {
  assert.deepEqual(matching({ processGuid: 'app-1' }), ['desiredCreated', 'desiredChanged', 'actualCreated', 'crashed']);
  assert.deepEqual(matching({ processGuid: 'app-2' }), ['actualMoved', 'actualRemoved']);
});

test('a cell filter keeps events of instances and tasks on that cell, on either side of a change', () => {
  assert.deepEqual(matching({ cellId: 'cell-a' }), ['actualCreated', 'actualMoved', 'crashed']);
  assert.deepEqual(matching({ cellId: 'cell-b' }), ['actualMoved', 'taskChanged']);
  assert.deepEqual(matching({ cellId: 'cell-b', taskEvents: true }), ['taskChanged']);
  assert.deepEqual(matching({ cellId: 'cell-a', processGuid: 'app-2' }), ['actualMoved']);
});

test('an encoded event decodes to the same event as the protobuf codec would produce', () => {
  for (const [name, e] of Object.entries(events)) {
    const viaCodec = eventCodec.decode(codec('gantry.models.Event').encode(e));
    assert.deepEqual(eventCodec.decode(encodeEvent(e)), viaCodec, name);
  }
  const decoded = eventCodec.decode(encodeEvent(events.actualMoved!));
  assert.equal(decoded.event, 'actual_lrp_instance_changed');
  assert.equal(decoded.actual_lrp_instance_changed?.after?.instance_key?.cell_id, 'cell-b');
});

/** A sink that takes `capacity` writes before it reports full, and drains on demand. */
class TestSink implements EventSink {
  written: Buffer[] = [];
  failed?: { code: number; message: string };
  private inTransport = 0;
  private drainListener?: () => void;
  constructor(private readonly capacity: number) {}
  write(bytes: Buffer): boolean {
    this.written.push(bytes);
    this.inTransport++;
    return this.inTransport < this.capacity;
  }
  onDrain(listener: () => void): void {
    this.drainListener = listener;
  }
  fail(code: number, message: string): void {
    this.failed = { code, message };
  }
  drain(): void {
    this.inTransport = 0;
    this.drainListener?.();
  }
}

const burst = (n: number, guid = 'app-1'): BbsEventInput[] =>
  Array.from({ length: n }, (_, i) => ({ event: 'actual_lrp_instance_created', actual_lrp_instance_created: { actual_lrp: { ...actual(guid, 'cell-a'), since: i } } }));

test('the hub encodes an event once for all subscribers and delivers in order', () => {
  const hub = new EventHub({ bufferSize: 100, log: createLogger('t') });
  const a = new TestSink(1000);
  const b = new TestSink(1000);
  hub.subscribe(filter({}), a);
  hub.subscribe(filter({ processGuid: 'app-2' }), b);
  hub.publish([...burst(3), ...burst(2, 'app-2')]);
  assert.equal(a.written.length, 5);
  assert.equal(b.written.length, 2);
  assert.equal(a.written[3], b.written[0], 'the same Buffer: encoded once');
  assert.deepEqual(a.written.map((w) => eventCodec.decode(w).actual_lrp_instance_created?.actual_lrp?.since), [0, 1, 2, 0, 1]);
});

test('a full transport queues events; a drain sends them in order', () => {
  const hub = new EventHub({ bufferSize: 100, log: createLogger('t') });
  const sink = new TestSink(2);
  hub.subscribe(filter({}), sink);
  hub.publish(burst(10));
  assert.equal(sink.written.length, 2);
  sink.drain();
  assert.equal(sink.written.length, 4);
  while (sink.written.length < 10) sink.drain();
  assert.deepEqual(sink.written.map((w) => eventCodec.decode(w).actual_lrp_instance_created?.actual_lrp?.since), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(sink.failed, undefined);
});

test('one large change does not cut anyone off; a backlog still above the bound at the next change does', () => {
  const hub = new EventHub({ bufferSize: 50, log: createLogger('t') });
  const slow = new TestSink(10);
  const keeping = new TestSink(10);
  hub.subscribe(filter({}), slow);
  hub.subscribe(filter({}), keeping);
  hub.publish(burst(500)); // far past the bound in one change
  assert.equal(hub.size, 2);
  while (keeping.written.length < 500) keeping.drain();
  hub.publish(burst(5));
  assert.equal(hub.size, 1, 'the one that did not drain is cut off');
  assert.equal(slow.failed?.code, status.RESOURCE_EXHAUSTED);
  assert.match(slow.failed!.message, /too slow/);
  assert.equal(keeping.failed, undefined);
  assert.equal(slow.written.length, 10, 'nothing more is written to a cut-off subscriber');
  hub.publish(burst(5));
  assert.equal(slow.written.length, 10);
});

test('closeAll ends every stream with the given status; unsubscribe removes one', () => {
  const hub = new EventHub({ bufferSize: 50, log: createLogger('t') });
  const a = new TestSink(10);
  const b = new TestSink(10);
  const subA = hub.subscribe(filter({}), a);
  hub.subscribe(filter({}), b);
  subA.unsubscribe();
  assert.equal(hub.size, 1);
  hub.closeAll(status.UNAVAILABLE, 'leadership ended');
  assert.equal(hub.size, 0);
  assert.equal(a.failed, undefined);
  assert.deepEqual(b.failed, { code: status.UNAVAILABLE, message: 'leadership ended' });
});
