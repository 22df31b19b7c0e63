// A watch on the event loop: the leader lock, cell heartbeats and every rpc
// share it, so a loop blocked for long (a huge change, a long GC pause) can
// cost the lock. Blocks past a threshold are logged with their length.
import type { Logger } from '../common/log.ts';
import { counter } from '../common/metrics.ts';

const blocked = counter('gantry_bbs_event_loop_blocked_total', 'Times the event loop was blocked past the threshold');

export function watchEventLoop(log: Logger, thresholdMs: number, tickMs = 250): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const lateMs = now - last - tickMs;
    last = now;
    if (lateMs > thresholdMs) {
      blocked.inc();
      log.warn('event loop was blocked', { blockedMs: Math.round(lateMs), thresholdMs });
    }
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
