// SubscribeEvents: a server stream fed by the event hub. Response headers go
// out at once, so a client knows when its subscription is in place (events
// committed after that reach it). Events are written as pre-encoded bytes.
import * as grpc from '@grpc/grpc-js';
import { counter } from '../../common/metrics.ts';
import type { SubscribeRequest__Output } from '../../generated/gantry/bbs/SubscribeRequest.ts';
import type { EventSink } from '../events/hub.ts';
import { SERVICE_NAME, admit, streamError, type HandlerContext } from './context.ts';

const subscribeCalls = counter('gantry_rpc_requests_total', 'gRPC requests served, by service, method and status code', ['service', 'method', 'code']);

/**
 * grpc-js's server stream hands the transport one message at a time and
 * waits for it to be flushed before the next, which caps a stream at about
 * one event per event-loop turn. Given a _writev, the stream passes every
 * message queued meanwhile in one go. It reaches grpc-js's call object (a
 * private field); without it the stream keeps the one-at-a-time pace.
 */
function sendQueuedTogether(stream: grpc.ServerWritableStream<unknown, unknown>): void {
  const call = (stream as unknown as { call?: { sendMessage?: (message: unknown, done: () => void) => void } }).call;
  if (typeof call?.sendMessage !== 'function') return;
  const send = call.sendMessage.bind(call);
  (stream as unknown as { _writev: (chunks: Array<{ chunk: unknown }>, done: (err?: Error | null) => void) => void })._writev = (chunks, done) => {
    let left = chunks.length;
    for (const { chunk } of chunks) send(chunk, () => --left === 0 && done());
  };
}

export function eventHandlers(ctx: HandlerContext): Record<string, grpc.handleServerStreamingCall<never, unknown>> {
  const subscribe: grpc.handleServerStreamingCall<SubscribeRequest__Output, unknown> = (call) => {
    try {
      admit(ctx, 'SubscribeEvents', call.request, call);
      ctx.leader();
    } catch (err) {
      const e = streamError(err);
      subscribeCalls.inc({ service: SERVICE_NAME, method: 'SubscribeEvents', code: grpc.status[e.code] ?? 'UNKNOWN' });
      call.emit('error', e);
      return;
    }
    subscribeCalls.inc({ service: SERVICE_NAME, method: 'SubscribeEvents', code: 'OK' });
    sendQueuedTogether(call);
    const req = call.request;
    let ended = false;
    const sink: EventSink = {
      write: (bytes) => call.write(bytes),
      onDrain: (listener) => call.on('drain', listener),
      fail: (code, message) => {
        if (ended) return;
        ended = true;
        call.emit('error', { code, details: message });
      },
    };
    const sub = ctx.hub.subscribe(
      { processGuid: req.process_guid, cellId: req.cell_id, lrpEvents: req.lrp_events, taskEvents: req.task_events },
      sink,
    );
    const done = () => {
      ended = true;
      sub.unsubscribe();
    };
    call.on('cancelled', done);
    call.on('close', done);
    call.on('finish', done);
    call.sendMetadata(new grpc.Metadata());
  };
  return { SubscribeEvents: subscribe } as unknown as Record<string, grpc.handleServerStreamingCall<never, unknown>>;
}
