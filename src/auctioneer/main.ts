// `gantry auctioneer`: wires the auctioneer together. It hears cells from the
// start (so a standby taking over already knows them), and binds its gRPC
// port and runs batches only while it holds the leader lock (a standby does
// not listen, so a BBS given every auctioneer's address reaches the leader;
// its metrics endpoint is up all along, gantry_leader saying which role).
import os from 'node:os';
import type { NatsConnection } from 'nats';
import { describeConfig, loadConfig } from '../common/config.ts';
import { startServer } from '../common/grpc.ts';
import { LeaderLock } from '../common/leader-lock.ts';
import { LeaderServer } from '../common/leader-server.ts';
import { createLogger, type Logger } from '../common/log.ts';
import { collectProcessMetrics, startMetricsServer, type MetricsServer } from '../common/metrics.ts';
import { splitHostPort } from '../common/net.ts';
import { connectNats } from '../common/nats.ts';
import { logTlsMode, serverCredentials, tlsFromConfig } from '../common/tls.ts';
import { auctioneerProto } from '../common/proto.ts';
import { onShutdown } from '../common/shutdown.ts';
import { BatchLoop, WorkQueue } from './batch.ts';
import { BbsReporter, type FailureReporter } from './bbs-reporter.ts';
import { CellRegistry } from './cells.ts';
import { auctioneerConfigSpec, checkConfig, type AuctioneerConfig } from './config.ts';
import { queuedWork } from './metrics.ts';
import { AuctionRunner } from './runner.ts';
import { InProcessEngine, WorkerEngine, type AuctionEngine } from './auction-engine.ts';
import { auctioneerHandlers, SERVICE_NAME } from './server.ts';
import type { AuctionOptions } from './auction/index.ts';

export { auctioneerConfigSpec, type AuctioneerConfig } from './config.ts';

export interface AuctioneerHandle {
  /** The gRPC port actually bound. */
  port: number;
  address: string;
  metricsPort?: number;
  isLeader(): boolean;
  runner: AuctionRunner;
  cells: CellRegistry;
  queue: WorkQueue;
  /** Resolves when no batch runs and no work waits. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Replaces the BBS client (the auctioneer's only outbound report channel). */
  reporter?: FailureReporter;
  /** Extra auction weights (benchmarks, experiments); the strategy comes from config. */
  auction?: Omit<AuctionOptions, 'strategy' | 'refusals'>;
}

/** Fill in defaults for anything not given (tests and `gantry up` pass partial configs). */
export function auctioneerConfig(overrides: Partial<AuctioneerConfig> = {}): AuctioneerConfig {
  return { ...loadConfig(auctioneerConfigSpec, [], {}), ...overrides };
}

export async function startAuctioneer(config: AuctioneerConfig, options: StartOptions = {}): Promise<AuctioneerHandle> {
  const strategy = checkConfig(config);
  const tls = tlsFromConfig(config);
  const owner = config.owner || `${os.hostname()}:${process.pid}`;
  const log = (options.log ?? createLogger('auctioneer')).child({ owner });

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
    let metrics: MetricsServer | undefined;
    if (config.metricsListen) {
      collectProcessMetrics();
      const [host, port] = splitHostPort(config.metricsListen, 'metricsListen');
      metrics = await startMetricsServer(host, port);
      stops.push(() => metrics!.close());
    }

    const nc: NatsConnection = await connectNats({
      servers: config.natsUrl,
      name: `gantry-auctioneer-${owner}`,
      log,
      tls,
      ...(config.natsUser ? { user: config.natsUser, pass: config.natsPass } : {}),
    });
    stops.push(async () => {
      await nc.drain().catch(() => nc.close());
    });

    const cells = new CellRegistry({ nc, log, cellTimeoutMs: config.cellTimeoutMs, tls });
    cells.start();
    const cellsSince = Date.now();
    stops.push(() => cells.stop());

    const reporter =
      options.reporter ?? new BbsReporter({ address: config.bbsAddress, log, deadlineMs: config.bbsDeadlineMs, concurrency: config.bbsReportConcurrency, tls });
    stops.push(() => reporter.close());

    const engine: AuctionEngine = config.auctionWorker ? new WorkerEngine() : new InProcessEngine();
    stops.push(() => engine.close());

    const queue = new WorkQueue();
    const runner = new AuctionRunner({
      log,
      cells,
      reporter,
      stateTimeoutMs: config.stateTimeoutMs,
      performTimeoutMs: config.performTimeoutMs,
      maxRetries: config.maxRetries,
      auction: { ...options.auction, strategy },
      engine,
      requeue: (lrps, tasks) => {
        queue.addLRPs(lrps);
        queue.addTasks(tasks);
        queuedWork.set(queue.size);
      },
    });
    const loop = new BatchLoop({
      queue,
      windowMs: config.batchWindowMs,
      maxBatchSize: config.maxBatchSize,
      run: async (work) => {
        queuedWork.set(queue.size);
        await runner.runBatch(work);
      },
      onError: (err) => log.error('auction batch failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    });
    stops.push(() => loop.stop());

    let leading = false;
    const enqueued = () => {
      queuedWork.set(queue.size);
      loop.notify();
    };
    // Bound only while leading (leader-server.ts): a standby does not listen.
    const server = await LeaderServer.create({ listen: config.listen, name: 'auctioneer', log, start: (address) => startServer({
      address,
      services: [
        [
          auctioneerProto().gantry.auctioneer.Auctioneer.service,
          auctioneerHandlers({
            log,
            isLeader: () => leading,
            enqueueLRPs: (work) => {
              queue.addLRPs(work);
              enqueued();
            },
            enqueueTasks: (work) => {
              queue.addTasks(work);
              enqueued();
            },
          }),
        ],
      ],
      healthNames: [SERVICE_NAME],
      credentials: serverCredentials(tls),
    }) });
    stops.push(() => server.unserve());
    log.info('auctioneer started', { address: server.address, metricsPort: metrics?.port, strategy });
    // Leaderships begun, so a bind still under way when the lock is lost is not kept.
    let leaderSeq = 0;

    const lock = new LeaderLock({
      nc,
      bucket: config.lockBucket,
      key: 'auctioneer',
      owner,
      ttlMs: config.lockTtlMs,
      // Refresh five times per TTL, so the lock survives the event loop being
      // held for most of a TTL (a long auction on a busy machine).
      retryIntervalMs: Math.max(100, Math.floor(config.lockTtlMs / 5)),
      log,
      onAcquired: () => {
        leading = true;
        const seq = ++leaderSeq;
        void server.serve(() => leading && seq === leaderSeq);
        // Give cells a moment to be heard from, so the first batch does not
        // fail everything for want of cells the auctioneer has not met yet.
        loop.resume(cellsSince + config.cellDiscoveryMs);
        log.info('leading: auctions run here', { cells: cells.size });
      },
      onLost: () => {
        leading = false;
        leaderSeq++;
        void server.unserve();
        loop.pause();
        // The BBS asks again for instances still UNCLAIMED (convergence).
        const dropped = queue.clear();
        runner.forgetDeferrals();
        queuedWork.set(0);
        log.warn('lost the leader lock: standing by', { droppedWork: dropped });
      },
    });
    // Stopped before the loop and server, so a standby can take over while this one drains.
    stops.push(() => lock.stop());
    await lock.start();
    if (!leading) log.info('standing by: another auctioneer holds the lock');

    return {
      port: server.port,
      address: server.address,
      metricsPort: metrics?.port,
      isLeader: () => leading,
      runner,
      cells,
      queue,
      idle: () => loop.idle(),
      stop: async () => {
        leading = false;
        await stopAll();
        log.info('auctioneer stopped');
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`usage: gantry auctioneer [flags]\n\nflags:\n${describeConfig(auctioneerConfigSpec)}\n`);
    return;
  }
  const config = loadConfig(auctioneerConfigSpec, argv);
  const log = createLogger('auctioneer');
  const handle = await startAuctioneer(config, { log });
  onShutdown(log, () => handle.stop());
}
