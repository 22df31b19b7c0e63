// A whole BBS process, startable in-process (tests, the bench, `gantry up`):
// NATS, the KV store, cell presence, the gRPC server and the leader lock.
//
// The gRPC port is bound only once this BBS holds the lock and has reloaded
// its model from KV (as Diego's BBS starts its server after its lock), and is
// released when the lock is lost: clients given every BBS's address reach the
// leader and nothing else. The metrics endpoint is up all along (gantry_leader
// says which role). Cell presence is watched from the start too, so a standby
// that takes over already knows the live cells.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { unavailable } from '../common/errors.ts';
import { LeaderLock, LockWatcher } from '../common/leader-lock.ts';
import { LeaderServer } from '../common/leader-server.ts';
import { createLogger, type Logger } from '../common/log.ts';
import { collectProcessMetrics, startMetricsServer, type MetricsServer } from '../common/metrics.ts';
import { splitHostPort } from '../common/net.ts';
import { connectNats } from '../common/nats.ts';
import { logTlsMode, serverCredentials, tlsFromConfig } from '../common/tls.ts';
import { AuctioneerClient } from './auctioneer-client.ts';
import { PresenceWatcher } from './cells/presence-watcher.ts';
import { checkConfig, type BbsConfig } from './config.ts';
import { watchEventLoop } from './event-loop-watch.ts';
import { EventHub } from './events/hub.ts';
import { RepClients } from './rep-client.ts';
import { ClientRateLimiter } from './rate-limit.ts';
import { startBbsServer } from './server.ts';
import { InMemoryBbsModel } from './state/model.ts';
import type { BbsModel } from './state/types.ts';
import { KvStore } from './store/kv-store.ts';
import { LeaderTerm, type TermDeps } from './term.ts';

export interface BbsHandle {
  /** The gRPC port actually bound, and host:port to dial. */
  port: number;
  address: string;
  metricsPort?: number;
  owner: string;
  isLeader(): boolean;
  /** The current leader term (model, pipeline, convergence), if leading. */
  term(): LeaderTerm | undefined;
  /** Resolves once this BBS leads and serves (rejects after timeoutMs). */
  whenLeading(timeoutMs: number): Promise<LeaderTerm>;
  presence: PresenceWatcher;
  hub: EventHub;
  nc: NatsConnection;
  /** Clean stop: release the lock (a standby takes over at once), stop serving, close NATS. */
  stop(): Promise<void>;
  /** Die without releasing anything (for failover tests): NATS is cut first, so the lock just expires. */
  kill(): Promise<void>;
}

export interface StartBbsOptions {
  log?: Logger;
  /** The model each leadership term starts from (default: InMemoryBbsModel). */
  createModel?: () => BbsModel;
}

const reloadRetryMs = 1000;

export async function startBbs(config: BbsConfig, options: StartBbsOptions = {}): Promise<BbsHandle> {
  checkConfig(config);
  const tls = tlsFromConfig(config);
  const owner = config.owner || `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = (options.log ?? createLogger('bbs')).child({ owner });
  const createModel = options.createModel ?? (() => new InMemoryBbsModel({ maxTaskRetries: config.maxTaskRetries }));

  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse().splice(0)) {
      try {
        await stop();
      } catch (err) {
        log.warn('stop step failed', { error: err as Error });
      }
    }
  };

  logTlsMode(log, tls);
  try {
    stops.push(watchEventLoop(log, 1000));
    let metrics: MetricsServer | undefined;
    if (config.metricsListen) {
      collectProcessMetrics();
      const [host, port] = splitHostPort(config.metricsListen, 'metricsListen');
      metrics = await startMetricsServer(host, port);
      stops.push(() => metrics!.close());
    }

    const nc = await connectNats({
      servers: config.natsUrl,
      name: `gantry-bbs-${owner}`,
      log,
      tls,
      ...(config.natsUser ? { user: config.natsUser, pass: config.natsPass } : {}),
    });
    stops.push(async () => {
      if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
    });

    // The leader lock gets a connection of its own, so its refreshes never
    // queue behind a burst of state writes (on the client or in the server's
    // per-connection read loop) and the lock does not expire under load.
    const lockNc = await connectNats({
      servers: config.natsUrl,
      name: `gantry-bbs-lock-${owner}`,
      log,
      tls,
      ...(config.natsUser ? { user: config.natsUser, pass: config.natsPass } : {}),
    });
    stops.push(async () => {
      if (!lockNc.isClosed()) await lockNc.drain().catch(() => lockNc.close());
    });

    const store = new KvStore({ nc, replicas: config.kvReplicas, writeTimeoutMs: config.kvWriteTimeoutMs, log });
    await store.open();
    stops.push(() => store.close());

    const hub = new EventHub({ bufferSize: config.subscriberBufferSize, log });
    const auctioneer = new AuctioneerClient({
      address: config.auctioneerAddress,
      batchWindowMs: config.auctionBatchWindowMs,
      maxPending: config.auctionMaxPending,
      maxInFlight: config.auctionMaxInFlight,
      deadlineMs: config.auctioneerDeadlineMs,
      log,
      tls,
    });
    stops.push(() => auctioneer.close());
    const reps = new RepClients({ deadlineMs: config.repDeadlineMs, log, tls });
    stops.push(() => reps.close());

    let term: LeaderTerm | undefined;
    let termSeq = 0;
    let stopping = false;
    // Cells lost while no term could act on it: the next term converges early.
    let lostWhileStandingBy = false;
    const leadingWaiters = new Set<(t: LeaderTerm) => void>();

    const presence = new PresenceWatcher({
      nc,
      lostTimeoutMs: config.cellLostTimeoutMs,
      checkIntervalMs: config.cellCheckIntervalMs,
      probeAfterMs: config.cellProbeAfterMs === 0 ? config.cellLostTimeoutMs / 2 : config.cellProbeAfterMs,
      log,
      onLost: (cells) => {
        for (const c of cells) if (c.rep_address) reps.forget(c.rep_address);
        if (term) term.cellLost();
        else lostWhileStandingBy = true;
      },
      // Back before its replacements ran: the next pass promotes its SUSPECT instances back; run it now.
      onReturned: () => void term?.convergence.trigger('cell-returned'),
    });
    stops.push(() => presence.stop());

    const deps: TermDeps = {
      store,
      hub,
      presence,
      auctioneer,
      reps,
      createModel,
      convergence: {
        staleUnclaimedMs: config.staleUnclaimedMs,
        pendingTaskMaxAgeMs: config.pendingTaskMaxAgeMs,
        completedTaskTtlMs: config.completedTaskTtlMs,
        resolvingTaskTimeoutMs: config.resolvingTaskTimeoutMs,
      },
      convergenceIntervalMs: config.convergenceIntervalMs,
      countsIntervalMs: config.countsIntervalMs,
      log,
    };

    // Request limits (maxRequestBytes, clientRateLimit, clientRateBurst): see server.ts and handlers/context.ts.
    const limiter = new ClientRateLimiter({ ratePerSecond: config.clientRateLimit, burst: config.clientRateBurst });
    log.info('request limits', { maxRequestBytes: config.maxRequestBytes, clientRateLimit: config.clientRateLimit, clientRateBurst: config.clientRateBurst, subscriberBufferSize: config.subscriberBufferSize });

    // Bound only while leading (leader-server.ts): a standby does not listen.
    const server = await LeaderServer.create({
      listen: config.listen,
      name: 'bbs',
      log,
      start: (address) => startBbsServer(address, {
        log,
        presence,
        hub,
        leader: () => {
          if (!term) throw unavailable('this BBS is standing by: it does not hold the leader lock (or is still loading state); use the leader');
          return term;
        },
        limits: { limiter },
      }, serverCredentials(tls), { maxRequestBytes: config.maxRequestBytes }),
    });
    stops.push(() => server.unserve());
    const address = server.address;
    log.info('bbs started', { address, metricsPort: metrics?.port });

    // A term's in-flight writes settle before a new term reloads from KV.
    let ending: Promise<void> = Promise.resolve();
    const endTerm = (reason: string): Promise<void> => {
      termSeq++;
      const t = term;
      term = undefined;
      // The term refuses changes and closes event streams, then the port is released.
      ending = ending.then(() => t?.end(reason)).then(() => server.unserve());
      return ending;
    };

    // Reload and serve; retried while this BBS still holds the lock.
    const beginTerm = async (seq: number) => {
      const takenAt = Date.now();
      await ending;
      while (seq === termSeq && !stopping) {
        try {
          const t = await LeaderTerm.begin(deps);
          if (seq !== termSeq || stopping) {
            await t.end('leadership ended during reload');
            return;
          }
          term = t;
          if (!(await server.serve(() => seq === termSeq && !stopping))) return; // ended while binding (endTerm ends t)
          t.startConvergence(lostWhileStandingBy);
          lostWhileStandingBy = false;
          // Auction requests the previous leader had not sent yet (or cells' claims refused
          // during the handover) are lost: ask again for what is still UNCLAIMED shortly.
          if (config.takeoverReauctionMs > 0) t.reauctionUnclaimed(takenAt, config.takeoverReauctionMs, 'bbs-takeover');
          log.info('leading: serving the BBS API', { reloadMs: t.reload.durationMs, ...t.reload.records, cells: presence.registry.size });
          for (const w of leadingWaiters) w(t);
          leadingWaiters.clear();
          return;
        } catch (err) {
          log.error('reloading state from KV failed; retrying', { error: err as Error, retryMs: reloadRetryMs });
          await new Promise((r) => setTimeout(r, reloadRetryMs));
        }
      }
    };

    const lock = new LeaderLock({
      nc: lockNc,
      bucket: config.lockBucket,
      key: 'bbs',
      owner,
      ttlMs: config.lockTtlMs,
      retryIntervalMs: config.lockRefreshMs,
      log,
      // Not awaited: the lock must keep refreshing while a large state reloads.
      onAcquired: () => {
        void beginTerm(++termSeq);
      },
      onLost: () => {
        log.warn('lost the leader lock: standing by');
        void endTerm('leader lock lost');
      },
    });
    // A new auctioneer leader knows nothing of the batch its predecessor was
    // running or had queued: those instances stay UNCLAIMED. Follow who holds
    // the auctioneer's lock and, when it changes, ask again for them.
    const auctioneerWatch = new LockWatcher({
      nc: lockNc,
      bucket: config.auctioneerLockBucket,
      key: 'auctioneer',
      intervalMs: config.lockRefreshMs,
      log,
      onNewHolder: (holder, previous) => {
        log.info('the auctioneer leader changed', { from: previous.owner, to: holder.owner, leading: term !== undefined });
        if (config.takeoverReauctionMs > 0) term?.reauctionUnclaimed(Date.now(), config.takeoverReauctionMs, 'auctioneer-takeover');
      },
    });
    auctioneerWatch.start();
    stops.push(() => auctioneerWatch.stop());
    // On a clean stop the term ends first (no more changes, in-flight writes
    // settled), then the lock is released so a standby takes over at once.
    stops.push(() => lock.stop());
    stops.push(() => endTerm('stopping'));
    await lock.start();
    if (!lock.isLeader) log.info('standing by: another BBS holds the leader lock');

    return {
      port: server.port,
      address,
      metricsPort: metrics?.port,
      owner,
      isLeader: () => term !== undefined && server.bound,
      term: () => term,
      whenLeading: (timeoutMs) =>
        term && server.bound
          ? Promise.resolve(term)
          : new Promise<LeaderTerm>((resolve, reject) => {
              const timer = setTimeout(() => {
                leadingWaiters.delete(done);
                reject(new Error(`BBS ${owner} did not become leader within ${timeoutMs} ms`));
              }, timeoutMs);
              const done = (t: LeaderTerm) => {
                clearTimeout(timer);
                resolve(t);
              };
              leadingWaiters.add(done);
            }),
      presence,
      hub,
      nc,
      stop: async () => {
        stopping = true;
        await stopAll();
        log.info('bbs stopped');
      },
      kill: async () => {
        stopping = true;
        // Cut NATS before anything else: the lock is not released, its key expires.
        await lockNc.close();
        await nc.close();
        store.close();
        await stopAll();
        log.info('bbs killed (lock left to expire)');
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
