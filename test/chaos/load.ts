// HTTP load on an app, routed the way a router is fed: the routing table is
// the app's RUNNING instances (ORDINARY, EVACUATING or SUSPECT: every copy a
// route emitter would register), kept from a listing plus the BBS's event
// stream. Like a real router fed by a route emitter over NATS, the table
// lags the BBS a little (routeLagMs: an instance enters and leaves it that
// long after the BBS says it runs or no longer does), so a cell that stops a
// container the moment its record goes fails requests here as it would
// behind gorouter. Requests go round-robin over the table at a steady rate,
// each on a fresh connection, and every one is counted: a refused connection,
// a reset, a timeout, a status other than 200, or no backend at all is a failure.
import http from 'node:http';
import type { ActualLRP } from '../../src/common/models.ts';
import { actualAfter, guidOf, type ChaosApps } from './apps.ts';

export interface LoadStats {
  sent: number;
  ok: number;
  failed: number;
  /** Failures by reason ("ECONNREFUSED 127.0.0.1:20031", "no backend", "status 404"). */
  reasons: Record<string, number>;
  /** The first few failures, with when they happened (ms since the load began). */
  firstFailures: string[];
  durationMs: number;
  /** Requests per second achieved. */
  rate: number;
}

interface Backend {
  address: string;
  port: number;
}

export class HttpLoad {
  private readonly table = new Map<string, Backend>();
  private running = false;
  private workers: Promise<void>[] = [];
  private next = 0;
  private startedAt = 0;
  private stoppedAt = 0;
  readonly stats: LoadStats = { sent: 0, ok: 0, failed: 0, reasons: {}, firstFailures: [], durationMs: 0, rate: 0 };
  private stopEvents: () => void = () => {};

  constructor(
    private readonly apps: ChaosApps,
    private readonly app: string,
    private readonly opts: { ratePerSecond?: number; concurrency?: number; timeoutMs?: number; routeLagMs?: number } = {},
  ) {}

  /** Applies a change to the table after the route lag (at once for the initial listing). */
  private later(change: () => void): void {
    const lag = this.opts.routeLagMs ?? defaultRouteLagMs;
    if (lag <= 0) change();
    else setTimeout(change, lag);
  }

  get backends(): number {
    return this.table.size;
  }

  private apply(a: ActualLRP): void {
    const guid = guidOf(a);
    if (!guid) return;
    const port = a.net_info?.ports[0]?.host_port;
    if (a.state === 'RUNNING' && a.net_info?.address && port) this.table.set(guid, { address: a.net_info.address, port });
    else this.table.delete(guid);
  }

  /** Build the routing table (events first, then a listing) and start sending. */
  async start(): Promise<void> {
    const events = await this.apps.follow(this.app);
    this.stopEvents = () => events.stop();
    events.on((e) => this.later(() => {
      const removed = e.actual_lrp_instance_removed?.actual_lrp;
      if (removed) {
        // A removal of one copy (an EVACUATING or SUSPECT record) takes its instance out of the table.
        const guid = guidOf(removed);
        if (guid) this.table.delete(guid);
        return;
      }
      const before = e.actual_lrp_instance_changed?.before;
      const after = actualAfter(e);
      if (before && after && guidOf(before) && guidOf(before) !== guidOf(after)) this.table.delete(guidOf(before));
      if (after) this.apply(after);
    }));
    for (const a of await this.apps.rows(this.app)) this.apply(a);
    this.running = true;
    this.startedAt = Date.now();
    const concurrency = this.opts.concurrency ?? 8;
    const rate = this.opts.ratePerSecond ?? 200;
    const gapMs = (1000 * concurrency) / rate;
    for (let w = 0; w < concurrency; w++) {
      this.workers.push((async () => {
        await sleep((w * gapMs) / concurrency);
        while (this.running) {
          const t0 = Date.now();
          await this.once();
          const wait = gapMs - (Date.now() - t0);
          if (wait > 0) await sleep(wait);
        }
      })());
    }
  }

  private fail(reason: string): void {
    this.stats.failed++;
    this.stats.reasons[reason] = (this.stats.reasons[reason] ?? 0) + 1;
    if (this.stats.firstFailures.length < 10) this.stats.firstFailures.push(`+${Date.now() - this.startedAt} ms: ${reason}`);
  }

  private async once(): Promise<void> {
    const backends = [...this.table.values()];
    this.stats.sent++;
    if (backends.length === 0) {
      this.fail('no backend');
      return;
    }
    const b = backends[this.next++ % backends.length]!;
    const r = await get(b, this.opts.timeoutMs ?? 5000);
    if (r === 200) this.stats.ok++;
    else this.fail(typeof r === 'number' ? `status ${r} from ${b.address}:${b.port}` : `${r} ${b.address}:${b.port}`);
  }

  async stop(): Promise<LoadStats> {
    this.running = false;
    await Promise.all(this.workers);
    this.stoppedAt = Date.now();
    this.stopEvents();
    this.stats.durationMs = this.stoppedAt - this.startedAt;
    this.stats.rate = Math.round((this.stats.sent * 1000) / Math.max(1, this.stats.durationMs));
    return this.stats;
  }
}

/** How far behind the BBS the routing table is: route emitter, NATS and router, on one machine. */
export const defaultRouteLagMs = 250;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One GET on a fresh connection: the status, or the error's code. */
function get(b: Backend, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: b.address, port: b.port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}
