// A whole cell, put together: NATS, the executor, the BBS client, the rep's
// core and gRPC server, the first sync pass (adopting what a previous rep left
// running), presence heartbeats and the sync loop. `gantry cell` and
// `gantry up` start one; tests start several in one process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NatsConnection } from 'nats';
import { createLogger, type Logger } from '../common/log.ts';
import { connectNats } from '../common/nats.ts';
import { logTlsMode, serverCredentials, tlsFromConfig } from '../common/tls.ts';
import type { ServerHandle } from '../common/grpc.ts';
import { RepBbsClient } from './bbs-client.ts';
import type { CellConfig } from './config.ts';
import type { Executor } from './executor/types.ts';
import { createExecutor } from './executor/index.ts';
import { evacuate, type EvacuationReport } from './evacuator.ts';
import { trustingHealth, type HealthStep } from './health-step.ts';
import { probeHealth } from './health-probe.ts';
import { LogPublisher } from './logs.ts';
import { PortAllocator } from './ports.ts';
import { PresenceHeartbeat } from './presence.ts';
import { ResourceCheck } from './resource-check.ts';
import { CellRep } from './rep.ts';
import type { Capacity } from './resources.ts';
import { startRepServer } from './server.ts';
import { SyncLoop, type SyncReport } from './sync-loop.ts';
import { ObjectStoreUploads } from './uploads.ts';

export interface CellDeps {
  /** Use this executor instead of creating one from config.executor (tests: a shared sim executor). */
  executor?: Executor;
  /** Use this NATS connection (left open on stop) instead of connecting to config.natsUrl. */
  nc?: NatsConnection;
  health?: HealthStep;
  log?: Logger;
}

export interface CellHandle {
  cellId: string;
  /** host:port the rep's gRPC server answers on. */
  repAddress: string;
  port: number;
  rep: CellRep;
  executor: Executor;
  /** Run a sync pass now (tests; the loop runs one every syncIntervalMs anyway). */
  syncNow(): Promise<SyncReport>;
  /** Shut down without evacuating: containers keep running for the next rep to adopt; says goodbye. */
  stop(): Promise<void>;
  /** SIGTERM: evacuate, destroy what is left, say goodbye, shut down. */
  evacuate(): Promise<EvacuationReport>;
}

const mib = 1024 * 1024;

/** The cell's capacity, with 0 for memory or disk meaning "what this machine has". */
export function resolveCapacity(config: Pick<CellConfig, 'memoryMb' | 'diskMb' | 'containers' | 'pids' | 'dataDir'>): Capacity {
  let diskMb = config.diskMb;
  if (diskMb <= 0) {
    const st = fs.statfsSync(config.dataDir);
    diskMb = Math.floor((st.bavail * st.bsize) / mib);
  }
  return {
    memoryMb: config.memoryMb > 0 ? config.memoryMb : Math.floor(os.totalmem() / mib),
    diskMb,
    containers: config.containers,
    pids: config.pids,
  };
}

function hostOf(address: string): string {
  const i = address.lastIndexOf(':');
  return i > 0 ? address.slice(0, i) : address;
}

export async function startCell(config: CellConfig, deps: CellDeps = {}): Promise<CellHandle> {
  const log = deps.log ?? createLogger('cell-rep', { cell: config.cellId });
  if (!config.cellId) throw new Error('cellId must not be empty');
  const tls = tlsFromConfig(config);
  logTlsMode(log, tls);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const capacity = resolveCapacity(config);
  const ports = new PortAllocator(config.portRangeStart, config.portRangeEnd);

  const ownNats = !deps.nc;
  const nc = deps.nc ?? (await connectNats({
    servers: config.natsUrl.split(',').map((s) => s.trim()).filter(Boolean),
    name: `cell-rep ${config.cellId}`,
    log,
    tls,
    ...(config.natsUser ? { user: config.natsUser, pass: config.natsPass } : {}),
  }));
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    const executor = deps.executor ?? (await createExecutor(config.executor, {
      cellId: config.cellId,
      dataDir: config.dataDir,
      nc,
      log: log.child({ executor: config.executor }),
      hostAddress: config.hostAddress,
      stacks: config.stacks,
      sim: { startDelayMs: config.simStartDelayMs, crashAfterMs: config.simCrashAfterMs, ...(config.stacks.length ? { stacks: config.stacks } : {}) },
      docker: { socketPath: config.dockerSocket, engineTimeoutMs: config.dockerTimeoutMs },
      dropletMinFreeBytes: Math.max(0, config.dropletCacheMinFreeMb) * mib,
    }));
    if (!deps.executor) cleanups.push(() => executor.close());
    const stacks = config.stacks.length > 0 ? [...config.stacks] : await executor.stacks();
    const bbs = new RepBbsClient(config.bbsAddress, config.bbsDeadlineMs, tls);
    cleanups.push(() => bbs.close());
    const health = deps.health ?? (executor.name === 'sim' ? trustingHealth : probeHealth('127.0.0.1', log.child({ part: 'health' })));

    const rep = new CellRep({
      settings: {
        cellId: config.cellId,
        zone: config.zone,
        hostAddress: config.hostAddress,
        defaultStartTimeoutMs: config.defaultStartTimeoutMs,
        defaultCheckIntervalMs: config.defaultCheckIntervalMs,
        stopGraceMs: config.stopGraceMs,
      },
      capacity,
      stacks,
      placementTags: config.placementTags,
      optionalPlacementTags: config.optionalPlacementTags,
      bbs,
      executor,
      health,
      ports,
      logs: new LogPublisher(nc),
      uploads: new ObjectStoreUploads(nc, path.join(config.dataDir, 'uploads')),
      log,
    });
    cleanups.push(() => rep.close());

    const server: ServerHandle = await startRepServer(rep, config.listenAddress, log, serverCredentials(tls));
    cleanups.push(() => server.stop(1000));
    // A wildcard listen address is no address to dial: advertise the host address instead.
    const listenHost = hostOf(config.listenAddress);
    const dialHost = ['0.0.0.0', '::', '[::]', ''].includes(listenHost) ? config.hostAddress : listenHost;
    rep.repAddress = config.advertiseAddress || `${dialHost}:${server.port}`;

    // Adopt what a previous rep left running before taking any work.
    const sync = new SyncLoop({ rep, executor, bbs, intervalMs: config.syncIntervalMs, log: log.child({ loop: 'sync' }) });
    await sync.start();
    cleanups.push(() => sync.stop());

    const presence = new PresenceHeartbeat({
      nc, intervalMs: config.heartbeatIntervalMs, snapshot: () => rep.presence(), log: log.child({ loop: 'presence' }),
      // Back from a cut-off: the BBS may have moved instances away; stop the duplicates now, not at the next sync.
      onGap: (gapMs) => sync.trigger(`cut off for ${gapMs} ms`).catch((err: unknown) => log.error('sync pass threw', { error: err as Error })),
    });
    server.setServing(true);
    presence.start();
    // An engine that does not answer makes the cell NOT_SERVING (and its State UNAVAILABLE) until it answers again.
    // Stacks come from the executor's images unless configured: read them again once the engine answers
    // (a cell started while its engine did not answer would otherwise serve none for good).
    const refreshStacks = async () => {
      if (config.stacks.length > 0) return;
      const now = await executor.stacks();
      if (now.length > 0 && now.join(',') !== rep.stacks.join(',')) {
        log.info('stacks read again from the executor', { stacks: now, before: rep.stacks });
        rep.setStacks(now);
      }
    };
    const resources = new ResourceCheck({
      cellId: config.cellId, executor, intervalMs: config.resourceCheckIntervalMs, log: log.child({ loop: 'resources' }),
      onChange: (problems) => {
        const engineDown = problems.some((p) => p.kind === 'engine');
        server.setServing(!engineDown);
        if (!engineDown) void refreshStacks().catch((err) => log.warn('cannot read the stacks again', { error: err as Error }));
      },
    });
    resources.start();
    cleanups.push(() => resources.stop());
    log.info('cell started', {
      repAddress: rep.repAddress, executor: executor.name, zone: config.zone, stacks, capacity,
      ports: `${config.portRangeStart}-${config.portRangeEnd}`, adopted: rep.instances().length,
    });

    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        await resources.stop();
        await sync.stop();
        await presence.goodbye();
        server.setServing(false);
        await rep.detachAll();
        await server.stop(1000);
        rep.close();
        bbs.close();
        if (!deps.executor) await executor.close();
        if (ownNats) await nc.drain().catch(() => nc.close());
        log.info('cell stopped');
      })());
    let evacuating: Promise<EvacuationReport> | null = null;
    return {
      cellId: config.cellId,
      repAddress: rep.repAddress,
      port: server.port,
      rep,
      executor,
      syncNow: () => sync.runOnce(),
      stop,
      evacuate: () =>
        (evacuating ??= (async () => {
          await sync.stop();
          const report = await evacuate({
            rep,
            timeoutMs: config.evacuationTimeoutMs,
            pollIntervalMs: config.evacuationPollIntervalMs,
            drainMs: config.evacuationDrainMs,
            log: log.child({ loop: 'evacuation' }),
            onEvacuating: () => presence.beat(),
          });
          await stop();
          return report;
        })()),
    };
  } catch (err) {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
    if (ownNats) await nc.close().catch(() => {});
    throw err;
  }
}
