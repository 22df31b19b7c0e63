// Fault-injection harness: a cluster of real processes (a real nats-server
// with JetStream, and `gantry bbs` / `gantry auctioneer` / `gantry cell` each
// its own child process in its own process group) that a test can kill -9,
// stop (SIGSTOP), resume, restart or drain, one process at a time. Unlike
// `gantry up` it can run several BBS and auctioneer processes, so leader
// failover is a fault like any other.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNatsServer, type NatsServerHandle } from '../../src/common/nats-server.ts';
import { freePort } from '../../src/common/net.ts';
import { checkHealth, type HealthStatus } from '../../src/cli/cluster/health.ts';
import { removeLeftoverContainers } from '../../src/cli/cluster/leftovers.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const gantryBin = path.join(repoRoot, 'bin', 'gantry');

export type ProcessKind = 'bbs' | 'auctioneer' | 'cell';

/** One `gantry <kind>` child process that can be faulted and brought back with the same arguments. */
export class GantryProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  constructor(
    readonly name: string,
    readonly kind: ProcessKind,
    /** The gRPC address it serves. */
    readonly address: string,
    readonly args: string[],
    readonly logFile: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts (or starts again, after a kill) with the same arguments, appending to the same log. */
  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const out = fs.openSync(this.logFile, 'a');
    // detached: its own process group, so a kill reaches whatever it started (the process executor's instances).
    const child = spawn(process.execPath, [gantryBin, this.kind, ...this.args], { env: this.env, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Sends a signal to the whole process group (SIGKILL: the machine is gone; SIGSTOP: it is cut off). */
  signal(sig: NodeJS.Signals): void {
    if (!this.child?.pid) throw new Error(`${this.name} was never started`);
    try {
      process.kill(-this.child.pid, sig);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  /** kill -9 of the process group; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.signal('SIGKILL');
    await this.exit;
  }

  /** SIGTERM (a graceful stop: a cell evacuates), then SIGKILL after `graceMs`. Resolves with how it exited. */
  async stop(graceMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.running) return (await this.exit) ?? { code: null, signal: null };
    this.child!.kill('SIGTERM');
    const force = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const result = await this.exit!;
    clearTimeout(force);
    return result;
  }

  /** Resolves when the process exits by itself. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exit) throw new Error(`${this.name} was never started`);
    return this.exit;
  }

  health(deadlineMs = 1000): Promise<HealthStatus> {
    return checkHealth(this.address, deadlineMs);
  }

  /** The last lines of its log, for assertion messages. */
  tail(lines = 30): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

export interface ChaosClusterOptions {
  cells: number;
  executor: 'docker' | 'process' | 'sim';
  /** BBS processes (one leads, the others stand by). */
  bbs?: number;
  auctioneers?: number;
  heartbeatIntervalMs?: number;
  cellLostTimeoutMs?: number;
  convergenceIntervalMs?: number;
  evacuationTimeoutMs?: number;
  lockTtlMs?: number;
  /** Per-cell capacity. */
  cellMemoryMb?: number;
  cellDiskMb?: number;
  /** Extra flags per kind, appended after the harness's own. */
  extraArgs?: Partial<Record<ProcessKind, string[]>>;
}

/** Waits until `check` returns a value other than undefined, polling every `intervalMs`; throws `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export class ChaosCluster {
  readonly bbs: GantryProcess[] = [];
  readonly auctioneers: GantryProcess[] = [];
  readonly cells: GantryProcess[] = [];

  private constructor(
    readonly dir: string,
    readonly nats: NatsServerHandle,
    /** Every BBS address, comma-separated, as clients are configured with it. */
    readonly bbsAddresses: string,
    readonly auctioneerAddresses: string,
    /** A short id in every cell id, so clusters sharing a Docker engine never adopt each other's containers. */
    readonly clusterId: string,
    readonly executor: ChaosClusterOptions['executor'],
  ) {}

  get all(): GantryProcess[] {
    return [...this.bbs, ...this.auctioneers, ...this.cells];
  }

  static async start(opts: ChaosClusterOptions): Promise<ChaosCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gantry-chaos-'));
    const clusterId = `chaos${path.basename(dir).slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
    const nats = await startNatsServer({ storeDir: path.join(dir, 'nats'), logFile: path.join(dir, 'nats.log') });
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GANTRY_') || k === 'GANTRY_LOG_LEVEL') env[k] = v;
    env.PATH = `${env.PATH ?? ''}:/usr/sbin:/sbin`;

    const host = '127.0.0.1';
    const bbsPorts = await Promise.all(Array.from({ length: opts.bbs ?? 1 }, () => Promise.all([freePort(), freePort()])));
    const auctioneerPorts = await Promise.all(Array.from({ length: opts.auctioneers ?? 1 }, () => Promise.all([freePort(), freePort()])));
    const cellPorts = await Promise.all(Array.from({ length: opts.cells }, () => Promise.all([freePort(), freePort()])));
    const bbsAddresses = bbsPorts.map(([p]) => `${host}:${p}`).join(',');
    const auctioneerAddresses = auctioneerPorts.map(([p]) => `${host}:${p}`).join(',');
    const cluster = new ChaosCluster(dir, nats, bbsAddresses, auctioneerAddresses, clusterId, opts.executor);
    const lost = opts.cellLostTimeoutMs ?? 2000;
    const lockTtl = opts.lockTtlMs ?? 3000;
    const log = (name: string) => path.join(dir, `${name}.log`);

    bbsPorts.forEach(([grpcPort, metricsPort], i) => {
      const name = `bbs-${i + 1}`;
      cluster.bbs.push(new GantryProcess(name, 'bbs', `${host}:${grpcPort}`, [
        '--listen', `${host}:${grpcPort}`,
        '--metrics-listen', `${host}:${metricsPort}`,
        '--nats-url', nats.url,
        '--auctioneer-address', auctioneerAddresses,
        '--cell-lost-timeout-ms', String(lost),
        '--convergence-interval-ms', String(opts.convergenceIntervalMs ?? 5000),
        '--lock-ttl-ms', String(lockTtl),
        '--owner', name,
        ...(opts.extraArgs?.bbs ?? []),
      ], log(name), env));
    });
    auctioneerPorts.forEach(([grpcPort, metricsPort], i) => {
      const name = `auctioneer-${i + 1}`;
      cluster.auctioneers.push(new GantryProcess(name, 'auctioneer', `${host}:${grpcPort}`, [
        '--listen', `${host}:${grpcPort}`,
        '--metrics-listen', `${host}:${metricsPort}`,
        '--nats-url', nats.url,
        '--bbs-address', bbsAddresses,
        '--cell-timeout-ms', String(lost),
        '--lock-ttl-ms', String(lockTtl),
        '--owner', name,
        ...(opts.extraArgs?.auctioneer ?? []),
      ], log(name), env));
    });
    // Host ports for instances: a random window per cluster, 100 per cell, below Linux's ephemeral range.
    const windowStart = 20_000 + Math.floor(Math.random() * 100) * (opts.cells * 100);
    cellPorts.forEach(([grpcPort, metricsPort], i) => {
      const name = `cell-${i + 1}`;
      const cellId = `${clusterId}-cell-${i + 1}`;
      const first = windowStart + i * 100;
      const args = [
        '--cell-id', cellId,
        '--zone', `z${(i % 3) + 1}`,
        '--listen-address', `${host}:${grpcPort}`,
        '--host-address', host,
        '--metrics-host', host,
        '--metrics-port', String(metricsPort),
        '--nats-url', nats.url,
        '--bbs-address', bbsAddresses,
        '--executor', opts.executor,
        '--port-range-start', String(first),
        '--port-range-end', String(first + 99),
        '--data-dir', path.join(dir, 'cells', cellId),
        '--heartbeat-interval-ms', String(opts.heartbeatIntervalMs ?? 500),
        '--evacuation-timeout-ms', String(opts.evacuationTimeoutMs ?? 20_000),
      ];
      if (opts.cellMemoryMb) args.push('--memory-mb', String(opts.cellMemoryMb));
      if (opts.cellDiskMb) args.push('--disk-mb', String(opts.cellDiskMb));
      args.push(...(opts.extraArgs?.cell ?? []));
      cluster.cells.push(new GantryProcess(name, 'cell', `${host}:${grpcPort}`, args, log(name), env));
    });

    try {
      for (const p of cluster.all) p.start();
      await cluster.ready();
    } catch (err) {
      // The logs go with the cluster's dir: keep their tails in the error.
      if (err instanceof Error) err.message += `\n--- cluster logs\n${cluster.logs(30)}`;
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /**
   * Runs `body` on a fresh cluster and always tears the cluster down; an error
   * out of `body` carries the processes' logs, so a failed scenario says why.
   */
  static async run<T>(opts: ChaosClusterOptions, body: (cluster: ChaosCluster) => Promise<T>): Promise<T> {
    const cluster = await ChaosCluster.start(opts);
    try {
      return await body(cluster);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      e.message += `\n--- cluster logs\n${cluster.logs(40)}`;
      throw e;
    } finally {
      await cluster.stop();
    }
  }

  /** The cell id of cells[i]. */
  cellId(i: number): string {
    return `${this.clusterId}-cell-${i + 1}`;
  }

  /** Waits until one BBS and one auctioneer lead (SERVING) and every running cell is SERVING. */
  async ready(timeoutMs = 90_000): Promise<void> {
    const serving = async (ps: GantryProcess[]) => (await Promise.all(ps.filter((p) => p.running).map((p) => p.health()))).filter((s) => s === 'SERVING').length;
    await until('a leading BBS', async () => ((await serving(this.bbs)) >= 1 ? true : undefined), timeoutMs);
    await until('a leading auctioneer', async () => ((await serving(this.auctioneers)) >= 1 ? true : undefined), timeoutMs);
    await until('every running cell SERVING', async () => ((await serving(this.cells)) === this.cells.filter((c) => c.running).length ? true : undefined), timeoutMs);
  }

  /** The BBS that is SERVING now (the leader), if any. */
  async leader(kind: 'bbs' | 'auctioneer'): Promise<GantryProcess | undefined> {
    const ps = kind === 'bbs' ? this.bbs : this.auctioneers;
    const statuses = await Promise.all(ps.map(async (p) => (p.running ? p.health() : 'UNREACHABLE')));
    return ps.find((_, i) => statuses[i] === 'SERVING');
  }

  /** Every process's log tail, for a failed assertion. */
  logs(lines = 20): string {
    return this.all.map((p) => `--- ${p.name} (${p.running ? `pid ${p.pid}` : 'not running'})\n${p.tail(lines)}`).join('\n');
  }

  /**
   * Tears everything down: cells are killed (an evacuation with nowhere to go
   * would only wait out its timeout), the rest stopped; the docker executor's
   * containers of this cluster's cells are removed.
   */
  async stop(): Promise<void> {
    await Promise.all(this.cells.map((c) => c.kill()));
    for (const p of [...this.auctioneers, ...this.bbs]) if (p.running) p.signal('SIGCONT');
    await Promise.all([...this.auctioneers, ...this.bbs].map((p) => p.stop(5000)));
    if (this.executor === 'docker') await removeLeftoverContainers(this.cells.map((_, i) => this.cellId(i)));
    await this.nats.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
