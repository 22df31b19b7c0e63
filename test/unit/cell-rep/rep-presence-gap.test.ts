// The presence heartbeat's cut-off detection, with a stand-in NATS connection
// whose round trips (flush) the test holds and releases: a round trip that
// completes long after the previous one is a gap, reported once; prompt ones
// are not; nothing is reported after stop().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NatsConnection } from 'nats';
import { PresenceHeartbeat } from '../../../src/cell-rep/presence.ts';
import { createLogger, setLogSink } from '../../../src/common/log.ts';
import type { CellPresence } from '../../../src/common/models.ts';

setLogSink(() => undefined);

class FakeNats {
  published = 0;
  /** While true, round trips wait (the link is down, or the process is stopped). */
  held = false;
  private waiting: Array<() => void> = [];

  publish(): void {
    this.published++;
  }

  flush(): Promise<void> {
    if (!this.held) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    this.held = false;
    for (const w of this.waiting.splice(0)) w();
  }

  isClosed(): boolean {
    return false;
  }
}

const presence = (): CellPresence => ({
  cell_id: 'cell-1', rep_address: '127.0.0.1:1', zone: 'z1', capacity: { memory_mb: 1, disk_mb: 1, containers: 1, pids: 1 },
  stacks: [], placement_tags: [], optional_placement_tags: [], evacuating: false, sent_at: 0,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a round trip that completes after a gap is reported once; prompt ones are not', async () => {
  const nc = new FakeNats();
  const gaps: number[] = [];
  const hb = new PresenceHeartbeat({
    nc: nc as unknown as NatsConnection, intervalMs: 10, snapshot: presence, log: createLogger('test'), gapThresholdMs: 150, onGap: (ms) => gaps.push(ms),
  });
  hb.start();
  try {
    await sleep(100);
    assert.deepEqual(gaps, [], 'prompt round trips are no gap');
    assert.ok(nc.published >= 5, `heartbeats published (${nc.published})`);
    nc.held = true;
    await sleep(250);
    assert.deepEqual(gaps, [], 'nothing is reported while cut off');
    nc.release();
    await sleep(50);
    assert.equal(gaps.length, 1, 'the gap is reported once the connection answers again');
    assert.ok(gaps[0]! >= 150, `the gap is as long as the cut-off (${gaps[0]} ms)`);
    await sleep(100);
    assert.equal(gaps.length, 1, 'and only once');
  } finally {
    hb.stop();
  }
});

test('no gap is reported after stop(), nor without an onGap', async () => {
  const nc = new FakeNats();
  const gaps: number[] = [];
  const hb = new PresenceHeartbeat({
    nc: nc as unknown as NatsConnection, intervalMs: 10, snapshot: presence, log: createLogger('test'), gapThresholdMs: 50, onGap: (ms) => gaps.push(ms),
  });
  hb.start();
  nc.held = true;
  await sleep(100);
  hb.stop();
  nc.release();
  await sleep(30);
  assert.deepEqual(gaps, []);
});
