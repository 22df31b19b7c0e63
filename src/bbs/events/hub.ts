// The event hub: every committed change's events go to every subscriber whose
// filter matches, encoded once. A subscriber whose transport cannot keep up
// has its events queued. A subscriber still holding more than bufferSize
// queued events when the next change's events arrive has fallen behind and is
// cut off with RESOURCE_EXHAUSTED, so a slow reader never grows memory
// without bound: at most bufferSize events plus one change's (a queue holds
// references to encodings shared by every subscriber). One large change
// (a desire of many instances) is not on its own a reason to cut anyone off.
import { status } from '@grpc/grpc-js';
import type { Logger } from '../../common/log.ts';
import { counter, gauge } from '../../common/metrics.ts';
import type { BbsEventInput } from '../../common/models.ts';
import { encodeEvent } from './encode.ts';
import { kindOf, matches, type EventFilter } from './filter.ts';

const subscribersGauge = gauge('gantry_bbs_event_subscribers', 'Event streams open on this BBS');
const eventsCounter = counter('gantry_bbs_events_total', 'Events emitted by the BBS, by kind', ['kind']);
const cutOffCounter = counter('gantry_bbs_event_subscribers_cut_off_total', 'Event subscribers cut off for falling behind');

/** Where a subscriber's events go (a gRPC server stream, in the server). */
export interface EventSink {
  /** Send one encoded event; false means the transport is full until onDrain fires. */
  write(bytes: Buffer): boolean;
  onDrain(listener: () => void): void;
  /** End the stream with an error status. */
  fail(code: status, message: string): void;
}

export interface Subscription {
  unsubscribe(): void;
}

class Subscriber {
  private queue: Buffer[] = [];
  private head = 0;
  private writable = true;

  constructor(readonly id: number, readonly filter: EventFilter, private readonly sink: EventSink) {
    sink.onDrain(() => this.flush());
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  deliver(bytes: Buffer): void {
    if (this.writable && this.queued === 0) {
      this.writable = this.sink.write(bytes);
      return;
    }
    this.queue.push(bytes);
  }

  private flush(): void {
    this.writable = true;
    while (this.writable && this.queued > 0) {
      const bytes = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as Buffer;
      this.writable = this.sink.write(bytes);
    }
    if (this.queued === 0) {
      this.queue = [];
      this.head = 0;
    }
  }

  end(code: status, message: string): void {
    this.queue = [];
    this.head = 0;
    this.sink.fail(code, message);
  }
}

export interface EventHubOptions {
  /** Events one subscriber may have waiting before it is cut off. */
  bufferSize: number;
  log: Logger;
}

export class EventHub {
  private readonly subscribers = new Map<number, Subscriber>();
  private nextId = 1;

  constructor(private readonly opts: EventHubOptions) {}

  get bufferSize(): number {
    return this.opts.bufferSize;
  }

  get size(): number {
    return this.subscribers.size;
  }

  subscribe(filter: EventFilter, sink: EventSink): Subscription {
    const sub = new Subscriber(this.nextId++, filter, sink);
    this.subscribers.set(sub.id, sub);
    subscribersGauge.set(this.subscribers.size);
    this.opts.log.info('event subscriber added', { subscriber: sub.id, ...filter, subscribers: this.subscribers.size });
    return { unsubscribe: () => this.remove(sub, 'unsubscribed') };
  }

  /** The events of one committed change, in order. */
  publish(events: readonly BbsEventInput[]): void {
    // Whoever did not work its backlog down since the last change has fallen behind.
    for (const sub of this.subscribers.values()) if (sub.queued > this.opts.bufferSize) this.cutOff(sub);
    for (const event of events) {
      eventsCounter.inc({ kind: kindOf(event) });
      if (this.subscribers.size === 0) continue;
      let bytes: Buffer | undefined;
      for (const sub of this.subscribers.values()) {
        if (!matches(sub.filter, event)) continue;
        bytes ??= encodeEvent(event);
        sub.deliver(bytes);
      }
    }
  }

  private cutOff(sub: Subscriber): void {
    cutOffCounter.inc();
    this.remove(sub, 'too slow');
    sub.end(status.RESOURCE_EXHAUSTED, `event subscriber too slow: more than ${this.opts.bufferSize} events waiting (the BBS setting subscriberBufferSize); resubscribe and read faster`);
  }

  /** End every stream, e.g. when this BBS stops leading. */
  closeAll(code: status, message: string): void {
    for (const sub of [...this.subscribers.values()]) {
      this.remove(sub, message);
      sub.end(code, message);
    }
  }

  private remove(sub: Subscriber, reason: string): void {
    if (!this.subscribers.delete(sub.id)) return;
    subscribersGauge.set(this.subscribers.size);
    this.opts.log.info('event subscriber removed', { subscriber: sub.id, reason, subscribers: this.subscribers.size });
  }
}
