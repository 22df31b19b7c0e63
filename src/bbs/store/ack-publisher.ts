// JetStream publishing with acknowledgements, built for the write-through path.
//
// nats.js's js.publish() is a full request per message (its own timer, a
// captured stack trace for async errors), which caps a write-through BBS at a
// few thousand writes a second. Here every publish carries a reply subject
// under one inbox this process subscribes to once; acks are matched by their
// sequence number and one sweep times out whatever was not acknowledged.
// Publishes go onto the connection in call order, as with js.publish.
//
// A write's time limit starts at the first sweep after it was published, not
// at the publish call: a large change publishes many writes before the event
// loop lets any of them leave the process, and those must not time out for
// time they spent waiting behind each other in this process.
import { createInbox, type MsgHdrs, type NatsConnection, type Subscription } from 'nats';

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
  /** Set by the first sweep after the publish. */
  deadline: number;
}

export class StoreWriteError extends Error {}

const decoder = new TextDecoder();

export class AckPublisher {
  private readonly prefix: string;
  private readonly sub: Subscription;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  /** Writes with an id below this have their deadline set. */
  private stampedBelow = 1;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly nc: NatsConnection, private readonly timeoutMs: number) {
    this.prefix = createInbox() + '.';
    this.sub = nc.subscribe(this.prefix + '*', {
      callback: (err, msg) => {
        if (err) return;
        const id = Number(msg.subject.slice(this.prefix.length));
        const p = this.pending.get(id);
        if (!p) return; // already timed out
        this.pending.delete(id);
        // A status message (503 "no responders": the stream is missing) has headers and no body.
        if (msg.headers?.hasError) return p.reject(new StoreWriteError(`JetStream: ${msg.headers.code} ${msg.headers.description}`));
        const body = msg.data.length ? decoder.decode(msg.data) : '';
        if (body.includes('"error"')) {
          let description = body;
          try {
            description = (JSON.parse(body) as { error?: { description?: string } }).error?.description ?? body;
          } catch {
            // keep the raw body
          }
          return p.reject(new StoreWriteError(`JetStream: ${description}`));
        }
        p.resolve();
      },
    });
    this.sweeper = setInterval(() => this.expire(Date.now()), Math.max(50, Math.floor(timeoutMs / 4)));
    this.sweeper.unref();
  }

  /** Publish now; resolves when JetStream has stored the message. */
  publish(subject: string, data: Uint8Array, headers?: MsgHdrs): Promise<void> {
    const id = this.next++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, deadline: Infinity });
      try {
        this.nc.publish(subject, data, headers ? { reply: this.prefix + id, headers } : { reply: this.prefix + id });
      } catch (err) {
        this.pending.delete(id);
        reject(err as Error);
      }
    });
  }

  private expire(now: number): void {
    for (const [id, p] of this.pending) {
      // Insertion order is deadline order (unstamped ones last): stop at the first still in time.
      if (p.deadline > now) break;
      this.pending.delete(id);
      p.reject(new StoreWriteError(`JetStream write not acknowledged within ${this.timeoutMs} ms`));
    }
    for (let id = this.stampedBelow; id < this.next; id++) {
      const p = this.pending.get(id);
      if (p) p.deadline = now + this.timeoutMs;
    }
    this.stampedBelow = this.next;
  }

  /**
   * Fail every write still waiting: the connection they went out on is gone,
   * and an acknowledgement sent to it never arrives (some may have been stored).
   */
  failPending(reason: string): void {
    for (const p of this.pending.values()) p.reject(new StoreWriteError(reason));
    this.pending.clear();
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sub.unsubscribe();
    for (const p of this.pending.values()) p.reject(new StoreWriteError('store closed'));
    this.pending.clear();
  }
}
